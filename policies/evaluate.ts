import { CheckedResource, Rule, RuleCloud, RuleReferences, Severity, SEVERITIES, StackView, Verdict } from "./rule";

export type FindingStatus = "pass" | "fail" | "exception" | "not-applicable";

export interface Finding {
    urn: string;
    status: FindingStatus;
    /** Why it failed, why it is an exception, or why the host cannot check it. */
    message?: string;
    /** For exceptions: the rules that compensate. */
    compensatedBy?: string[];
}

export interface RuleResult {
    id: string;
    description: string;
    severity: Severity;
    cloud: RuleCloud;
    references: RuleReferences;
    remediation: string;
    /** fail if any finding fails, else exception if any is one, else pass; not-applicable without resources. */
    status: FindingStatus;
    findings: Finding[];
}

export type SeverityTotals = Record<FindingStatus, number>;

export interface ComplianceReport {
    rules: RuleResult[];
    /** Rules (not findings) per severity and status. */
    totals: Record<Severity, SeverityTotals>;
    /** Ids of failed rules of high or critical severity: what `--strict` refuses. */
    blocking: string[];
}

function finding(urn: string, verdict: Verdict): Finding {
    switch (verdict.status) {
    case "pass":
        return { urn, status: "pass" };
    case "fail":
        return { urn, status: "fail", message: verdict.message };
    case "exception":
        return { urn, status: "exception", message: verdict.reason, compensatedBy: [...verdict.compensatedBy] };
    case "not-applicable":
        return { urn, status: "not-applicable", message: verdict.reason };
    }
}

function ruleStatus(findings: Finding[]): FindingStatus {
    for (const status of ["fail", "exception", "pass"] as const) {
        if (findings.some((f) => f.status === status)) {
            return status;
        }
    }
    return "not-applicable";
}

function runRule(rule: Rule, stack: StackView, unjudged: (resource: CheckedResource) => boolean): Finding[] {
    const types = new Set(rule.resourceTypes);
    return stack.resources.filter((r) => types.has(r.type) && !unjudged(r)).map((resource) => {
        try {
            return finding(resource.urn, rule.check(resource, stack));
        } catch (error) {
            // A rule that throws has not shown the resource is fine.
            return { urn: resource.urn, status: "fail" as const, message: `the rule could not check this resource: ${(error as Error).message}` };
        }
    });
}

/**
 * An exception holds only while every rule that compensates for it passes on the stack. A broken
 * exception fails its rule, which may break exceptions that rule compensates: repeat until stable.
 */
function settleExceptions(results: RuleResult[]): void {
    const known = new Set(results.map((r) => r.id));
    for (let changed = true; changed;) {
        changed = false;
        const failed = new Set(results.filter((r) => r.findings.some((f) => f.status === "fail")).map((r) => r.id));
        for (const f of results.flatMap((r) => r.findings)) {
            const broken = f.status === "exception" ? (f.compensatedBy ?? []).filter((id) => failed.has(id) || !known.has(id)) : [];
            if (broken.length > 0) {
                f.status = "fail";
                f.message = `${f.message}; but the compensating rule ${broken.join(", ")} does not pass`;
                changed = true;
            }
        }
    }
    for (const result of results) {
        result.status = ruleStatus(result.findings);
    }
}

export interface EvaluateOptions {
    /** Only rules of these clouds (kubernetes rules are always included). Default: every rule. */
    clouds?: RuleCloud[];
    /** Resources the rules may look up (as parents, dependencies) but never judge. */
    unjudged?: (resource: CheckedResource) => boolean;
}

/** Runs every rule over the stack's resources: one finding per (rule, resource of its types). */
export function evaluate(rules: readonly Rule[], resources: CheckedResource[], options: EvaluateOptions = {}): ComplianceReport {
    const stack = new StackView(resources);
    const chosen = options.clouds ? rules.filter((r) => r.cloud === "kubernetes" || options.clouds!.includes(r.cloud)) : rules;
    const results: RuleResult[] = chosen.map((rule) => {
        const findings = runRule(rule, stack, options.unjudged ?? (() => false)).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
        return {
            id: rule.id, description: rule.description, severity: rule.severity, cloud: rule.cloud,
            references: rule.references, remediation: rule.remediation, status: ruleStatus(findings), findings,
        };
    });
    settleExceptions(results);
    const totals = Object.fromEntries(SEVERITIES.map((severity) => {
        const ofSeverity = results.filter((r) => r.severity === severity);
        const count = (status: FindingStatus) => ofSeverity.filter((r) => r.status === status).length;
        return [severity, { pass: count("pass"), fail: count("fail"), exception: count("exception"), "not-applicable": count("not-applicable") }];
    })) as Record<Severity, SeverityTotals>;
    const blocking = results.filter((r) => r.status === "fail" && (r.severity === "critical" || r.severity === "high")).map((r) => r.id);
    return { rules: results, totals, blocking };
}
