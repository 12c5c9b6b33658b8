import { strict as assert } from "assert";
import { checkedResourceOf } from "../../plan/compliance";
import { evaluate, Finding } from "../../policies/evaluate";
import { CheckedResource, Rule, StackView, Verdict } from "../../policies/rule";
import { referencePlan } from "../helpers/reference-plans";

/** A resource for a rule test: only what the rule reads needs to be given. */
export function resource(type: string, props: Record<string, unknown>, extra: Partial<CheckedResource> = {}): CheckedResource {
    const name = extra.name ?? "subject";
    return {
        urn: `urn:pulumi:test::anycloud::${type}::${name}`,
        type, name, props, parent: "", dependencies: [], propertyDependencies: {}, protect: false, ignoreChanges: [], secretPaths: [],
        ...extra,
    };
}

/** The rule's verdict on `subject`, with `others` in the stack beside it. */
export function verdictOf(rule: Rule, subject: CheckedResource, others: CheckedResource[] = []): Verdict {
    return rule.check(subject, new StackView([subject, ...others]));
}

/** A resource named `name`, for stacks of several. */
export const named = (type: string, name: string, props: Record<string, unknown>, extra: Partial<CheckedResource> = {}) => resource(type, props, { name, ...extra });

/** `input` of the subject comes from `sources`. */
export const wired = (input: string, ...sources: CheckedResource[]): Partial<CheckedResource> => ({ propertyDependencies: { [input]: sources.map((s) => s.urn) } });

/** Asserts an exception compensated by exactly `compensatedBy`, and returns its reason. */
export function assertException(rule: Rule, subject: CheckedResource, compensatedBy: string[], others: CheckedResource[] = []): string {
    const verdict = verdictOf(rule, subject, others);
    assert.equal(verdict.status, "exception", `${rule.id} should report an exception: ${JSON.stringify(verdict)}`);
    assert.deepEqual((verdict as { compensatedBy: string[] }).compensatedBy, compensatedBy);
    return (verdict as { reason: string }).reason;
}

/** Asserts the rule cannot judge `subject`, for a reason matching `why`. */
export function assertNotApplicable(rule: Rule, subject: CheckedResource, why: RegExp, others: CheckedResource[] = []): void {
    const verdict = verdictOf(rule, subject, others);
    assert.equal(verdict.status, "not-applicable", `${rule.id} should not apply: ${JSON.stringify(verdict)}`);
    assert.match((verdict as { reason: string }).reason, why);
}

export function assertPasses(rule: Rule, subject: CheckedResource, others: CheckedResource[] = []): void {
    const verdict = verdictOf(rule, subject, others);
    assert.equal(verdict.status, "pass", `${rule.id} should pass: ${JSON.stringify(verdict)}`);
}

/** Asserts a failure whose message matches `why`. */
export function assertFails(rule: Rule, subject: CheckedResource, why: RegExp, others: CheckedResource[] = []): void {
    const verdict = verdictOf(rule, subject, others);
    assert.equal(verdict.status, "fail", `${rule.id} should fail: ${JSON.stringify(verdict)}`);
    assert.match((verdict as { message: string }).message, why);
}

/** The resources of a reference stack's offline plan, as the rules see them (planned once per run). */
export async function referenceResources(stack: string): Promise<CheckedResource[]> {
    return (await referencePlan(stack)).resources.map(checkedResourceOf);
}

/** The findings of some rules over a reference stack, failures first. */
export async function findingsOn(stack: string, rules: readonly Rule[]): Promise<(Finding & { rule: string })[]> {
    const report = evaluate(rules, await referenceResources(stack));
    return report.rules.flatMap((r) => r.findings.map((f) => ({ rule: r.id, ...f })))
        .sort((a, b) => Number(b.status === "fail") - Number(a.status === "fail"));
}

/**
 * The findings of `rules` on a reference stack, after asserting that none fails and that every
 * rule judged at least one resource (no rule silently matches nothing).
 */
export async function cleanFindingsOn(stack: string, rules: readonly Rule[]): Promise<(Finding & { rule: string })[]> {
    const findings = await findingsOn(stack, rules);
    const failed = findings.filter((f) => f.status === "fail");
    assert.deepEqual(failed.map((f) => `${f.rule} ${f.urn}: ${f.message}`), [], `failing findings on ${stack}`);
    const silent = rules.filter((r) => !findings.some((f) => f.rule === r.id && f.status !== "not-applicable"));
    assert.deepEqual(silent.map((r) => r.id), [], `rules that matched nothing on ${stack}`);
    return findings;
}
