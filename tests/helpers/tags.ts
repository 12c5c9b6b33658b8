import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { loadPlatformArgs } from "../../components/config";
import { platformContext, TAG_KEYS } from "../../components/context";
import { ComponentName, CostType } from "../../components/types";
import { Recording, ResourceRecord } from "../../plan/recorder";
import { toStackConfig } from "./record";

/**
 * The cost-tag walker: every taggable resource of a recorded plan must carry the taxonomy
 * (components/context.ts) with the values the config asks for. Whether a resource type takes tags
 * is read from the installed SDK's declarations, so a new resource type is covered the day it is
 * used, without a hand list to keep up.
 */

export type TaggedCloud = "aws" | "azure" | "gcp";

/**
 * Not walked: anycloud's and @pulumi/eks's component resources (their children are walked, and
 * eks.Cluster's tag inputs are checked by the AWS test), providers and the engine's own
 * resources, random:* and tls:* (nothing in a cloud), and kubernetes:* (objects in the cluster,
 * not billed by tag).
 */
const OUT_OF_SCOPE = /^(anycloud|eks|pulumi|random|tls|kubernetes):/;

const PACKAGES: Record<TaggedCloud, string> = { aws: "aws", azure: "azure-native", gcp: "gcp" };

/**
 * Which inputs are a cloud's cost tags. AWS and Azure call them `tags` wherever they are (a
 * volume's, a launch template's tag specification, an AKS pool profile's) and AWS has the
 * instance's `volumeTags`. GCP calls them `labels` at the top, `resourceLabels` on GKE clusters
 * and node configs, `userLabels` in Cloud SQL settings and `labels` in a boot disk's
 * initializeParams, and `userLabels` at the top of a monitoring NotificationChannel, whose `labels`
 * are its channel settings (an e-mail address); other nested `labels` (a node config's) are
 * Kubernetes node labels.
 */
const IS_TAG_FIELD: Record<TaggedCloud, (path: string[]) => boolean> = {
    aws: (p) => p[p.length - 1] === "tags" || (p.length === 1 && p[0] === "volumeTags"),
    azure: (p) => p[p.length - 1] === "tags",
    gcp: (p) => {
        const [last, parent] = [p[p.length - 1], p[p.length - 2]];
        return p.length === 1 ? ["labels", "resourceLabels", "userLabels"].includes(last) : ["resourceLabels", "userLabels"].includes(last) || (last === "labels" && parent === "initializeParams");
    },
};

/** Types whose top-level `labels` input is not cost labels (their `userLabels` are). */
const NOT_TAG_FIELDS: Record<string, string[]> = { "gcp:monitoring/notificationChannel:NotificationChannel": ["labels"] };

/**
 * How deep under an input the tags of a sub-resource sit: a GKE cluster's nodePools[].nodeConfig.resourceLabels,
 * a GCE boot disk's initializeParams.labels, a new Azure subscription's properties.additionalProperties.tags.
 */
const NESTING: Record<TaggedCloud, number> = { aws: 1, azure: 2, gcp: 2 };

/** Where provider-level defaults reach: resources whose state has the merged view (AWS tagsAll, GCP pulumiLabels). */
const MERGED_STATE_FIELD: Partial<Record<TaggedCloud, string>> = { aws: "tagsAll", gcp: "pulumiLabels" };

/** One tag input of a resource type: its path of input names ("[]" after an array), and whether provider defaults merge into it. */
export interface TagField {
    path: string[];
    arrays: boolean[];
    inheritsDefaults: boolean;
}

const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
const fileCache = new Map<string, string>();
const read = (file: string) => fileCache.get(file) ?? fileCache.set(file, stripComments(readFileSync(file, "utf8"))).get(file)!;
const sdkDir = (pkg: string) => path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));

/** The body of `interface <name> {...}` found at or after `from`, braces balanced. */
function interfaceBody(text: string, name: string, from = 0): string | undefined {
    const match = new RegExp(`interface ${name} \\{`).exec(text.slice(from));
    if (!match) {
        return undefined;
    }
    let depth = 1;
    const start = from + match.index + match[0].length;
    let i = start;
    for (; i < text.length && depth > 0; i++) {
        depth += text[i] === "{" ? 1 : text[i] === "}" ? -1 : 0;
    }
    return text.slice(start, i - 1);
}

/** The properties of an interface body at its own level (nested object types skipped), with their type text. */
function properties(body: string): [string, string][] {
    let depth = 0;
    let flat = "";
    for (const ch of body) {
        depth += ch === "{" ? 1 : 0;
        flat += depth === 0 ? ch : "";
        depth -= ch === "}" ? 1 : 0;
    }
    return [...flat.matchAll(/(\w+)\??:\s*([^;]*);/g)].map((m) => [m[1], m[2]]);
}

