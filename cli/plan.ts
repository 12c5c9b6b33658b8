import { writeFileSync } from "fs";
import { resolve } from "path";
import { ConfigError } from "../components/errors";
import { MissingSdkError } from "../providers";
import { Rule } from "../policies/rule";
import { CLOUDS, CloudColumn, renderComparison, settingsForCloud } from "../plan/cost/compare";
import { PriceFile, PriceFileError, readPriceFile } from "../plan/cost/price-file";
import { renderCompliance } from "../plan/compliance";
import { renderCost } from "../plan/cost/render";
import { serialise } from "../plan/document";
import { planSettings, planStack } from "../plan/run";
import { readStack, StackFileError, UnknownStackError } from "../plan/stack-files";
import { renderTree } from "../plan/tree";
import { EXIT_FAILED, EXIT_NONCOMPLIANT, EXIT_OK, UsageError } from "./usage";
import type { Io } from "./main";

export interface PlanOptions {
    stack: string;
    json: boolean;
    out?: string;
    cwd: string;
    /** --prices FILE, relative to the working directory. */
    prices?: string;
    /** --strict: exit EXIT_NONCOMPLIANT when a rule of high or critical severity fails. */
    strict?: boolean;
    /** The rules to check; only tests change them (default: every rule). */
    rules?: readonly Rule[];
}

/** Problems the user can fix (config, stack file, price file, a cloud SDK not installed): their message alone on stderr, exit 1; unknown stacks are usage errors. */
async function reporting(io: Io, work: () => Promise<number>): Promise<number> {
    try {
        return await work();
    } catch (error) {
        if (error instanceof UnknownStackError) {
            throw new UsageError(error.message);
        }
        if (error instanceof ConfigError || error instanceof StackFileError || error instanceof PriceFileError || error instanceof MissingSdkError) {
            // The message lists every problem; a stack trace would only bury it.
            io.stderr(`${error.message}\n`);
            return EXIT_FAILED;
        }
        throw error;
    }
}

function priceFile(options: PlanOptions, io: Io): PriceFile | undefined {
    return options.prices === undefined ? undefined : readPriceFile(resolve(io.cwd, options.prices), options.prices);
}

/** `anycloud plan`: the tree and the cost estimate (or JSON) on stdout, problems on stderr, and the exit code. */
export async function runPlan(options: PlanOptions, io: Io, generatedBy: string): Promise<number> {
    const projectDir = resolve(io.cwd, options.cwd);
    let text = "";
    let json = "";
    let blocking: string[] = [];
    const code = await reporting(io, async () => {
        const prices = priceFile(options, io);
        const { document } = await planStack(projectDir, options.stack, generatedBy, { prices, rules: options.rules });
        json = serialise(document);
        blocking = document.compliance.blocking;
        const sections = [renderCost(document.cost), renderCompliance(document.compliance)].map((lines) => lines.map((line) => line.trimEnd()).join("\n"));
        text = options.json ? json : `${renderTree(document)}\n${sections.join("\n\n")}\n`;
        if (options.json) {
            // With --json, stdout is machine-read; the warnings also go where a person sees them.
            document.warnings.forEach((warning) => io.stderr(`warning: ${warning}\n`));
            if (document.cost.budget.status === "exceeded") {
                io.stderr(`warning: ${document.cost.budget.message}\n`);
            }
        }
        return EXIT_OK;
    });
    if (code !== EXIT_OK) {
        return code;
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
    if (options.strict && blocking.length > 0) {
        io.stderr(`anycloud: --strict: rules of high or critical severity fail: ${blocking.join(", ")} (the Compliance section says where and why)\n`);
        return EXIT_NONCOMPLIANT;
    }
    return EXIT_OK;
}

/**
 * `anycloud plan --compare-clouds`: the stack's platform planned on each cloud in turn (the mock
 * runtime is process-wide, so never two at once) and the estimates printed side by side. A cloud
 * whose plan fails gets its reason in the table; the others still print.
 */
export async function runCompareClouds(options: PlanOptions, io: Io, generatedBy: string): Promise<number> {
    const projectDir = resolve(io.cwd, options.cwd);
    return reporting(io, async () => {
        const prices = priceFile(options, io);
        const settings = readStack(projectDir, options.stack);
        const columns: CloudColumn[] = [];
        for (const cloud of CLOUDS) {
            const derived = settingsForCloud(settings, cloud);
            if ("problem" in derived) {
                columns.push({ cloud, region: "?", why: "", problem: derived.problem });
                continue;
            }
            const region = derived.settings.config["anycloud:region"];
            try {
                const { document } = await planSettings(derived.settings, generatedBy, { prices });
                columns.push({ cloud, region, why: derived.why, estimate: document.cost });
            } catch (error) {
                if (!(error instanceof ConfigError || error instanceof MissingSdkError)) {
                    throw error;
                }
                columns.push({ cloud, region, why: derived.why, problem: error.message.replace(/\n\s*/g, " ") });
            }
        }
        io.stdout(renderComparison(options.stack, columns));
        return EXIT_OK;
    });
}
