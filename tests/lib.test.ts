import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");

/** Cloud SDK packages: optional peers, so the library's public types must not need them. */
const CLOUD_SDK_FILE = /node_modules[\\/]@pulumi[\\/](aws|eks|azure-native|gcp)[\\/]/;

describe("library entry", () => {
    it("imports outside any Pulumi run without creating resources or loading a cloud SDK", () => {
        // A fresh process: any resource constructed at import time would throw for lack of an engine.
        const script = `
            const lib = require("./lib.ts");
            const loaded = Object.keys(require.cache).filter((k) => /@pulumi[\\\\/](aws|azure-native|gcp|eks)[\\\\/]/.test(k));
            console.log(JSON.stringify({ exports: Object.keys(lib), loaded }));`;
        const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
        const { exports, loaded } = JSON.parse(out.trim().split("\n").pop()!);
        assert.ok(exports.includes("Platform") && exports.includes("loadPlatformArgs") && exports.includes("Cloud"));
        assert.deepEqual(loaded, [], "the AWS SDK loads only when an AWS platform is built");
    });

    it("has public types that reference no cloud SDK: type-checking a program that imports it reads none", () => {
        // Every file the compiler reads for lib.ts and what it imports, types included: the declarations
        // built from them (dist/lib.d.ts) can only refer to these. scripts/consumer-check.ts checks the
        // same on the packed package, in a project with only the AWS SDKs.
        const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
        const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
        const program = ts.createProgram([path.join(ROOT, "lib.ts")], { ...options, noEmit: true });
        const files = program.getSourceFiles().map((file) => file.fileName);
        assert.ok(files.some((file) => /node_modules[\\/]@pulumi[\\/]pulumi[\\/]/.test(file)), "sanity: the program reads @pulumi/pulumi's types");
        assert.deepEqual(files.filter((file) => CLOUD_SDK_FILE.test(file)), []);
    });
});