/** The declaration file of a resource type: the module file whose class registers under that type token. */
function declarationOf(type: string, cloud: TaggedCloud): string {
    const [, modulePath, className] = type.split(":");
    const dir = path.join(sdkDir(PACKAGES[cloud]), modulePath.split("/")[0]);
    const registers = (file: string) => read(path.join(dir, file)).includes(`__pulumiType = '${type}'`);
    const guesses = [modulePath.split("/")[1], className[0].toLowerCase() + className.slice(1), className.toLowerCase()].filter(Boolean).map((base) => `${base}.js`);
    const files = readdirSync(dir);
    const file = guesses.find((guess) => files.includes(guess) && registers(guess)) ?? files.find((f) => f.endsWith(".js") && registers(f));
    if (!file) {
        throw new Error(`no class in @pulumi/${PACKAGES[cloud]} registers ${type}; is the SDK installed?`);
    }
    return read(path.join(dir, file.replace(/\.js$/, ".d.ts")));
}

/** Tag fields under an input type of the SDK's types/input.d.ts, to `depth` levels. */
function nestedFields(cloud: TaggedCloud, typeText: string, prefix: string[], arrays: boolean[], depth: number): TagField[] {
    const match = /inputs\.(\w+)\.(\w+)/.exec(typeText);
    if (!match || depth === 0) {
        return [];
    }
    const inputs = read(path.join(sdkDir(PACKAGES[cloud]), "types", "input.d.ts"));
    const body = interfaceBody(inputs, match[2], Math.max(0, inputs.indexOf(`namespace ${match[1]} {`)));
    return properties(body ?? "").flatMap(([name, type]) => {
        const fieldPath = [...prefix, name];
        const fieldArrays = [...arrays, type.includes("[]")];
        return IS_TAG_FIELD[cloud](fieldPath) && !/\binputs\./.test(type)
            ? [{ path: fieldPath, arrays: fieldArrays, inheritsDefaults: false }]
            : nestedFields(cloud, type, fieldPath, fieldArrays, depth - 1);
    });
}

const fieldCache = new Map<string, TagField[]>();

/** Every tag input of a resource type, from the SDK's declarations (cached); [] when it takes none. */
export function tagFieldsOf(type: string, cloud: TaggedCloud): TagField[] {
    const cached = fieldCache.get(type);
    if (cached) {
        return cached;
    }
    const className = type.split(":")[2];
    const declaration = declarationOf(type, cloud);
    const args = interfaceBody(declaration, `${className}Args`);
    if (args === undefined) {
        throw new Error(`no ${className}Args in the SDK's declaration of ${type}`);
    }
    const mergedField = MERGED_STATE_FIELD[cloud];
    const inherits = mergedField !== undefined && properties(interfaceBody(declaration, `${className}State`) ?? "").some(([name]) => name === mergedField);
    const fields = properties(args).filter(([name]) => !(NOT_TAG_FIELDS[type] ?? []).includes(name)).flatMap(([name, typeText]): TagField[] => IS_TAG_FIELD[cloud]([name])
        // userLabels sit beside the provider's defaults, never merged with them.
        ? [{ path: [name], arrays: [false], inheritsDefaults: inherits && name !== "volumeTags" && name !== "userLabels" }]
        : nestedFields(cloud, typeText, [name], [typeText.includes("[]")], NESTING[cloud]));
    fieldCache.set(type, fields);
    return fields;
}

/** What the config asks every resource's tags to say. */
export interface TagExpectation {
    /** customer, project, environment, managed-by and the user's tags: the same on every resource. */
    everywhere: Record<string, string>;
    costTypes: Record<ComponentName, CostType>;
}

/** The expectation for a stack config, through the same loading the stack program uses. */
export function expectationFor(settings: Record<string, unknown>): TagExpectation {
    const context = platformContext(loadPlatformArgs(toStackConfig(settings)));
    // The platform-wide cost type is only the providers' default; each resource's comes from its component.
    const everywhere = { ...context.tags };
    delete everywhere[TAG_KEYS.costType];
    return { everywhere, costTypes: context.costTypes };
}

const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

/** What is wrong with one effective tag set: a missing or wrong taxonomy tag, a missing user tag, a malformed GCP label. */
export function taxonomyProblems(tags: Record<string, string>, expected: TagExpectation, cloud: TaggedCloud): string[] {
    const problems = Object.entries(expected.everywhere)
        .filter(([key, value]) => tags[key] !== value)
        .map(([key, value]) => `${key}=${JSON.stringify(tags[key])}, expected ${JSON.stringify(value)}`);
    const component = tags[TAG_KEYS.component] as ComponentName | undefined;
    if (!component || !Object.values(ComponentName).includes(component)) {
        problems.push(`component=${JSON.stringify(component)}, expected one of ${Object.values(ComponentName).join(", ")}`);
    } else if (tags[TAG_KEYS.costType] !== expected.costTypes[component]) {
        problems.push(`cost-type=${JSON.stringify(tags[TAG_KEYS.costType])}, expected ${expected.costTypes[component]} (billing.costTypes.${component})`);
    }
    if (cloud === "gcp") {
        Object.entries(tags).filter(([key, value]) => !LABEL_KEY.test(key) || !LABEL_VALUE.test(value))
            .forEach(([key, value]) => problems.push(`${key}=${JSON.stringify(value)} is not a valid GCP label`));
    }
    return problems;
}

