import { strict as assert } from "assert";
import { isDeepStrictEqual } from "util";
import { ResourceRecord } from "../../plan/recorder";
import { StackSettings } from "../../plan/stack-files";
import { ANY, Edit, edited, isObject, parsePath, PathPart, planned, referenceStack, set, setAt, validationProblems, valueAt } from "./config-edits";
import { ReplacementInputs } from "../../providers/replacement-inputs";

/**
 * Upgrade safety: the config changes a user makes to a running production stack, each planned
 * before and after under the mock runtime. A change is safe when the stateful resources keep
 * their URNs and none of the inputs that would replace them (the cloud's REPLACEMENT_INPUTS
 * registry) changes. The cloud files are tables of changes; the comparison lives here.
 *
 * Each distinct config is planned once per run (memoised on its text): the reference stack is
 * the "before" of most changes, and the version bumps are chained (1.34/16 -> 1.35/16 -> the
 * reference), each plan the "after" of one change and the "before" of the next.
 */

export const refOf = (r: ResourceRecord) => `${r.type}::${r.name}`;

function find(resources: ResourceRecord[], ref: string): ResourceRecord | undefined {
    return resources.find((r) => refOf(r) === ref);
}

function show(value: unknown): string {
    if (value instanceof RegExp) {
        return `a value matching ${String(value)}`;
    }
    if (value === undefined) {
        return "(not set)";
    }
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Leaf paths below `path` where `a` and `b` differ, each "path: a → b" (at most `limit`). */
export function leafDiff(a: unknown, b: unknown, path = "", limit = 8): string[] {
    if (isDeepStrictEqual(a, b)) {
        return [];
    }
    const bothArrays = Array.isArray(a) && Array.isArray(b);
    const bothMaps = isObject(a) && isObject(b) && !Array.isArray(a) && !Array.isArray(b);
    if (!bothArrays && !bothMaps) {
        return [`${path || "(whole value)"}: ${show(a)} → ${show(b)}`];
    }
    const keys = bothArrays
        ? [...Array(Math.max((a as unknown[]).length, (b as unknown[]).length)).keys()]
        : [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    const lines: string[] = [];
    for (const key of keys) {
        const child = typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
        lines.push(...leafDiff((a as Record<PathPart, unknown>)[key], (b as Record<PathPart, unknown>)[key], child, limit - lines.length));
        if (lines.length >= limit) {
            return [...lines.slice(0, limit), "…"];
        }
    }
    return lines;
}

const startsWithPath = (path: PathPart[], prefix: PathPart[]) => prefix.length <= path.length && prefix.every((part, i) => part === path[i] || part === ANY || path[i] === ANY);

/**
 * The value Pulumi diffs for `path` of a resource whose new registration ignores
 * `ignoreChanges`: an ignored path (or one inside it) keeps the old value, so it never
 * triggers a replacement; ignored paths below `path` take their old value inside the new one.
 */
function diffedPair(before: ResourceRecord, after: ResourceRecord, path: string): [unknown, unknown] | undefined {
    const parts = parsePath(path);
    const ignored = after.options.ignoreChanges.map(parsePath);
    if (ignored.some((prefix) => startsWithPath(parts, prefix))) {
        return undefined;
    }
    const old = valueAt(before.inputs, parts);
    let current = valueAt(after.inputs, parts);
    const inside = ignored.filter((p) => p.length > parts.length && startsWithPath(p, parts));
    if (inside.length > 0 && isObject(current)) {
        current = structuredClone(current);
        for (const p of inside) {
            const rest = p.slice(parts.length);
            const kept = valueAt(old, rest);
            if (kept !== undefined || valueAt(current, rest) !== undefined) {
                setAt(current as Record<PathPart, unknown>, rest, kept);
            }
        }
    }
    return [old, current];
}

/** A replacement-triggering input a change is expected to alter, and why that is harmless. */
export interface ExpectedReplacement {
    /** "type::name" */
    resource: string;
    inputs: string[];
    why: string;
}

export interface ReplacementChange {
    resource: string;
    urn: string;
    /**
     * removed: no resource with the URN after the change; provider: a new provider reference;
     * inputs: a replacement input (the provider replaces); createOnly: the cloud refuses the
     * update; replaceOnChanges: a path the resource's own option replaces it on.
     */
    kind: "removed" | "inputs" | "createOnly" | "replaceOnChanges" | "provider";
    input: string;
    lines: string[];
}

/**
 * Every way a change replaces (or breaks) a resource whose type is in the registry: it is gone
 * from the plan (deleted, or renamed: a new URN is a new resource), its provider reference
 * changed, or one of its replacement-triggering inputs, create-only inputs or replaceOnChanges
 * paths differs after ignoreChanges.
 */
export function replacementChanges(before: ResourceRecord[], after: ResourceRecord[], registry: Record<string, ReplacementInputs>): ReplacementChange[] {
    const changes: ReplacementChange[] = [];
    const afterByUrn = new Map(after.map((r) => [r.urn, r]));
    for (const old of before.filter((r) => r.type in registry)) {
        const resource = refOf(old);
        const current = afterByUrn.get(old.urn);
        if (!current) {
            changes.push({ resource, urn: old.urn, kind: "removed", input: "(urn)", lines: ["no resource with this URN after the change: Pulumi deletes it"] });
            continue;
        }
        if (old.options.provider !== current.options.provider) {
            changes.push({ resource, urn: old.urn, kind: "provider", input: "(provider)", lines: [`${show(old.options.provider)} → ${show(current.options.provider)}`] });
        }
        const entry = registry[old.type];
        const paths: [ReplacementChange["kind"], string][] = [
            ...[...entry.inputs, ...(entry.nestedInputs ?? [])].map((p) => ["inputs", p] as [ReplacementChange["kind"], string]),
            ...(entry.createOnly ?? []).map((p) => ["createOnly", p] as [ReplacementChange["kind"], string]),
            ...current.options.replaceOnChanges.map((p) => ["replaceOnChanges", p] as [ReplacementChange["kind"], string]),
        ];
        const reported: PathPart[][] = [];
        for (const [kind, path] of paths) {
            const parts = parsePath(path);
            // A path inside one already reported: its leaves are in that report.
            if (reported.some((done) => startsWithPath(parts, done))) {
                continue;
            }
            const pair = diffedPair(old, current, path);
            if (pair && !isDeepStrictEqual(pair[0], pair[1])) {
                changes.push({ resource, urn: old.urn, kind, input: path, lines: leafDiff(pair[0], pair[1], path) });
                reported.push(parts);
            }
        }
    }
    return changes;
}

function describeChanges(changes: ReplacementChange[]): string {
    return changes.map((c) => `  ${c.resource} [${c.kind}: ${c.input}]\n${c.lines.map((l) => `      ${l}`).join("\n")}`).join("\n");
}

/** A value a change must carry to a resource: proof that the edit reached the program. */
export interface Effect {
    /** "type::name" */
    resource: string;
    path: string;
    /** Expected before the change; undefined: the resource (or the value) does not exist yet. A RegExp matches the value's JSON text. */
    from?: unknown;
    to: unknown;
}

const agrees = (value: unknown, expected: unknown) =>
    expected instanceof RegExp ? value !== undefined && expected.test(JSON.stringify(value)) : isDeepStrictEqual(value, expected);

/** Where observability retention lands on every cloud: Prometheus's flag and the Elasticsearch lifecycle policy the logging Job puts. */
export function retentionEffects(fromDays: number, toDays: number): Effect[] {
    const minAge = (days: number) => new RegExp(`\\\\"min_age\\\\":\\\\"${days}d\\\\"`);
    return [
        { resource: "kubernetes:helm.sh/v3:Release::platform-observability-kube-prometheus-stack", path: "values.prometheus.prometheusSpec.retention", from: `${fromDays}d`, to: `${toDays}d` },
        { resource: "kubernetes:batch/v1:Job::platform-observability-index-lifecycle", path: "spec.template.spec.containers[0].env", from: minAge(fromDays), to: minAge(toDays) },
    ];
}

export interface UpgradeCase {
    /** What the user does, in their words. */
    change: string;
    /** Edits of the reference stack giving the starting point; none: the reference itself. */
    from?: Edit[];
    /** The change, applied on top of `from`. */
    edits: Edit[];
    /** Evidence that the change reached the resources it is about. */
    effects: Effect[];
    /** Replacement inputs that may change, each with the reason it is harmless; each must actually change. */
    expectedReplacements?: ExpectedReplacement[];
}

export interface ProtectRule {
    /** "type::name", or a type: every resource of it. */
    resource: string;
    why: string;
}

/** Where an autoscaled node count lives, and how the adapter keeps Pulumi from fighting the autoscaler. */
export type CountRule =
    | { type: string; ignored: string[]; why: string }
    | { type: string; sent: { count: string; min: string; max: string }; why: string };

export interface CloudSuite {
    cloud: "aws" | "azure" | "gcp";
    registry: Record<string, ReplacementInputs>;
    /** "type::name" of the database and of the cluster: their URNs must never change. */
    database: string;
    cluster: string;
    /** Resources production must protect. Every registry type needs a rule here or in `unprotected`. */
    protect: ProtectRule[];
    /** Resources of registry types that are deliberately not protected, with the reason. */
    unprotected: ProtectRule[];
    counts: CountRule[];
    /** Where the database's version goes, with the reference's value: the major alone, so the cloud's minor upgrades show no diff. */
    sentVersion: { resource: string; path: string; value: unknown };
    cases: UpgradeCase[];
}

const matches = (rule: ProtectRule, r: ResourceRecord) => (rule.resource.includes("::") ? refOf(r) === rule.resource : r.type === rule.resource);

/** Production protection: the listed stateful resources carry `protect`, and no registry type is left undecided. */
export function protectionProblems(suite: CloudSuite, resources: ResourceRecord[]): string[] {
    const problems: string[] = [];
    for (const rule of suite.protect) {
        const found = resources.filter((r) => matches(rule, r));
        if (found.length === 0) {
            problems.push(`${rule.resource}: not in the plan (the table names a resource the stack no longer has)`);
        }
        problems.push(...found.filter((r) => !r.options.protect).map((r) => `${refOf(r)}: not protected (${rule.why})`));
    }
    const undecided = resources.filter((r) => r.type in suite.registry && ![...suite.protect, ...suite.unprotected].some((rule) => matches(rule, r)));
    problems.push(...undecided.map((r) => `${refOf(r)}: a registry type with no protect decision in the ${suite.cloud} table (protect it, or list it as unprotected with the reason)`));
    return problems;
}

/** Autoscaled counts: ignored on the resource that holds them, or sent within [min, max]; never ignoreChanges on a component. */
export function countProblems(suite: CloudSuite, resources: ResourceRecord[]): string[] {
    const problems: string[] = [];
    for (const rule of suite.counts) {
        const found = resources.filter((r) => r.type === rule.type);
        if (found.length === 0) {
            problems.push(`${rule.type}: no resource in the plan`);
        }
        for (const r of found) {
            if (!r.custom) {
                problems.push(`${refOf(r)}: a component; ignoreChanges on it ignores nothing of its children`);
            }
            if ("ignored" in rule) {
                const missing = rule.ignored.filter((path) => !r.options.ignoreChanges.includes(path));
                if (missing.length > 0) {
                    problems.push(`${refOf(r)}: ${missing.join(", ")} not in ignoreChanges ${JSON.stringify(r.options.ignoreChanges)} (${rule.why})`);
                }
            } else {
                const [count, min, max] = [rule.sent.count, rule.sent.min, rule.sent.max].map((path) => valueAt(r.inputs, path));
                if (typeof count !== "number" || typeof min !== "number" || typeof max !== "number" || count < min || count > max) {
                    problems.push(`${refOf(r)}: ${rule.sent.count} ${show(count)} is not within [${rule.sent.min} ${show(min)}, ${rule.sent.max} ${show(max)}] (${rule.why})`);
                }
                if (r.options.ignoreChanges.some((path) => startsWithPath(parsePath(rule.sent.count), parsePath(path)))) {
                    problems.push(`${refOf(r)}: ${rule.sent.count} is ignored, but the adapter sends it deliberately (${rule.why})`);
                }
            }
        }
    }
    for (const r of resources.filter((r) => !r.custom && r.options.ignoreChanges.length > 0)) {
        problems.push(`${refOf(r)}: a component with ignoreChanges ${JSON.stringify(r.options.ignoreChanges)}; it does nothing there (put it on the child that holds the input)`);
    }
    return problems;
}

function effectProblems(effects: Effect[], before: ResourceRecord[], after: ResourceRecord[]): string[] {
    const problems: string[] = [];
    for (const effect of effects) {
        const old = find(before, effect.resource);
        const current = find(after, effect.resource);
        const was = old ? valueAt(old.inputs, effect.path) : undefined;
        if (!agrees(was, effect.from)) {
            problems.push(`${effect.resource} ${effect.path} before the change: expected ${show(effect.from)}, planned ${old ? show(was) : "(no such resource)"}`);
        }
        const now = current ? valueAt(current.inputs, effect.path) : undefined;
        if (!current || !agrees(now, effect.to)) {
            problems.push(`${effect.resource} ${effect.path} after the change: expected ${show(effect.to)}, planned ${current ? show(now) : "(no such resource)"}`);
        }
    }
    return problems;
}

/** Fails with the message alone (no "expected true" noise under it). */
function demand(condition: unknown, message: string): asserts condition {
    if (!condition) {
        assert.fail(message);
    }
}

function assertNone(problems: string[], what: string): void {
    demand(problems.length === 0, `${what}:\n  ${problems.join("\n  ")}`);
}

/** Checks one change: URNs kept, no replacement input changed (bar the expected ones), the change arrived, protection and counts hold after it. */
export async function checkCase(suite: CloudSuite, reference: StackSettings, upgrade: UpgradeCase): Promise<void> {
    const start = edited(reference, upgrade.from ?? []);
    const target = edited(start, upgrade.edits);
    assertNone(validationProblems(target), `validation refuses the change ${upgrade.edits.map((e) => e.text).join(", ")}`);
    const before = await planned(start);
    const after = await planned(target);

    assertNone(effectProblems(upgrade.effects, before, after), "the change did not reach the resources it is about (the case tests nothing)");

    for (const ref of [suite.database, suite.cluster]) {
        const old = find(before, ref);
        demand(old, `${ref} is not in the plan before the change`);
        demand(after.some((r) => r.urn === old.urn), `${ref} has a new URN after the change: Pulumi would delete ${old.urn} and create another`);
    }
    const afterUrns = new Set(after.map((r) => r.urn));
    assertNone(before.filter((r) => r.options.protect && !afterUrns.has(r.urn)).map((r) => `${refOf(r)} (${r.urn})`),
        "protected resources gone after the change (the engine refuses to delete them, so `pulumi up` stops)");

    const expected = upgrade.expectedReplacements ?? [];
    const changes = replacementChanges(before, after, suite.registry);
    const unexpected = changes.filter((c) => !expected.some((e) => e.resource === c.resource && e.inputs.includes(c.input)));
    demand(unexpected.length === 0, `${upgrade.change}: replacement-triggering inputs changed (before → after):\n${describeChanges(unexpected)}`);
    for (const e of expected) {
        for (const input of e.inputs) {
            demand(changes.some((c) => c.resource === e.resource && c.input === input), `${e.resource} ${input} was expected to change (${e.why}) but did not: drop it from the table`);
        }
    }

    assertNone(protectionProblems(suite, after), "production protection after the change");
    assertNone(countProblems(suite, after), "autoscaled counts after the change");
}

/**
 * The checks on a deliberately broken copy of the reference plan (no extra plan): each must
 * report what it is for, so a suite that passes is not one that cannot fail.
 */
function assertChecksCatchBreakage(suite: CloudSuite, resources: ResourceRecord[]): void {
    const copy = () => structuredClone(resources);
    const database = find(resources, suite.database)!;
    const entry = suite.registry[database.type];
    const input = entry.inputs.find((name) => typeof database.inputs[name] === "string");
    assert.ok(input, `${suite.database} sets none of its replacement inputs as text`);

    const renamed = copy();
    const target = find(renamed, suite.database)!;
    target.inputs[input] = `${String(target.inputs[input])}-2`;
    const flagged = replacementChanges(resources, renamed, suite.registry);
    assert.deepEqual(flagged.map((c) => [c.resource, c.input]), [[suite.database, input]], "a changed replacement input of the database is reported");
    assert.match(describeChanges(flagged), new RegExp(`${input}: ".*" → ".*-2"`), "the report shows before → after");

    const gone = copy().filter((r) => refOf(r) !== suite.cluster);
    assert.deepEqual(replacementChanges(resources, gone, suite.registry).map((c) => [c.resource, c.kind]), [[suite.cluster, "removed"]], "a cluster with a new URN is reported");

    // An ignored replacement input (where the cloud has one) changes nothing, until the ignore is dropped.
    for (const r of resources.filter((r) => r.type in suite.registry)) {
        const registered = [...suite.registry[r.type].inputs, ...(suite.registry[r.type].nestedInputs ?? [])];
        const path = r.options.ignoreChanges.find((p) => registered.includes(p));
        if (path) {
            const changed = copy();
            const subject = changed.find((c) => c.urn === r.urn)!;
            setAt(subject.inputs, parsePath(path), [valueAt(subject.inputs, path), "changed"]);
            assert.deepEqual(replacementChanges(resources, changed, suite.registry), [], `${refOf(r)}: ${path} is ignored, so a change of it replaces nothing`);
            subject.options.ignoreChanges = subject.options.ignoreChanges.filter((p) => p !== path);
            assert.deepEqual(replacementChanges(resources, changed, suite.registry).map((c) => c.input), [path], `${refOf(r)}: without the ignore, ${path} is reported`);
        }
    }

    const unprotected = copy();
    find(unprotected, suite.database)!.options.protect = false;
    assert.ok(protectionProblems(suite, unprotected).some((p) => p.startsWith(`${suite.database}: not protected`)), "an unprotected database is reported");

    for (const rule of suite.counts) {
        const broken = copy();
        const holder = broken.find((r) => r.type === rule.type)!;
        if ("ignored" in rule) {
            holder.options.ignoreChanges = holder.options.ignoreChanges.filter((p) => p !== rule.ignored[0]);
        } else {
            setAt(holder.inputs, parsePath(rule.sent.count), Number(valueAt(holder.inputs, rule.sent.max)) + 1);
        }
        assert.ok(countProblems(suite, broken).some((p) => p.startsWith(refOf(holder))), `a broken count on ${refOf(holder)} is reported`);
    }
}

/** The mocha suite of one cloud: the reference's protection and counts, then one test per change. */
export function describeUpgradeSafety(suite: CloudSuite, extra?: (reference: StackSettings) => void): void {
    describe(`upgrade safety: ${suite.cloud}-prod`, () => {
        const reference = referenceStack(suite.cloud);

        it("the reference stack protects its stateful resources and leaves autoscaled counts to the autoscaler", async () => {
            const resources = await planned(reference);
            assertNone(protectionProblems(suite, resources), "production protection");
            assertNone(countProblems(suite, resources), "autoscaled counts");
        });

        it("the checks report a broken copy of the reference (a replaced database, a new cluster URN, an unprotected database, a count left to Pulumi)", async () => {
            assertChecksCatchBreakage(suite, await planned(reference));
        });

        it("a PostgreSQL minor version is not a setting: validation refuses one, and the plan sends the major alone", async () => {
            for (const version of [17.4, "17.4"]) {
                const problems = validationProblems(edited(reference, [set("database.version", version)]));
                assert.ok(problems.some((p) => p.startsWith("anycloud:database.version")), `database.version ${JSON.stringify(version)} is accepted: ${problems.join("; ")}`);
            }
            const resource = find(await planned(reference), suite.sentVersion.resource);
            assert.ok(resource, `${suite.sentVersion.resource} is not in the plan`);
            assert.deepEqual(valueAt(resource.inputs, suite.sentVersion.path), suite.sentVersion.value, `${suite.sentVersion.resource} ${suite.sentVersion.path}`);
        });

        for (const upgrade of suite.cases) {
            it(`${upgrade.change}: ${upgrade.edits.map((e) => e.text).join(", ")}`, () => checkCase(suite, reference, upgrade));
        }

        extra?.(reference);
    });
}
