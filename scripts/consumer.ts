// The consumer project (examples/consumer) as a user gets it: this repository packed with
// `npm pack`, the tarball installed from the file with only the AWS SDKs. Used by
// scripts/consumer-check.ts (a step of .ci/run) and by the bench (type-check time, installed size).
import { spawnSync, SpawnSyncReturns } from "child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { performance } from "perf_hooks";

export const ROOT = resolve(__dirname, "..");
export const CONSUMER_DIR = join(ROOT, "examples", "consumer");
/** Where the consumer's package.json expects the tarball (gitignored, like node_modules). */
export const TARBALL = "anycloud.tgz";

/** Cloud SDKs the consumer must have, and must not have, with only AWS chosen. */
export const AWS_SDKS = ["@pulumi/aws", "@pulumi/eks"];
export const OTHER_CLOUD_SDKS = ["@pulumi/azure-native", "@pulumi/gcp"];

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs `command`, echoing it; throws with its output when it fails. Returns the result and its duration. */
export function run(command: string, args: string[], cwd: string, options: { allowFailure?: boolean; quiet?: boolean } = {}): { result: SpawnSyncReturns<string>; ms: number } {
    if (!options.quiet) {
        process.stdout.write(`$ ${[command, ...args].join(" ")}${cwd === ROOT ? "" : `   (in ${cwd.replace(`${ROOT}/`, "")})`}\n`);
    }
    const start = performance.now();
    const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 2 ** 20, env: { ...process.env, npm_config_update_notifier: "false" } });
    const ms = performance.now() - start;
    if (result.error) {
        throw result.error;
    }
    if (result.status !== 0 && !options.allowFailure) {
        throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    return { result, ms };
}

/** `npm pack` of this repository (its prepack builds dist/), moved to `<dir>/anycloud.tgz`. */
export function pack(dir: string): { tarball: string; ms: number } {
    const { result, ms } = run(npm, ["pack", "--json", "--pack-destination", dir], ROOT);
    const [{ filename }] = JSON.parse(result.stdout.slice(result.stdout.indexOf("["))) as { filename: string }[];
    const tarball = join(dir, TARBALL);
    renameSync(join(dir, filename), tarball);
    return { tarball, ms };
}

/**
 * A fresh install of the consumer project: its node_modules removed, then `npm install` from
 * its package.json, with registry data from the npm cache (the repository's own install put
 * every SDK there) and anycloud from the tarball. No lockfile: the tarball changes on every pack.
 */
export function install(dir: string): { ms: number } {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    const { ms } = run(npm, ["install", "--prefer-offline", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], dir);
    return { ms };
}

/**
 * A copy of examples/consumer outside this repository, packed and installed, ready to type-check
 * and plan. Outside, because Node and TypeScript look for packages in every parent directory: inside
 * the checkout, the repository's own node_modules (with every cloud SDK) would answer for whatever
 * the consumer lacks.
 */
export function prepareConsumer(): { dir: string; packMs: number; installMs: number } {
    const dir = mkdtempSync(join(tmpdir(), "anycloud-consumer-"));
    cpSync(CONSUMER_DIR, dir, { recursive: true, filter: (source) => !/[\\/](node_modules|anycloud\.tgz)$/.test(source) });
    const { ms: packMs } = pack(dir);
    const { ms: installMs } = install(dir);
    return { dir, packMs, installMs };
}

export function isInstalled(dir: string, name: string): boolean {
    return existsSync(join(dir, "node_modules", name, "package.json"));
}

/** Bytes of every file under `path` (symbolic links not followed). */
export function sizeOf(path: string): number {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) {
        return 0;
    }
    if (!stat.isDirectory()) {
        return stat.size;
    }
    return readdirSync(path).reduce((total, entry) => total + sizeOf(join(path, entry)), 0);
}

interface Manifest {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * The packages installed in `dir`/node_modules that `roots` need at run time (dependencies and
 * non-optional peers, transitively; resolved the way Node does, nearest node_modules first).
 */
export function runtimeClosure(dir: string, roots: string[]): Set<string> {
    const seen = new Set<string>();
    const visit = (name: string, from: string) => {
        let base = from;
        for (;;) {
            const candidate = join(base, "node_modules", name);
            if (existsSync(join(candidate, "package.json"))) {
                if (!seen.has(candidate)) {
                    seen.add(candidate);
                    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a package's manifest, read as data
                    const manifest = require(join(candidate, "package.json")) as Manifest;
                    const optionalPeers = new Set(Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([peer]) => peer));
                    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !optionalPeers.has(peer));
                    for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...peers]) {
                        visit(dependency, candidate);
                    }
                }
                return;
            }
            if (base === dir || resolve(base, "..") === base) {
                return; // not installed (an optional dependency for another platform)
            }
            base = resolve(base, "..");
            if (!base.startsWith(dir)) {
                return;
            }
        }
    };
    roots.forEach((root) => visit(root, dir));
    return seen;
}

/** Megabytes, one decimal. */
export function mb(bytes: number): string {
    return (bytes / 2 ** 20).toFixed(1);
}

/** The consumer's own `tsc`, as `npx tsc` would find it. */
export function consumerTsc(dir: string): string {
    return join(dir, "node_modules", "typescript", "bin", "tsc");
}