/** The provider defaults a resource's tags merge with: the defaultTags/defaultLabels of the provider it was registered with. */
function providerDefaults(recording: Recording, resource: ResourceRecord, cloud: TaggedCloud): Record<string, string> {
    const provider = recording.resources.find((r) => resource.options.provider.startsWith(`${r.urn}::`));
    const text = provider?.inputs[cloud === "aws" ? "defaultTags" : "defaultLabels"];
    if (typeof text !== "string") {
        return {};
    }
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return (cloud === "aws" ? parsed.tags : parsed) as Record<string, string> ?? {};
}

/** The values at a field path of a resource's inputs, one per array element; undefined where the path ends early. */
function valuesAt(inputs: unknown, field: TagField): { at: string; container: unknown; value: unknown }[] {
    let level: { at: string; container: unknown; value: unknown }[] = [{ at: "", container: undefined, value: inputs }];
    field.path.forEach((name, i) => {
        level = level.flatMap(({ at, value }) => {
            const next = (value as Record<string, unknown> | undefined)?.[name];
            const here = at ? `${at}.${name}` : name;
            if (field.arrays[i] && i < field.path.length - 1) {
                return Array.isArray(next) ? next.map((item, j) => ({ at: `${here}[${j}]`, container: item, value: item })) : [];
            }
            return [{ at: here, container: value, value: next }];
        });
    });
    return level;
}

/** A nested container that is only a reference to another resource (`{ id }`): its tags belong to that resource. */
const isReference = (container: unknown) => !!container && typeof container === "object" && Object.keys(container).every((key) => key === "id");

export interface TagWalk {
    /** "<name> (<type>) <field>: <what is wrong>", [] when every taggable resource is right. */
    problems: string[];
    /** Every tag set checked: the resource, the input path, the effective tags. */
    checked: { resource: ResourceRecord; at: string; tags: Record<string, string> }[];
    /** In-scope resource types with nothing to tag: the SDK class takes no tags, or only a referenced resource's. */
    untaggable: Set<string>;
    /** Resource types left out (OUT_OF_SCOPE). */
    outOfScope: Set<string>;
}

/**
 * Walks every custom resource of a recording. A top-level tag input must be there; a nested one
 * (a volume's, a node config's) wherever its container is. Where provider defaults merge in
 * (AWS default tags, GCP default labels), `component` and `cost-type` must still be on the
 * resource itself: the provider cannot know them.
 */
export function walkTags(recording: Recording, cloud: TaggedCloud, expected: TagExpectation): TagWalk {
    const walk: TagWalk = { problems: [], checked: [], untaggable: new Set(), outOfScope: new Set() };
    for (const resource of recording.resources.filter((r) => r.custom)) {
        if (OUT_OF_SCOPE.test(resource.type) || !resource.type.startsWith(`${PACKAGES[cloud]}:`)) {
            walk.outOfScope.add(resource.type);
            continue;
        }
        const before = walk.checked.length + walk.problems.length;
        const report = (at: string, what: string) => walk.problems.push(`${resource.name} (${resource.type}) ${at}: ${what}`);
        for (const field of tagFieldsOf(resource.type, cloud)) {
            for (const { at, container, value } of valuesAt(resource.inputs, field)) {
                const nested = field.path.length > 1;
                if (nested && (container === undefined || isReference(container))) {
                    continue;
                }
                if (value === undefined && field.path[0] === "volumeTags") {
                    continue;
                }
                // AWS refuses volumeTags beside per-device tags; with volumeTags set, the devices' own are not needed.
                if (value === undefined && nested && resource.inputs.volumeTags !== undefined) {
                    continue;
                }
                if (value === undefined) {
                    report(at, field.inheritsDefaults ? "no tags of its own (the provider's defaults lack component and cost-type)" : "no tags");
                    continue;
                }
                const own = value as Record<string, string>;
                const tags = field.inheritsDefaults ? { ...providerDefaults(recording, resource, cloud), ...own } : own;
                walk.checked.push({ resource, at, tags });
                taxonomyProblems(tags, expected, cloud).forEach((problem) => report(at, problem));
                if (field.inheritsDefaults) {
                    [TAG_KEYS.component, TAG_KEYS.costType].filter((key) => own[key] === undefined)
                        .forEach((key) => report(at, `${key} only from the provider's defaults, which cannot know it`));
                }
            }
        }
        if (walk.checked.length + walk.problems.length === before) {
            walk.untaggable.add(resource.type);
        }
    }
    // A type checked on one resource is taggable, even where another resource of it had nothing to check.
    walk.checked.forEach(({ resource }) => walk.untaggable.delete(resource.type));
    return walk;
}

/** The most tags anycloud itself puts on one tag set of the walk (the user's aside): what the config validation's room assumes. */
export function mostOwnTags(walk: TagWalk, userTags: Record<string, string>): number {
    return Math.max(0, ...walk.checked.map(({ tags }) => Object.keys(tags).filter((key) => !(key in userTags)).length));
}
