import type { EnforcementLevel, PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ComplianceReport, evaluate } from "./evaluate";
import { CheckedResource, Rule, Severity, UNKNOWN_VALUE } from "./rule";
import { ALL_RULES } from "./rules/all";

/** High and critical rules stop a deployment; the others warn. Override per policy in the pack's config. */
export const ENFORCEMENT_BY_SEVERITY: Record<Severity, EnforcementLevel> = {
    critical: "mandatory",
    high: "mandatory",
    medium: "advisory",
    low: "advisory",
};

/**
 * The policy SDK hands stack policies the resources' properties behind a proxy that throws on
 * values unknown during preview. Rules treat an unknown value as absent (and look at
 * propertyDependencies to see where it will come from), so copy out what is known.
 */
/**
 * @pulumi/policy is an optional peer: `anycloud/policies` (the rules, the evaluator) loads without
 * it, and only a policy pack, which has it, reaches this.
 */
function isUnknownValueError(error: unknown): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { UnknownValueError } = require("@pulumi/policy") as typeof import("@pulumi/policy");
    return error instanceof UnknownValueError;
}

function knownValues(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const key of Object.keys(value)) {
        try {
            (copy as Record<string, unknown>)[key] = knownValues((value as Record<string, unknown>)[key]);
        } catch (error) {
            if (!isUnknownValueError(error)) {
                throw error;
            }
            // An unknown list entry stays in its place as unknown, so the known ones beside it are
            // still judged; an unknown property is left out, as the rules expect of a preview.
            if (Array.isArray(copy)) {
                copy[Number(key)] = UNKNOWN_VALUE;
            }
        }
    }
    return copy;
}

/** A resource of a policy pack's stack analysis as the rules see it. Secretness is not visible there. */
export function checkedResourceOfPolicyResource(resource: PolicyResource): CheckedResource {
    return {
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        props: knownValues(resource.props) as Record<string, unknown>,
        parent: resource.parent?.urn ?? "",
        dependencies: resource.dependencies.map((d) => d.urn),
        propertyDependencies: Object.fromEntries(Object.entries(resource.propertyDependencies).map(([input, deps]) => [input, deps.map((d) => d.urn)])),
        protect: resource.opts?.protect ?? false,
        ignoreChanges: resource.opts?.ignoreChanges ?? [],
        secretPaths: undefined,
    };
}

/**
 * In a deployment the engine shows a remote component (eks:index:Cluster) with its outputs, not the
 * arguments the plan checks, and shows the resources its plugin built. Where those children are
 * present, the rules judge the children (aws:eks/cluster:Cluster); the component stays visible to
 * them (as a parent, a dependency) but is not judged itself.
 */
function judgedByChildren(resources: CheckedResource[]): (resource: CheckedResource) => boolean {
    const parentsOfClusters = new Set(resources.filter((r) => r.type === "aws:eks/cluster:Cluster").map((r) => r.parent));
    return (resource) => resource.type === "eks:index:Cluster" && parentsOfClusters.has(resource.urn);
}

export interface AnycloudPoliciesOptions {
    /** The rules to turn into policies (default: every rule). */
    rules?: readonly Rule[];
    /** Enforcement per severity (default ENFORCEMENT_BY_SEVERITY). */
    enforcement?: Partial<Record<Severity, EnforcementLevel>>;
}

/**
 * anycloud's rules as @pulumi/policy stack policies, one per rule with the rule's id as its name.
 * They share one evaluation per analysed stack, so an exception is judged with its compensating
 * rules exactly as in `anycloud plan`.
 */
export function anycloudPolicies(options: AnycloudPoliciesOptions = {}): StackValidationPolicy[] {
    const rules = options.rules ?? ALL_RULES;
    const enforcement = { ...ENFORCEMENT_BY_SEVERITY, ...options.enforcement };
    // The policy SDK hands each stack policy its own copy of the stack's resources, so one analysis
    // calls every policy with equal but distinct arrays. All rules are evaluated once per distinct
    // stack (exceptions need their compensating rules' verdicts) and the last report is reused.
    let last: { key: string; report: ComplianceReport } | undefined;
    const reportFor = (policyResources: PolicyResource[]): ComplianceReport => {
        const resources = policyResources.map(checkedResourceOfPolicyResource);
        const key = JSON.stringify(resources);
        if (last?.key !== key) {
            last = { key, report: evaluate(rules, resources, { unjudged: judgedByChildren(resources) }) };
        }
        return last.report;
    };
    return rules.map((rule): StackValidationPolicy => ({
        name: rule.id,
        description: rule.description,
        severity: rule.severity,
        enforcementLevel: enforcement[rule.severity],
        tags: [rule.cloud, ...(rule.references.checkov ?? []), ...(rule.references.trivy ?? []), ...(rule.references.cis ?? [])],
        remediationSteps: rule.remediation,
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const result = reportFor(args.resources).rules.find((r) => r.id === rule.id);
            if (!result || result.status === "not-applicable") {
                args.notApplicable(result?.findings[0]?.message ?? `no resource of type ${rule.resourceTypes.join(", ")} in this stack`);
            }
            for (const finding of result!.findings.filter((f) => f.status === "fail")) {
                reportViolation(finding.message ?? rule.description, finding.urn);
            }
        },
    }));
}
