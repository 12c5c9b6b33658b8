// First: what the plan never uses must not be loaded by the imports below (see defer-modules.ts).
import "./defer-modules";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { parseArgs } from "util";
import { runCompareClouds, runPlan } from "./plan";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, USAGE, UsageError } from "./usage";
import { packageVersion } from "./version";

/** Where the CLI reads and writes; tests pass their own to run it in-process. */
export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Directory relative paths (--cwd, --out) start from. */
    cwd: string;
    /** Environment variables (CI, PULUMI_*); default process.env. */
    env?: NodeJS.ProcessEnv;
    /** A person can answer questions: stdin and stderr are terminals. Default false. */
    interactive?: boolean;
    /** Asks at the terminal and resolves to the answer (destroy and up confirmations). */
    prompt?(question: string): Promise<string>;
    /** Waits between retries of a locked stack. */
    sleep?(ms: number): Promise<void>;
    /** The Pulumi CLI to drive (default: `pulumi` on the PATH); tests hand in a fake. */
    pulumiCommand?(): Promise<PulumiCommand>;
}

async function ask(question: string): Promise<string> {
    const { createInterface } = await import("readline");
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
        return await new Promise<string>((resolve) => rl.question(question, resolve));
    } finally {
        rl.close();
    }
}

export const processIo: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    prompt: ask,
};

type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean };

