import { ComplianceReport, evaluate, FindingStatus, RuleResult } from "../policies/evaluate";
import { ALL_RULES } from "../policies/rules/all";
import { CheckedResource, Rule, RuleCloud, SEVERITIES } from "../policies/rule";
import { ResourceRecord } from "./recorder";

/** A recorded registration as the rules see it: its inputs, with the plan's unknown and secret marks. */
export function checkedResourceOf(record: ResourceRecord): CheckedResource {
    return {
        urn: record.urn,
        type: record.type,
        name: record.name,
        props: record.inputs,
        parent: record.parent,
        dependencies: record.dependencies,
        propertyDependencies: record.propertyDependencies,
        protect: record.options.protect,
        ignoreChanges: record.options.ignoreChanges,
        secretPaths: record.secretInputs,
    };
}

/** The stack's cloud's rules and the Kubernetes rules over the recorded resources. */
export function complianceOf(resources: ResourceRecord[], cloud: string, rules: readonly Rule[] = ALL_RULES): ComplianceReport {
    return evaluate(rules, resources.map(checkedResourceOf), { clouds: [cloud as RuleCloud] });
}

const STATUS_LABEL: Record<FindingStatus, string> = { pass: "pass", fail: "FAIL", exception: "exception", "not-applicable": "n/a" };

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

function idsOf(result: RuleResult): string {
    const { checkov = [], trivy = [] } = result.references;
    return [...checkov, ...trivy].join(", ");
}

/**
 * The "Compliance" section of `anycloud plan`: totals per severity, then one line per rule with
 * its verdict, and under failures and exceptions the resource and the reason.
 */
export function renderCompliance(report: ComplianceReport): string[] {
    const count = (status: FindingStatus) => report.rules.filter((r) => r.status === status).length;
    const lines = [
        `Compliance (${report.rules.length} rules: ${count("pass")} pass, ${count("fail")} fail, ${count("exception")} exception, ${count("not-applicable")} not applicable; docs/security.md)`,
    ];
    for (const severity of SEVERITIES) {
        const t = report.totals[severity];
        lines.push(`  ${severity.padEnd(8)}  ${t.pass} pass  ${t.fail} fail  ${t.exception} exception  ${t["not-applicable"]} n/a`);
    }
    lines.push("");
    const idWidth = Math.max(0, ...report.rules.map((r) => r.id.length));
    for (const result of report.rules) {
        const resources = result.findings.length === 1 ? "1 resource" : `${result.findings.length} resources`;
        lines.push(`  ${STATUS_LABEL[result.status].padEnd(9)}  ${result.severity.padEnd(8)}  ${result.id.padEnd(idWidth)}  ${resources.padEnd(12)}  ${idsOf(result)}`.trimEnd());
        for (const finding of result.findings.filter((f) => f.status === "fail" || f.status === "exception")) {
            const compensated = finding.compensatedBy?.length ? ` (compensated by ${finding.compensatedBy.join(", ")})` : "";
            lines.push(`      ${STATUS_LABEL[finding.status]} ${nameOf(finding.urn)}: ${finding.message ?? ""}${compensated}`);
        }
    }
    if (report.blocking.length > 0) {
        lines.push("", `  Failed rules of high or critical severity (anycloud plan --strict exits 3): ${report.blocking.join(", ")}`);
    }
    return lines;
}
