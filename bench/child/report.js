/* eslint-disable @typescript-eslint/no-require-imports -- a plain script: the bench measures it without a compiler */
// Preloaded into every measured process (node -r bench/child/report.js ...): at exit it writes the
// process's peak memory and CPU time to the file named by BENCH_REPORT, plus whatever the measured
// script put into `globalThis.benchExtra`.
const { writeFileSync } = require("fs");

const report = process.env.BENCH_REPORT;
if (report) {
    process.on("exit", () => {
        const usage = process.resourceUsage();
        writeFileSync(report, JSON.stringify({
            maxRssMb: usage.maxRSS / 1024,
            cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
            ...(globalThis.benchExtra ?? {}),
        }));
    });
}
