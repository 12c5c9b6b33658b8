import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse, stringify } from "yaml";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { readStack } from "../../plan/stack-files";
import { AWS_DEV_CONFIG } from "../helpers/record";
import { projectYaml, REPO_ROOT, stackYaml, tempProject } from "../plan/fixtures";
import { guardEnvironment } from "../../cli/automation/environment";
import { engineMessage } from "../../cli/automation/stack-run";
import { failedCommand, failedDisplay, FakePulumi, LOCKED_STDERR, NOT_FOUND_STDERR, OUTPUTS } from "./fake-pulumi";
import { runCli } from "./helpers";

const EVENTS = "<events>";
const TAIL = ["--stack", "aws-dev", "--non-interactive"];
const SELECT = ["stack", "select", "--stack", "aws-dev", "--non-interactive"];
const OUTPUT_CALLS = [
    ["stack", "output", "--json", ...TAIL],
    ["stack", "output", "--json", "--show-secrets", ...TAIL],
];
const HISTORY = ["stack", "history", "--json", "--page-size", "1", "--page", "1", ...TAIL];
const PACK = join(REPO_ROOT, "policies", "pack");

describe("cli: preview, up, destroy, refresh and outputs through the Automation API (fake Pulumi CLI)", () => {
    describe("the CLI invocations each subcommand and option makes", () => {
        const cases: [string, string[], string[][]][] = [
            ["preview with --refresh, two --target and --policy-pack", ["preview", "--stack", "aws-dev", "--refresh", "--target", "urn:a", "--target", "urn:b", "--policy-pack", "policies/pack"], [
                SELECT,
                ["preview", "--refresh", "--target", "urn:a", "--target", "urn:b", "--policy-pack", PACK, "--color", "never", "--exec-kind", "auto.local", "--event-log", EVENTS, ...TAIL],
            ]],
            ["plain preview", ["preview", "--stack", "aws-dev"], [SELECT, ["preview", "--color", "never", "--exec-kind", "auto.local", "--event-log", EVENTS, ...TAIL]]],
            ["up --yes with --target, --policy-pack and --refresh, then its outputs and summary", ["up", "--stack", "aws-dev", "--yes", "--target", "urn:a", "--policy-pack", "policies/pack", "--refresh"], [
                SELECT,
                ["up", "--yes", "--skip-preview", "--refresh", "--target", "urn:a", "--policy-pack", PACK, "--color", "never", "--exec-kind", "auto.local", "--event-log", EVENTS, ...TAIL],
                ...OUTPUT_CALLS,
                HISTORY,
            ]],
            ["destroy --yes with --target and --refresh", ["destroy", "--stack", "aws-dev", "--yes", "--target", "urn:a", "--refresh"], [
                SELECT,
                ["destroy", "--yes", "--skip-preview", "--target", "urn:a", "--refresh", "--color", "never", "--event-log", EVENTS, "--exec-kind", "auto.local", ...TAIL],
                HISTORY,
            ]],
            ["refresh with --target", ["refresh", "--stack", "aws-dev", "--target", "urn:a"], [
                SELECT,
                ["refresh", "--skip-preview", "--yes", "--target", "urn:a", "--color", "never", "--event-log", EVENTS, "--exec-kind", "auto.local", ...TAIL],
                HISTORY,
            ]],
            ["outputs", ["outputs", "--stack", "aws-dev"], [SELECT, ...OUTPUT_CALLS]],
        ];
        for (const [what, argv, expected] of cases) {
            it(what, async () => {
                const fake = new FakePulumi();
                const { code, stderr } = await runCli(argv, { fake });
                assert.equal(code, 0, stderr);
                assert.deepEqual(fake.argLists(), expected);
            });
        }
    });

    it("runs in the project directory with the stack file's config, type-checking off, and hands the engine the config the validator checked", async () => {
        const fake = new FakePulumi();
        const { code } = await runCli(["up", "--stack", "aws-dev", "--yes"], { fake });
        assert.equal(code, 0);
        for (const invocation of fake.invocations) {
            assert.equal(invocation.cwd, REPO_ROOT);
            assert.equal(invocation.env.PULUMI_NODEJS_TRANSPILE_ONLY, "true");
        }
        const [up] = fake.engineRuns();
        const stackFile = parse(readFileSync(join(REPO_ROOT, "Pulumi.aws-dev.yaml"), "utf8")) as { config: Record<string, unknown> };
        assert.deepEqual(up.stackConfig, stackFile.config);
        // The validator saw the same settings (the stack file as `pulumi up` merges it).
        assert.equal(loadPlatformArgs(readStack(REPO_ROOT, "aws-dev").config).customer, stackFile.config["anycloud:customer"]);
    });

    it("reads the events of an older CLI (3.205 and before) from the event log file the Automation API tails", async () => {
        const fake = new FakePulumi(undefined, "3.205.0");
        const { code, stdout } = await runCli(["up", "--stack", "aws-dev", "--yes"], { fake, env: { PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true" } });
        assert.equal(code, 0);
        assert.doesNotMatch(fake.engineRuns()[0].args[fake.engineRuns()[0].args.indexOf("--event-log") + 1], /^tcp:/);
        assert.match(stdout, /created \d+s {2}platform-network-vpc/);
    });

    it("an explicit PULUMI_NODEJS_TRANSPILE_ONLY wins", async () => {
        const fake = new FakePulumi();
        await runCli(["preview", "--stack", "aws-dev"], { fake, env: { PULUMI_NODEJS_TRANSPILE_ONLY: "false" } });
        assert.equal(fake.engineRuns()[0].env.PULUMI_NODEJS_TRANSPILE_ONLY, "false");
    });

    it("invalid config: exactly the ConfigError message, exit 1, the engine never started", async () => {
        const dir = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.bad.yaml": stackYaml({ ...AWS_DEV_CONFIG, customer: "ACME!", network: { cidr: "10.0.0.0/33" } }) });
        let expected = "";
        try {
            loadPlatformArgs(readStack(dir, "bad").config);
        } catch (error) {
            assert.ok(error instanceof ConfigError);
            expected = error.message;
        }
        for (const command of ["preview", "up", "destroy", "refresh"]) {
            const fake = new FakePulumi();
            const { code, stdout, stderr } = await runCli([command, "--stack", "bad", "--cwd", dir, "--yes"].filter((a) => command !== "preview" || a !== "--yes"), { fake });
            assert.equal(code, 1, command);
            assert.equal(stderr, `${expected}\n`);
            assert.equal(stdout, "");
            assert.deepEqual(fake.invocations, [], `${command} touched the engine`);
        }
    });

    it("streams the engine's events as progress lines and ends with a summary and the outputs, secrets masked", async () => {
        const fake = new FakePulumi();
        const { code, stdout, stderr } = await runCli(["up", "--stack", "aws-dev", "--yes"], { fake });
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^Updating stack aws-dev \(.*Pulumi\.aws-dev\.yaml\):$/m);
        assert.match(stdout, /^ {2}\+ {2}create\.\.\. {2}platform-network-vpc {2}\(aws:ec2\/vpc:Vpc\)$/m);
        assert.match(stdout, /^ {2}\+ {2}created \d+s {2}platform-network-vpc {2}\(aws:ec2\/vpc:Vpc\)$/m);
        assert.match(stdout, /^ {2}~ {2}updated \d+s {2}platform-database-key/m);
        assert.match(stdout, /^ {2}warning: platform-database-key: key rotation period is the default$/m);
        assert.doesNotMatch(stdout, /platform-cluster-role/, "unchanged resources print nothing");
        assert.match(stdout, /^up of aws-dev succeeded in [\d.]+s: 1 create, 1 update, 40 same$/m);
        assert.match(stdout, /^Outputs:\n {2}clusterName: "acme-transit-dev"\n {2}kubeconfig: \[secret\]$/m);
        assert.ok(!stdout.includes(OUTPUTS.kubeconfig) && !stdout.includes("secret-token-xyz"));
    });

    it("--json: one machine-readable summary on stdout (changes by operation, outputs with secrets masked), progress on stderr", async () => {
        const fake = new FakePulumi();
        const { code, stdout, stderr } = await runCli(["up", "--stack", "aws-dev", "--yes", "--json"], { fake });
        assert.equal(code, 0);
        const summary = JSON.parse(stdout) as Record<string, unknown>;
        assert.equal(summary.command, "up");
        assert.equal(summary.stack, "aws-dev");
        assert.equal(summary.result, "succeeded");
        assert.deepEqual(summary.changes, { create: 1, update: 1, same: 40 });
        assert.deepEqual(summary.outputs, { clusterName: "acme-transit-dev", kubeconfig: "[secret]" });
        assert.equal(typeof summary.durationSeconds, "number");
        assert.match(stderr, /created \d+s {2}platform-network-vpc/);
        assert.ok(!`${stdout}${stderr}`.includes("secret-token-xyz"));

        const preview = await runCli(["preview", "--stack", "aws-dev", "--json"], { fake: new FakePulumi() });
        assert.deepEqual((JSON.parse(preview.stdout) as { changes: unknown }).changes, { create: 1, update: 1, same: 40 });
    });

    describe("a failed command: the engine's own `error:` lines", () => {
        it("the fake fails as PulumiCommand.run does: execa's message (stderr, then stdout) as commandResult.stderr, the streams apart on commandResult.err", () => {
            const error = failedCommand(["up", "--stack", "aws-dev"], "Resources:\n    40 unchanged\n", "error: update failed\n", 255) as Error & { commandResult: { code: number; stderr: string; err: { stderr: string; stdout: string; exitCode: number } } };
            assert.equal(error.commandResult.code, -2);
            assert.equal(error.commandResult.stderr, "Command failed with exit code 255: pulumi up --stack aws-dev\nerror: update failed\nResources:\n    40 unchanged");
            assert.deepEqual([error.commandResult.err.stderr, error.commandResult.err.stdout, error.commandResult.err.exitCode], ["error: update failed", "Resources:\n    40 unchanged", 255]);
        });

        it("a failed update: the error lines of its stderr, not the tail of the update display on stdout; exit 1", async () => {
            const stderr = "warning: A new version of Pulumi is available.\nerror: update failed\nerror: creating EKS Cluster: AccessDeniedException\n";
            const fake = new FakePulumi((i) => (i.args[0] === "up" ? { code: 255, stderr, events: [{ diagnosticEvent: { message: "creating EKS Cluster: AccessDeniedException", color: "never", severity: "error" } }] } : undefined));
            const { code, stdout, stderr: output } = await runCli(["up", "--stack", "aws-dev", "--yes"], { fake });
            assert.equal(code, 1);
            assert.match(stdout, /^ {2}error: creating EKS Cluster: AccessDeniedException$/m);
            assert.match(output, /^anycloud: up of aws-dev failed in [\d.]+s:\nerror: update failed\nerror: creating EKS Cluster: AccessDeniedException\n$/);
            assert.doesNotMatch(output, /Duration|Resources:|unchanged|warning/);
            assert.doesNotMatch(output, /\n\s+at /);
        });

        it("errors only in the update display's Diagnostics (stdout): those, under their resource, continuations kept", async () => {
            const display = [
                "Updating (aws-dev)", "", " +  aws:eks:Cluster platform-cluster creating (1s)", "",
                "Diagnostics:", "  aws:eks:Cluster (platform-cluster):", "    error: creating EKS Cluster (acme-transit-dev): operation error EKS: CreateCluster,",
                "      https response error StatusCode: 403, AccessDeniedException", "", "  pulumi:pulumi:Stack (anycloud-aws-dev):", "    error: update failed", "",
                "Resources:", "    40 unchanged", "", "Duration: 3s", "",
            ].join("\n");
            const fake = new FakePulumi((i) => (i.args[0] === "up" ? { code: 255, stdout: display, stderr: "" } : undefined));
            const { code, stderr } = await runCli(["up", "--stack", "aws-dev", "--yes"], { fake });
            assert.equal(code, 1);
            assert.equal(stderr.slice(stderr.indexOf(":\n") + 2), [
                "aws:eks:Cluster (platform-cluster):",
                "error: creating EKS Cluster (acme-transit-dev): operation error EKS: CreateCluster,",
                "  https response error StatusCode: 403, AccessDeniedException",
                "pulumi:pulumi:Stack (anycloud-aws-dev):",
                "error: update failed",
                "",
            ].join("\n"));
        });

        it("no error line anywhere: the last lines of stderr; more than 12 error lines: the first, and how many more", () => {
            const noErrors = failedCommand(["preview"], failedDisplay("aws-dev", "preview"), "panic: something odd\ngoroutine 1 [running]:\nmain.main()\n", 2);
            assert.equal(engineMessage(noErrors), "panic: something odd\ngoroutine 1 [running]:\nmain.main()");
            const silent = failedCommand(["preview"], "", "", 2);
            assert.equal(engineMessage(silent), "Command failed with exit code 2: pulumi preview");
            const many = failedCommand(["up"], "", Array.from({ length: 20 }, (_, n) => `error: problem ${n + 1}`).join("\n"), 255);
            const lines = engineMessage(many).split("\n");
            assert.equal(lines.length, 12);
            assert.deepEqual([lines[0], lines[10], lines[11]], ["error: problem 1", "error: problem 11", "(9 more lines)"]);
            assert.equal(engineMessage(new Error("not a command")), "not a command");
        });
    });

    it("a stack missing from the backend: how to create it, exit 1", async () => {
        const fake = new FakePulumi((i) => (i.args[0] === "stack" && i.args[1] === "select" ? { code: 255, stderr: NOT_FOUND_STDERR } : undefined));
        const { code, stderr } = await runCli(["preview", "--stack", "aws-dev"], { fake });
        assert.equal(code, 1);
        assert.match(stderr, /preview of aws-dev not found .*stack "aws-dev" does not exist in the backend/s);
        assert.match(stderr, /pulumi stack init aws-dev/);
        assert.equal(fake.engineRuns().length, 0);
    });

    describe("a locked stack (another update in progress)", () => {
        it("says which stack, how to check and when `pulumi cancel` is safe; exit 4", async () => {
            const fake = new FakePulumi((i) => (i.args[0] === "up" ? { code: 255, stderr: LOCKED_STDERR } : undefined));
            const { code, stderr, sleeps } = await runCli(["up", "--stack", "aws-dev", "--yes"], { fake });
            assert.equal(code, 4);
            assert.match(stderr, /stack "aws-dev" is locked: another update is running on it\./);
            assert.match(stderr, /pulumi stack history --stack aws-dev/);
            assert.match(stderr, /Only if you are sure no update is running .*pulumi cancel --stack aws-dev/s);
            assert.match(stderr, /--retry-locked N/);
            assert.deepEqual(sleeps, []);
            assert.equal(fake.engineRuns().length, 1);
        });

        it("--retry-locked N retries with backoff and goes on once the lock is gone", async () => {
            let attempts = 0;
            const fake = new FakePulumi((i) => (i.args[0] === "up" && ++attempts <= 2 ? { code: 255, stderr: LOCKED_STDERR } : undefined));
            const { code, stdout, sleeps } = await runCli(["up", "--stack", "aws-dev", "--yes", "--retry-locked", "3"], { fake });
            assert.equal(code, 0);
            assert.equal(fake.engineRuns().length, 3);
            assert.deepEqual(sleeps, [15_000, 30_000]);
            assert.match(stdout, /locked by another update; retry 1 of 3 in 15s/);
            assert.match(stdout, /up of aws-dev succeeded/);
        });

        it("gives up after N retries (the DIY backend's lock message too): exit 4", async () => {
            const fake = new FakePulumi((i) => (i.args[0] === "preview" ? { code: 255, stderr: "error: the stack is currently locked by 1 lock(s)." } : undefined));
            const { code, stderr, sleeps } = await runCli(["preview", "--stack", "aws-dev", "--retry-locked", "2"], { fake });
            assert.equal(code, 4);
            assert.equal(fake.engineRuns().length, 3);
            assert.deepEqual(sleeps, [15_000, 30_000]);
            assert.match(stderr, /still locked after 2 retries/);
        });
    });

    describe("the destroy guard", () => {
        type Case = [string, { stack: string; yes: boolean; interactive: boolean; ci: boolean; answers?: string[] }, number, RegExp | undefined];
        const cases: Case[] = [
            ["prod without --yes: refused", { stack: "aws-prod", yes: false, interactive: true, ci: false }, 6, /needs --yes, and at a terminal the stack name typed/],
            ["prod without --yes in CI: refused", { stack: "aws-prod", yes: false, interactive: false, ci: true }, 6, /needs --yes/],
            ["prod --yes at a terminal, the wrong name typed: refused", { stack: "aws-prod", yes: true, interactive: true, ci: false, answers: ["aws-dev"] }, 6, /the name typed \("aws-dev"\) is not the stack's/],
            ["prod --yes at a terminal, the stack name typed: destroyed", { stack: "aws-prod", yes: true, interactive: true, ci: false, answers: ["aws-prod"] }, 0, undefined],
            ["prod --yes in CI (CI=true, no terminal): destroyed", { stack: "aws-prod", yes: true, interactive: false, ci: true }, 0, undefined],
            ["prod --yes with no terminal outside CI: refused", { stack: "aws-prod", yes: true, interactive: false, ci: false }, 6, /no terminal to type the stack name at, and this is not CI/],
            ["dev --yes: destroyed", { stack: "aws-dev", yes: true, interactive: false, ci: false }, 0, undefined],
            ["dev without --yes, no terminal: refused", { stack: "aws-dev", yes: false, interactive: false, ci: true }, 6, /needs --yes when not run at a terminal/],
            ["dev without --yes at a terminal, answered yes: destroyed", { stack: "aws-dev", yes: false, interactive: true, ci: false, answers: ["y"] }, 0, undefined],
            ["dev without --yes at a terminal, answered no: refused", { stack: "aws-dev", yes: false, interactive: true, ci: false, answers: ["n"] }, 6, /not confirmed/],
        ];
        for (const [what, setup, expectedCode, message] of cases) {
            it(what, async () => {
                const fake = new FakePulumi();
                const argv = ["destroy", "--stack", setup.stack, ...(setup.yes ? ["--yes"] : [])];
                const { code, stderr, prompts } = await runCli(argv, { fake, interactive: setup.interactive, env: setup.ci ? { CI: "true" } : {}, answers: setup.answers });
                assert.equal(code, expectedCode, stderr);
                if (message) {
                    assert.match(stderr, message);
                    assert.match(stderr, /Nothing was touched\./);
                    assert.deepEqual(fake.invocations, [], "a refused destroy must not reach the engine");
                } else {
                    assert.equal(fake.engineRuns().length, 1);
                    assert.equal(fake.engineRuns()[0].args[0], "destroy");
                }
                if (setup.stack === "aws-prod" && setup.yes && setup.interactive) {
                    assert.match(prompts[0], /Type the stack name to confirm/);
                }
            });
        }
    });

    describe("production unless the stack file itself says otherwise", () => {
        const withoutEnvironment = Object.fromEntries(Object.entries(AWS_DEV_CONFIG).filter(([key]) => key !== "environment"));
        const dir = tempProject({
            "Pulumi.yaml": projectYaml(),
            "Pulumi.unset.yaml": stackYaml(withoutEnvironment),
            "Pulumi.esc.yaml": stringify({ environment: ["acme/aws-dev"], config: parse(stackYaml(AWS_DEV_CONFIG)).config }),
            "Pulumi.legacy.yaml": stackYaml(withoutEnvironment, { "anycloud:config:environment": "staging" }),
            "Pulumi.bare.yaml": stackYaml(withoutEnvironment, { environment: "dev" }),
            "Pulumi.secure.yaml": stackYaml(withoutEnvironment, { "anycloud:environment": { secure: "v1:abc" } }),
        });
        const guard = (stack: string) => guardEnvironment(readStack(dir, stack));

        it("reads anycloud:environment from the stack file, in any of Pulumi's spellings of the key", () => {
            assert.deepEqual(guard("legacy"), { environment: "staging" });
            assert.deepEqual(guard("bare"), { environment: "dev" }, "a bare key in the anycloud project is anycloud:environment");
            assert.deepEqual(guardEnvironment(readStack(REPO_ROOT, "aws-dev")), { environment: "dev" });
            assert.deepEqual(guardEnvironment(readStack(REPO_ROOT, "aws-prod")), { environment: "prod" });
        });

        it("absent, imported from Pulumi ESC, or encrypted: production, with the reason", () => {
            assert.deepEqual(guard("unset"), { environment: "prod", assumed: "its stack file does not set anycloud:environment" });
            assert.equal(guard("esc").environment, "prod");
            assert.match(guard("esc").assumed ?? "", /imports Pulumi ESC environments \(`environment:`\)/);
            assert.equal(guard("secure").environment, "prod");
            assert.match(guard("secure").assumed ?? "", /not one of dev, staging, prod/);
        });

        for (const [stack, reason] of [["unset", /does not set anycloud:environment/], ["esc", /imports Pulumi ESC environments/]] as const) {
            it(`destroy of "${stack}" needs what production needs: the typed name at a terminal, and is refused without one outside CI`, async () => {
                const refused = await runCli(["destroy", "--stack", stack, "--cwd", dir, "--yes"], { fake: new FakePulumi() });
                assert.equal(refused.code, 6);
                assert.match(refused.stderr, new RegExp(`destroy of stack "${stack}" \\(treated as production: .*\\) refused: there is no terminal`));
                assert.match(refused.stderr, reason);

                const fake = new FakePulumi();
                const typed = await runCli(["destroy", "--stack", stack, "--cwd", dir, "--yes"], { fake, interactive: true, answers: [stack] });
                assert.equal(typed.code, 0, typed.stderr);
                assert.match(typed.prompts[0], new RegExp(`Stack "${stack}" is treated as production: `));
                assert.match(typed.prompts[0], /Type the stack name to confirm/);
                assert.equal(fake.engineRuns().length, 1);
            });
        }
    });

    describe("up without --yes", () => {
        it("outside a terminal: refused, exit 6, nothing run", async () => {
            const fake = new FakePulumi();
            const { code, stderr } = await runCli(["up", "--stack", "aws-dev"], { fake, env: { CI: "true" } });
            assert.equal(code, 6);
            assert.match(stderr, /needs --yes when not run at a terminal/);
            assert.deepEqual(fake.invocations, []);
        });

        it("at a terminal: the preview first, then the question; yes deploys, no stops", async () => {
            const yes = new FakePulumi();
            const accepted = await runCli(["up", "--stack", "aws-dev"], { fake: yes, interactive: true, answers: ["yes"] });
            assert.equal(accepted.code, 0);
            assert.deepEqual(yes.engineRuns().map((i) => i.args[0]), ["preview", "up"]);
            assert.match(accepted.stdout, /Changes: 1 create, 1 update, 40 same/);
            assert.match(accepted.prompts[0], /Apply these changes to stack "aws-dev"\?/);

            const no = new FakePulumi();
            const declined = await runCli(["up", "--stack", "aws-dev"], { fake: no, interactive: true, answers: [""] });
            assert.equal(declined.code, 6);
            assert.deepEqual(no.engineRuns().map((i) => i.args[0]), ["preview"]);
        });
    });

    describe("options the commands refuse", () => {
        const cases: [string, string[], RegExp][] = [
            ["no --stack", ["up", "--yes"], /up needs --stack NAME/],
            ["--policy-pack on destroy", ["destroy", "--stack", "aws-dev", "--policy-pack", "policies/pack"], /Unknown option '--policy-pack'/],
            ["--target on outputs", ["outputs", "--stack", "aws-dev", "--target", "urn:a"], /Unknown option '--target'/],
            ["--yes on preview", ["preview", "--stack", "aws-dev", "--yes"], /Unknown option '--yes'/],
            ["a missing policy pack", ["preview", "--stack", "aws-dev", "--policy-pack", "no/such/pack"], /--policy-pack no\/such\/pack: no such directory/],
            ["a negative --retry-locked", ["up", "--stack", "aws-dev", "--yes", "--retry-locked", "-1"], /--retry-locked/],
            ["an unknown stack", ["preview", "--stack", "aws-nope"], /unknown stack "aws-nope"/],
        ];
        for (const [what, argv, message] of cases) {
            it(`exits 2 for ${what}, before the engine`, async () => {
                const fake = new FakePulumi();
                const { code, stderr } = await runCli(argv, { fake });
                assert.equal(code, 2, stderr);
                assert.match(stderr, message);
                assert.deepEqual(fake.invocations, []);
            });
        }
    });
});
