// `npm run bench`: for each reference stack (Pulumi.*.yaml in the repo root), the time
// and memory of planning it next to the cost of merely loading the SDKs it uses, each
// in a fresh process. Prints a table; asserts nothing. BENCH_RUNS=n takes the median of n.
import { spawnSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { performance } from "perf_hooks";
import { listStacks, readStack } from "../plan/stack-files";

const ROOT = resolve(__dirname, "..");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));

interface Sample {
    wallMs: number;
    ms: number;
    peakRssMb: number;
    maxRssMb: number;
    resources?: number;
}

/** The @pulumi modules the code path of `cloud` imports (its adapter plus the shared components). */
function sdkModules(cloud: string): string[] {
    const modules = new Set<string>(["@pulumi/pulumi"]);
    const scan = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) {
                scan(path);
            } else if (entry.name.endsWith(".ts")) {
                for (const match of readFileSync(path, "utf8").matchAll(/from "(@pulumi\/[^"]+)"/g)) {
                    modules.add(match[1]);
                }
            }
        }
    };
    scan(join(ROOT, "components"));
    scan(join(ROOT, "providers", cloud));
    return [...modules].sort();
}

function runOnce(args: string[]): Sample {
    const start = performance.now();
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "measure.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
    const wallMs = performance.now() - start;
    if (child.status !== 0) {
        throw new Error(`measure ${args.join(" ")} failed:\n${child.stderr}`);
    }
    return { wallMs, ...(JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as Omit<Sample, "wallMs">) };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function measure(args: string[]): Sample {
    const samples = Array.from({ length: RUNS }, () => runOnce(args));
    return {
        wallMs: median(samples.map((s) => s.wallMs)),
        ms: median(samples.map((s) => s.ms)),
        peakRssMb: median(samples.map((s) => s.peakRssMb)),
        maxRssMb: median(samples.map((s) => s.maxRssMb)),
        resources: samples[0].resources,
    };
}

function row(cells: string[]): string {
    const widths = [10, 28, 12, 10, 14, 12];
    return cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
}

function main(): void {
    console.log(`node ${process.version}, ${RUNS} run(s) per cell (median); every cell is a fresh process started with ts-node (transpile-only).`);
    console.log("wall = the whole child process; work = the measured step alone; RSS = peak resident memory (sampled rss / resourceUsage maxRSS).\n");
    console.log(row(["stack", "measurement", "wall ms", "work ms", "peak rss MB", "maxRSS MB"]));
    const baseline = measure(["require"]);
    console.log(row(["-", "node + ts-node only", baseline.wallMs.toFixed(0), baseline.ms.toFixed(0), baseline.peakRssMb.toFixed(0), baseline.maxRssMb.toFixed(0)]));
    for (const stack of listStacks(ROOT)) {
        const cloud = readStack(ROOT, stack).config["anycloud:cloud"] ?? "aws";
        const modules = sdkModules(cloud);
        const load = measure(["require", ...modules]);
        const plan = measure(["plan", ROOT, stack]);
        console.log(row([stack, `require ${modules.length} SDK modules`, load.wallMs.toFixed(0), load.ms.toFixed(0), load.peakRssMb.toFixed(0), load.maxRssMb.toFixed(0)]));
        console.log(row([stack, `plan (${plan.resources} resources)`, plan.wallMs.toFixed(0), plan.ms.toFixed(0), plan.peakRssMb.toFixed(0), plan.maxRssMb.toFixed(0)]));
        console.log(row([stack, "plan minus SDK load", (plan.wallMs - load.wallMs).toFixed(0), (plan.ms - load.ms).toFixed(0), (plan.peakRssMb - load.peakRssMb).toFixed(0), (plan.maxRssMb - load.maxRssMb).toFixed(0)]));
        console.log(`${"".padEnd(12)}SDK modules: ${modules.join(", ")}`);
    }
}

main();
