/* eslint-disable @typescript-eslint/no-require-imports -- a plain script: the bench measures it without a compiler */
// The reference for a plan: `node bench/child/require.js --list FILE` loads the modules (paths) listed
// in FILE (JSON) and nothing else; `require.js <module>...` loads those.
const { readFileSync } = require("fs");

const [first, file] = process.argv.slice(2);
const modules = first === "--list" ? JSON.parse(readFileSync(file, "utf8")) : process.argv.slice(2);
for (const id of modules) {
    require(id);
}
