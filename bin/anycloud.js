#!/usr/bin/env node
"use strict";
// The `anycloud` command: the compiled CLI when the package was built, otherwise its TypeScript
// sources (bin/load.js).
const { load } = require("./load");

load("cli/main").main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        process.stderr.write(`anycloud: ${error && error.stack ? error.stack : error}\n`);
        process.exitCode = 1;
    },
);