const COMMON = {
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

const PLAN_OPTIONS = {
    ...COMMON,
    stack: { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
    cwd: { type: "string" },
    prices: { type: "string" },
    "compare-clouds": { type: "boolean" },
    strict: { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

const ENGINE_OPTIONS = {
    ...COMMON,
    stack: { type: "string" },
    cwd: { type: "string" },
    json: { type: "boolean" },
    "policy-pack": { type: "string", multiple: true },
    target: { type: "string", multiple: true },
    refresh: { type: "boolean" },
    yes: { type: "boolean", short: "y" },
    "retry-locked": { type: "string" },
} as const satisfies Record<string, OptionSpec>;

const FLEET_OPTIONS = {
    ...COMMON,
    stacks: { type: "string", multiple: true },
    cwd: { type: "string" },
    json: { type: "boolean" },
    concurrency: { type: "string" },
    "policy-pack": { type: "string", multiple: true },
    refresh: { type: "boolean" },
    yes: { type: "boolean", short: "y" },
    "retry-locked": { type: "string" },
    repo: { type: "string" },
    branch: { type: "string" },
    commit: { type: "string" },
    "repo-dir": { type: "string" },
    namespace: { type: "string" },
    org: { type: "string" },
    "resync-seconds": { type: "string" },
    image: { type: "string" },
    "destroy-on-finalize": { type: "boolean" },
    "workload-identity": { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

/** Which options each engine command takes (beyond --stack, --cwd, --json). */
const ENGINE_COMMANDS: Record<string, (keyof typeof ENGINE_OPTIONS)[]> = {
    preview: ["policy-pack", "target", "refresh", "retry-locked"],
    up: ["policy-pack", "target", "refresh", "yes", "retry-locked"],
    destroy: ["target", "refresh", "yes", "retry-locked"],
    refresh: ["target", "yes", "retry-locked"],
    outputs: [],
};

/** Which options each fleet subcommand takes (beyond --stacks, --cwd). */
const FLEET_COMMANDS: Record<string, (keyof typeof FLEET_OPTIONS)[]> = {
    list: ["json"],
    preview: ["json", "concurrency", "policy-pack", "refresh", "retry-locked"],
    up: ["json", "concurrency", "policy-pack", "refresh", "yes", "retry-locked"],
    matrix: [],
    operator: ["repo", "branch", "commit", "repo-dir", "namespace", "org", "resync-seconds", "image", "destroy-on-finalize", "workload-identity"],
};

const COMMANDS = ["plan", ...Object.keys(ENGINE_COMMANDS), "fleet"];

/** The option set of one command, so `parseArgs` itself names an option the command does not take. */
function pick<T extends Record<string, OptionSpec>>(all: T, keys: readonly string[]): Record<string, OptionSpec> {
    return Object.fromEntries(Object.entries(all).filter(([key]) => keys.includes(key)));
}

function parse(argv: string[], options: Record<string, OptionSpec>) {
    try {
        return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
}

/** A whole number option (--concurrency, --retry-locked, --resync-seconds) within bounds. */
function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
    if (text === undefined) {
        return fallback;
    }
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
        throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    }
    return value;
}

/**
 * A lenient parse over every command's options: the command words wherever they stand
 * (`--stack aws-dev plan` finds "plan") and --help / --version. Each command then parses
 * strictly with its own options.
 */
function lenient(argv: string[]) {
    return parseArgs({ args: argv, options: { ...PLAN_OPTIONS, ...ENGINE_OPTIONS, ...FLEET_OPTIONS }, allowPositionals: true, strict: false });
}

async function plan(argv: string[], io: Io, version: string): Promise<number> {
    const parsed = parse(argv, PLAN_OPTIONS);
    const positionals = parsed.positionals;
    const v = parsed.values as { stack?: string; json?: boolean; out?: string; cwd?: string; prices?: string; "compare-clouds"?: boolean; strict?: boolean };
    if (positionals.length > 1) {
        throw new UsageError(`unexpected argument "${positionals[1]}"`);
    }
    if (v.stack === undefined || v.stack === "") {
        throw new UsageError("plan needs --stack NAME");
    }
    const compareClouds = v["compare-clouds"] ?? false;
    if (compareClouds && (v.json || v.out !== undefined)) {
        throw new UsageError("--compare-clouds prints a table; it cannot be combined with --json or --out (plan each cloud's stack for its JSON)");
    }
    if (v.prices === "") {
        throw new UsageError("--prices needs a file name");
    }
    if (compareClouds && v.strict) {
        throw new UsageError("--compare-clouds prints costs only; plan each cloud's stack with --strict for its compliance");
    }
    const options = { stack: v.stack, json: v.json ?? false, out: v.out, cwd: v.cwd ?? ".", prices: v.prices, strict: v.strict ?? false };
    return compareClouds ? runCompareClouds(options, io, `anycloud ${version}`) : runPlan(options, io, `anycloud ${version}`);
}

interface EngineValues {
    stack?: string;
    cwd?: string;
    json?: boolean;
    "policy-pack"?: string[];
    target?: string[];
    refresh?: boolean;
    yes?: boolean;
    "retry-locked"?: string;
}

/** `anycloud preview|up|destroy|refresh|outputs`: the Automation API driver, loaded only here. */
async function engine(command: string, argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parse(argv, pick(ENGINE_OPTIONS, ["help", "version", "stack", "cwd", "json", ...ENGINE_COMMANDS[command]]));
    const v = values as EngineValues;
    if (positionals.length > 1) {
        throw new UsageError(`unexpected argument "${positionals[1]}"`);
    }
    if (v.stack === undefined || v.stack === "") {
        throw new UsageError(`${command} needs --stack NAME`);
    }
    const { runStackCommand } = await import("./automation/command");
    return runStackCommand(command as "preview" | "up" | "destroy" | "refresh" | "outputs", {
        stack: v.stack,
        cwd: v.cwd ?? ".",
        json: v.json ?? false,
        yes: v.yes ?? false,
        policyPacks: v["policy-pack"] ?? [],
        targets: v.target ?? [],
        refresh: v.refresh ?? false,
        retryLocked: wholeNumber("retry-locked", v["retry-locked"], 0, 0, 20),
    }, io);
}

interface FleetValues extends EngineValues {
    stacks?: string[];
    concurrency?: string;
    repo?: string;
    branch?: string;
    commit?: string;
    "repo-dir"?: string;
    namespace?: string;
    org?: string;
    "resync-seconds"?: string;
    image?: string;
    "destroy-on-finalize"?: boolean;
    "workload-identity"?: boolean;
}

/** `anycloud fleet list|preview|up|matrix|operator`. */
async function fleet(argv: string[], io: Io): Promise<number> {
    const [, subcommand, ...rest] = lenient(argv).positionals;
    if (subcommand === undefined || !(subcommand in FLEET_COMMANDS)) {
        throw new UsageError(`fleet needs a subcommand: ${Object.keys(FLEET_COMMANDS).join(", ")}${subcommand === undefined ? "" : ` (not "${subcommand}")`}`);
    }
    const { values } = parse(argv, pick(FLEET_OPTIONS, ["help", "version", "stacks", "cwd", ...FLEET_COMMANDS[subcommand]]));
    if (rest.length > 0) {
        throw new UsageError(`unexpected argument "${rest[0]}"`);
    }
    const v = values as FleetValues;
    const base = { stacks: v.stacks ?? [], cwd: v.cwd ?? ".", json: v.json ?? false };
    if (subcommand !== "list" && base.stacks.length === 0) {
        throw new UsageError(`fleet ${subcommand} needs --stacks PATTERN, e.g. --stacks 'acme-*' (globs, comma-separated; !pattern excludes)`);
    }
    const fleetModule = await import("./fleet/run");
    switch (subcommand) {
        case "list":
            return fleetModule.runFleetList(base, io);
        case "matrix":
            return (await import("./fleet/matrix")).runFleetMatrix(base, io);
        case "operator": {
            const operator = await import("./fleet/operator");
            return operator.runFleetOperator({
                ...base,
                repo: v.repo ?? "",
                branch: v.branch,
                commit: v.commit,
                repoDir: v["repo-dir"],
                namespace: v.namespace ?? operator.DEFAULT_NAMESPACE,
                org: v.org,
                resyncSeconds: wholeNumber("resync-seconds", v["resync-seconds"], operator.DEFAULT_RESYNC_SECONDS, operator.MIN_RESYNC_SECONDS, 7 * 24 * 3600),
                image: v.image,
                destroyOnFinalize: v["destroy-on-finalize"] ?? false,
                workloadIdentity: v["workload-identity"] ?? false,
            }, io);
        }
        default:
            return fleetModule.runFleet(subcommand as "preview" | "up", {
                ...base,
                concurrency: wholeNumber("concurrency", v.concurrency, fleetModule.DEFAULT_CONCURRENCY, 1, 64),
                yes: v.yes ?? false,
                policyPacks: v["policy-pack"] ?? [],
                refresh: v.refresh ?? false,
                retryLocked: wholeNumber("retry-locked", v["retry-locked"], 0, 0, 20),
            }, io);
    }
}

/** Runs `anycloud <argv>` and resolves to the exit code; never calls process.exit. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
    const version = packageVersion();
    try {
        const { values, positionals } = lenient(argv);
        if (values.help === true) {
            io.stdout(USAGE);
            return EXIT_OK;
        }
        if (values.version === true) {
            io.stdout(`anycloud ${version}\n`);
            return EXIT_OK;
        }
        const [command] = positionals;
        if (command === undefined) {
            throw new UsageError("no command given");
        }
        if (!COMMANDS.includes(command)) {
            throw new UsageError(`unknown command "${command}"; commands: ${COMMANDS.join(", ")}`);
        }
        if (command === "plan") {
            return await plan(argv, io, version);
        }
        if (command === "fleet") {
            return await fleet(argv, io);
        }
        return await engine(command, argv, io);
    } catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`anycloud: ${error.message}\n\n${USAGE}`);
            return EXIT_USAGE;
        }
        io.stderr(`anycloud: unexpected failure (a bug; please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
        return EXIT_FAILED;
    }
}
