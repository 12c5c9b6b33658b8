"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it runs before anything is compiled */
// package.json "main". `require("anycloud")` goes through "exports" to dist/lib.js; "main" is read by
// whatever loads the package by its directory. Pulumi's plugin runner does so when the package is used
// as a component package (PulumiPlugin.yaml, `pulumi package add`): for it, this starts the component
// provider (plugin/host.ts) and exports nothing, so the runner looks for no components of its own. For
// anything else it is the library, as "main" always was. The compiled modules when built, else the
// TypeScript sources (bin/load.js).
const { load } = require("../bin/load");

const runner = (require.main && require.main.filename) || "";
if (/[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin[\\/]/.test(runner)) {
    module.exports = {};
    load("plugin/host").hostComponentProvider().catch((error) => {
        process.stderr.write(`anycloud: the component provider failed: ${error && error.stack ? error.stack : error}\n`);
        process.exitCode = 1;
    });
} else {
    module.exports = load("lib");
}
