import { strict as assert } from "assert";
import { parseAllDocuments } from "yaml";
import { MAX_STACK_RESOURCE_NAME, resourceName } from "../../cli/fleet/operator";
import { runPool } from "../../cli/fleet/pool";
import { selectStacks } from "../../cli/fleet/select";
import { AWS_DEV_CONFIG } from "../helpers/record";
import { projectYaml, stackYaml, tempProject } from "../plan/fixtures";
import { FakePulumi, Invocation, LOCKED_STDERR } from "./fake-pulumi";
import { runCli } from "./helpers";

const stackOf = (invocation: Invocation) => invocation.args[invocation.args.indexOf("--stack") + 1];

/** A consumer project with customer stacks acme-1..acme-5 (acme-5 prod), globex-1, initech-1 (no environment), and one with a broken config if asked. */
function fleetProject(broken = false): string {
    const files: Record<string, string> = { "Pulumi.yaml": projectYaml("platforms") };
    for (let i = 1; i <= 5; i++) {
        files[`Pulumi.acme-${i}.yaml`] = stackYaml({ ...AWS_DEV_CONFIG, customer: "acme", project: `p${i}`, environment: i === 5 ? "prod" : "dev" });
    }
    files["Pulumi.globex-1.yaml"] = stackYaml({ ...AWS_DEV_CONFIG, customer: "globex" });
    // No anycloud:environment in its stack file: the guards treat it as production.
    const withoutEnvironment = Object.fromEntries(Object.entries(AWS_DEV_CONFIG).filter(([key]) => key !== "environment"));
    files["Pulumi.initech-1.yaml"] = stackYaml({ ...withoutEnvironment, customer: "initech" });
    if (broken) {
        files["Pulumi.acme-9.yaml"] = stackYaml({ ...AWS_DEV_CONFIG, customer: "ACME!" });
    }
    return tempProject(files);
}

