import { strict as assert } from "assert";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, relative, resolve } from "path";
import { parse } from "yaml";
import { checkVersion, MIN_PULUMI_VERSION, PulumiCliError } from "../../cli/automation/pulumi-cli";
import { REPO_ROOT } from "../plan/fixtures";
import { FakePulumi } from "./fake-pulumi";
import { runCli } from "./helpers";

/** Runs `work` with PATH holding only `dir` (and node's own directory, which has no pulumi). */
async function withPath<T>(dir: string, work: () => Promise<T>): Promise<T> {
    const saved = process.env.PATH;
    const skip = process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK;
    process.env.PATH = dir;
    delete process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK;
    try {
        return await work();
    } finally {
        process.env.PATH = saved;
        if (skip !== undefined) {
            process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK = skip;
        }
    }
}

/** A directory with a `pulumi` that only answers `pulumi version`. */
function pulumiPrinting(version: string): string {
    const dir = mkdtempSync(join(tmpdir(), "anycloud-pulumi-"));
    writeFileSync(join(dir, "pulumi"), `#!/bin/sh\necho ${version}\n`);
    chmodSync(join(dir, "pulumi"), 0o755);
    return dir;
}

describe("cli: a missing or too old Pulumi CLI", () => {
    it("no pulumi on the PATH (PulumiCommand.get fails): a plain message with how to install it and the minimum version, exit 5", async () => {
        const empty = mkdtempSync(join(tmpdir(), "anycloud-no-pulumi-"));
        for (const argv of [["preview", "--stack", "aws-dev"], ["up", "--stack", "aws-dev", "--yes"], ["outputs", "--stack", "aws-dev"], ["fleet", "preview", "--stacks", "*-dev"]]) {
            const { code, stdout, stderr } = await withPath(empty, () => runCli(argv));
            assert.equal(code, 5, `${argv.join(" ")}: ${stderr}`);
            assert.equal(stdout, "");
            assert.match(stderr, /^anycloud: the Pulumi CLI is not installed: there is no `pulumi` on the PATH\./);
            assert.match(stderr, /curl -fsSL https:\/\/get\.pulumi\.com \| sh/);
            assert.match(stderr, new RegExp(`version ${MIN_PULUMI_VERSION.replace(/\./g, "\\.")} or newer`));
            assert.match(stderr, /PulumiCommand\.install/);
            assert.match(stderr, /`anycloud plan` needs no Pulumi CLI/);
            assert.doesNotMatch(stderr, /\n\s+at /);
        }
    });

    it("a pulumi older than the minimum on the PATH: says so with the version it found, exit 5", async () => {
        const { code, stderr } = await withPath(pulumiPrinting("v3.100.0"), () => runCli(["preview", "--stack", "aws-dev"]));
        assert.equal(code, 5);
        assert.match(stderr, new RegExp(`Pulumi CLI v?3\\.100\\.0 is too old: anycloud needs ${MIN_PULUMI_VERSION.replace(/\./g, "\\.")} or newer`));
    });

    it("a fake command too old, of the next major version, or of an unreadable version: exit 5; the documented opt-out skips the check", async () => {
        for (const [version, message] of [["3.207.9", /3\.207\.9 is too old/], ["4.0.0", /4\.0\.0 is a new major version/], ["dev", /cannot tell the Pulumi CLI's version/]] as const) {
            const fake = new FakePulumi(undefined, version);
            const { code, stderr } = await runCli(["preview", "--stack", "aws-dev"], { fake });
            assert.equal(code, 5, version);
            assert.match(stderr, message);
            assert.deepEqual(fake.invocations, []);
        }
        const old = new FakePulumi(undefined, "3.207.9");
        const skipped = await runCli(["preview", "--stack", "aws-dev"], { fake: old, env: { PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true" } });
        assert.equal(skipped.code, 0);
    });

    it("checkVersion accepts the minimum and newer 3.x releases", () => {
        for (const version of [MIN_PULUMI_VERSION, `v${MIN_PULUMI_VERSION}`, "3.208.1", "3.276.0-alpha.1+dirty", "3.300.0"]) {
            assert.doesNotThrow(() => checkVersion(version, {}), version);
        }
        assert.throws(() => checkVersion("3.99.0", {}), PulumiCliError);
    });

    it("the minimum is the one Pulumi.yaml requires (requiredVersion) and the README names", () => {
        const project = parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { requiredVersion: string };
        assert.equal(project.requiredVersion, `>=${MIN_PULUMI_VERSION}`);
        assert.match(readFileSync(join(REPO_ROOT, "README.md"), "utf8"), new RegExp(`Pulumi CLI \\| ${MIN_PULUMI_VERSION.replace(/\./g, "\\.")} or newer`));
    });

    it("`anycloud plan` never reaches the engine driver: cli/main.ts imports cli/automation and cli/fleet only dynamically, inside the engine commands", () => {
        // The static import graph from the CLI's entry; `import type` and `await import()` are not in it.
        // (@pulumi/pulumi's root module loads its own automation submodule; what runs `pulumi` is the driver.)
        const seen = new Set<string>();
        const visit = (file: string): void => {
            if (seen.has(file)) {
                return;
            }
            seen.add(file);
            const text = readFileSync(file, "utf8");
            for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gms)) {
                const base = resolve(dirname(file), match[1]);
                const target = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
                if (target) {
                    visit(target);
                }
            }
        };
        visit(join(REPO_ROOT, "cli", "main.ts"));
        const reached = [...seen].map((file) => relative(REPO_ROOT, file));
        assert.ok(reached.includes(join("cli", "plan.ts")) && reached.some((file) => file.startsWith("plan")), "the walk follows the plan's imports");
        assert.deepEqual(reached.filter((file) => /^cli[\\/](automation|fleet)[\\/]/.test(file)), []);
        assert.match(readFileSync(join(REPO_ROOT, "cli", "main.ts"), "utf8"), /await import\("\.\/automation\/command"\)/);
    });
});
