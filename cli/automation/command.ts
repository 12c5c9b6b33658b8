import { existsSync } from "fs";
import { resolve } from "path";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { readStack, StackFileError, StackSettings, UnknownStackError } from "../../plan/stack-files";
import type { Io } from "../main";
import { EXIT_FAILED, EXIT_LOCKED, EXIT_NO_PULUMI, EXIT_NOT_CONFIRMED, EXIT_OK, UsageError } from "../usage";
import { confirmDestroy, confirmUp } from "./confirm";
import { AutomationIo, automationIo } from "./context";
import { GuardEnvironment, guardEnvironment } from "./environment";
import { describeChanges } from "./progress";
import { PulumiCliError } from "./pulumi-cli";
import { describeResult, MASKED, Operation, OperationOptions, OperationResult, Outcome, runOperation } from "./stack-run";

export interface StackCommandOptions extends OperationOptions {
    stack: string;
    /** Project directory, relative to the working directory. */
    cwd: string;
    json: boolean;
    yes: boolean;
}

export const OUTCOME_EXIT: Record<Outcome, number> = {
    succeeded: EXIT_OK,
    failed: EXIT_FAILED,
    "not found": EXIT_FAILED,
    "invalid config": EXIT_FAILED,
    locked: EXIT_LOCKED,
};

/**
 * The stack file, read as `pulumi up` would, and its anycloud config checked by the plan's
 * validator: a ConfigError lists every problem before the engine is started. `guard` is the
 * environment the safety guards act on: the stack file's own anycloud:environment, production
 * where the stack file does not tell (environment.ts).
 */
export function checkedStack(projectDir: string, stack: string, validate: boolean): { settings: StackSettings; guard: GuardEnvironment } {
    const settings = readStack(projectDir, stack);
    if (validate) {
        loadPlatformArgs(settings.config);
    }
    return { settings, guard: guardEnvironment(settings) };
}

/** --policy-pack DIRs, resolved; a missing one is a usage error, found before anything runs. */
export function policyPackDirs(io: { cwd: string }, dirs: string[]): string[] {
    return dirs.map((dir) => {
        const path = resolve(io.cwd, dir);
        if (!existsSync(path)) {
            throw new UsageError(`--policy-pack ${dir}: no such directory (${path})`);
        }
        return path;
    });
}

/**
 * Problems the user fixes in files (config, stack file) and a missing Pulumi CLI: their message
 * alone on stderr and the exit code; an unknown stack is a usage error.
 */
export async function reportingUserErrors(io: AutomationIo, work: () => Promise<number>): Promise<number> {
    try {
        return await work();
    } catch (error) {
        if (error instanceof UnknownStackError) {
            throw new UsageError(error.message);
        }
        if (error instanceof ConfigError || error instanceof StackFileError) {
            io.stderr(`${error.message}\n`);
            return EXIT_FAILED;
        }
        if (error instanceof PulumiCliError) {
            io.stderr(`${error.message}\n`);
            return EXIT_NO_PULUMI;
        }
        throw error;
    }
}

function renderValue(value: unknown): string {
    return value === MASKED ? MASKED : JSON.stringify(value);
}

export function renderOutputs(outputs: Record<string, unknown>): string {
    const keys = Object.keys(outputs);
    if (keys.length === 0) {
        return "Outputs: none\n";
    }
    return `Outputs:\n${keys.map((key) => `  ${key}: ${renderValue(outputs[key])}`).join("\n")}\n`;
}

/** The --json document of one stack's operation. */
export function resultDocument(result: OperationResult): Record<string, unknown> {
    return {
        command: result.operation,
        stack: result.stack,
        result: result.outcome,
        durationSeconds: result.durationSeconds,
        ...(result.changes ? { changes: result.changes } : {}),
        ...(result.outputs ? { outputs: result.outputs } : {}),
        ...(result.message ? { message: result.message } : {}),
    };
}

/**
 * `anycloud preview|up|destroy|refresh|outputs --stack NAME`: validates the stack's config,
 * asks for what destroy (and an unconfirmed up) needs, finds the Pulumi CLI, then drives the
 * stack through the Automation API with progress on stdout (stderr with --json).
 */
export async function runStackCommand(operation: Operation, options: StackCommandOptions, baseIo: Io): Promise<number> {
    const io = automationIo(baseIo);
    const projectDir = resolve(io.cwd, options.cwd);
    const progress = options.json ? io.stderr : io.stdout;
    return reportingUserErrors(io, async () => {
        const policyPacks = policyPackDirs(io, options.policyPacks);
        const { settings, guard } = checkedStack(projectDir, options.stack, operation !== "outputs");
        settings.warnings.forEach((warning) => io.stderr(`warning: ${warning}\n`));

        if (operation === "destroy") {
            const refusal = await confirmDestroy(options.stack, guard, options.yes, io);
            if (refusal) {
                io.stderr(`anycloud: ${refusal}\n`);
                return EXIT_NOT_CONFIRMED;
            }
        }
        if (operation === "up" && !options.yes && !io.interactive) {
            io.stderr(`anycloud: ${await confirmUp(options.stack, false, io)}\n`);
            return EXIT_NOT_CONFIRMED;
        }

        const command = await io.pulumiCommand();
        const context = { command, env: io.env, sleep: io.sleep, log: (line: string) => progress(`${line}\n`) };
        const operationOptions = { policyPacks, targets: options.targets, refresh: options.refresh, retryLocked: options.retryLocked };

        if (operation === "up" && !options.yes) {
            // At a terminal without --yes, as `pulumi up` does: show the preview, then ask.
            progress(`Previewing stack ${options.stack} (${settings.stackFile}):\n`);
            const preview = await runOperation(projectDir, options.stack, "preview", operationOptions, context);
            if (preview.outcome !== "succeeded") {
                return finish(io, options, preview);
            }
            progress(`Changes: ${describeChanges(preview.changes)}\n`);
            const refusal = await confirmUp(options.stack, false, io);
            if (refusal) {
                io.stderr(`anycloud: ${refusal}\n`);
                return EXIT_NOT_CONFIRMED;
            }
        }

        if (operation !== "outputs") {
            progress(`${operation === "preview" ? "Previewing" : operation === "up" ? "Updating" : operation === "destroy" ? "Destroying" : "Refreshing"} stack ${options.stack} (${settings.stackFile}):\n`);
        }
        const result = await runOperation(projectDir, options.stack, operation, operationOptions, context);
        return finish(io, options, result);
    });
}

function finish(io: AutomationIo, options: StackCommandOptions, result: OperationResult): number {
    if (options.json) {
        io.stdout(`${JSON.stringify(resultDocument(result), null, 2)}\n`);
    } else if (result.outcome === "succeeded") {
        if (result.operation !== "outputs") {
            io.stdout(`${describeResult(result)}\n`);
        }
        if (result.outputs) {
            io.stdout(renderOutputs(result.outputs));
        }
    }
    if (result.outcome !== "succeeded") {
        io.stderr(`anycloud: ${describeResult(result)}${result.message ? `:\n${result.message}` : ""}\n`);
    }
    return OUTCOME_EXIT[result.outcome];
}