describe("cli: fleet", () => {
    describe("the pool", () => {
        it("never runs more than N at once, fills every slot, returns results in order, and isolates failures", async () => {
            for (const concurrency of [1, 2, 3]) {
                let running = 0;
                let most = 0;
                const results = await runPool([30, 10, 20, 5, 15, 25, 0], concurrency, async (ms, index) => {
                    running++;
                    most = Math.max(most, running);
                    await new Promise((resolve) => setTimeout(resolve, ms));
                    running--;
                    if (index === 2) {
                        throw new Error("third fails");
                    }
                    return index;
                });
                assert.equal(most, concurrency);
                assert.deepEqual(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message)), [0, 1, "third fails", 3, 4, 5, 6]);
            }
            await assert.rejects(runPool([1], 0, async () => 1), RangeError);
            assert.deepEqual(await runPool([], 4, async () => 1), []);
        });
    });

    it("selects stacks by globs, comma-separated or repeated, with ! to exclude", () => {
        const stacks = ["acme-dev", "acme-prod", "globex-dev", "globex-prod", "initech-dev"];
        assert.deepEqual(selectStacks(stacks, ["acme-*"]), ["acme-dev", "acme-prod"]);
        assert.deepEqual(selectStacks(stacks, ["acme-*,globex-*", "!*-prod"]), ["acme-dev", "globex-dev"]);
        assert.deepEqual(selectStacks(stacks, ["!*-prod"]), ["acme-dev", "globex-dev", "initech-dev"]);
        assert.deepEqual(selectStacks(stacks, ["??????-dev"]), ["globex-dev"]);
        assert.throws(() => selectStacks(stacks, ["acme.dev"]), /no stack matches --stacks 'acme\.dev'; stacks here: acme-dev/);
    });

    it("fleet preview: every matching stack, at most --concurrency at once, and a summary table", async () => {
        const dir = fleetProject();
        for (const concurrency of [1, 2]) {
            const fake = new FakePulumi(() => ({ delayMs: 40 }));
            const { code, stdout, stderr } = await runCli(["fleet", "preview", "--stacks", "acme-*", "--concurrency", String(concurrency), "--cwd", dir], { fake });
            assert.equal(code, 0, stderr);
            assert.deepEqual(fake.engineRuns().map(stackOf).sort(), ["acme-1", "acme-2", "acme-3", "acme-4", "acme-5"]);
            assert.equal(fake.maxRunning, concurrency, `at most ${concurrency} at once`);
            assert.match(stdout, /^\[acme-1\] \+ {2}create {2}platform-network-vpc {2}\(aws:ec2\/vpc:Vpc\)$/m);
            const table = stdout.slice(stdout.indexOf("\nstack"));
            assert.match(table, /^stack +result +changes +duration$/m);
            assert.match(table, /^acme-3 {2}succeeded {2}1 create, 1 update, 40 same {2}[\d.]+s$/m);
            assert.match(stdout, /^5 of 5 stacks succeeded$/m);
        }
    });

    it("the stacks' `pulumi stack select` take turns (each rewrites workspace.json) while their operations overlap", async () => {
        const dir = fleetProject();
        const fake = new FakePulumi(() => ({ delayMs: 30 }));
        const { code, stderr } = await runCli(["fleet", "preview", "--stacks", "acme-*", "--concurrency", "5", "--cwd", dir], { fake });
        assert.equal(code, 0, stderr);
        const selects = fake.invocations.filter((i) => i.args[0] === "stack" && i.args[1] === "select");
        assert.deepEqual(selects.map(stackOf).sort(), ["acme-1", "acme-2", "acme-3", "acme-4", "acme-5"]);
        assert.equal(fake.maxSelecting, 1, "never two selections at once");
        assert.ok(fake.maxRunning > 1, `the previews still ran side by side (at most ${fake.maxRunning} at once)`);

        // A selection that fails (a stack missing from the backend) does not hold up the others.
        const missing = new FakePulumi((i) => (i.args[1] === "select" && stackOf(i) === "acme-1" ? { code: 255, stderr: "error: no stack named 'acme-1' found\n", delayMs: 10 } : { delayMs: 10 }));
        const run = await runCli(["fleet", "preview", "--stacks", "acme-*", "--concurrency", "3", "--cwd", dir, "--json"], { fake: missing });
        assert.equal(run.code, 1);
        assert.deepEqual((JSON.parse(run.stdout) as { stacks: { result: string }[] }).stacks.map((s) => s.result), ["not found", "succeeded", "succeeded", "succeeded", "succeeded"]);
        assert.equal(missing.maxSelecting, 1);
    });

    it("fleet preview over several clouds or environments warns that every stack runs with the same credentials", async () => {
        const dir = fleetProject();
        const mixed = await runCli(["fleet", "preview", "--stacks", "acme-*", "--cwd", dir], { fake: new FakePulumi() });
        assert.equal(mixed.code, 0);
        assert.match(mixed.stderr, /^warning: these stacks span environments dev, prod; every one runs with this process's credentials/m);
        const same = await runCli(["fleet", "preview", "--stacks", "acme-1,acme-2", "--cwd", dir], { fake: new FakePulumi() });
        assert.doesNotMatch(same.stderr, /warning/);
    });

    it("one failing stack does not stop the others; invalid config, engine failure and a lock each fail alone; exit 1", async () => {
        const dir = fleetProject(true);
        const fake = new FakePulumi((i) => {
            const stack = stackOf(i);
            if (i.args[0] === "preview" && stack === "acme-2") {
                return { code: 255, stderr: "error: preview failed: AccessDenied\n" };
            }
            if (i.args[0] === "preview" && stack === "acme-4") {
                return { code: 255, stderr: LOCKED_STDERR };
            }
            return { delayMs: 10 };
        });
        const { code, stdout, stderr } = await runCli(["fleet", "preview", "--stacks", "acme-*", "--concurrency", "3", "--cwd", dir, "--json"], { fake });
        assert.equal(code, 1);
        assert.deepEqual(fake.engineRuns().map(stackOf).sort(), ["acme-1", "acme-2", "acme-3", "acme-4", "acme-5"], "acme-9 never reaches the engine");
        const report = JSON.parse(stdout) as { succeeded: number; failed: number; stacks: { stack: string; result: string; message?: string }[] };
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result]), [
            ["acme-1", "succeeded"], ["acme-2", "failed"], ["acme-3", "succeeded"], ["acme-4", "locked"], ["acme-5", "succeeded"], ["acme-9", "invalid config"],
        ]);
        assert.equal(report.succeeded, 3);
        assert.equal(report.failed, 3);
        assert.match(stderr, /^acme-2: failed:\nerror: preview failed: AccessDenied$/m);
        assert.match(stderr, /^acme-4: locked:\nstack "acme-4" is locked/m);
        assert.match(stderr, /^acme-9: invalid config:\nanycloud: invalid configuration \(1 problem\):\n {2}- anycloud:customer = "ACME!"/m);
    });

    it("fleet up needs --yes, and passes each stack's options on", async () => {
        const dir = fleetProject();
        const refused = new FakePulumi();
        const withoutYes = await runCli(["fleet", "up", "--stacks", "acme-1", "--cwd", dir], { fake: refused, interactive: true });
        assert.equal(withoutYes.code, 6);
        assert.match(withoutYes.stderr, /fleet up of 1 stack refused: it needs --yes/);
        assert.deepEqual(refused.invocations, []);

        const fake = new FakePulumi();
        const { code } = await runCli(["fleet", "up", "--stacks", "acme-1,globex-*", "--yes", "--refresh", "--cwd", dir], { fake });
        assert.equal(code, 0);
        assert.deepEqual(fake.engineRuns().map((i) => [stackOf(i), i.args.slice(0, 4)]).sort(), [
            ["acme-1", ["up", "--yes", "--skip-preview", "--refresh"]],
            ["globex-1", ["up", "--yes", "--skip-preview", "--refresh"]],
        ]);
    });

    it("fleet list: each stack's cloud, region, environment and whether its config is valid (offline; exit 1 when one is not)", async () => {
        const dir = fleetProject(true);
        const { code, stdout, stderr } = await runCli(["fleet", "list", "--cwd", dir]);
        assert.equal(code, 1);
        assert.match(stdout, /^acme-5 +aws +eu-central-1 +prod +acme +p5 +ok$/m);
        assert.match(stdout, /^acme-9 .* invalid \(1\)$/m);
        assert.match(stderr, /^acme-9: anycloud: invalid configuration/m);
        const json = await runCli(["fleet", "list", "--stacks", "globex-*", "--cwd", dir, "--json"]);
        assert.equal(json.code, 0);
        assert.deepEqual(JSON.parse(json.stdout), [{ stack: "globex-1", cloud: "aws", region: "eu-central-1", environment: "dev", customer: "globex", project: "transit", valid: true }]);

        const unset = await runCli(["fleet", "list", "--stacks", "initech-*", "--cwd", dir]);
        assert.equal(unset.code, 0);
        assert.match(unset.stdout, /^initech-1 +aws +eu-central-1 +prod \(assumed\) +initech +transit +ok$/m);
        assert.match(unset.stderr, /^initech-1: treated as production: its stack file does not set anycloud:environment; set anycloud:environment in its stack file$/m);
        const unsetJson = await runCli(["fleet", "list", "--stacks", "initech-*", "--cwd", dir, "--json"]);
        assert.deepEqual((JSON.parse(unsetJson.stdout) as { environment: string; environmentAssumed?: string }[]).map((r) => [r.environment, r.environmentAssumed]), [["prod", "its stack file does not set anycloud:environment"]]);
    });

    describe("fleet matrix", () => {
        it("prints the GitHub Actions matrix of the matching stacks, with each stack's cloud and environment", async () => {
            const { code, stdout } = await runCli(["fleet", "matrix", "--stacks", "*"]);
            assert.equal(code, 0);
            assert.equal(stdout.split("\n").length, 2, "one line, for $GITHUB_OUTPUT");
            assert.deepEqual(JSON.parse(stdout), {
                include: [
                    { stack: "aws-dev", cloud: "aws", environment: "dev" },
                    { stack: "aws-prod", cloud: "aws", environment: "prod" },
                    { stack: "azure-dev", cloud: "azure", environment: "dev" },
                    { stack: "azure-prod", cloud: "azure", environment: "prod" },
                    { stack: "gcp-dev", cloud: "gcp", environment: "dev" },
                    { stack: "gcp-prod", cloud: "gcp", environment: "prod" },
                ],
            });
        });

        it("keeps a stack with an invalid config (its job fails alone) and warns; no match is a usage error", async () => {
            const dir = fleetProject(true);
            const { code, stdout, stderr } = await runCli(["fleet", "matrix", "--stacks", "acme-9,globex-*", "--cwd", dir]);
            assert.equal(code, 0);
            assert.deepEqual(JSON.parse(stdout).include.map((e: { stack: string }) => e.stack), ["acme-9", "globex-1"]);
            assert.match(stderr, /^warning: acme-9 has an invalid configuration; its job will fail/m);
            const none = await runCli(["fleet", "matrix", "--stacks", "hooli-*", "--cwd", dir]);
            assert.equal(none.code, 2);
            assert.match(none.stderr, /no stack matches --stacks 'hooli-\*'/);
        });

        it("a stack whose file does not set anycloud:environment runs in the prod environment, with a warning", async () => {
            const dir = fleetProject();
            const { code, stdout, stderr } = await runCli(["fleet", "matrix", "--stacks", "initech-*,globex-*", "--cwd", dir]);
            assert.equal(code, 0);
            assert.deepEqual(JSON.parse(stdout).include, [{ stack: "globex-1", cloud: "aws", environment: "dev" }, { stack: "initech-1", cloud: "aws", environment: "prod" }]);
            assert.match(stderr, /^warning: initech-1 runs in the prod environment: its stack file does not set anycloud:environment/m);
        });
    });

    describe("fleet operator", () => {
        const argv = ["fleet", "operator", "--stacks", "*", "--repo", "https://github.com/acme/platforms.git", "--branch", "main", "--repo-dir", "infra", "--namespace", "platforms", "--org", "acme", "--resync-seconds", "300", "--destroy-on-finalize"];

        type Ref = { type: string; secret?: { name: string; key: string }; literal?: { value: string } };
        type StackDoc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels: Record<string, string> }; spec: Record<string, unknown> & { envRefs: Record<string, Ref>; workspaceTemplate: { spec: Record<string, unknown> & { podTemplate?: { metadata?: Record<string, Record<string, string>>; spec?: Record<string, unknown> } } } } };
        const documents = (stdout: string) => parseAllDocuments(stdout).map((d) => d.toJS() as StackDoc);

        it("one pulumi.com/v1 Stack per stack (git source, stack file from the repo), after a ServiceAccount and its auth-delegator binding per cloud and environment", async () => {
            const { code, stdout, stderr } = await runCli(argv);
            assert.equal(code, 0, stderr);
            assert.match(stdout, /^# Pulumi Kubernetes Operator \(v2\) resources generated by `anycloud fleet operator`/);
            const docs = documents(stdout);
            const identities = ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"].flatMap((id) => [
                `v1 ServiceAccount anycloud-${id}-deployer`,
                `rbac.authorization.k8s.io/v1 ClusterRoleBinding platforms:anycloud-${id}-deployer:system:auth-delegator`,
            ]);
            assert.deepEqual(docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.name}`), [
                ...identities,
                "pulumi.com/v1 Stack aws-dev",
                "pulumi.com/v1 Stack aws-prod",
                "pulumi.com/v1 Stack azure-dev",
                "pulumi.com/v1 Stack azure-prod",
                "pulumi.com/v1 Stack gcp-dev",
                "pulumi.com/v1 Stack gcp-prod",
            ]);
            assert.deepEqual(docs[0].metadata.labels, { "app.kubernetes.io/managed-by": "anycloud", "anycloud.io/cloud": "aws", "anycloud.io/environment": "dev" });
            const stacks = docs.filter((d) => d.kind === "Stack");
            const dev = stacks[0];
            assert.equal(dev.metadata.namespace, "platforms");
            assert.deepEqual(dev.metadata.labels, { "app.kubernetes.io/managed-by": "anycloud", "anycloud.io/stack": "aws-dev", "anycloud.io/cloud": "aws", "anycloud.io/environment": "dev" });
            assert.deepEqual(dev.spec, {
                stack: "acme/aws-dev",
                projectRepo: "https://github.com/acme/platforms.git",
                branch: "main",
                repoDir: "infra",
                shallow: true,
                useLocalStackOnly: true,
                serviceAccountName: "anycloud-aws-dev-deployer",
                envRefs: {
                    PULUMI_ACCESS_TOKEN: { type: "Secret", secret: { name: "pulumi-api-secret", key: "accessToken" } },
                    PULUMI_NODEJS_TRANSPILE_ONLY: { type: "Literal", literal: { value: "true" } },
                    AWS_ACCESS_KEY_ID: { type: "Secret", secret: { name: "anycloud-aws-dev-credentials", key: "AWS_ACCESS_KEY_ID" } },
                    AWS_SECRET_ACCESS_KEY: { type: "Secret", secret: { name: "anycloud-aws-dev-credentials", key: "AWS_SECRET_ACCESS_KEY" } },
                },
                refresh: true,
                resyncFrequencySeconds: 300,
                destroyOnFinalize: true,
                workspaceTemplate: { spec: { resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } } } },
            });
            for (const stack of stacks) {
                const { "anycloud.io/cloud": cloud, "anycloud.io/environment": environment } = stack.metadata.labels;
                assert.ok(!("config" in stack.spec), "config comes from the stack file in the repository");
                assert.equal(stack.spec.destroyOnFinalize, environment !== "prod", `${stack.metadata.name}: production is never destroyed on finalize`);
                assert.equal(stack.spec.serviceAccountName, `anycloud-${cloud}-${environment}-deployer`, "a dev stack never runs as the prod deployer");
                for (const ref of Object.values(stack.spec.envRefs).filter((r) => r.secret && r.secret.name !== "pulumi-api-secret")) {
                    assert.equal(ref.secret?.name, `anycloud-${cloud}-${environment}-credentials`, `${stack.metadata.name}: its own environment's credentials`);
                }
            }
            const azure = stacks.find((s) => s.metadata.name === "azure-dev") as StackDoc;
            assert.equal(azure.spec.envRefs.AZURE_CLIENT_ID.secret?.key, "ARM_CLIENT_ID");
            assert.equal(azure.spec.envRefs.AAD_LOGIN_METHOD.literal?.value, "spn");
            assert.equal(azure.spec.workspaceTemplate.spec.podTemplate, undefined);
        });

        it("GCP: the key file Secret mounted into the pulumi container, GOOGLE_APPLICATION_CREDENTIALS naming it (the auth plugin reads ADC)", async () => {
            const { code, stdout } = await runCli(["fleet", "operator", "--stacks", "gcp-prod", "--repo", "r", "--branch", "main"]);
            assert.equal(code, 0);
            const stack = documents(stdout).find((d) => d.kind === "Stack") as StackDoc;
            assert.deepEqual(stack.spec.envRefs.GOOGLE_APPLICATION_CREDENTIALS, { type: "Literal", literal: { value: "/var/run/secrets/anycloud/gcp/credentials.json" } });
            assert.equal(stack.spec.envRefs.GOOGLE_CREDENTIALS, undefined, "no key material in an environment variable");
            assert.deepEqual(stack.spec.workspaceTemplate.spec.podTemplate, {
                spec: {
                    containers: [{ name: "pulumi", volumeMounts: [{ name: "gcp-credentials", mountPath: "/var/run/secrets/anycloud/gcp", readOnly: true }] }],
                    volumes: [{ name: "gcp-credentials", secret: { secretName: "anycloud-gcp-prod-credentials", items: [{ key: "credentials.json", path: "credentials.json" }] } }],
                },
            });
        });

        it("Azure with --workload-identity: the webhook's pod label, a 24 h token, OIDC for the provider from the projected token, kubelogin's workloadidentity login", async () => {
            const { code, stdout } = await runCli(["fleet", "operator", "--stacks", "azure-dev", "--repo", "r", "--branch", "main", "--workload-identity"]);
            assert.equal(code, 0);
            const stack = documents(stdout).find((d) => d.kind === "Stack") as StackDoc;
            assert.deepEqual(stack.spec.workspaceTemplate.spec.podTemplate, {
                metadata: { labels: { "azure.workload.identity/use": "true" }, annotations: { "azure.workload.identity/service-account-token-expiration": "86400" } },
            });
            const refs = stack.spec.envRefs;
            assert.deepEqual(Object.keys(refs).sort(), ["AAD_LOGIN_METHOD", "ARM_CLIENT_ID", "ARM_OIDC_TOKEN_FILE_PATH", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "ARM_USE_OIDC", "PULUMI_ACCESS_TOKEN", "PULUMI_NODEJS_TRANSPILE_ONLY"]);
            assert.equal(refs.ARM_USE_OIDC.literal?.value, "true");
            assert.equal(refs.ARM_OIDC_TOKEN_FILE_PATH.literal?.value, "/var/run/secrets/azure/tokens/azure-identity-token");
            assert.equal(refs.AAD_LOGIN_METHOD.literal?.value, "workloadidentity");
            assert.deepEqual(refs.ARM_CLIENT_ID.secret, { name: "anycloud-azure-dev-credentials", key: "ARM_CLIENT_ID" });
            assert.ok(!("ARM_CLIENT_SECRET" in refs) && !("AZURE_CLIENT_SECRET" in refs), "no client secret with workload identity");
        });

        it("a stack whose file does not set anycloud:environment runs as the prod deployer and is never destroyed on finalize", async () => {
            const dir = fleetProject();
            const { code, stdout, stderr } = await runCli(["fleet", "operator", "--stacks", "initech-*", "--repo", "r", "--branch", "main", "--destroy-on-finalize", "--cwd", dir]);
            assert.equal(code, 0);
            const stack = documents(stdout).find((d) => d.kind === "Stack") as StackDoc;
            assert.equal(stack.metadata.labels["anycloud.io/environment"], "prod");
            assert.equal(stack.spec.serviceAccountName, "anycloud-aws-prod-deployer");
            assert.equal(stack.spec.destroyOnFinalize, false);
            assert.match(stderr, /^warning: initech-1 runs as the prod deployer and is never destroyed on finalize: its stack file does not set anycloud:environment/m);
        });

        it("defaults: namespace anycloud, 600 s resync, no destroy on finalize; --commit, --image and --workload-identity", async () => {
            const { code, stdout } = await runCli(["fleet", "operator", "--stacks", "gcp-dev", "--repo", "git@github.com:acme/p.git", "--commit", "0123abc", "--image", "example.com/anycloud-workspace:1", "--workload-identity"]);
            assert.equal(code, 0);
            const stack = parseAllDocuments(stdout).map((d) => d.toJS()).find((d) => d.kind === "Stack");
            assert.equal(stack.metadata.namespace, "anycloud");
            assert.equal(stack.spec.stack, "gcp-dev");
            assert.equal(stack.spec.commit, "0123abc");
            assert.equal(stack.spec.branch, undefined);
            assert.equal(stack.spec.resyncFrequencySeconds, 600);
            assert.equal(stack.spec.destroyOnFinalize, false);
            assert.equal(stack.spec.workspaceTemplate.spec.image, "example.com/anycloud-workspace:1");
            assert.equal(stack.spec.workspaceTemplate.spec.podTemplate, undefined, "GKE Workload Identity: nothing mounted");
            assert.deepEqual(Object.keys(stack.spec.envRefs), ["PULUMI_ACCESS_TOKEN", "PULUMI_NODEJS_TRANSPILE_ONLY"]);
        });

        it("names each Stack resource within the CRD's 42 characters", () => {
            assert.equal(resourceName("acme-transit-prod"), "acme-transit-prod");
            assert.equal(resourceName("Org/ACME_transit.Prod"), "org-acme-transit-prod");
            assert.equal(resourceName(`${"a".repeat(41)}-b`).length, 41);
            assert.ok(resourceName("x".repeat(80)).length <= MAX_STACK_RESOURCE_NAME);
        });

        it("refuses stacks whose resource names collide", async () => {
            const dir = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.acme_dev.yaml": stackYaml(AWS_DEV_CONFIG), "Pulumi.acme-dev.yaml": stackYaml(AWS_DEV_CONFIG) });
            const { code, stderr } = await runCli(["fleet", "operator", "--stacks", "*", "--repo", "r", "--branch", "main", "--cwd", dir]);
            assert.equal(code, 2);
            assert.match(stderr, /stacks "acme-dev" and "acme_dev" would both be the Stack resource "acme-dev"/);
        });

        const usage: [string, string[], RegExp][] = [
            ["no --repo", ["fleet", "operator", "--stacks", "*", "--branch", "main"], /needs --repo URL/],
            ["both --branch and --commit", ["fleet", "operator", "--stacks", "*", "--repo", "r", "--branch", "main", "--commit", "abc"], /exactly one of --branch NAME and --commit SHA/],
            ["a resync below the operator's minimum", ["fleet", "operator", "--stacks", "*", "--repo", "r", "--branch", "main", "--resync-seconds", "30"], /--resync-seconds must be a whole number from 60/],
            ["a bad namespace", ["fleet", "operator", "--stacks", "*", "--repo", "r", "--branch", "main", "--namespace", "Platforms"], /not a Kubernetes namespace name/],
            ["no --stacks", ["fleet", "operator", "--repo", "r", "--branch", "main"], /fleet operator needs --stacks PATTERN/],
            ["no subcommand", ["fleet", "--stacks", "*"], /fleet needs a subcommand: list, preview, up, matrix, operator/],
            ["--concurrency 0", ["fleet", "preview", "--stacks", "*", "--concurrency", "0"], /--concurrency must be a whole number from 1 to 64/],
            ["--target on fleet preview", ["fleet", "preview", "--stacks", "*", "--target", "urn:a"], /Unknown option '--target'/],
        ];
        for (const [what, args, message] of usage) {
            it(`exits 2 for ${what}`, async () => {
                const { code, stderr } = await runCli(args, { fake: new FakePulumi() });
                assert.equal(code, 2, stderr);
                assert.match(stderr, message);
            });
        }
    });
});
