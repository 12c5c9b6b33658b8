import { writeFileSync } from "fs";
import { resolve } from "path";
import { ConfigError } from "../components/errors";
import { serialise } from "../plan/document";
import { planStack } from "../plan/run";
import { StackFileError, UnknownStackError } from "../plan/stack-files";
import { renderTree } from "../plan/tree";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage";
import type { Io } from "./main";

export interface PlanOptions {
    stack: string;
    json: boolean;
    out?: string;
    cwd: string;
}

/** `anycloud plan`: the tree (or JSON) on stdout, problems on stderr, and the exit code. */
export async function runPlan(options: PlanOptions, io: Io, generatedBy: string): Promise<number> {
    const projectDir = resolve(io.cwd, options.cwd);
    let text: string;
    let json: string;
    try {
        const { document } = await planStack(projectDir, options.stack, generatedBy);
        json = serialise(document);
        text = options.json ? json : renderTree(document);
        if (options.json) {
            // With --json, stdout is machine-read; the warnings also go where a person sees them.
            document.warnings.forEach((warning) => io.stderr(`warning: ${warning}\n`));
        }
    } catch (error) {
        if (error instanceof UnknownStackError) {
            throw new UsageError(error.message);
        }
        if (error instanceof ConfigError || error instanceof StackFileError) {
            // The message lists every problem; a stack trace would only bury it.
            io.stderr(`${error.message}\n`);
            return EXIT_FAILED;
        }
        throw error;
    }
    if (options.out) {
        const outFile = resolve(io.cwd, options.out);
        try {
            writeFileSync(outFile, json);
        } catch (error) {
            io.stderr(`anycloud: cannot write ${outFile}: ${(error as Error).message}\n`);
            return EXIT_FAILED;
        }
        io.stderr(`anycloud: wrote the plan to ${outFile}\n`);
    }
    io.stdout(text);
    return EXIT_OK;
}
