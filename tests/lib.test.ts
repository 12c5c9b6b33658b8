import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

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
});
