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

/** At most this many lines of the engine's words in a failure message. */
const MESSAGE_LINES = 12;

/** What a failed Pulumi CLI run left: its stderr and stdout, and a line saying how it ended. */
interface FailedRun {
    stderr: string;
    stdout: string;
    /** "Command failed with exit code 255: pulumi up ..." (execa), or the error's first line. */
    summary: string;
}

function text(value: unknown): string {
    return typeof value === "string" ? value : "";
}

/**
 * The CLI's own output of a failed command, as the Automation API carries it. PulumiCommand.run
 * (automation/cmd.js exec) runs the CLI with execa, which rejects on a non-zero exit; the SDK then
 * wraps execa's error as `new CommandResult("", error.message, -2, error)`: `commandResult.stderr`
 * is execa's message ("Command failed…\n<stderr>\n<stdout>", so its tail is the tail of stdout)
 * and `commandResult.err` is execa's error, whose `stderr` and `stdout` are the streams apart.
 */
function failedRun(error: unknown): FailedRun | undefined {
    const result = (error as { commandResult?: { stdout?: unknown; stderr?: unknown; err?: unknown } } | undefined)?.commandResult;
    if (!result) {
        return undefined;
    }
    const cause = result.err as { stdout?: unknown; stderr?: unknown; shortMessage?: unknown; message?: unknown; commandResult?: unknown } | undefined;
    if (cause?.commandResult) {
        // exec() rewraps a CommandError it threw itself (a non-zero exit without a rejection).
        return failedRun(cause);
    }
    if (cause && (typeof cause.stderr === "string" || typeof cause.stdout === "string")) {
        const summary = text(cause.shortMessage) || text(cause.message).split("\n")[0];
        return { stderr: text(cause.stderr), stdout: text(cause.stdout), summary };
    }
    // A PulumiCommand that hands back the streams itself (no execa error behind it).
    const stderr = text(result.stderr);
    return { stderr, stdout: text(result.stdout), summary: cause ? text(cause.message).split("\n")[0] : stderr.split("\n")[0] };
}

/**
 * The `error:` lines of a CLI output, each with the lines indented under it (a message the CLI
 * wrapped) and, in the update display's Diagnostics section, the resource line it stands under.
 */
export function errorLines(output: string): string[] {
    const lines = output.split("\n").map((line) => line.replace(/\u001b\[[0-9;]*m/g, "").trimEnd());
    const indent = (line: string) => line.length - line.trimStart().length;
    const picked: string[] = [];
    for (let i = 0; i < lines.length; i++) {
        if (!/^error:/.test(lines[i].trimStart())) {
            continue;
        }
        const depth = indent(lines[i]);
        let header = i - 1;
        while (header >= 0 && lines[header].trim() === "") {
            header--;
        }
        if (depth > 0 && header >= 0 && indent(lines[header]) < depth && lines[header].endsWith(":") && !/^Diagnostics:$/.test(lines[header].trim()) && !picked.includes(lines[header].trim())) {
            picked.push(lines[header].trim());
        }
        picked.push(lines[i].trim());
        while (i + 1 < lines.length && lines[i + 1].trim() !== "" && indent(lines[i + 1]) > depth) {
            picked.push(`  ${lines[++i].trim()}`);
        }
    }
    return picked;
}

function clip(lines: string[], from: "start" | "end"): string {
    if (lines.length <= MESSAGE_LINES) {
        return lines.join("\n");
    }
    const more = `(${lines.length - MESSAGE_LINES + 1} more lines)`;
    return from === "start" ? [...lines.slice(0, MESSAGE_LINES - 1), more].join("\n") : [more, ...lines.slice(-(MESSAGE_LINES - 1))].join("\n");
}

/**
 * The engine's own words about a failed command: the `error:` lines of its stderr, else those of
 * its stdout (the update display's Diagnostics), else the last lines of its stderr, else how the
 * command ended; for anything but a failed CLI run, the error's message.
 */
export function engineMessage(error: unknown): string {
    const run = failedRun(error);
    if (!run) {
        const message = error instanceof Error ? error.message : String(error);
        return clip(message.split("\n").map((line) => line.trimEnd()).filter((line) => line.trim() !== ""), "end");
    }
    for (const output of [run.stderr, run.stdout]) {
        const errors = errorLines(output);
        if (errors.length > 0) {
            return clip(errors, "start");
        }
    }
    const stderr = run.stderr.split("\n").map((line) => line.trimEnd()).filter((line) => line.trim() !== "");
    return stderr.length > 0 ? clip(stderr, "end") : run.summary;
}

let selecting: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` once every earlier call's work has settled. `LocalWorkspace.selectStack` runs
 * `pulumi stack select`, which rewrites the project's workspace.json (the current stack) under
 * ~/.pulumi/workspaces; two at once can leave it corrupt (pulumi/pulumi#8186, #6287). Every
 * operation after it names its stack (`--stack`), so only the selections need to take turns.
 */
export function oneSelectionAtATime<T>(work: () => Promise<T>): Promise<T> {
    const turn = selecting.then(work, work);
    selecting = turn.catch(() => undefined);
    return turn;
}

async function runOnce(stack: Stack, operation: Operation, options: OperationOptions, printer: ProgressPrinter): Promise<{ changes?: OpMap; outputs?: Record<string, unknown> }> {
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
            return { changes: result.summary?.resourceChanges ?? printer.summary?.resourceChanges, outputs: masked(result.outputs) };
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
            // Stack.outputs() runs `pulumi stack output --json` twice, once with --show-secrets, and
            // tells the secrets apart by comparing the two: the secrets are decrypted here, then
            // masked. The Automation API offers no masked-only listing (docs/ci.md).
            return { outputs: masked(await stack.outputs()) };
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
        stack = await oneSelectionAtATime(() => automation.LocalWorkspace.selectStack(
            { stackName, workDir: projectDir },
            { pulumiCommand: context.command, envVars: workspaceEnv(context.env) },
        ));
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
            return done("succeeded", { changes, outputs });
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
