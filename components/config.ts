import * as pulumi from "@pulumi/pulumi";
import { ConfigError, Problem } from "./errors";
import { PlatformArgs } from "./types";
import { resolvePlatformArgs } from "./validation";

export const CONFIG_NAMESPACE = "anycloud";

/** How each stack config key is stored: Pulumi hands objects and arrays over as JSON text. */
export const CONFIG_KEYS = {
    cloud: "string",
    region: "string",
    customer: "string",
    project: "string",
    environment: "string",
    allowedCidrs: "array",
    protect: "boolean",
    network: "object",
    cluster: "object",
    database: "object",
    bastion: "object",
    aws: "object",
    observability: "object",
    ingress: "object",
    billing: "object",
    tags: "object",
    azure: "object",
    gcp: "object",
} as const satisfies Record<string, "string" | "boolean" | "array" | "object">;

export type ConfigKey = keyof typeof CONFIG_KEYS;

/** Stack config as Pulumi hands it to a program: fully qualified keys ("anycloud:network") to text. */
export type StackConfig = Record<string, string>;

/**
 * Loads `anycloud:*` stack config into validated PlatformArgs, or throws a ConfigError
 * naming every bad key. Registers nothing.
 */
export function loadPlatformArgs(config: StackConfig = pulumi.runtime.allConfig()): PlatformArgs {
    const problems: Problem[] = [];
    const raw: Record<string, unknown> = {};
    for (const [name, type] of Object.entries(CONFIG_KEYS)) {
        const fullKey = `${CONFIG_NAMESPACE}:${name}`;
        const text = config[fullKey];
        if (text === undefined) {
            continue;
        }
        const value = decode(text, type);
        if (value instanceof Error) {
            problems.push({ key: fullKey, value: text, message: value.message });
        } else {
            raw[name] = value;
        }
    }
    for (const fullKey of Object.keys(config)) {
        const [namespace, name] = fullKey.split(":");
        if (namespace === CONFIG_NAMESPACE && !(name in CONFIG_KEYS)) {
            problems.push({ key: fullKey, value: config[fullKey], message: `is not an anycloud setting; known settings: ${Object.keys(CONFIG_KEYS).join(", ")}` });
        }
    }
    let args: PlatformArgs;
    try {
        args = resolvePlatformArgs(raw, `${CONFIG_NAMESPACE}:`);
    } catch (error) {
        if (error instanceof ConfigError) {
            throw new ConfigError([...problems, ...error.problems]);
        }
        throw error;
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return args;
}

function decode(text: string, type: "string" | "boolean" | "array" | "object"): unknown {
    switch (type) {
        case "string":
            return text;
        case "boolean":
            return text === "true" ? true : text === "false" ? false : new Error("must be true or false");
        default: {
            let value: unknown;
            try {
                value = JSON.parse(text);
            } catch {
                return new Error(`must be a YAML ${type === "array" ? "list" : "map"} in the stack file (it is not valid structured config)`);
            }
            const isArray = Array.isArray(value);
            const ok = type === "array" ? isArray : typeof value === "object" && value !== null && !isArray;
            return ok ? value : new Error(`must be a YAML ${type === "array" ? "list" : "map"}`);
        }
    }
}
