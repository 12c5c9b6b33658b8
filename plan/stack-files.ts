import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

/**
 * Reads a project's Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI does
 * before `pulumi up` (sdk/go/common/workspace: parseConfigKey, createConfigValue,
 * mergeConfig, validateStackConfigValues), so the offline plan runs the program on the
 * very config Pulumi would hand it.
 */

/** Stands in for an encrypted (`secure:`) value: there is no secrets provider offline. */
export const SECURE_PLACEHOLDER = "[secure value, not decrypted offline]";

/** The stack named on the command line has no stack file: a usage error. */
export class UnknownStackError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnknownStackError";
    }
}

/** Pulumi.yaml or the stack file is missing, unreadable or not the shape Pulumi reads. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

export interface StackSettings {
    project: string;
    stack: string;
    projectDir: string;
    stackFile: string;
    /** Pulumi's flat config: "namespace:key" -> text (JSON text for maps and lists). */
    config: Record<string, string>;
    /** Keys holding a `secure:` value anywhere inside. */
    secretKeys: string[];
    /** Things `pulumi up` would refuse or that the plan could not reproduce; the plan goes on. */
    warnings: string[];
}

interface Declaration {
    type?: string;
    items?: unknown;
    secret?: boolean;
    default?: unknown;
    value?: unknown;
}

const DECLARATION_FIELDS = ["type", "items", "description", "secret", "default", "value"];
const CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"];

type Yaml = Record<string, unknown>;

