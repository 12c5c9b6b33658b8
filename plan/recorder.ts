import type { ResourceTransformationArgs, ResourceTransformationResult } from "@pulumi/pulumi/resource";
import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import { MockMonitor, MockResourceArgs, Mocks, setMocks } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { disconnect, getProject, getStack, setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { registerStackTransformation, runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { mockCall, mockResource } from "./mocks";

/** Stands in for a secret value wherever recorded data is shown or written. */
export const SECRET_MARKER = "[secret]";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface ResourceOptionsRecord {
    protect: boolean;
    ignoreChanges: string[];
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    additionalSecretOutputs: string[];
    replaceOnChanges: string[];
    /** Provider reference "urn::id", or "" for the default provider. */
    provider: string;
    /** Package -> provider reference, as sent for components (remote ones pass them to their plugin). */
    providers: Record<string, string>;
    deletedWith: string;
}

export interface ResourceRecord {
    urn: string;
    type: string;
    name: string;
    /** "" for the stack itself. */
    parent: string;
    custom: boolean;
    /** Inputs as registered; secret values are replaced by SECRET_MARKER, references by their URN. */
    inputs: Record<string, unknown>;
    /** Paths (dotted) of inputs that were secret. */
    secretInputs: string[];
    /** URNs this resource depends on, as the SDK sent them to the engine. */
    dependencies: string[];
    /** Input name -> URNs its value came from, keys sorted; inputs without any are left out. */
    propertyDependencies: Record<string, string[]>;
    options: ResourceOptionsRecord;
}

export interface Recording {
    resources: ResourceRecord[];
    /** Stack outputs, secrets replaced by SECRET_MARKER. */
    outputs: Record<string, unknown>;
    secretOutputs: string[];
}

interface Request {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getProtect?(): boolean;
    getIgnorechangesList(): string[];
    getRetainondelete?(): boolean;
    getDeletebeforereplace(): boolean;
    getAdditionalsecretoutputsList(): string[];
    getReplaceonchangesList(): string[];
    getProvider(): string;
    getProvidersMap(): { toObject(): [string, string][] };
    getDeletedwith(): string;
    getImportid(): string;
}

/** Replaces Pulumi's wire encoding of secrets, references and unknowns with readable values. */
export function redact(value: unknown, path: string, secrets: string[]): unknown {
    if (Array.isArray(value)) {
        return value.map((item, i) => redact(item, `${path}[${i}]`, secrets));
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SIG] === SECRET_SIG) {
            secrets.push(path);
            return SECRET_MARKER;
        }
        if (record[SIG] === RESOURCE_SIG) {
            return { resource: record.urn };
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redact(v, path ? `${path}.${k}` : k, secrets)]));
    }
    return value === UNKNOWN ? "(known after apply)" : value;
}

