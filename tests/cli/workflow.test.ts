import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { MIN_PULUMI_VERSION } from "../../cli/automation/pulumi-cli";
import { REPO_ROOT, run } from "../plan/fixtures";
import { runCli } from "./helpers";

/**
 * examples/ci/github-actions.yml, checked by structure: GitHub publishes no schema for workflows,
 * and the npm packages that carry SchemaStore's are stale or GPL (docs/ci.md, "What was verified").
 * Beyond the shape, each action's inputs are checked against the inputs its action.yml declares
 * at the pinned release, so a misspelt input fails here rather than silently in CI.
 */

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
    if?: string;
}

interface Job {
    name?: string;
    if?: string;
    needs?: string | string[];
    "runs-on": string;
    permissions?: Record<string, string>;
    environment?: string;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    strategy?: { "fail-fast"?: boolean; "max-parallel"?: number; matrix: unknown };
    outputs?: Record<string, string>;
    env?: Record<string, string>;
    steps: Step[];
}

interface Workflow {
    name: string;
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    env: Record<string, string>;
    jobs: Record<string, Job>;
}

/** The inputs each action declares (action.yml at the pinned release); the workflow may use only these. */
const ACTION_INPUTS: Record<string, string[]> = {
    "actions/checkout": ["repository", "ref", "token", "ssh-key", "persist-credentials", "path", "clean", "fetch-depth", "fetch-tags", "lfs", "submodules"],
    "actions/setup-node": ["node-version", "node-version-file", "architecture", "check-latest", "registry-url", "scope", "token", "cache", "package-manager-cache", "cache-dependency-path"],
    "pulumi/actions": ["command", "stack-name", "pulumi-version", "pulumi-version-file", "work-dir", "cloud-url"],
    "aws-actions/configure-aws-credentials": ["aws-region", "role-to-assume", "role-session-name", "role-duration-seconds", "audience", "mask-aws-account-id", "role-skip-session-tagging"],
    "azure/login": ["client-id", "tenant-id", "subscription-id", "environment", "allow-no-subscriptions", "audience", "auth-type", "enable-AzPSSession"],
    "azure/use-kubelogin": ["kubelogin-version", "skip-cache"],
    "google-github-actions/auth": ["workload_identity_provider", "service_account", "project_id", "audience", "create_credentials_file", "export_environment_variables", "token_format"],
    "google-github-actions/setup-gcloud": ["version", "project_id", "install_components", "skip_install"],
};

const WORKFLOW_FILE = join(REPO_ROOT, "examples", "ci", "github-actions.yml");
const text = readFileSync(WORKFLOW_FILE, "utf8");
const workflow = parse(text) as Workflow;
const steps = (job: string) => workflow.jobs[job].steps;
const runs = (job: string) => steps(job).filter((s) => s.run).map((s) => s.run as string).join("\n");

