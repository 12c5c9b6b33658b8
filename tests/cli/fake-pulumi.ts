import type { EngineEvent, OpMap, PulumiCommand } from "@pulumi/pulumi/automation";
import { appendFileSync, existsSync, readFileSync } from "fs";
import { createRequire } from "module";
import { join } from "path";
import { parse } from "yaml";

/**
 * A stand-in for the Pulumi CLI that the Automation API drives through `PulumiCommand.run`:
 * it records every invocation (arguments, directory, environment), answers with canned results,
 * streams engine events to the Automation API's events server (what `--event-log tcp://...`
 * names for CLIs newer than 3.205), and fails the way the real command does: PulumiCommand.run
 * (automation/cmd.js exec) runs the CLI with execa, which rejects on a non-zero exit, and the SDK
 * wraps execa's error as `createCommandError(new CommandResult("", error.message, -2, error))`.
 * The fake builds that error with the very execa (lib/error.js makeError) and SDK functions, so
 * `commandResult.stderr` is execa's message ("Command failed…\n<stderr>\n<stdout>"), the streams
 * apart are on `commandResult.err`, and a 409 still becomes a ConcurrentUpdateError.
 */

// The Automation API's internals, from the very @pulumi/pulumi it runs with.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as {
    credentials: { createInsecure(): unknown };
};
const eventsRpc = pulumiRequire("./proto/events_grpc_pb") as {
    EventsClient: new (address: string, credentials: unknown) => {
        streamEvents(callback: (error: Error | null) => void): { write(request: unknown): void; end(): void };
        close(): void;
    };
};
const eventsPb = pulumiRequire("./proto/events_pb") as { EventRequest: new () => { setEvent(text: string): unknown } };
const { CommandResult } = pulumiRequire("./automation/cmd") as { CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => unknown };
const { createCommandError } = pulumiRequire("./automation/errors") as { createCommandError(result: unknown): Error };
// The execa that automation/cmd.js runs the CLI with (5.x), and the function building its rejection.
const makeExecaError = pulumiRequire("execa/lib/error") as (result: {
    stdout: string; stderr: string; all?: string; error?: Error; signal?: string; exitCode: number; command: string; escapedCommand: string;
    timedOut: boolean; isCanceled: boolean; killed: boolean; parsed: { options: { timeout?: number } };
}) => Error & { stdout: string; stderr: string; exitCode: number };

/** What PulumiCommand.run throws when the CLI exits with `code` (automation/cmd.js exec's catch). */
export function failedCommand(args: string[], stdout: string, stderr: string, code: number): Error {
    const command = ["pulumi", ...args].join(" ");
    // execa strips the streams' final newline (its stripFinalNewline option, on by default).
    const strip = (text: string) => text.replace(/\r?\n$/, "");
    const execaError = makeExecaError({ stdout: strip(stdout), stderr: strip(stderr), exitCode: code, command, escapedCommand: command, timedOut: false, isCanceled: false, killed: false, parsed: { options: {} } });
    return createCommandError(new CommandResult("", execaError.message, -2, execaError));
}

export interface Invocation {
    args: string[];
    cwd: string;
    env: Record<string, string>;
    /** For preview/up/destroy/refresh: the stack file's config the real CLI would read from cwd. */
    stackConfig?: Record<string, unknown>;
}

/** What one invocation answers; undefined fields take the defaults. */
export interface Reply {
    code?: number;
    stdout?: string;
    stderr?: string;
    /** Engine events streamed before the command exits. */
    events?: Partial<EngineEvent>[];
    /** How long the engine "runs" (ms), to overlap concurrent stacks. */
    delayMs?: number;
}

/** The message Pulumi Cloud gives for a stack another update holds (errors.ts conflictText). */
export const LOCKED_STDERR = "error: [409] Conflict: Another update is currently in progress.\n";
export const NOT_FOUND_STDERR = "error: no stack named 'nope' found\n";

