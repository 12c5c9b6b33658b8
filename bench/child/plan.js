/* eslint-disable @typescript-eslint/no-require-imports -- a plain script: the bench measures it without a compiler */
// The built `anycloud` command (what bin/anycloud.js runs once dist/ is built), stdout discarded:
// `node bench/child/plan.js plan --stack aws-dev`. BENCH_LOADED=FILE also writes the files it loaded.
const { writeFileSync } = require("fs");
const { join } = require("path");

const { main } = require(join(__dirname, "..", "..", "dist", "cli", "main.js"));
const io = { stdout: () => undefined, stderr: (text) => process.stderr.write(text), cwd: process.cwd(), env: process.env };
main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
    if (process.env.BENCH_LOADED) {
        writeFileSync(process.env.BENCH_LOADED, JSON.stringify(Object.keys(require.cache)));
    }
});
