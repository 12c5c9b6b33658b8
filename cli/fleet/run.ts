import { resolve } from "path";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { listStacks, readStack, StackFileError } from "../../plan/stack-files";
import { checkedStack, policyPackDirs, reportingUserErrors, resultDocument } from "../automation/command";
import { automationIo } from "../automation/context";
import { GuardEnvironment, guardEnvironment, PRODUCTION } from "../automation/environment";
import { describeChanges } from "../automation/progress";
import { OperationResult, runOperation } from "../automation/stack-run";
import type { Io } from "../main";
import { EXIT_FAILED, EXIT_NOT_CONFIRMED, EXIT_OK } from "../usage";
import { runPool } from "./pool";
import { selectStacks } from "./select";
import { renderTable } from "./table";

export const DEFAULT_CONCURRENCY = 4;

export interface FleetOptions {
    /** --stacks patterns (globs; comma-separated or repeated; !pattern excludes). */
    stacks: string[];
    cwd: string;
    json: boolean;
}

export interface FleetRunOptions extends FleetOptions {
    concurrency: number;
    yes: boolean;
    policyPacks: string[];
    refresh: boolean;
    retryLocked: number;
}

/** The project's stacks matching the patterns (all of them for none, where allowed). */
export function fleetStacks(projectDir: string, patterns: string[], all = false): string[] {
    const available = listStacks(projectDir);
    return all && patterns.length === 0 ? available : selectStacks(available, patterns);
}

function firstLine(text: string): string {
    return text.split("\n")[0];
}

/**
 * `anycloud fleet list`: each matching stack with its cloud, region and environment, and whether
 * its config is valid. Offline. The environment is the one the guards act on: production where
 * the stack file does not tell (cli/automation/environment.ts), marked as assumed.
 */
export async function runFleetList(options: FleetOptions, baseIo: Io): Promise<number> {
    const io = automationIo(baseIo);
    const projectDir = resolve(io.cwd, options.cwd);
    return reportingUserErrors(io, async () => {
        const rows = fleetStacks(projectDir, options.stacks, true).map((stack) => {
            let config: Record<string, string> = {};
            let guard: GuardEnvironment = { environment: PRODUCTION, assumed: "its stack file cannot be read" };
            let problems: string | undefined;
            try {
                const settings = readStack(projectDir, stack);
                config = settings.config;
                guard = guardEnvironment(settings);
                loadPlatformArgs(config);
            } catch (error) {
                if (!(error instanceof ConfigError || error instanceof StackFileError)) {
                    throw error;
                }
                problems = error.message;
            }
            return {
                stack,
                cloud: config["anycloud:cloud"] ?? "",
                region: config["anycloud:region"] ?? "",
                environment: guard.environment,
                ...(guard.assumed ? { environmentAssumed: guard.assumed } : {}),
                customer: config["anycloud:customer"] ?? "",
                project: config["anycloud:project"] ?? "",
                valid: problems === undefined,
                problems,
            };
        });
        if (options.json) {
            io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        } else {
            const problemCount = (text: string) => /\((\d+) problems?\)/.exec(text)?.[1] ?? "1";
            io.stdout(renderTable(["stack", "cloud", "region", "environment", "customer", "project", "config"], rows.map((r) => [r.stack, r.cloud, r.region, r.environmentAssumed ? `${r.environment} (assumed)` : r.environment, r.customer, r.project, r.problems === undefined ? "ok" : `invalid (${problemCount(r.problems)})`])));
        }
        rows.filter((r) => r.environmentAssumed).forEach((r) => io.stderr(`${r.stack}: treated as production: ${r.environmentAssumed}; set anycloud:environment in its stack file\n`));
        const invalid = rows.filter((r) => r.problems !== undefined);
        invalid.forEach((r) => io.stderr(`${r.stack}: ${r.problems}\n`));
        return invalid.length > 0 ? EXIT_FAILED : EXIT_OK;
    });
}

/**
 * Every stack of a fleet run gets this process's cloud credentials. When the stacks span several
 * clouds or environments, a sentence saying so (stacks whose files cannot be read are left out;
 * they fail on their own).
 */
