#!/usr/bin/env node
"use strict";
// Launcher: the compiled CLI when the package was built (npm run build, or the published
// package), otherwise the TypeScript sources through ts-node, so a fresh checkout
// needs no build step. CommonJS on purpose: it must run before anything is compiled.
const { existsSync, readdirSync, statSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const built = join(root, "dist", "cli", "main.js");
const SOURCE_DIRS = ["cli", "plan", "components", "providers"];

/** Newest .ts mtime in the source folders; 0 in the published package, which ships none. */
function newestSource() {
    let newest = 0;
    const visit = (dir) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) {
                visit(path);
            } else if (entry.name.endsWith(".ts")) {
                newest = Math.max(newest, statSync(path).mtimeMs);
            }
        }
    };
    SOURCE_DIRS.map((dir) => join(root, dir)).filter(existsSync).forEach(visit);
    return newest;
}

// In a checkout, a dist/ older than the sources would silently plan with old code.
const useBuilt = existsSync(built) && statSync(built).mtimeMs >= newestSource();

let cli;
if (useBuilt) {
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
