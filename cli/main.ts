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
}

export const processIo: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
};

const OPTIONS = {
    stack: { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
    cwd: { type: "string" },
    prices: { type: "string" },
    "compare-clouds": { type: "boolean" },
    strict: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const;

const COMMANDS = ["plan"];

/** Runs `anycloud <argv>` and resolves to the exit code; never calls process.exit. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
    const version = packageVersion();
    try {
        let parsed;
        try {
            parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
        } catch (error) {
            throw new UsageError((error as Error).message);
        }
        const { values, positionals } = parsed;
        if (values.help) {
            io.stdout(USAGE);
            return EXIT_OK;
        }
        if (values.version) {
            io.stdout(`anycloud ${version}\n`);
            return EXIT_OK;
        }
        const [command, ...rest] = positionals;
        if (command === undefined) {
            throw new UsageError("no command given");
        }
        if (!COMMANDS.includes(command)) {
            throw new UsageError(`unknown command "${command}"; commands: ${COMMANDS.join(", ")}`);
        }
        if (rest.length > 0) {
            throw new UsageError(`unexpected argument "${rest[0]}"`);
        }
        if (values.stack === undefined || values.stack === "") {
            throw new UsageError("plan needs --stack NAME");
        }
        const compareClouds = values["compare-clouds"] ?? false;
        if (compareClouds && (values.json || values.out !== undefined)) {
            throw new UsageError("--compare-clouds prints a table; it cannot be combined with --json or --out (plan each cloud's stack for its JSON)");
        }
        if (values.prices === "") {
            throw new UsageError("--prices needs a file name");
        }
        if (compareClouds && values.strict) {
            throw new UsageError("--compare-clouds prints costs only; plan each cloud's stack with --strict for its compliance");
        }
        const options = { stack: values.stack, json: values.json ?? false, out: values.out, cwd: values.cwd ?? ".", prices: values.prices, strict: values.strict ?? false };
        return await (compareClouds ? runCompareClouds(options, io, `anycloud ${version}`) : runPlan(options, io, `anycloud ${version}`));
    } catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`anycloud: ${error.message}\n\n${USAGE}`);
            return EXIT_USAGE;
        }
        io.stderr(`anycloud: unexpected failure (a bug; please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
        return EXIT_FAILED;
    }
}
