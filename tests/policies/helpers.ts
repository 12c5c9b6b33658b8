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
