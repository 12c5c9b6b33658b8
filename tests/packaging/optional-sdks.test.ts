// The cloud SDKs are optional peers: a team installs its clouds' only. package.json and the adapter
// loader agree on which packages each cloud needs, and choosing a cloud whose SDK is missing says
// what to install, without a stack trace, in `anycloud plan` and under `pulumi up`.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import { RunError } from "@pulumi/pulumi/errors";
import { CLOUD_SDKS, IMPLEMENTED_CLOUDS, MissingSdkError, missingPackage } from "../../providers";

const ROOT = join(__dirname, "..", "..");

interface Manifest {
    main: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
    exports: Record<string, string | { types: string; default: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
    files: string[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest, as data
const manifest = require("../../package.json") as Manifest;

describe("optional cloud SDKs (package.json)", () => {
    it("declares each cloud's SDKs as optional peers, kept as dev dependencies so this repository plans every cloud", () => {
        const optional = Object.keys(manifest.peerDependenciesMeta).filter((name) => manifest.peerDependenciesMeta[name].optional);
        assert.deepEqual([...optional].sort(), [...Object.values(CLOUD_SDKS).flat(), "@pulumi/policy"].sort());
        assert.deepEqual(Object.keys(CLOUD_SDKS).sort(), [...IMPLEMENTED_CLOUDS].sort());
        for (const name of Object.keys(manifest.peerDependencies)) {
            assert.equal(manifest.devDependencies[name], manifest.peerDependencies[name], `${name}: the range tested here is the range asked of users`);
            assert.equal(manifest.dependencies[name], undefined, `${name} is a peer, not a dependency`);
        }
    });

    it("requires @pulumi/pulumi and @pulumi/kubernetes as peers (one runtime, and the cluster's Kubernetes provider shared with the user's program)", () => {
        for (const name of ["@pulumi/pulumi", "@pulumi/kubernetes"]) {
            assert.ok(manifest.peerDependencies[name], `${name} is a peer`);
            assert.ok(!manifest.peerDependenciesMeta[name]?.optional, `${name} is a required peer`);
        }
    });

    it("exports the root, each cloud's adapter, the policies and package.json, with types for every resolution mode", () => {
        assert.deepEqual(Object.keys(manifest.exports), [".", "./aws", "./azure", "./gcp", "./policies", "./package.json"]);
        for (const [subpath, target] of Object.entries(manifest.exports)) {
            if (typeof target === "string") {
                continue;
            }
            assert.match(target.types, /^\.\/dist\/.+\.d\.ts$/);
            assert.equal(target.default, target.types.replace(/\.d\.ts$/, ".js"));
            if (subpath !== ".") {
                assert.deepEqual(manifest.typesVersions["*"][subpath.slice(2)], [target.types.slice(2)], `${subpath}: typesVersions for moduleResolution node`);
            }
        }
        assert.ok(manifest.files.includes(manifest.main), "main is shipped");
        assert.ok(existsSync(join(ROOT, manifest.main)));
    });
});

describe("choosing a cloud whose SDK is not installed", () => {
    it("reads the missing package from Node's error", () => {
        const error = Object.assign(new Error("Cannot find module '@pulumi/azure-native/network'\nRequire stack:\n- x.js"), { code: "MODULE_NOT_FOUND" });
        assert.equal(missingPackage(error), "@pulumi/azure-native");
        assert.equal(missingPackage(Object.assign(new Error("Cannot find module 'netmask'"), { code: "MODULE_NOT_FOUND" })), "netmask");
        assert.equal(missingPackage(new Error("Cannot find module '@pulumi/gcp'")), undefined, "only MODULE_NOT_FOUND");
    });

    it("is a RunError naming the packages to install with the ranges package.json asks for, so `pulumi up` prints it without a stack trace", () => {
        const error = new MissingSdkError("aws", "@pulumi/eks");
        assert.ok(error instanceof RunError);
        assert.equal(error.stack, error.message);
        assert.match(error.message, /anycloud:cloud is "aws", but @pulumi\/eks is not installed/);
        assert.ok(error.message.includes(`npm install @pulumi/aws@${manifest.peerDependencies["@pulumi/aws"]} @pulumi/eks@${manifest.peerDependencies["@pulumi/eks"]}`));
    });

    it("fails `anycloud plan` with exit 1 and that message alone", function () {
        this.timeout(60_000);
        // A fresh process in which @pulumi/azure-native cannot be found.
        const hide = `
            const Module = require("module");
            const resolve = Module._resolveFilename;
            Module._resolveFilename = function (request, ...rest) {
                if (/^@pulumi\\/azure-native(\\/|$)/.test(request)) {
                    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: "MODULE_NOT_FOUND" });
                }
                return resolve.call(this, request, ...rest);
            };
            require("./cli/main.ts").main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
        const refused = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", hide, "plan", "--stack", "azure-dev"], { cwd: ROOT, encoding: "utf8" });
        assert.equal(refused.status, 1, refused.stderr);
        assert.equal(refused.stdout, "");
        assert.match(refused.stderr, /^anycloud: anycloud:cloud is "azure", but @pulumi\/azure-native is not installed\..*\n {2}npm install @pulumi\/azure-native@\^\d/s);
        assert.doesNotMatch(refused.stderr, /\n\s+at /, "no stack trace");
    });
});
