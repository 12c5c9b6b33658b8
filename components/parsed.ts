import type { z } from "zod";

/**
 * Settings as far as they parsed: a field whose value failed its schema is left out (its problem is
 * reported already), as is a list entry that failed as a whole (a hole at its index, so the indexes in
 * messages stay the user's). Cross-field and per-cloud rules run on this, so a bad field never hides
 * the rules on its siblings.
 */
export type Parsed<T> = T extends (infer U)[]
    ? (Parsed<U> | undefined)[]
    : T extends object ? { [K in keyof T]?: Parsed<T[K]> } : T;

/** The fields (or list indexes, or map keys) of a parsed object whose values failed their schema. */
const failedKeys = new WeakMap<object, Set<PropertyKey>>();

/** Records that `keys` of `parent` failed their schemas (the top level of the settings, which salvage does not build). */
export function markFailed(parent: object, keys: Iterable<PropertyKey>): void {
    failedKeys.set(parent, new Set(keys));
}

/** True when the user gave `key` a value that failed its schema: unknown, not absent. */
export function failed(parent: object | undefined, key: PropertyKey): boolean {
    return parent !== undefined && (failedKeys.get(parent)?.has(key) ?? false);
}

/** True when the user set `key`, whether its value parsed or failed its schema. */
export function given<T extends object>(parent: T | undefined, key: keyof T): boolean {
    return parent !== undefined && (parent[key] !== undefined || failed(parent, key));
}

/**
 * True when `key` is not set at all: neither given a value that parsed, nor one that failed. The test a
 * rule saying "X is required" needs; a value that failed its schema is not "missing".
 */
export function missing<T extends object>(parent: T | undefined, key: keyof T): boolean {
    return parent !== undefined && !parent[key] && !failed(parent, key);
}

/** Every entry of a parsed list is known (none failed), so a rule over the whole list can run. */
export function complete<T>(list: (T | undefined)[] | undefined): list is T[] {
    return list !== undefined && list.every((item) => item !== undefined);
}

interface ZodInternals {
    _zod: { def: Record<string, unknown> & { type: string } };
}

const FAILED = Symbol("failed");

/**
 * What of `value` `schema` accepts. On success, the parsed value. Otherwise, for an object (or map),
 * the fields that parse on their own, with their defaults; for a list whose own checks (length, order)
 * pass, its entries parsed one by one; FAILED for anything else. Issues are not collected here: the
 * full parse has reported them.
 */
export function salvage(schema: z.ZodType, value: unknown): unknown {
    const result = salvageOf(schema as unknown as ZodInternals, value);
    return result === FAILED ? undefined : result;
}

function salvageOf(schema: ZodInternals, value: unknown): unknown {
    const whole = (schema as unknown as z.ZodType).safeParse(value);
    if (whole.success) {
        return whole.data;
    }
    const def = schema._zod.def;
    switch (def.type) {
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "readonly":
            // The value failed, so it is not the missing value a wrapper supplies a default for.
            return salvageOf(def.innerType as ZodInternals, value);
        case "pipe": {
            // A preprocess (a quoted number, a taint as text): salvage what comes out of it.
            const into = (def.in as unknown as z.ZodType).safeParse(value);
            return into.success ? salvageOf(def.out as ZodInternals, into.data) : FAILED;
        }
        case "object": {
            if (!isMap(value)) {
                return FAILED;
            }
            const out: Record<string, unknown> = {};
            const bad = new Set<PropertyKey>();
            for (const [key, field] of Object.entries(def.shape as Record<string, ZodInternals>)) {
                const parsed = salvageOf(field, value[key]);
                if (parsed === FAILED) {
                    bad.add(key);
                } else if (parsed !== undefined) {
                    out[key] = parsed;
                }
            }
            failedKeys.set(out, bad);
            return out;
        }
        case "record": {
            if (!isMap(value)) {
                return FAILED;
            }
            const out: Record<string, unknown> = {};
            const bad = new Set<PropertyKey>();
            for (const [key, entry] of Object.entries(value)) {
                const parsedKey = salvageOf(def.keyType as ZodInternals, key);
                const parsed = salvageOf(def.valueType as ZodInternals, entry);
                if (parsedKey === FAILED || parsed === FAILED) {
                    bad.add(key);
                } else {
                    out[parsedKey as string] = parsed;
                }
            }
            failedKeys.set(out, bad);
            return out;
        }
        case "array": {
            // A list that breaks its own rules (too short, too long, out of order) is unknown as a whole.
            if (!Array.isArray(value) || whole.error.issues.some((issue) => issue.path.length === 0)) {
                return FAILED;
            }
            const bad = new Set<PropertyKey>();
            const out = value.map((item, i) => {
                const parsed = salvageOf(def.element as ZodInternals, item);
                if (parsed === FAILED) {
                    bad.add(i);
                    return undefined;
                }
                return parsed;
            });
            failedKeys.set(out, bad);
            return out;
        }
        default:
            return FAILED;
    }
}

function isMap(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