function isMap(value: unknown): value is Yaml {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readYaml(path: string): unknown {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (error) {
        throw new StackFileError(`cannot read ${path}: ${(error as Error).message}`);
    }
    try {
        return parse(text) ?? {};
    } catch (error) {
        throw new StackFileError(`${path} is not valid YAML: ${(error as Error).message}`);
    }
}

/** Pulumi's stack file name: only the last part of "org/project/stack" names the file. */
function stackFileName(stack: string): string {
    return `Pulumi.${stack.split("/").pop()}.yaml`;
}

function stackConfigDir(projectDir: string, project: Yaml): string {
    // `config: <path>` is Pulumi's deprecated spelling of stackConfigDir.
    const dir = typeof project.stackConfigDir === "string" ? project.stackConfigDir : typeof project.config === "string" ? project.config : "";
    return join(projectDir, dir);
}

function readProject(projectDir: string): Yaml {
    const path = join(projectDir, "Pulumi.yaml");
    if (!existsSync(path)) {
        throw new UnknownStackError(`no Pulumi.yaml in ${projectDir}; pass --cwd <project directory>`);
    }
    const project = readYaml(path);
    if (!isMap(project) || typeof project.name !== "string" || project.name === "") {
        throw new StackFileError(`${path} has no project name`);
    }
    return project;
}

/** Stack names with a stack file in the project, sorted. */
export function listStacks(projectDir: string): string[] {
    const dir = stackConfigDir(projectDir, readProject(projectDir));
    return readdirSync(dir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((name): name is string => name !== undefined)
        .sort();
}

/** Pulumi's config.ParseKey plus the project namespace for bare keys. */
export function normaliseKey(key: string, project: string): string {
    const parts = key.split(":");
    if (parts.length === 1) {
        return `${project}:${key}`;
    }
    // "<namespace>:config:<name>" is the legacy spelling of "<namespace>:<name>".
    if (parts.length === 3 && parts[1] === "config") {
        return `${parts[0]}:${parts[2]}`;
    }
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
        throw new StackFileError(`could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
    }
    return key;
}

/** Go's json.Marshal sorts map keys; matching it keeps the text identical to Pulumi's. */
function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (isMap(value)) {
        return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
    }
    return value;
}

function isSecure(value: unknown): value is { secure: string } {
    return isMap(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/** Replaces every `secure:` leaf by the placeholder; reports whether there was one. */
function stripSecure(value: unknown): { value: unknown; secure: boolean } {
    if (isSecure(value)) {
        return { value: SECURE_PLACEHOLDER, secure: true };
    }
    if (Array.isArray(value)) {
        const items = value.map(stripSecure);
        return { value: items.map((i) => i.value), secure: items.some((i) => i.secure) };
    }
    if (isMap(value)) {
        const entries = Object.entries(value).map(([k, v]) => [k, stripSecure(v)] as const);
        return { value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])), secure: entries.some(([, v]) => v.secure) };
    }
    return { value, secure: false };
}

/** Pulumi's createConfigValue: scalars as text, maps and lists as JSON. */
export function toConfigText(value: unknown): string {
    if (value === null || value === undefined) {
        return "";
    }
    return typeof value === "object" ? JSON.stringify(sortKeys(value)) : String(value);
}

/** Pulumi's ValidateConfigValue, with `object` (accepted by Pulumi since 2025). */
function matchesType(type: string, items: unknown, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return isMap(value);
        case "array":
            return Array.isArray(value) && isMap(items) && typeof items.type === "string" && value.every((item) => matchesType(String(items.type), items.items, item));
        default:
            return false;
    }
}

function typeName(type: string, items: unknown): string {
    return type === "array" && isMap(items) ? `array<${typeName(String(items.type), items.items)}>` : type;
}

function quoteList(keys: string[]): string {
    const quoted = [...keys].sort().map((k) => `'${k}'`);
    return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** Project config entries as declarations (plain values are shorthand for `value`). */
function declarations(project: Yaml, name: string, warnings: string[]): Map<string, Declaration> {
    const result = new Map<string, Declaration>();
    if (!isMap(project.config)) {
        return result;
    }
    for (const [rawKey, entry] of Object.entries(project.config)) {
        const key = normaliseKey(rawKey, name);
        const ownNamespace = key.startsWith(`${name}:`);
        if (!isMap(entry)) {
            result.set(key, { value: entry });
            continue;
        }
        const unknown = Object.keys(entry).filter((field) => !DECLARATION_FIELDS.includes(field));
        if (unknown.length > 0) {
            warnings.push(`Pulumi.yaml: config '${rawKey}' has ${quoteList(unknown)}, which Pulumi does not accept (a map value must be written under 'value:')`);
        }
        const declaration = entry as Declaration;
        if (declaration.default !== undefined && declaration.value !== undefined) {
            warnings.push(`Pulumi.yaml: project config '${rawKey}' cannot have both a 'default' and 'value' attribute`);
        }
        if (declaration.type !== undefined && !CONFIG_TYPES.includes(declaration.type)) {
            warnings.push(`Pulumi.yaml: config '${rawKey}' has type '${declaration.type}'; Pulumi accepts ${CONFIG_TYPES.join(", ")}`);
        } else if (declaration.type === "array" && declaration.items === undefined) {
            warnings.push(`Pulumi.yaml: the configuration key '${rawKey}' declares an array but does not specify the underlying type via the 'items' attribute`);
        } else if (!ownNamespace && (declaration.type !== undefined || declaration.default !== undefined)) {
            warnings.push(`Pulumi.yaml: configuration key '${rawKey}' is not namespaced by the project and may only set 'value'`);
        } else if (declaration.type !== undefined && declaration.default !== undefined && !matchesType(declaration.type, declaration.items, declaration.default)) {
            warnings.push(`Pulumi.yaml: the default value specified for configuration key '${rawKey}' is not of the expected type '${typeName(declaration.type, declaration.items)}'`);
        }
        result.set(key, declaration);
    }
    return result;
}

/**
 * The stack's config as `pulumi up` would pass it to the program: stack file values,
 * then Pulumi.yaml values and defaults for keys the stack does not set.
 */
export function readStack(projectDir: string, stack: string): StackSettings {
    const project = readProject(projectDir);
    const name = String(project.name);
    const stackFile = join(stackConfigDir(projectDir, project), stackFileName(stack));
    if (!existsSync(stackFile)) {
        const known = listStacks(projectDir);
        throw new UnknownStackError(`unknown stack "${stack}": no ${stackFile}; stacks here: ${known.join(", ") || "(none)"}`);
    }
    const stackYaml = readYaml(stackFile);
    const stackConfig = isMap(stackYaml) && stackYaml.config !== undefined ? stackYaml.config : {};
    if (!isMap(stackConfig)) {
        throw new StackFileError(`${stackFile}: 'config' must be a map of keys to values`);
    }

    const warnings: string[] = [];
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    /** Values as Pulumi validates them: stack scalars are text, structures are parsed. */
    const typed = new Map<string, unknown>();
    for (const [rawKey, raw] of Object.entries(stackConfig)) {
        const key = normaliseKey(rawKey, name);
        const { value, secure } = stripSecure(raw);
        config[key] = toConfigText(value);
        typed.set(key, typeof value === "object" && value !== null ? value : config[key]);
        if (secure) {
            secretKeys.add(key);
            warnings.push(`${key} is encrypted in the stack file; the plan uses "${SECURE_PLACEHOLDER}" in its place`);
        }
    }

    const declared = declarations(project, name, warnings);
    const missing: string[] = [];
    for (const [key, declaration] of [...declared.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const fallback = declaration.value ?? declaration.default;
        if (key in config) {
            if (declaration.secret && !secretKeys.has(key)) {
                warnings.push(`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`);
            }
            const checkable = declaration.type !== undefined && CONFIG_TYPES.includes(declaration.type) && !secretKeys.has(key);
            if (checkable && !matchesType(declaration.type as string, declaration.items, typed.get(key))) {
                warnings.push(`Stack '${stack}' with configuration key '${key}' must be of type '${typeName(declaration.type as string, declaration.items)}'`);
            }
        } else if (fallback !== undefined) {
            config[key] = toConfigText(fallback);
        } else if (key.startsWith(`${name}:`)) {
            missing.push(key);
        }
    }
    if (missing.length > 0) {
        // Pulumi refuses the whole stack for this; the plan still shows what the program would build.
        warnings.push(`Stack '${stack}' is missing configuration value${missing.length === 1 ? "" : "s"} ${quoteList(missing)} (declared in Pulumi.yaml without a default, so \`pulumi up\` stops here)`);
    }

    const sorted = Object.fromEntries(Object.keys(config).sort().map((key) => [key, config[key]]));
    return { project: name, stack, projectDir, stackFile, config: sorted, secretKeys: [...secretKeys].sort(), warnings };
}
