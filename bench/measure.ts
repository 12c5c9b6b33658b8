// One measurement, run by bench/plan.ts in a fresh process so no module cache is shared:
//   measure.ts require <module>...   loads the modules and nothing else
//   measure.ts plan <projectDir> <stack>
// Prints one JSON line: { ms, peakRssMb, maxRssMb, resources? }.
import { performance } from "perf_hooks";

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);

async function work(mode: string, args: string[]): Promise<number | undefined> {
    if (mode === "require") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading cost is what is measured
        args.forEach((id) => require(id));
        return undefined;
    }
    if (mode === "plan") {
        const { planStack } = await import("../plan/run");
        const { document } = await planStack(args[0], args[1], "anycloud bench");
        return document.summary.total;
    }
    throw new Error(`unknown mode ${mode}`);
}

async function measure(): Promise<void> {
    const [mode, ...args] = process.argv.slice(2);
    const start = performance.now();
    const resources = await work(mode, args);
    const ms = performance.now() - start;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ ms, peakRssMb: peakRss / 2 ** 20, maxRssMb, resources })}\n`);
}

measure().catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exitCode = 1;
});
