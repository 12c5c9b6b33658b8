#!/usr/bin/env node
"use strict";
// Launcher: the compiled CLI when the package was built (npm run build, or the published
// package), otherwise the TypeScript sources through ts-node, so a fresh checkout
// needs no build step. CommonJS on purpose: it must run before anything is compiled.
const { existsSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const built = join(root, "dist", "cli", "main.js");

let cli;
if (existsSync(built)) {
    cli = require(built);
} else {
    require("ts-node").register({ transpileOnly: true, project: join(root, "tsconfig.json") });
    cli = require(join(root, "cli", "main.ts"));
}

cli.main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        process.stderr.write(`anycloud: ${error && error.stack ? error.stack : error}\n`);
        process.exitCode = 1;
    },
);