function credentialSpread(projectDir: string, stacks: string[]): string | undefined {
    const clouds = new Set<string>();
    const environments = new Set<string>();
    for (const stack of stacks) {
        try {
            const settings = readStack(projectDir, stack);
            clouds.add(settings.config["anycloud:cloud"] ?? "");
            environments.add(guardEnvironment(settings).environment);
        } catch {
            // Reported with the stack's own result.
        }
    }
    if (clouds.size <= 1 && environments.size <= 1) {
        return undefined;
    }
    const list = (values: Set<string>) => [...values].sort().map((v) => v || "(none)").join(", ");
    return `these stacks span ${environments.size > 1 ? `environments ${list(environments)}` : ""}${environments.size > 1 && clouds.size > 1 ? " and " : ""}${clouds.size > 1 ? `clouds ${list(clouds)}` : ""}; ` +
        "every one runs with this process's credentials, so each needs them to reach its own account. Run one fleet per environment and cloud (--stacks patterns), each with its own identity (docs/ci.md).";
}

/**
 * `anycloud fleet preview|up`: the operation on every matching stack, at most `concurrency` at
 * once. A stack that fails (invalid config, engine error, locked) fails alone; the others run on,
 * and the exit code is 1 when any did not succeed. The stacks' `pulumi stack select` take turns
 * (stack-run.ts oneSelectionAtATime); their operations run side by side. Every stack runs with
 * this process's environment, so with the same cloud credentials: one fleet run per environment
 * and credential set (docs/ci.md).
 */
export async function runFleet(operation: "preview" | "up", options: FleetRunOptions, baseIo: Io): Promise<number> {
    const io = automationIo(baseIo);
    const projectDir = resolve(io.cwd, options.cwd);
    const progress = options.json ? io.stderr : io.stdout;
    return reportingUserErrors(io, async () => {
        const stacks = fleetStacks(projectDir, options.stacks);
        const policyPacks = policyPackDirs(io, options.policyPacks);
        if (operation === "up" && !options.yes) {
            io.stderr(`anycloud: fleet up of ${stacks.length} stack${stacks.length === 1 ? "" : "s"} refused: it needs --yes (run \`anycloud fleet preview\` first to see the changes). Nothing was touched.\n`);
            return EXIT_NOT_CONFIRMED;
        }
        const command = await io.pulumiCommand();
        const spread = credentialSpread(projectDir, stacks);
        if (spread) {
            io.stderr(`warning: ${spread}\n`);
        }
        progress(`${operation === "up" ? "Updating" : "Previewing"} ${stacks.length} stack${stacks.length === 1 ? "" : "s"}, at most ${options.concurrency} at once: ${stacks.join(", ")}\n`);

        const width = Math.max(...stacks.map((s) => s.length));
        const settled = await runPool(stacks, options.concurrency, async (stack): Promise<OperationResult> => {
            const log = (line: string) => progress(`[${stack.padEnd(width)}] ${line.trimStart()}\n`);
            const started = Date.now();
            try {
                checkedStack(projectDir, stack, true);
            } catch (error) {
                if (error instanceof ConfigError || error instanceof StackFileError) {
                    log(`skipped: ${firstLine(error.message)}`);
                    return { stack, operation, outcome: "invalid config", durationSeconds: Math.round((Date.now() - started) / 100) / 10, message: error.message };
                }
                throw error;
            }
            log(`${operation === "up" ? "updating" : "previewing"}`);
            const result = await runOperation(projectDir, stack, operation, { policyPacks, targets: [], refresh: options.refresh, retryLocked: options.retryLocked }, { command, env: io.env, sleep: io.sleep, log });
            log(`${result.outcome}${result.outcome === "succeeded" ? `: ${describeChanges(result.changes)}` : ""}`);
            return result;
        });
        const results: OperationResult[] = settled.map((s, i) => (s.status === "fulfilled" ? s.value : { stack: stacks[i], operation, outcome: "failed", durationSeconds: 0, message: `unexpected failure (a bug; please report it): ${(s.reason as Error)?.stack ?? String(s.reason)}` }));

        const failed = results.filter((r) => r.outcome !== "succeeded");
        if (options.json) {
            io.stdout(`${JSON.stringify({ command: `fleet ${operation}`, concurrency: options.concurrency, succeeded: results.length - failed.length, failed: failed.length, stacks: results.map(resultDocument) }, null, 2)}\n`);
        } else {
            io.stdout(`\n${renderTable(["stack", "result", "changes", "duration"], results.map((r) => [r.stack, r.outcome, r.outcome === "succeeded" ? describeChanges(r.changes) : "-", `${r.durationSeconds}s`]))}`);
            io.stdout(`${results.length - failed.length} of ${results.length} stacks succeeded\n`);
        }
        for (const result of failed) {
            io.stderr(`\n${result.stack}: ${result.outcome}${result.message ? `:\n${result.message}` : ""}\n`);
        }
        return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
    });
}
