import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { dirname, join } from "path";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { PlanDocument } from "../../plan/document";
import { readStack } from "../../plan/stack-files";
import { AWS_DEV_CONFIG } from "../helpers/record";
import { projectYaml, REPO_ROOT, run, stackYaml, tempProject } from "./fixtures";

const CIPHERTEXT = "v1:AAAAsecretciphertextAAAA==";

describe("plan: anycloud CLI", () => {
    it("plans the aws-dev reference stack: exit 0, the component tree on stdout", async () => {
        const { code, stdout } = await run(["plan", "--stack", "aws-dev"]);
        assert.equal(code, 0);
        assert.match(stdout, /^ {2}pulumi:pulumi:Stack {2}anycloud-aws-dev/m);
        assert.match(stdout, /└─ anycloud:index:Platform {2}platform/);
        assert.match(stdout, /│ {2}├─ aws:ec2\/instance:Instance {2}platform-bastion-host {2}ignoreChanges: ami$/m);
        assert.match(stdout, /│ {2}├─ kubernetes:helm\.sh\/v3:Release {2}platform-cluster-autoscaler$/m);
        assert.match(stdout, /│ {2}├─ aws:kms\/key:Key {2}platform-database-key {2}protected; kept on delete$/m);
        assert.match(stdout, /^ {2}kubeconfig: \[secret\]$/m);
        assert.match(stdout, /^Summary\n {2}\d+ resources: \d+ custom, \d+ components/m);
    });

    it("prints exactly the ConfigError message for invalid settings, exit 1, no stack trace", async () => {
        const settings = { ...AWS_DEV_CONFIG, customer: "ACME!", network: { cidr: "10.0.0.0/33" } };
        const dir = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.bad.yaml": stackYaml(settings) });
        let expected = "";
        try {
            loadPlatformArgs(readStack(dir, "bad").config);
        } catch (error) {
            assert.ok(error instanceof ConfigError);
            expected = error.message;
        }
        assert.match(expected, /anycloud:customer/);
        assert.match(expected, /anycloud:network\.cidr/);
        const { code, stdout, stderr } = await run(["plan", "--stack", "bad", "--cwd", dir]);
        assert.equal(code, 1);
        assert.equal(stderr, `${expected}\n`);
        assert.equal(stdout, "");
        assert.doesNotMatch(stderr, /\n\s+at /);
    });

    const usageCases: [string, string[], RegExp][] = [
        ["no command", [], /no command given/],
        ["an unknown command", ["deploy", "--stack", "aws-dev"], /unknown command "deploy"; commands: plan, preview, up, destroy, refresh, outputs, fleet/],
        ["an unknown flag", ["plan", "--stack", "aws-dev", "--yes"], /Unknown option '--yes'/],
        ["no --stack", ["plan", "--json"], /plan needs --stack NAME/],
        ["--stack without a value", ["plan", "--stack"], /--stack/],
        ["an unknown stack", ["plan", "--stack", "aws-nope"], /unknown stack "aws-nope".*stacks here: .*aws-dev/],
        ["a stray argument", ["plan", "extra", "--stack", "aws-dev"], /unexpected argument "extra"/],
        ["a directory without Pulumi.yaml", ["plan", "--stack", "dev", "--cwd", "/"], /no Pulumi\.yaml in \//],
    ];
    for (const [what, argv, message] of usageCases) {
        it(`exits 2 with the message and usage for ${what}`, async () => {
            const { code, stdout, stderr } = await run(argv);
            assert.equal(code, 2);
            assert.equal(stdout, "");
            assert.match(stderr, message);
            assert.match(stderr, /Usage: anycloud <command>/);
        });
    }

    it("--help lists only the commands that exist", async () => {
        const { code, stdout } = await run(["--help"]);
        assert.equal(code, 0);
        const commands = stdout.split("Commands:\n")[1].split("\n\n")[0].trim().split("\n").map((line) => line.trim().split(/\s+/)[0]);
        assert.deepEqual(commands, ["plan", "preview", "up", "destroy", "refresh", "outputs", "fleet"]);
        assert.match(stdout, /^Exit codes: 0 done/m);
        for (const code of [1, 2, 3, 4, 5, 6]) {
            assert.match(stdout, new RegExp(`^\\s+${code} \\S`, "m"), `exit code ${code} documented`);
        }
    });

    it("--json prints the versioned document and --out writes the same bytes; two runs are identical", async () => {
        const dir = tempProject({});
        const out = join(dir, "plan.json");
        const first = await run(["plan", "--stack", "aws-dev", "--json", "--out", out]);
        const second = await run(["plan", "--stack", "aws-dev", "--json"]);
        assert.equal(first.code, 0);
        assert.equal(readFileSync(out, "utf8"), first.stdout);
        assert.equal(second.stdout, first.stdout);
        const document = JSON.parse(first.stdout) as PlanDocument;
        assert.equal(document.formatVersion, 3);
        assert.equal(document.project, "anycloud");
        assert.equal(document.stack, "aws-dev");
        assert.match(document.generatedBy, /^anycloud \d+\.\d+\.\d+/);
        const urns = document.resources.map((r) => r.urn);
        assert.deepEqual(urns, [...urns].sort());
        assert.equal(document.summary.total, document.resources.length);
    });

    it("plans a consumer project (its own Pulumi.yaml and anycloud:* keys) given with --cwd", async () => {
        const dir = tempProject({ "infra/Pulumi.yaml": projectYaml("shop-infra"), "infra/Pulumi.staging.yaml": stackYaml({ ...AWS_DEV_CONFIG, environment: "staging" }) });
        const { code, stdout } = await run(["plan", "--stack", "staging", "--cwd", "infra", "--json"], dir);
        assert.equal(code, 0);
        const document = JSON.parse(stdout) as PlanDocument;
        assert.equal(document.project, "shop-infra");
        assert.ok(document.resources.every((r) => r.urn.startsWith("urn:pulumi:staging::shop-infra::")));
        assert.ok(document.resources.some((r) => r.type === "eks:index:Cluster"));
    });

    it("plans a stack file with quoted numbers and kubectl-style taints, as YAML users write them", async () => {
        const settings = {
            ...AWS_DEV_CONFIG,
            database: { enabled: true, version: "16", replicas: "1" },
            cluster: { nodePools: [{ name: "system", min: "2" }, { name: "gpu", min: "0", max: "2", taints: ["dedicated=gpu:NoSchedule", "spot:PreferNoSchedule"] }] },
            billing: { monthlyBudget: "1500", thresholds: ["50", "80", "100"] },
        };
        const dir = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.quoted.yaml": stackYaml(settings) });
        assert.match(readFileSync(join(dir, "Pulumi.quoted.yaml"), "utf8"), /version: "16"/, "the stack file really quotes them");
        const { code, stdout, stderr } = await run(["plan", "--stack", "quoted", "--cwd", dir, "--json"]);
        assert.equal(code, 0, stderr);
        const document = JSON.parse(stdout) as PlanDocument;
        const inputs = (type: string) => document.resources.filter((r) => r.type === type).map((r) => r.inputs as Record<string, unknown>);
        assert.deepEqual(inputs("aws:rds/cluster:Cluster").map((i) => i.engineVersion), ["16"]);
        assert.deepEqual(inputs("aws:budgets/budget:Budget").map((i) => i.limitAmount), ["1500"]);
        assert.deepEqual(inputs("aws:eks/nodeGroup:NodeGroup").map((i) => i.taints).filter((t) => (t as unknown[]).length > 0), [[
            { effect: "NO_SCHEDULE", key: "dedicated", value: "gpu" },
            { effect: "PREFER_NO_SCHEDULE", key: "spot" },
        ]]);
    });

    it("never shows secret values: kubeconfig internals, secure config", async () => {
        const dir = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.dev.yaml": stackYaml(AWS_DEV_CONFIG, { "aws:secretKey": { secure: CIPHERTEXT } }) });
        const { code, stdout, stderr } = await run(["plan", "--stack", "dev", "--json"], dir);
        assert.equal(code, 0);
        const document = JSON.parse(stdout) as PlanDocument;
        assert.equal(document.config["aws:secretKey"], "[secret]");
        assert.ok(document.secretOutputs.includes("kubeconfig"));
        const clusterName = String(document.outputs.clusterName);
        const mockCa = Buffer.from(`mock-ca-${clusterName}`).toString("base64");
        for (const text of [stdout, stderr]) {
            for (const secret of ["certificate-authority-data", "mock-ca-", mockCa, CIPHERTEXT, "get-token"]) {
                assert.ok(!text.includes(secret), `"${secret}" appears in clear`);
            }
        }
        assert.match(stderr, /aws:secretKey is encrypted in the stack file/);
    });

    it("runs as a real process through bin/anycloud.js, with no Pulumi CLI on the PATH", () => {
        // Only node's own directory on the PATH: the offline plan needs no `pulumi`.
        const env = { ...process.env, PATH: dirname(process.execPath) };
        const result = spawnSync(process.execPath, [join(REPO_ROOT, "bin", "anycloud.js"), "plan", "--stack", "aws-dev", "--json"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000, env });
        assert.equal(result.status, 0, result.stderr);
        assert.equal((JSON.parse(result.stdout) as PlanDocument).stack, "aws-dev");
        const usage = spawnSync(process.execPath, [join(REPO_ROOT, "bin", "anycloud.js"), "plan"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
        assert.equal(usage.status, 2);
    });
});
