// A step of .ci/run: the package as a user installs it. Packs this repository, installs the tarball
// into a copy of examples/consumer (in the temp directory, see prepareConsumer) with only the AWS
// SDKs, type-checks the consumer's program and plans its stack with the installed `anycloud` command. Fails on the first thing that is not so; prints how
// long each step took. Run: node -r ts-node/register/transpile-only scripts/consumer-check.ts
import { strict as assert } from "assert";
import { rmSync, writeFileSync } from "fs";
import { join } from "path";
import { performance } from "perf_hooks";
import { AWS_SDKS, consumerTsc, isInstalled, OTHER_CLOUD_SDKS, prepareConsumer, run } from "./consumer";

const node = process.execPath;
const timings: [string, number][] = [];
const step = (label: string, ms: number) => timings.push([label, ms]);

/** A stack of the consumer that chooses Azure, whose SDK the consumer does not have. */
const AZURE_STACK = "azure-check";
const AZURE_STACK_FILE = `config:
  anycloud:cloud: azure
  anycloud:region: westeurope
  anycloud:customer: acme
  anycloud:project: shop
  anycloud:allowedCidrs: [203.0.113.0/24]
  anycloud:bastion:
    enabled: false
  anycloud:azure:
    subscriptionId: 00000000-0000-0000-0000-000000000000
    tenantId: 00000000-0000-0000-0000-000000000000
`;

function main(): void {
    const start = performance.now();
    const { dir, packMs, installMs } = prepareConsumer();
    try {
        check(dir, packMs, installMs);
    } finally {
        if (!process.env.KEEP_CONSUMER) {
            rmSync(dir, { recursive: true, force: true });
        }
    }
    step("total", performance.now() - start);
    process.stdout.write("\nconsumer check passed:\n");
    for (const [label, ms] of timings) {
        process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label}\n`);
    }
}

function check(dir: string, packMs: number, installMs: number): void {
    step("npm pack (builds dist/)", packMs);
    step("npm install --prefer-offline (tarball + AWS SDKs)", installMs);

    for (const name of ["anycloud", ...AWS_SDKS, "@pulumi/pulumi", "@pulumi/kubernetes"]) {
        assert.ok(isInstalled(dir, name), `${name} should be installed in the consumer`);
    }
    for (const name of OTHER_CLOUD_SDKS) {
        assert.ok(!isInstalled(dir, name), `${name} must not be installed with only AWS chosen (an optional peer of anycloud)`);
    }

    const tsc = consumerTsc(dir);
    step("tsc --noEmit", run(node, [tsc, "--noEmit", "-p", "."], dir).ms);
    // What type-checking the consumer reads: anycloud's root types must lead to no cloud SDK.
    const files = run(node, [tsc, "--listFilesOnly", "-p", "."], dir, { quiet: true }).result.stdout.split("\n");
    const cloudTypes = files.filter((file) => /node_modules[\\/]@pulumi[\\/](aws|eks|azure-native|gcp)[\\/]/.test(file));
    assert.deepEqual(cloudTypes, [], "anycloud's root entry must reference no cloud SDK types");
    assert.ok(files.some((file) => /node_modules[\\/]anycloud[\\/]dist[\\/]lib\.d\.ts$/.test(file)), "the consumer type-checks against the packed dist/lib.d.ts");

    const anycloud = join(dir, "node_modules", "anycloud", "bin", "anycloud.js");
    const planned = run(node, [anycloud, "plan", "--cwd", dir, "--stack", "dev"], dir);
    step("anycloud plan --cwd <consumer> --stack dev", planned.ms);
    assert.match(planned.result.stdout, /eks:index:Cluster/);
    assert.match(planned.result.stdout, /acme-platform/);

    // Choosing a cloud whose SDK is not installed: exit 1 and what to install, no stack trace.
    const stackFile = join(dir, `Pulumi.${AZURE_STACK}.yaml`);
    writeFileSync(stackFile, AZURE_STACK_FILE);
    try {
        const refused = run(node, [anycloud, "plan", "--cwd", ".", "--stack", AZURE_STACK], dir, { allowFailure: true });
        step(`anycloud plan --stack ${AZURE_STACK} (no Azure SDK: refused)`, refused.ms);
        assert.equal(refused.result.status, 1, refused.result.stderr);
        assert.match(refused.result.stderr, /npm install @pulumi\/azure-native@\^/);
        assert.doesNotMatch(refused.result.stderr, /\n\s+at /, "no stack trace");
    } finally {
        rmSync(stackFile, { force: true });
    }
}

main();
