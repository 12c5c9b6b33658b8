// `npm run bench` (it builds first; not part of `npm test`): one table, each row a measurement of
// anycloud next to its reference, both measured in this run, alternately, each sample a fresh
// process, with the row's target beside it. docs/performance.md records the figures.
//
//   plan <stack>          the built `anycloud plan --stack <stack>` vs loading only the SDK modules that
//                         plan loads (its cloud's SDK, @pulumi/kubernetes, random, tls and @pulumi/pulumi)
//   tsc                   `tsc --noEmit` of examples/consumer (anycloud from its packed tarball, AWS SDKs
//                         only) vs bench/fixtures/direct-sdk.ts, as long, on the SDKs directly
//   installed size        the consumer's node_modules at run time vs the SDKs' it would need anyway
//   N platforms           one program with 1, 10 and 50 AWS platforms, recorded and checked as a plan
//
// BENCH_RUNS=n samples per cell (default 5; median), BENCH_ONLY=plan,tsc,size,platforms a subset,
// BENCH_CONSUMER=DIR an already installed consumer (scripts/consumer.ts prepareConsumer) to reuse.
import { spawnSync } from "child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { cpus, totalmem, tmpdir, type as osType, release } from "os";
import { join, resolve } from "path";
import { performance } from "perf_hooks";
import { listStacks } from "../plan/stack-files";
import { AWS_SDKS, consumerTsc, isInstalled, mb, OTHER_CLOUD_SDKS, prepareConsumer, runtimeClosure, sizeOf } from "../scripts/consumer";

const ROOT = resolve(__dirname, "..");
const CHILD = join(__dirname, "child");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const ONLY = new Set((process.env.BENCH_ONLY ?? "plan,tsc,size,platforms").split(","));
const scratch = mkdtempSync(join(tmpdir(), "anycloud-bench-"));

interface Sample {
    wallMs: number;
    cpuMs: number;
    maxRssMb: number;
    extra: Record<string, unknown>;
}

interface Case {
    args: string[];
    cwd?: string;
    env?: NodeJS.ProcessEnv;
}

let sampleCount = 0;

