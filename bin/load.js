"use strict";
// Loads one of the package's modules: the compiled one when the package was built (npm run build,
// or the published package), otherwise the TypeScript source through ts-node, so a fresh checkout
// needs no build step. Shared by bin/anycloud.js (the CLI) and plugin/main.js (package.json "main").
// CommonJS on purpose: it must run before anything is compiled.
const { existsSync, readdirSync, statSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const SOURCE_DIRS = ["cli", "plan", "components", "providers", "policies", "plugin"];
const SOURCE_FILES = ["lib.ts"];

/** Newest .ts mtime among the sources; 0 in the published package, which ships none. */
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
    SOURCE_FILES.map((file) => join(root, file)).filter(existsSync).forEach((file) => {
        newest = Math.max(newest, statSync(file).mtimeMs);
    });
    return newest;
}

/** `module` is a path below the package root without extension, e.g. "cli/main". */
function load(module) {
    const built = join(root, "dist", `${module}.js`);
    // In a checkout, a dist/ older than the sources would silently run old code.
    if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) {
        return require(built);
    }
    registerTypeScript();
    return require(join(root, `${module}.ts`));
}

/**
 * Compiles the sources without type-checking them (`npm test` does that). Pulumi's plugin runner
 * registers ts-node with type checking before it loads the package (plugin/main.js), which would
 * type-check every module as it loads, for seconds: that registration is turned off (it then hands
 * each file on) and this one takes its place.
 */
function registerTypeScript() {
    const registered = process[Symbol.for("ts-node.register.instance")];
    if (registered && registered.options && registered.options.transpileOnly) {
        return;
    }
    if (registered && typeof registered.enabled === "function") {
        registered.enabled(false);
    }
    require("ts-node").register({ transpileOnly: true, project: join(root, "tsconfig.json") });
}

module.exports = { load };