describe("examples/ci/github-actions.yml", () => {
    it("is a workflow: triggers, least permissions at the top, jobs of steps that each use an action or run a command", () => {
        assert.equal(typeof workflow.name, "string");
        assert.deepEqual(Object.keys(workflow.on).sort(), ["pull_request", "push", "workflow_dispatch"]);
        assert.deepEqual(workflow.on.push, { branches: ["main"] });
        assert.deepEqual(workflow.permissions, { contents: "read" });
        assert.deepEqual(Object.keys(workflow.jobs), ["check", "stacks", "plan", "deploy"]);
        for (const [id, job] of Object.entries(workflow.jobs)) {
            assert.match(id, /^[A-Za-z_][A-Za-z0-9_-]*$/);
            assert.equal(typeof job["runs-on"], "string", id);
            assert.ok(Array.isArray(job.steps) && job.steps.length > 0, id);
            for (const step of job.steps) {
                assert.ok((step.uses === undefined) !== (step.run === undefined), `${id}: a step needs exactly one of uses and run: ${JSON.stringify(step)}`);
                const known = ["name", "id", "uses", "run", "with", "env", "if", "shell", "working-directory", "continue-on-error", "timeout-minutes"];
                assert.deepEqual(Object.keys(step).filter((key) => !known.includes(key)), [], id);
            }
            for (const needed of [job.needs ?? []].flat()) {
                assert.ok(needed in workflow.jobs, `${id} needs unknown job ${needed}`);
            }
        }
    });

    it("pins every action to a full commit SHA with its release tag beside it, and uses only the inputs the action declares", () => {
        const uses = text.split("\n").filter((line) => /^\s*(- )?uses:/.test(line));
        assert.ok(uses.length >= 10);
        for (const line of uses) {
            assert.match(line, /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/, line);
        }
        for (const job of Object.values(workflow.jobs)) {
            for (const step of job.steps.filter((s) => s.uses)) {
                const action = (step.uses as string).split("@")[0];
                assert.ok(action in ACTION_INPUTS, `no declared inputs recorded for ${action}`);
                assert.deepEqual(Object.keys(step.with ?? {}).filter((input) => !ACTION_INPUTS[action].includes(input)), [], action);
            }
        }
    });

    it("pull requests: type-check, lint and test, then `anycloud plan --strict` per stack with cost and compliance in the job summary, no credentials", () => {
        const { check, plan, deploy } = workflow.jobs;
        assert.equal(check.if, "github.event_name == 'pull_request'");
        assert.equal(plan.if, "github.event_name == 'pull_request'");
        assert.deepEqual(steps("check").filter((s) => s.run).map((s) => s.run), ["npm ci", "npm run typecheck", "npm run lint", "npm run mocha"]);
        assert.equal(plan.needs, "stacks");
        assert.equal(plan.strategy?.matrix, "${{ fromJSON(needs.stacks.outputs.matrix) }}");
        assert.match(runs("plan"), /npx anycloud plan --stack "\$STACK" --strict > plan\.txt/);
        assert.match(runs("plan"), /sed -n '\/\^Cost estimate\/,\$p' plan\.txt/);
        assert.match(runs("plan"), />> "\$GITHUB_STEP_SUMMARY"/);
        assert.match(runs("plan"), /exit "\$code"/, "the plan's exit code (3 for --strict) fails the job after the summary is written");
        for (const id of ["check", "stacks", "plan"]) {
            const job = workflow.jobs[id];
            assert.equal(job.permissions, undefined, `${id} keeps the read-only default`);
            assert.ok(!JSON.stringify(job).includes("secrets."), `${id} uses no secret`);
            assert.ok(job.steps.every((s) => !/configure-aws-credentials|azure\/login|google-github-actions\/auth/.test(s.uses ?? "")), id);
        }
        assert.notEqual(deploy.if, undefined);
    });

    it("the plan's report ends with the cost estimate and the Compliance section, which the summary step cuts out", async () => {
        const { code, stdout } = await run(["plan", "--stack", "aws-dev"]);
        assert.equal(code, 0);
        const lines = stdout.split("\n");
        const start = lines.findIndex((line) => /^Cost estimate/.test(line));
        assert.ok(start > 0);
        const summary = lines.slice(start).join("\n");
        assert.match(summary, /^Compliance \(\d+ rules: /m);
        assert.doesNotMatch(summary, /^Resources$/m);
        assert.doesNotMatch(summary, /pulumi:pulumi:Stack/);
    });

    it("the stack matrix comes from `anycloud fleet matrix` through a job output", () => {
        const { stacks } = workflow.jobs;
        assert.equal(stacks.outputs?.matrix, "${{ steps.matrix.outputs.matrix }}");
        const step = steps("stacks").find((s) => s.id === "matrix") as Step;
        assert.match(step.run as string, /^echo "matrix=\$\(npx anycloud fleet matrix --stacks "\$STACKS"\)" >> "\$GITHUB_OUTPUT"$/);
        assert.equal(step.env?.STACKS, "${{ vars.ANYCLOUD_STACKS || '*' }}");
    });

    it("main: per stack, OIDC credentials of the stack's cloud, `anycloud preview` then `anycloud up`, one deployment of a stack at a time", () => {
        const { deploy } = workflow.jobs;
        assert.equal(deploy.if, "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'");
        assert.deepEqual(deploy.permissions, { "id-token": "write", contents: "read" });
        assert.equal(deploy.needs, "stacks");
        assert.equal(deploy.strategy?.matrix, "${{ fromJSON(needs.stacks.outputs.matrix) }}");
        assert.equal(deploy.strategy?.["fail-fast"], false);
        assert.deepEqual(deploy.concurrency, { group: "anycloud-deploy-${{ matrix.stack }}", "cancel-in-progress": false });
        assert.equal(deploy.environment, "${{ matrix.environment }}");
        assert.equal(deploy.env?.STACK, "${{ matrix.stack }}");
        assert.equal(deploy.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");

        const byAction = (action: string) => steps("deploy").filter((s) => s.uses?.startsWith(`${action}@`));
        const [aws] = byAction("aws-actions/configure-aws-credentials");
        assert.equal(aws.if, "matrix.cloud == 'aws'");
        assert.deepEqual(Object.keys(aws.with ?? {}).sort(), ["aws-region", "role-duration-seconds", "role-session-name", "role-to-assume"]);
        assert.ok(!("aws-access-key-id" in (aws.with ?? {})), "no long-lived keys");
        const [azure] = byAction("azure/login");
        assert.equal(azure.if, "matrix.cloud == 'azure'");
        assert.deepEqual(Object.keys(azure.with ?? {}).sort(), ["client-id", "subscription-id", "tenant-id"]);
        assert.equal(byAction("azure/use-kubelogin")[0].if, "matrix.cloud == 'azure'");
        const [gcp] = byAction("google-github-actions/auth");
        assert.equal(gcp.if, "matrix.cloud == 'gcp'");
        assert.ok(gcp.with?.workload_identity_provider && !("credentials_json" in (gcp.with ?? {})), "no key file");
        assert.deepEqual(byAction("google-github-actions/setup-gcloud")[0].with, { install_components: "gke-gcloud-auth-plugin" });
        assert.deepEqual(byAction("pulumi/actions")[0].with, { "pulumi-version": "${{ env.PULUMI_VERSION }}" });
        assert.equal(workflow.env.PULUMI_VERSION, MIN_PULUMI_VERSION);

        const commands = steps("deploy").filter((s) => s.run?.includes("npx anycloud")).map((s) => s.run as string);
        assert.equal(commands.length, 2);
        assert.match(commands[0], /^npx anycloud preview --stack "\$STACK" --policy-pack policies\/pack --retry-locked 3$/);
        assert.match(commands[1], /npx anycloud up --stack "\$STACK" --yes --retry-locked 3 --json > up\.json/);
        const credentialIndex = Math.max(...["configure-aws-credentials", "azure/login", "google-github-actions/auth"].map((a) => steps("deploy").findIndex((s) => s.uses?.includes(a))));
        assert.ok(credentialIndex < steps("deploy").findIndex((s) => s.run?.includes("anycloud preview")), "credentials before the engine");
        assert.ok(!/\$\{\{\s*matrix\./.test(commands.join("\n")), "matrix values reach scripts through env, never pasted into them");
    });
});

describe("examples/ci/gitlab-ci.yml", () => {
    interface GitLabJob {
        stage?: string;
        extends?: string | string[];
        script?: string[];
        rules?: { if: string }[];
        id_tokens?: Record<string, { aud: string }>;
        resource_group?: string;
        environment?: { name: string };
        parallel?: { matrix: Record<string, string>[] };
    }
    const gitlab = parse(readFileSync(join(REPO_ROOT, "examples", "ci", "gitlab-ci.yml"), "utf8")) as Record<string, GitLabJob> & { stages: string[] };

    it("has the merge request checks and plan, and per-stack deploys with an id_token per cloud and one deployment of a stack at a time", () => {
        assert.deepEqual(gitlab.stages, ["check", "plan", "deploy"]);
        for (const job of ["check", "plan", "deploy"]) {
            assert.ok(gitlab.stages.includes(gitlab[job].stage as string), job);
            assert.ok(Array.isArray(gitlab[job].script) && (gitlab[job].script as string[]).length > 0, job);
            for (const parent of [gitlab[job].extends ?? []].flat()) {
                assert.ok(parent in gitlab, `${job} extends unknown ${parent}`);
            }
        }
        assert.match((gitlab.plan.script as string[]).join("\n"), /npx anycloud plan --stack "\$STACK" --strict > plan\.txt/);
        const deploy = gitlab.deploy;
        assert.deepEqual(Object.keys(deploy.id_tokens ?? {}).sort(), ["AWS_ID_TOKEN", "AZURE_ID_TOKEN", "GCP_ID_TOKEN"]);
        assert.equal(deploy.id_tokens?.AWS_ID_TOKEN.aud, "sts.amazonaws.com");
        assert.equal(deploy.id_tokens?.AZURE_ID_TOKEN.aud, "api://AzureADTokenExchange");
        assert.equal(deploy.resource_group, "anycloud-$STACK");
        assert.equal(deploy.environment?.name, "$ENVIRONMENT");
        const script = (deploy.script as string[]).join("\n");
        assert.ok(script.indexOf("anycloud preview") < script.indexOf("anycloud up --stack \"$STACK\" --yes"));
        assert.doesNotMatch(script, /AWS_SECRET_ACCESS_KEY|ARM_CLIENT_SECRET|credentials_json/, "no long-lived keys");
    });

    it("its written-out stack list is the one `anycloud fleet matrix` gives for this repository", async () => {
        const { stdout } = await runCli(["fleet", "matrix", "--stacks", "*"]);
        const matrix = (JSON.parse(stdout) as { include: { stack: string; cloud: string; environment: string }[] }).include;
        assert.deepEqual(gitlab[".stacks"].parallel?.matrix, matrix.map((e) => ({ STACK: e.stack, CLOUD: e.cloud, ENVIRONMENT: e.environment })));
    });
});
