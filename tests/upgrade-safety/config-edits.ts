import { strict as assert } from "assert";
import { ConfigError } from "../../components/errors";
import { CONFIG_KEYS, ConfigKey, loadPlatformArgs } from "../../components/config";
import { ResourceRecord } from "../../plan/recorder";
import { planSettings } from "../../plan/run";
import { readStack, StackSettings, toConfigText } from "../../plan/stack-files";
import { REPO_ROOT } from "../plan/fixtures";

/**
 * The stack-config side of the upgrade-safety suite: edits as a user makes them in
 * Pulumi.<stack>.yaml, the production reference stacks, and one plan per distinct config.
 */

/** Pulumi's parsed anycloud config of a stack: top-level key ("cluster") -> value. */
type Config = Record<string, unknown>;

/** One edit of the stack config, as a user would make it in Pulumi.<stack>.yaml. */
export interface Edit {
    /** "anycloud:<path> = <value>" */
    text: string;
    apply(config: Config): void;
}

export type PathPart = string | number;

/** Pulumi's `[*]` in an ignoreChanges path: any element. */
export const ANY = "*";

/** "cluster.nodePools[1].min" or "agentPoolProfiles[0].count" -> ["cluster", "nodePools", 1, "min"]. */
export function parsePath(path: string): PathPart[] {
    const parts: PathPart[] = [];
    for (const segment of path.split(".")) {
        const match = /^([^[\]]*)((?:\[(?:\d+|\*)\])*)$/.exec(segment);
        if (!match) {
            throw new Error(`cannot read the property path ${path} (quoted keys are not supported here)`);
        }
        if (match[1] !== "") {
            parts.push(match[1]);
        }
        for (const index of match[2].matchAll(/\[(\d+|\*)\]/g)) {
            parts.push(index[1] === ANY ? ANY : Number(index[1]));
        }
    }
    return parts;
}

export const isObject = (value: unknown): value is Record<PathPart, unknown> => typeof value === "object" && value !== null;

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(value: unknown, path: string | PathPart[]): unknown {
    let current = value;
    for (const part of typeof path === "string" ? parsePath(path) : path) {
        if (!isObject(current)) {
            return undefined;
        }
        current = current[part];
    }
    return current;
}

export function setAt(root: Record<PathPart, unknown>, parts: PathPart[], value: unknown): void {
    let current = root;
    for (const [i, part] of parts.slice(0, -1).entries()) {
        if (!isObject(current[part])) {
            current[part] = typeof parts[i + 1] === "number" ? [] : {};
        }
        current = current[part] as Record<PathPart, unknown>;
    }
    current[parts[parts.length - 1]] = value;
}

/** `anycloud:<path> = value`; the first part of the path is the config key. */
export function set(path: string, value: unknown): Edit {
    return {
        text: `anycloud:${path} = ${JSON.stringify(value)}`,
        apply: (config) => setAt(config, parsePath(path), value),
    };
}

/** Appends to a list setting (e.g. a CIDR to allowedCidrs). */
export function append(path: string, value: unknown): Edit {
    return {
        text: `anycloud:${path} += ${JSON.stringify(value)}`,
        apply: (config) => {
            const list = valueAt(config, path);
            assert.ok(Array.isArray(list), `anycloud:${path} is not a list in the stack`);
            list.push(value);
        },
    };
}

const NAMESPACE = "anycloud:";

/** The stack's anycloud config, parsed the way loadPlatformArgs reads Pulumi's flat text. */
function parseConfig(settings: StackSettings): Config {
    const config: Config = {};
    for (const [key, text] of Object.entries(settings.config)) {
        if (key.startsWith(NAMESPACE)) {
            const name = key.slice(NAMESPACE.length);
            const type: string | undefined = CONFIG_KEYS[name as ConfigKey];
            config[name] = type === "array" || type === "object" ? JSON.parse(text) : text;
        }
    }
    return config;
}

/** Settings with `edits` applied, flattened back as Pulumi does (scalars as text, structures as JSON with sorted keys). */
export function edited(settings: StackSettings, edits: Edit[]): StackSettings {
    const config = parseConfig(settings);
    for (const edit of edits) {
        edit.apply(config);
    }
    const flat = { ...settings.config };
    for (const [name, value] of Object.entries(config)) {
        flat[`${NAMESPACE}${name}`] = toConfigText(value);
    }
    return { ...settings, config: flat };
}

const plans = new Map<string, Promise<ResourceRecord[]>>();

/** The planned resources of `settings`, planned once per run. */
export function planned(settings: StackSettings): Promise<ResourceRecord[]> {
    const key = JSON.stringify([settings.stack, settings.config]);
    let plan = plans.get(key);
    if (!plan) {
        plan = planSettings(settings, "anycloud upgrade-safety").then((p) => p.document.resources);
        plans.set(key, plan);
    }
    return plan;
}

/** The production reference stack of a cloud, as `pulumi up` reads Pulumi.<cloud>-prod.yaml. */
export function referenceStack(cloud: string): StackSettings {
    return readStack(REPO_ROOT, `${cloud}-prod`);
}

/** The problems validation reports for `settings`, or [] when it accepts them. Plans nothing. */
export function validationProblems(settings: StackSettings): string[] {
    try {
        loadPlatformArgs(settings.config);
        return [];
    } catch (error) {
        if (error instanceof ConfigError) {
            return error.problems.map((p) => `${p.key}: ${p.message}`);
        }
        throw error;
    }
}

/** "type::name" of a resource, as the tables name them. */
