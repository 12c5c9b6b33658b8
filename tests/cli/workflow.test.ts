import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
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
    defaults?: { run?: { shell?: string } };
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
        assert.deepEqual(workflow.defaults, { run: { shell: "bash" } }, "bash -eo pipefail: a failing command fails its step");
        assert.deepEqual(Object.keys(workflow.jobs), ["check", "stacks", "plan", "preview", "up"]);
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
        const { check, plan, up } = workflow.jobs;
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
        assert.notEqual(up.if, undefined);
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

    it("the stack matrix comes from `anycloud fleet matrix` through a job output, and a failing `fleet matrix` fails its step", () => {
        const { stacks } = workflow.jobs;
        assert.equal(stacks.outputs?.matrix, "${{ steps.matrix.outputs.matrix }}");
        const step = steps("stacks").find((s) => s.id === "matrix") as Step;
        assert.equal(step.run, 'matrix=$(npx anycloud fleet matrix --stacks "$STACKS")\necho "matrix=$matrix" >> "$GITHUB_OUTPUT"\n');
        assert.equal(step.env?.STACKS, "${{ vars.ANYCLOUD_STACKS || '*' }}");
    });

    it("…which bash runs so: `fleet matrix` failing fails the step, and writes no matrix", () => {
        const step = steps("stacks").find((s) => s.id === "matrix") as Step;
        const dir = mkdtempSync(join(tmpdir(), "anycloud-matrix-step-"));
        const runStep = (exitCode: number) => {
            writeFileSync(join(dir, "npx"), `#!/bin/sh\necho '{"include":[]}'\nexit ${exitCode}\n`, { mode: 0o755 });
            const output = join(dir, `output-${exitCode}`);
            writeFileSync(output, "");
            // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
            const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run as string], { env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: output, STACKS: "*" } });
            return { status: result.status, output: readFileSync(output, "utf8") };
        };
        assert.deepEqual(runStep(0), { status: 0, output: 'matrix={"include":[]}\n' });
        assert.deepEqual(runStep(2), { status: 2, output: "" });
    });

    type EngineJob = "preview" | "up";
    const byAction = (job: EngineJob, action: string) => steps(job).filter((s) => s.uses?.startsWith(`${action}@`));
    const anycloudSteps = (job: EngineJob) => steps(job).filter((s) => s.run?.includes("npx anycloud"));

    for (const job of ["preview", "up"] as EngineJob[]) {
        it(`main, ${job}: per stack, OIDC credentials of the stack's cloud (Azure's refreshing themselves), npm without install scripts, the Pulumi token on the anycloud step only`, () => {
            const engine = workflow.jobs[job];
            assert.equal(engine.if, "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'");
            assert.deepEqual(engine.permissions, { "id-token": "write", contents: "read" });
            assert.equal(engine.strategy?.matrix, "${{ fromJSON(needs.stacks.outputs.matrix) }}");
            assert.equal(engine.strategy?.["fail-fast"], false);
            assert.equal(engine.env?.STACK, "${{ matrix.stack }}");
            assert.ok(!JSON.stringify(engine.env ?? {}).includes("secrets."), "no secret in the job's environment");
            assert.deepEqual(steps(job).filter((s) => s.run?.startsWith("npm ")).map((s) => s.run), ["npm ci --ignore-scripts"]);

            const [aws] = byAction(job, "aws-actions/configure-aws-credentials");
            assert.equal(aws.if, "matrix.cloud == 'aws'");
            assert.deepEqual(Object.keys(aws.with ?? {}).sort(), ["aws-region", "role-duration-seconds", "role-session-name", "role-to-assume"]);
            assert.ok(!("aws-access-key-id" in (aws.with ?? {})), "no long-lived keys");

            // Azure: no azure/login (its federated session expires minutes in, AADSTS700024).
            assert.deepEqual(byAction(job, "azure/login"), []);
            const azure = steps(job).find((s) => s.name === "Azure OIDC for the provider and kubelogin") as Step;
            assert.equal(azure.if, "matrix.cloud == 'azure'");
            const exported = Object.fromEntries([...(azure.run as string).matchAll(/echo "([A-Z_]+)=([^"]*)"/g)].map((m) => [m[1], m[2]]));
            assert.deepEqual(exported, {
                ARM_USE_OIDC: "true",
                ARM_CLIENT_ID: "$AZURE_CLIENT_ID",
                ARM_TENANT_ID: "$AZURE_TENANT_ID",
                ARM_SUBSCRIPTION_ID: "$AZURE_SUBSCRIPTION_ID",
                AAD_LOGIN_METHOD: "workloadidentity",
                AZURE_CLIENT_ID: "$AZURE_CLIENT_ID",
                AZURE_TENANT_ID: "$AZURE_TENANT_ID",
            });
            assert.match(azure.run as string, />> "\$GITHUB_ENV"/);
            assert.ok(!/ARM_CLIENT_SECRET|ARM_OIDC_TOKEN\b/.test(azure.run as string), "no secret, no one-shot token");
            const [kubelogin] = byAction(job, "azure/use-kubelogin");
            assert.equal(kubelogin.if, "matrix.cloud == 'azure'");
            assert.match(String(kubelogin.with?.["kubelogin-version"]), /^v0\.(0\.(3[4-9]|[4-9]\d)|[1-9]\d*\.\d+)$/, "kubelogin 0.0.34+ fetches GitHub's token itself");

            const [gcp] = byAction(job, "google-github-actions/auth");
            assert.equal(gcp.if, "matrix.cloud == 'gcp'");
            assert.ok(gcp.with?.workload_identity_provider && !("credentials_json" in (gcp.with ?? {})), "no key file");
            assert.deepEqual(byAction(job, "google-github-actions/setup-gcloud")[0].with, { install_components: "gke-gcloud-auth-plugin" });
            assert.deepEqual(byAction(job, "pulumi/actions")[0].with, { "pulumi-version": "${{ env.PULUMI_VERSION }}" });
            assert.equal(workflow.env.PULUMI_VERSION, MIN_PULUMI_VERSION);

            const commands = anycloudSteps(job);
            assert.equal(commands.length, 1);
            for (const step of steps(job)) {
                assert.equal(step.env?.PULUMI_ACCESS_TOKEN, step === commands[0] ? "${{ secrets.PULUMI_ACCESS_TOKEN }}" : undefined, `${step.name ?? step.uses ?? step.run}: the Pulumi token on the anycloud step only`);
            }
            const credentialIndex = Math.max(...["configure-aws-credentials", "Azure OIDC", "google-github-actions/auth"].map((a) => steps(job).findIndex((s) => s.uses?.includes(a) || s.name?.includes(a))));
            const npmIndex = steps(job).findIndex((s) => s.run?.startsWith("npm "));
            assert.ok(npmIndex < credentialIndex && credentialIndex < steps(job).indexOf(commands[0]), "npm before any credential, credentials before the engine");
            assert.ok(!/\$\{\{\s*matrix\./.test(commands.map((c) => c.run).join("\n")), "matrix values reach scripts through env, never pasted into them");
            assert.match(commands[0].run as string, /jq 'del\(\.outputs\)' (preview|up)\.json/, "the stack's outputs never reach the summary");
            assert.doesNotMatch(commands[0].run as string, /cat (preview|up)\.json/);
        });
    }

    it("main: the preview runs ungated, its changes in the job summary; up waits for every preview, in the stack's (protected) environment, one deployment of a stack at a time", () => {
        const { preview, up } = workflow.jobs;
        assert.equal(preview.needs, "stacks");
        assert.equal(preview.environment, "${{ matrix.environment }}-preview");
        assert.equal(preview.concurrency, undefined);
        const [previewStep] = anycloudSteps("preview");
        assert.match(previewStep.run as string, /^\{ npx anycloud preview --stack "\$STACK" --policy-pack policies\/pack --retry-locked 3 --json > preview\.json; \} 2>&1 \| tee preview\.log$/m);
        assert.match(previewStep.run as string, /^code=\$\{PIPESTATUS\[0\]\}$/m);
        assert.match(previewStep.run as string, /cat preview\.log/);
        assert.match(previewStep.run as string, />> "\$GITHUB_STEP_SUMMARY"/);
        assert.match(previewStep.run as string, /exit "\$code"\n$/);

        assert.deepEqual(up.needs, ["stacks", "preview"]);
        assert.equal(up.environment, "${{ matrix.environment }}");
        assert.deepEqual(up.concurrency, { group: "anycloud-deploy-${{ matrix.stack }}", "cancel-in-progress": false });
        const [upStep] = anycloudSteps("up");
        assert.match(upStep.run as string, /^npx anycloud up --stack "\$STACK" --yes --policy-pack policies\/pack --retry-locked 3 --json > up\.json$/m);
        assert.match(upStep.run as string, />> "\$GITHUB_STEP_SUMMARY"/);
        assert.match(upStep.run as string, /exit "\$code"\n$/);
    });

    it("the summary steps run in bash: the command's exit code survives, and the outputs never reach the summary", () => {
        const dir = mkdtempSync(join(tmpdir(), "anycloud-summary-step-"));
        const document = { command: "up", stack: "aws-dev", result: "failed", outputs: { kubeconfig: "[secret]", clusterName: "acme" }, message: "error: boom" };
        writeFileSync(join(dir, "npx"), `#!/bin/sh\necho progress >&2\necho '${JSON.stringify(document)}'\nexit 1\n`, { mode: 0o755 });
        for (const job of ["preview", "up"] as EngineJob[]) {
            const summary = join(dir, `summary-${job}`);
            writeFileSync(summary, "");
            const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", anycloudSteps(job)[0].run as string], { cwd: dir, env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary, STACK: "aws-dev" } });
            if (result.error || /jq: (command )?not found/.test(String(result.stderr))) {
                continue; // no jq here; GitHub's runners have it
            }
            assert.equal(result.status, 1, `${job}: ${result.stderr}`);
            const text = readFileSync(summary, "utf8");
            assert.match(text, /"message": "error: boom"/);
            assert.doesNotMatch(text, /outputs|kubeconfig|clusterName/, job);
        }
    });
});

describe("examples/ci/gitlab-ci.yml", () => {
    interface GitLabJob {
        stage?: string;
        extends?: string | string[];
        before_script?: string[];
        script?: string[];
        rules?: { if: string }[];
        id_tokens?: Record<string, { aud: string }>;
        resource_group?: string;
        environment?: { name: string; action?: string };
        parallel?: { matrix: Record<string, string>[] };
    }
    const gitlab = parse(readFileSync(join(REPO_ROOT, "examples", "ci", "gitlab-ci.yml"), "utf8")) as Record<string, GitLabJob> & { stages: string[] };

    it("has the merge request checks and plan, then per stack an ungated preview and a deploy with an id_token per cloud, one deployment of a stack at a time", () => {
        assert.deepEqual(gitlab.stages, ["check", "plan", "preview", "deploy"]);
        for (const job of ["check", "plan", "preview", "deploy"]) {
            assert.ok(gitlab.stages.includes(gitlab[job].stage as string), job);
            assert.ok(Array.isArray(gitlab[job].script) && (gitlab[job].script as string[]).length > 0, job);
            for (const parent of [gitlab[job].extends ?? []].flat()) {
                assert.ok(parent in gitlab, `${job} extends unknown ${parent}`);
            }
        }
        assert.match((gitlab.plan.script as string[]).join("\n"), /npx anycloud plan --stack "\$STACK" --strict > plan\.txt/);
        const engine = gitlab[".engine"];
        assert.equal(gitlab.preview.extends, ".engine");
        assert.equal(gitlab.deploy.extends, ".engine");
        assert.deepEqual(Object.keys(engine.id_tokens ?? {}).sort(), ["AWS_ID_TOKEN", "AZURE_ID_TOKEN", "GCP_ID_TOKEN"]);
        assert.equal(engine.id_tokens?.AWS_ID_TOKEN.aud, "sts.amazonaws.com");
        assert.equal(engine.id_tokens?.AZURE_ID_TOKEN.aud, "api://AzureADTokenExchange");
        const setup = (engine.before_script as string[]).join("\n");
        assert.match(setup, /^env -u PULUMI_ACCESS_TOKEN -u AWS_ID_TOKEN -u AZURE_ID_TOKEN -u GCP_ID_TOKEN npm ci .*--ignore-scripts$/m);
        assert.doesNotMatch(setup, /^\s*az login/m, "no az session: its federated token is handed over once");
        assert.match(setup, /export ARM_USE_OIDC=true ARM_OIDC_TOKEN="\$AZURE_ID_TOKEN"/);
        assert.match(setup, /export AAD_LOGIN_METHOD=workloadidentity AZURE_FEDERATED_TOKEN_FILE=/);
        assert.doesNotMatch(setup, /AWS_SECRET_ACCESS_KEY|ARM_CLIENT_SECRET|credentials_json/, "no long-lived keys");

        assert.deepEqual(gitlab.preview.environment, { name: "$ENVIRONMENT-preview", action: "prepare" });
        assert.equal(gitlab.preview.resource_group, undefined);
        const preview = (gitlab.preview.script as string[]).join("\n");
        assert.match(preview, /npx anycloud preview --stack "\$STACK" --policy-pack policies\/pack --retry-locked 3 --json \| jq 'del\(\.outputs\)' > preview\.json/);
        const deploy = gitlab.deploy;
        assert.equal(deploy.resource_group, "anycloud-$STACK");
        assert.deepEqual(deploy.environment, { name: "$ENVIRONMENT" });
        const script = (deploy.script as string[]).join("\n");
        assert.match(script, /^\s*set -o pipefail$/m);
        assert.match(script, /npx anycloud up --stack "\$STACK" --yes --policy-pack policies\/pack --retry-locked 3 --json \| jq 'del\(\.outputs\)' > up\.json/);
    });

    it("its written-out stack list is the one `anycloud fleet matrix` gives for this repository", async () => {
        const { stdout } = await runCli(["fleet", "matrix", "--stacks", "*"]);
        const matrix = (JSON.parse(stdout) as { include: { stack: string; cloud: string; environment: string }[] }).include;
        assert.deepEqual(gitlab[".stacks"].parallel?.matrix, matrix.map((e) => ({ STACK: e.stack, CLOUD: e.cloud, ENVIRONMENT: e.environment })));
    });
});