export const ENGINE_OPS = ["preview", "up", "destroy", "refresh"];

export const OUTPUTS = { clusterName: "acme-transit-dev", kubeconfig: "apiVersion: v1\nusers: [{name: secret-token-xyz}]" };
export const SECRET_OUTPUTS = ["kubeconfig"];

/** Events of a small deployment: one create, one update, the rest unchanged. */
export function sampleEvents(stack: string, preview: boolean): Partial<EngineEvent>[] {
    const urn = (type: string, name: string) => `urn:pulumi:${stack}::anycloud::anycloud:index:Platform$${type}::${name}`;
    const vpc = urn("aws:ec2/vpc:Vpc", "platform-network-vpc");
    const key = urn("aws:kms/key:Key", "platform-database-key");
    const same = urn("aws:iam/role:Role", "platform-cluster-role");
    const changes: OpMap = { create: 1, update: 1, same: 40 };
    return [
        { resourcePreEvent: { metadata: { op: "same", urn: same, type: "aws:iam/role:Role", provider: "" }, planning: preview } },
        { resourcePreEvent: { metadata: { op: "create", urn: vpc, type: "aws:ec2/vpc:Vpc", provider: "" }, planning: preview } },
        { resourcePreEvent: { metadata: { op: "update", urn: key, type: "aws:kms/key:Key", provider: "" }, planning: preview } },
        { diagnosticEvent: { urn: key, message: "key rotation period is the default", color: "never", severity: "warning" } },
        { resOutputsEvent: { metadata: { op: "create", urn: vpc, type: "aws:ec2/vpc:Vpc", provider: "" }, planning: preview } },
        { resOutputsEvent: { metadata: { op: "update", urn: key, type: "aws:kms/key:Key", provider: "" }, planning: preview } },
        { summaryEvent: { maybeCorrupt: false, durationSeconds: 3, resourceChanges: changes, policyPacks: {} } },
    ];
}

/**
 * Sends events where `--event-log` says: the Automation API's events server (`tcp://host:port`,
 * CLIs newer than 3.205), or the file it tails (older ones), one JSON line per event.
 */