/** The map as the SDK sent it ("input" -> URNs), without empty entries. */
function propertyDependenciesOf(req: Request): Record<string, string[]> {
    const entries: [string, string[]][] = [];
    req.getPropertydependenciesMap().forEach((value, input) => {
        const urns = [...new Set(value.getUrnsList())].sort();
        if (urns.length > 0) {
            entries.push([input, urns]);
        }
    });
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The URN the engine (and the mock monitor) gives a resource: parent types chain with "$". */
function urnOf(parent: string, type: string, name: string): string {
    const qualifiedType = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${getStack()}::${getProject()}::${qualifiedType}::${name}`;
}

/**
 * The mock monitor, plus a record of every registration request exactly as the SDK sent it. It
 * registers resources itself, as MockMonitor.registerResource does, but converts the request's
 * inputs from protobuf once (for the record and for the mocks) and answers without a protobuf
 * response for the SDK to take apart again: the SDK reads an answer only through the getters below,
 * and its own run without an engine answers with them too. Transforms are not passed on: the plan's
 * mocks read none. Together with withoutAliases and withoutLeakTracking this took a third off the
 * time of a plan (docs/performance.md).
 */
class RecordingMonitor extends MockMonitor {
    readonly records: ResourceRecord[] = [];

    async registerResource(req: Request, callback: (err: unknown, resp: unknown) => void): Promise<void> {
        const secretInputs: string[] = [];
        const urn = urnOf(req.getParent(), req.getType(), req.getName());
        // The inputs in wire form (secrets and references as signature objects), converted once: the
        // record redacts them and the mocks read them deserialised, neither changing them.
        const wire = req.getObject()?.toJavaScript() ?? {};
        this.records.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent(),
            custom: req.getCustom(),
            inputs: redact(wire, "", secretInputs) as Record<string, unknown>,
            secretInputs,
            dependencies: [...req.getDependenciesList()].sort(),
            propertyDependencies: propertyDependenciesOf(req),
            options: {
                protect: req.getProtect?.() ?? false,
                ignoreChanges: req.getIgnorechangesList(),
                retainOnDelete: req.getRetainondelete?.() ?? false,
                deleteBeforeReplace: req.getDeletebeforereplace(),
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                replaceOnChanges: req.getReplaceonchangesList(),
                provider: req.getProvider(),
                providers: Object.fromEntries(req.getProvidersMap().toObject()),
                deletedWith: req.getDeletedwith(),
            },
        });
        try {
            const result = await this.mocks.newResource({
                type: req.getType(),
                name: req.getName(),
                inputs: deserializeProperties({ toJavaScript: () => wire } as unknown as Parameters<typeof deserializeProperties>[0]),
                provider: req.getProvider(),
                custom: req.getCustom(),
                id: req.getImportid(),
            });
            const state = await serializeProperties(urn, result.state);
            this.resources.set(urn, { urn, id: result.id ?? null, state });
            const object = { toJavaScript: () => state };
            callback(null, {
                getUrn: () => urn,
                getId: () => result.id ?? "",
                getObject: () => object,
                getPropertydependenciesMap: () => undefined,
                getResult: () => 0,
                getUnknown: () => false,
            });
        } catch (error) {
            callback(error, undefined);
        }
    }

    /** Outputs a component (or the stack) registered, still in wire form so secrets are recognisable. */
    readonly registeredOutputs = new Map<string, Record<string, unknown>>();

    registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: (err: unknown, resp: unknown) => void): void {
        this.registeredOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        return super.registerResourceOutputs(req, callback);
    }
}

export interface RecordOptions {
    project: string;
    stack: string;
    /** Fully qualified stack config ("anycloud:cloud" -> text), as Pulumi would hand it to the program. */
    config: Record<string, string>;
    /** Keys of `config` that are secrets. */
    secretKeys?: string[];
    /** Region the mocks pretend to be in. */
    region: string;
    /**
     * Answers to invokes (by token) that replace the mocks' own, e.g. to plan against an
     * account where the cluster already exists. The offline plan never sets them.
     */
    invokeAnswers?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
    /** Outputs (by resource type) that replace the mocks' own, e.g. what a Stash kept from an earlier deploy. */
    priorState?: Record<string, (args: MockResourceArgs) => Record<string, unknown> | undefined>;
}

/**
 * Drops a resource's aliases before the SDK resolves them. They only tell the engine under which
 * earlier URNs to look for the resource's state, so a plan neither records nor shows them, but the
 * SDK turns each into Outputs and awaits them one by one: azure-native gives every resource one alias
 * per API version (about 60 on a security rule), which made up two thirds of an Azure plan's time and
 * a third of its memory. URNs, inputs and options are unchanged. Runs before the SDK reads `aliases`:
 * stack transformations run first in every resource's constructor.
 */
function withoutAliases(args: ResourceTransformationArgs): ResourceTransformationResult | undefined {
    return args.opts.aliases === undefined ? undefined : { props: args.props, opts: { ...args.opts, aliases: undefined } };
}

/**
 * Turns off the SDK's leak tracking while a program is recorded: it wraps each of the several promises
 * it makes per resource in two more, and files them under a set, to list at exit the ones that never
 * settled (a program that ended before its resources did). A recording awaits every registration
 * before it returns, so there is nothing to report. Returns what turns it back on. (An internal of
 * @pulumi/pulumi, so looked up with care: if it moves, recordings only stay slower.)
 */
function withoutLeakTracking(): () => void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module the SDK's .d.ts does not describe
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise?: unknown };
    const tracked = debuggable.debuggablePromise;
    if (typeof tracked !== "function") {
        return () => undefined;
    }
    debuggable.debuggablePromise = <T>(promise: Promise<T>): Promise<T> => promise;
    return () => {
        debuggable.debuggablePromise = tracked;
    };
}

/** What `error.stack` says while a program is recorded: "Name: message", as with no frames at all. */
function firstLineOnly(error: unknown): string {
    try {
        return Error.prototype.toString.call(error);
    } catch {
        return "Error";
    }
}

/** The recording in progress: Pulumi's mock runtime is process-wide, so recordings take turns. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` under Pulumi's mock runtime and returns every registration and the
 * stack outputs. No engine, no CLI, no credentials, no network. Calls made while another
 * recording runs wait for it.
 */
export function recordProgram(program: () => unknown, options: RecordOptions): Promise<Recording> {
    const recording = running.then(() => recordAlone(program, options));
    running = recording.catch(() => undefined);
    return recording;
}

async function recordAlone(program: () => unknown, options: RecordOptions): Promise<Recording> {
    const mocks: Mocks = {
        newResource: (args) => {
            const mocked = mockResource(args, options.region);
            const prior = options.priorState?.[args.type]?.(args);
            return prior ? { id: mocked.id, state: { ...mocked.state, ...prior } } : mocked;
        },
        call: (args) => options.invokeAnswers?.[args.token]?.(args.inputs) ?? mockCall(args, options.region),
    };
    await setMocks(mocks, options.project, options.stack, false);
    const monitor = new RecordingMonitor(mocks);
    setMockOptions(monitor, options.project, options.stack, false);
    setAllConfig(options.config, options.secretKeys ?? []);

    // The SDK stamps every promise it makes with `new Error().stack`, for its leak report, and every
    // resource with the full stack of its constructor, for the engine's source positions. Formatting
    // those traces (through source maps under ts-node) was most of a plan's time, and the plan never
    // shows them: while the program runs, a trace is its first line only. Set ANYCLOUD_STACK_TRACES=1
    // to keep them while debugging the program.
    const keepTraces = Boolean(process.env.ANYCLOUD_STACK_TRACES);
    const { stackTraceLimit, prepareStackTrace } = Error;
    if (!keepTraces) {
        Error.stackTraceLimit = 0;
        Error.prepareStackTrace = firstLineOnly;
    }
    const restoreLeakTracking = withoutLeakTracking();
    try {
        await runInPulumiStack(async () => {
            registerStackTransformation(withoutAliases);
            return program();
        });
        await disconnect();
    } finally {
        restoreLeakTracking();
        if (!keepTraces) {
            Error.stackTraceLimit = stackTraceLimit;
            Error.prepareStackTrace = prepareStackTrace;
        }
    }
    const stackUrn = monitor.records.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const secretOutputs: string[] = [];
    const outputs = redact(monitor.registeredOutputs.get(stackUrn) ?? {}, "", secretOutputs) as Record<string, unknown>;
    return { resources: monitor.records, outputs, secretOutputs };
}