/** One fresh `node` process; wall time as seen from here, memory and CPU as it reports them at exit. */
function sample({ args, cwd = ROOT, env = {} }: Case): Sample {
    const report = join(scratch, `report-${sampleCount++}.json`);
    const start = performance.now();
    const child = spawnSync(process.execPath, ["-r", join(CHILD, "report.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env, BENCH_REPORT: report }, maxBuffer: 256 * 2 ** 20 });
    const wallMs = performance.now() - start;
    if (child.status !== 0) {
        throw new Error(`node ${args.join(" ")} failed (${child.status}):\n${child.stderr}`);
    }
    const { maxRssMb, cpuMs, ...extra } = JSON.parse(readFileSync(report, "utf8")) as { maxRssMb: number; cpuMs: number };
    return { wallMs, cpuMs, maxRssMb, extra };
}

/** Each case `runs` times, round-robin (a, b, c, a, b, c, ...) after one unmeasured warm-up each; the medians. */
function interleaved(cases: Case[], runs = RUNS): Sample[] {
    cases.forEach((c) => sample(c));
    const samples: Sample[][] = cases.map(() => []);
    for (let run = 0; run < runs; run++) {
        cases.forEach((c, i) => samples[i].push(sample(c)));
    }
    return samples.map((list) => ({
        wallMs: median(list.map((s) => s.wallMs)),
        cpuMs: median(list.map((s) => s.cpuMs)),
        maxRssMb: median(list.map((s) => s.maxRssMb)),
        extra: list[0].extra,
    }));
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Row {
    measurement: string;
    anycloud: string;
    reference: string;
    ratio?: number;
    /** The largest acceptable ratio. */
    target?: number;
}

const rows: Row[] = [];
const notes: string[] = [];

function print(row: Row): void {
    rows.push(row);
    const ratio = row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`;
    const target = row.target === undefined ? "" : `≤ ${row.target}×`;
    const verdict = row.ratio === undefined || row.target === undefined ? "" : row.ratio <= row.target ? "ok" : "MISSED";
    process.stdout.write(`${row.measurement.padEnd(48)}${row.anycloud.padStart(11)}${row.reference.padStart(12)}${ratio.padStart(8)}${target.padStart(9)}  ${verdict}\n`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (value: number) => `${value.toFixed(0)} MB`;

/** The plan of each reference stack next to loading the SDK modules that plan loads. */
function planRows(): void {
    for (const stack of listStacks(ROOT)) {
        const planCase: Case = { args: [join(CHILD, "plan.js"), "plan", "--stack", stack] };
        const loadedFile = join(scratch, `loaded-${stack}.json`);
        sample({ ...planCase, env: { BENCH_LOADED: loadedFile } });
        const sdkFiles = (JSON.parse(readFileSync(loadedFile, "utf8")) as string[]).filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/]/.test(file));
        const listFile = join(scratch, `sdk-${stack}.json`);
        writeFileSync(listFile, JSON.stringify(sdkFiles));
        const [plan, sdk] = interleaved([planCase, { args: [join(CHILD, "require.js"), "--list", listFile] }]);
        print({ measurement: `plan ${stack}: wall time`, anycloud: seconds(plan.wallMs), reference: seconds(sdk.wallMs), ratio: plan.wallMs / sdk.wallMs, target: 1.5 });
        print({ measurement: `plan ${stack}: peak memory`, anycloud: megabytes(plan.maxRssMb), reference: megabytes(sdk.maxRssMb), ratio: plan.maxRssMb / sdk.maxRssMb, target: 1.3 });
        notes.push(`plan ${stack}: the reference loads the ${sdkFiles.length} files of @pulumi packages the plan loaded; CPU ${seconds(plan.cpuMs)} vs ${seconds(sdk.cpuMs)}`);
    }
}

let consumerDir: string | undefined;

/** The consumer project, packed and installed once (or BENCH_CONSUMER). */
function consumer(): string {
    if (!consumerDir) {
        consumerDir = process.env.BENCH_CONSUMER ?? prepareConsumer().dir;
    }
    return consumerDir;
}

/** tsc --noEmit of the consumer next to the same-size program on the SDKs directly. */
function tscRows(): void {
    const dir = consumer();
    copyFileSync(join(__dirname, "fixtures", "direct-sdk.ts"), join(dir, "direct.ts"));
    writeFileSync(join(dir, "tsconfig.direct.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["direct.ts"] }));
    const tsc = consumerTsc(dir);
    const [ours, direct] = interleaved([
        { args: [tsc, "--noEmit", "-p", "tsconfig.json"], cwd: dir },
        { args: [tsc, "--noEmit", "-p", "tsconfig.direct.json"], cwd: dir },
    ]);
    print({ measurement: "tsc --noEmit: consumer vs direct SDK program", anycloud: seconds(ours.wallMs), reference: seconds(direct.wallMs), ratio: ours.wallMs / direct.wallMs, target: 1 });
    print({ measurement: "tsc --noEmit: peak memory", anycloud: megabytes(ours.maxRssMb), reference: megabytes(direct.maxRssMb), ratio: ours.maxRssMb / direct.maxRssMb, target: 1 });
}

/** What the consumer installs for run time next to what the SDKs alone would install. */
function sizeRows(): void {
    const dir = consumer();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the consumer's manifest, as data
    const { dependencies } = require(join(dir, "package.json")) as { dependencies: Record<string, string> };
    const installed = runtimeClosure(dir, Object.keys(dependencies));
    const sdks = runtimeClosure(dir, Object.keys(dependencies).filter((name) => name !== "anycloud"));
    const total = (paths: Set<string>) => [...paths].reduce((sum, path) => sum + sizeOf(path), 0);
    const [all, sdkOnly] = [total(installed), total(sdks)];
    print({ measurement: "installed size: consumer (AWS only) vs its SDKs", anycloud: `${mb(all)} MB`, reference: `${mb(sdkOnly)} MB`, ratio: all / sdkOnly, target: 1.1 });
    const absent = OTHER_CLOUD_SDKS.filter((name) => !isInstalled(dir, name));
    notes.push(`installed size: ${installed.size} packages at run time (anycloud ${mb(sizeOf(join(dir, "node_modules", "anycloud")))} MB); ${absent.join(" and ")} ${absent.length === OTHER_CLOUD_SDKS.length ? "not installed" : "INSTALLED"}; ${AWS_SDKS.join(", ")} installed`);
}

/** 1, 10 and 50 platforms in one program: time and memory per added platform should stay flat. */
function platformRows(): void {
    const counts = [1, 10, 50];
    const results = interleaved(counts.map((n) => ({ args: [join(CHILD, "platforms.js"), String(n)] })), Math.min(RUNS, 3));
    const [one, ten, fifty] = results;
    const per = (a: Sample, b: Sample, n: number) => ({ ms: (b.wallMs - a.wallMs) / n, mb: (b.maxRssMb - a.maxRssMb) / n });
    const first = per(one, ten, 9);
    const later = per(ten, fifty, 40);
    counts.forEach((n, i) => notes.push(`${n} platform${n === 1 ? "" : "s"}: ${results[i].extra.resources} resources, ${seconds(results[i].wallMs)}, ${megabytes(results[i].maxRssMb)}`));
    print({ measurement: "1 platform in a program: plan time", anycloud: seconds(one.wallMs), reference: "" });
    print({ measurement: "1 platform in a program: peak memory", anycloud: megabytes(one.maxRssMb), reference: "" });
    print({ measurement: "platforms 11-50 vs 2-10: time per platform", anycloud: `${later.ms.toFixed(0)} ms`, reference: `${first.ms.toFixed(0)} ms`, ratio: later.ms / first.ms, target: 1.25 });
    print({ measurement: "platforms 11-50 vs 2-10: memory per platform", anycloud: `${later.mb.toFixed(1)} MB`, reference: `${first.mb.toFixed(1)} MB`, ratio: later.mb / first.mb, target: 1.25 });
}

function main(): void {
    const cpu = cpus();
    process.stdout.write(`anycloud bench, ${new Date().toISOString().slice(0, 10)}: node ${process.version}, ${osType()} ${release()}, ${cpu[0]?.model ?? "?"} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GB\n`);
    process.stdout.write(`median of ${RUNS} fresh processes per cell (platforms: ${Math.min(RUNS, 3)}), the two sides of a row alternating; wall time includes starting node\n\n`);
    process.stdout.write(`${"measurement".padEnd(48)}${"anycloud".padStart(11)}${"reference".padStart(12)}${"ratio".padStart(8)}${"target".padStart(9)}\n`);
    try {
        if (ONLY.has("plan")) {
            planRows();
        }
        if (ONLY.has("tsc")) {
            tscRows();
        }
        if (ONLY.has("size")) {
            sizeRows();
        }
        if (ONLY.has("platforms")) {
            platformRows();
        }
    } finally {
        rmSync(scratch, { recursive: true, force: true });
        if (consumerDir && !process.env.BENCH_CONSUMER && !process.env.KEEP_CONSUMER) {
            rmSync(consumerDir, { recursive: true, force: true });
        }
    }
    process.stdout.write(`\n${notes.map((note) => `  ${note}`).join("\n")}\n`);
    const missed = rows.filter((row) => row.ratio !== undefined && row.target !== undefined && row.ratio > row.target);
    process.stdout.write(missed.length === 0 ? "\nevery target met\n" : `\n${missed.length} target(s) missed: ${missed.map((row) => row.measurement).join("; ")}\n`);
}

main();