async function streamEvents(address: string, events: Partial<EngineEvent>[]): Promise<void> {
    const stamped = events.map((event, sequence) => ({ sequence, timestamp: 1_700_000_000 + sequence, ...event }));
    if (!address.startsWith("tcp://")) {
        appendFileSync(address, stamped.map((event) => `${JSON.stringify(event)}\n`).join(""));
        return;
    }
    const client = new eventsRpc.EventsClient(address.replace(/^tcp:\/\//, ""), grpc.credentials.createInsecure());
    try {
        await new Promise<void>((resolve, reject) => {
            const call = client.streamEvents((error) => (error ? reject(error) : resolve()));
            stamped.forEach((event) => call.write(new eventsPb.EventRequest().setEvent(JSON.stringify(event))));
            call.end();
        });
    } finally {
        client.close();
    }
}

function flag(args: string[], name: string): string | undefined {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
}

/**
 * The update display a real CLI prints on stdout (non-interactive) before failing; its tail is a
 * summary that says nothing about the failure.
 */
export function failedDisplay(stack: string, operation: string): string {
    return [
        `${operation === "preview" ? "Previewing update" : "Updating"} (${stack})`,
        "",
        `    pulumi:pulumi:Stack anycloud-${stack} running`,
        " +  aws:ec2:Vpc platform-network-vpc creating (0s)",
        ` +  aws:ec2:Vpc platform-network-vpc ${operation === "preview" ? "create" : "created (2s)"}`,
        "",
        "Resources:",
        "    + 1 created",
        "    40 unchanged",
        "",
        "Duration: 3s",
        "",
    ].join("\n");
}

export class FakePulumi {
    readonly invocations: Invocation[] = [];
    /** Engine operations running now, and the most that ever ran at once. */
    running = 0;
    maxRunning = 0;
    /** `pulumi stack select` runs now, and the most that ever ran at once (each rewrites workspace.json). */
    selecting = 0;
    maxSelecting = 0;

    /**
     * @param reply answers an invocation; return undefined for the default: success, sample
     *              events for engine operations, OUTPUTS for `stack output`, a history entry.
     */
    constructor(private readonly reply: (invocation: Invocation) => Reply | undefined = () => undefined, readonly version = "3.210.0") {}

    /** Engine operations (preview, up, destroy, refresh) recorded, in order. */
    engineRuns(): Invocation[] {
        return this.invocations.filter((i) => ENGINE_OPS.includes(i.args[0]));
    }

    /** The argument lists, for exact assertions (`--event-log` value as "<events>"). */
    argLists(): string[][] {
        return this.invocations.map((i) => i.args.map((arg, n) => (i.args[n - 1] === "--event-log" ? "<events>" : arg)));
    }

    /** The object handed to the CLI as its PulumiCommand. */
    command(): PulumiCommand {
        const version = this.version;
        return {
            command: "pulumi",
            version: { toString: () => version },
            run: (args: string[], cwd: string, additionalEnv: Record<string, string>) => this.run(args, cwd, additionalEnv),
        } as unknown as PulumiCommand;
    }

    private async run(args: string[], cwd: string, env: Record<string, string>): Promise<unknown> {
        // As PulumiCommand.run: every command non-interactive.
        if (!args.includes("--non-interactive")) {
            args.push("--non-interactive");
        }
        const stack = flag(args, "--stack") ?? "";
        const invocation: Invocation = { args: [...args], cwd, env: { ...env } };
        const engine = ENGINE_OPS.includes(args[0]);
        if (engine) {
            const stackFile = join(cwd, `Pulumi.${stack.split("/").pop()}.yaml`);
            invocation.stackConfig = existsSync(stackFile) ? (parse(readFileSync(stackFile, "utf8")) as { config: Record<string, unknown> }).config : undefined;
        }
        this.invocations.push(invocation);
        const reply = this.reply(invocation) ?? {};
        const select = args[0] === "stack" && args[1] === "select";
        if (engine) {
            this.running++;
            this.maxRunning = Math.max(this.maxRunning, this.running);
        }
        if (select) {
            this.selecting++;
            this.maxSelecting = Math.max(this.maxSelecting, this.selecting);
        }
        try {
            const events = reply.events ?? (engine && (reply.code ?? 0) === 0 ? sampleEvents(stack, args[0] === "preview") : []);
            const eventLog = flag(args, "--event-log");
            if (eventLog && events.length > 0) {
                await streamEvents(eventLog, events);
            }
            if (reply.delayMs) {
                await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
            }
        } finally {
            if (engine) {
                this.running--;
            }
            if (select) {
                this.selecting--;
            }
        }
        const code = reply.code ?? 0;
        const stdout = reply.stdout ?? (code !== 0 && engine ? failedDisplay(stack, args[0]) : this.defaultStdout(args));
        if (code !== 0) {
            throw failedCommand(args, stdout, reply.stderr ?? "", code);
        }
        return new CommandResult(stdout, reply.stderr ?? "", code);
    }

    private defaultStdout(args: string[]): string {
        if (args[0] === "stack" && args[1] === "output") {
            const showSecrets = args.includes("--show-secrets");
            return JSON.stringify(Object.fromEntries(Object.entries(OUTPUTS).map(([key, value]) => [key, !showSecrets && SECRET_OUTPUTS.includes(key) ? "[secret]" : value])));
        }
        if (args[0] === "stack" && args[1] === "history") {
            return JSON.stringify([{ version: 1, kind: "update", startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-01T00:01:00Z", message: "", environment: {}, config: {}, result: "succeeded", resourceChanges: { create: 1, update: 1, same: 40 } }]);
        }
        return "";
    }
}
