import type { OpMap, OutputMap, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { describeChanges, ProgressPrinter } from "./progress";

/** The engine operations anycloud drives through the Automation API. */
export type Operation = "preview" | "up" | "destroy" | "refresh" | "outputs";

export interface OperationOptions {
    /** --policy-pack DIRs, absolute (preview and up). */
    policyPacks: string[];
    /** --target URNs (preview, up, destroy, refresh). */
    targets: string[];
    /** --refresh: refresh the state first (preview, up, destroy). */
    refresh: boolean;
    /** --retry-locked N: how often to retry an operation refused because another update holds the stack. */
    retryLocked: number;
}

/** What became of one stack's operation. */
export type Outcome = "succeeded" | "failed" | "locked" | "not found" | "invalid config";

export interface OperationResult {
    stack: string;
    operation: Operation;
    outcome: Outcome;
    /** Resources by operation, as the engine counted them. */
    changes?: OpMap;
    /** Stack outputs (up, outputs), secrets as "[secret]". */
    outputs?: Record<string, unknown>;
    durationSeconds: number;
    /** Why it failed, in a sentence or a few of the engine's lines. */
    message?: string;
}

/** What the driver needs from its surroundings; tests hand in a fake command, a recording log and an instant sleep. */
export interface EngineContext {
    command: PulumiCommand;
    env: NodeJS.ProcessEnv;
    /** One progress line (no newline). */
    log(line: string): void;
    sleep(ms: number): Promise<void>;
}

export const MASKED = "[secret]";

/** Seconds to wait before retry `attempt` (0-based) of a locked stack: 15, 30, 60, 120, then 120. */
export function lockBackoffMs(attempt: number): number {
    return Math.min(15_000 * 2 ** attempt, 120_000);
}

/**
 * The workspace environment: type-checking off in the program (Pulumi's nodejs runtime reads
 * PULUMI_NODEJS_TRANSPILE_ONLY; CI type-checks separately, and checking this package's sources
 * costs a minute), no update check. A value the user set explicitly wins.
 */
export function workspaceEnv(env: NodeJS.ProcessEnv): Record<string, string> {
    return {
        PULUMI_NODEJS_TRANSPILE_ONLY: env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
        PULUMI_SKIP_UPDATE_CHECK: env.PULUMI_SKIP_UPDATE_CHECK ?? "true",
    };
}

function masked(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(Object.keys(outputs).sort().map((key) => [key, outputs[key].secret ? MASKED : outputs[key].value]));
}

/** The engine's own words about a failed command: the last lines of its stderr, else of the error. */
function engineMessage(error: unknown): string {
    const result = (error as { commandResult?: { stderr?: string; stdout?: string } }).commandResult;
    const text = result?.stderr?.trim() || (error instanceof Error ? error.message : String(error));
    const lines = text.split("\n").map((line) => line.trimEnd()).filter((line) => line.trim() !== "");
    return lines.slice(-12).join("\n");
}

async function runOnce(stack: Stack, operation: Operation, options: OperationOptions, printer: ProgressPrinter): Promise<{ changes?: OpMap; outputs?: OutputMap }> {
    const onEvent = printer.onEvent.bind(printer);
    const common = { onEvent, color: "never" as const, ...(options.targets.length > 0 ? { target: options.targets } : {}) };
    // The update summary is read from the stack's history; its config needs no decrypting.
    const noSecrets = { showSecrets: false };
    switch (operation) {
        case "preview": {
            const result = await stack.preview({ ...common, refresh: options.refresh || undefined, policyPacks: options.policyPacks.length > 0 ? options.policyPacks : undefined });
            return { changes: result.changeSummary };
        }
        case "up": {
            const result = await stack.up({ ...common, ...noSecrets, refresh: options.refresh || undefined, policyPacks: options.policyPacks.length > 0 ? options.policyPacks : undefined });
            return { changes: result.summary?.resourceChanges ?? printer.summary?.resourceChanges, outputs: result.outputs };
        }
        case "destroy": {
            const result = await stack.destroy({ ...common, ...noSecrets, refresh: options.refresh || undefined });
            return { changes: result.summary?.resourceChanges ?? printer.summary?.resourceChanges };
        }
        case "refresh": {
            const result = await stack.refresh({ ...common, ...noSecrets });
            return { changes: result.summary?.resourceChanges ?? printer.summary?.resourceChanges };
        }
        case "outputs":
            return { outputs: await stack.outputs() };
    }
}

/**
 * Runs one operation on one stack of the project in `projectDir` through LocalWorkspace: the
 * project's own program (Pulumi.yaml `main`), the stack file for config, exactly as `pulumi up`
 * would. Never throws for what the engine reports; the outcome says what happened.
 */
export async function runOperation(projectDir: string, stackName: string, operation: Operation, options: OperationOptions, context: EngineContext): Promise<OperationResult> {
    const automation = await import("@pulumi/pulumi/automation");
    const started = Date.now();
    const done = (outcome: Outcome, extra: Partial<OperationResult> = {}): OperationResult => ({
        stack: stackName,
        operation,
        outcome,
        durationSeconds: Math.round((Date.now() - started) / 100) / 10,
        ...extra,
    });

    let stack: Stack;
    try {
        stack = await automation.LocalWorkspace.selectStack(
            { stackName, workDir: projectDir },
            { pulumiCommand: context.command, envVars: workspaceEnv(context.env) },
        );
    } catch (error) {
        if (error instanceof automation.StackNotFoundError) {
            return done("not found", {
                message: `stack "${stackName}" does not exist in the backend the Pulumi CLI is logged in to (\`pulumi whoami -v\` shows which). ` +
                    `Create it once with \`pulumi stack init ${stackName}\` in ${projectDir}; its stack file stays as it is.`,
            });
        }
        return done("failed", { message: engineMessage(error) });
    }

    for (let attempt = 0; ; attempt++) {
        const printer = new ProgressPrinter(context.log, operation === "preview");
        try {
            const { changes, outputs } = await runOnce(stack, operation, options, printer);
            return done("succeeded", { changes, outputs: outputs && masked(outputs) });
        } catch (error) {
            if (error instanceof automation.ConcurrentUpdateError) {
                if (attempt < options.retryLocked) {
                    const wait = lockBackoffMs(attempt);
                    context.log(`  stack "${stackName}" is locked by another update; retry ${attempt + 1} of ${options.retryLocked} in ${wait / 1000}s`);
                    await context.sleep(wait);
                    continue;
                }
                const tried = options.retryLocked > 0 ? ` (still locked after ${options.retryLocked} ${options.retryLocked === 1 ? "retry" : "retries"})` : "";
                return done("locked", {
                    message: `stack "${stackName}" is locked: another update is running on it${tried}. ` +
                        `See who holds it in the Pulumi Cloud console's activity for the stack, or with \`pulumi stack history --stack ${stackName}\`; ` +
                        `wait for it, or pass --retry-locked N to wait here. Only if you are sure no update is running (a killed CI job), ` +
                        `\`pulumi cancel --stack ${stackName}\` releases the lock.`,
                });
            }
            return done("failed", { changes: printer.summary?.resourceChanges, message: engineMessage(error) });
        }
    }
}

/** One line for a finished operation: "up of aws-dev succeeded in 12.5s: 3 create, 40 same". */
export function describeResult(result: OperationResult): string {
    const changes = result.changes ? `: ${describeChanges(result.changes)}` : "";
    return `${result.operation} of ${result.stack} ${result.outcome} in ${result.durationSeconds}s${result.outcome === "succeeded" ? changes : ""}`;
}
