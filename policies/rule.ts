/**
 * One security rule, the same code for the offline plan (`anycloud plan`, over the recorded
 * registrations) and for the Pulumi policy pack (`pulumi preview --policy-pack`, over the
 * engine's view of the stack). A rule sees resources only through CheckedResource, which both
 * hosts fill in.
 */

export type Severity = "critical" | "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** Which resources a rule concerns; "kubernetes" rules apply on every cloud. */
export type RuleCloud = "aws" | "azure" | "gcp" | "kubernetes";

/** The industry's names for the same check, so users who run scanners see the same verdicts. */
export interface RuleReferences {
    /** Checkov ids, e.g. "CKV_AWS_17". */
    checkov?: string[];
    /** Trivy (trivy-checks) ids, e.g. "AWS-0180". */
    trivy?: string[];
    /** CIS benchmark items with the benchmark and version, e.g. "CIS EKS 1.8.0 5.4.2". */
    cis?: string[];
    /** The matching policy in Pulumi's compliance-policies library, where one exists. */
    pulumiCompliance?: string;
}

/** A resource as a rule sees it. */
export interface CheckedResource {
    urn: string;
    /** Pulumi type token, e.g. "aws:rds/cluster:Cluster". */
    type: string;
    name: string;
    /**
     * The resource's properties. In the plan: its inputs as registered, where a value computed by
     * another resource shows as that resource's mocked output, or UNKNOWN_VALUE, and a secret as
     * SECRET_VALUE. In the policy pack: the engine's properties, unknown values absent.
     */
    props: Record<string, unknown>;
    /** URN of the parent, "" at the top. */
    parent: string;
    /** URNs this resource depends on. */
    dependencies: string[];
    /** Input name -> URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    ignoreChanges: string[];
    /**
     * Dotted paths of props that are Pulumi secrets. The plan knows them; a policy pack does not
     * (the policy SDK unwraps secrets), and leaves this undefined.
     */
    secretPaths?: string[];
}

/** Marks shown by the plan's recorder (plan/recorder.ts) for unknown and secret values. */
export const UNKNOWN_VALUE = "(known after apply)";
export const SECRET_VALUE = "[secret]";

export type Verdict =
    | { status: "pass" }
    | { status: "fail"; message: string }
    /**
     * The rule cannot hold by design here. `compensatedBy` names the rules whose passing makes
     * the exception acceptable: if one of them fails on the stack, the evaluator turns the
     * exception into a failure.
     */
    | { status: "exception"; reason: string; compensatedBy: string[] }
    /** The host cannot see what the rule needs (for example secretness in a policy pack). */
    | { status: "not-applicable"; reason: string };

export interface Rule {
    /** `<cloud>-<service>-<rule>`, the file name in policies/rules/. */
    id: string;
    /** One sentence: what must hold. */
    description: string;
    severity: Severity;
    cloud: RuleCloud;
    references: RuleReferences;
    /** What to change when the rule fails (config key or code). */
    remediation: string;
    /** Type tokens of the resources the rule checks. */
    resourceTypes: string[];
    check(resource: CheckedResource, stack: StackView): Verdict;
}

export const PASS: Verdict = { status: "pass" };

export function fail(message: string): Verdict {
    return { status: "fail", message };
}

export function exception(reason: string, compensatedBy: string[]): Verdict {
    return { status: "exception", reason, compensatedBy };
}

export function notApplicable(reason: string): Verdict {
    return { status: "not-applicable", reason };
}

/** Identity with a type: rule files read as declarations. */
export function defineRule(rule: Rule): Rule {
    return rule;
}

/** Every resource of the stack, with the lookups rules need. */
export class StackView {
    private readonly byUrnIndex: Map<string, CheckedResource>;

    constructor(readonly resources: CheckedResource[]) {
        this.byUrnIndex = new Map(resources.map((r) => [r.urn, r]));
    }

    ofType(...types: string[]): CheckedResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    byUrn(urn: string): CheckedResource | undefined {
        return this.byUrnIndex.get(urn);
    }

    /** Resources that depend on `urn` (through any input or dependsOn). */
    dependentsOf(urn: string, ...types: string[]): CheckedResource[] {
        return this.resources.filter((r) => (types.length === 0 || types.includes(r.type))
            && (r.dependencies.includes(urn) || Object.values(r.propertyDependencies).some((urns) => urns.includes(urn))));
    }

    /** The resource's ancestors' URNs, nearest first. */
    ancestorsOf(resource: CheckedResource): string[] {
        const chain: string[] = [];
        for (let parent = resource.parent; parent; parent = this.byUrn(parent)?.parent ?? "") {
            chain.push(parent);
        }
        return chain;
    }
}

/**
 * The value at a dotted path ("vpcConfig.endpointPublicAccess", "ingress[0].cidrBlocks" or
 * "ingress.0.cidrBlocks"); undefined when any step is missing.
 */
export function valueAt(props: unknown, path: string): unknown {
    let current: unknown = props;
    for (const step of path.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean)) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[step];
    }
    return current;
}

/** True when the value is known: neither absent nor the plan's unknown mark. */
export function isKnown(value: unknown): boolean {
    return value !== undefined && value !== UNKNOWN_VALUE;
}

/**
 * True when the input is set: a non-empty value, or (in a policy-pack preview, where computed
 * values are absent) a value that comes from another resource.
 */
export function isSet(resource: CheckedResource, input: string): boolean {
    const value = valueAt(resource.props, input);
    if (value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0)) {
        return true;
    }
    return (resource.propertyDependencies[input.split(/[.[]/)[0]] ?? []).length > 0;
}

/** The resource's tags (AWS, Azure) or labels (GCP), whichever it carries. */
export function tagsOf(resource: CheckedResource): Record<string, string> {
    const tags = resource.props.tags ?? resource.props.labels ?? resource.props.userLabels;
    return tags && typeof tags === "object" && !Array.isArray(tags) ? tags as Record<string, string> : {};
}

/** The anycloud component that built the resource, from its `component` tag (components/context.ts). */
export function componentOf(resource: CheckedResource): string | undefined {
    return tagsOf(resource).component;
}

/** Sources that mean "anyone on the internet", as the clouds spell them. */
const INTERNET_SOURCES = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0", "0.0.0.0/0.0.0.0"]);

export function isInternet(source: unknown): boolean {
    return typeof source === "string" && INTERNET_SOURCES.has(source.trim().toLowerCase());
}

/** A string list from a prop that may be a list or a single string (Azure's prefix and prefixes). */
export function listOf(value: unknown): string[] {
    if (Array.isArray(value)) {
        return value.filter((v): v is string => typeof v === "string");
    }
    return typeof value === "string" ? [value] : [];
}

/**
 * Whether a port range covers `port`. Accepts numbers, "22", "20-25", "*" and -1 (all ports),
 * and a [from, to] pair.
 */
export function coversPort(range: unknown, port: number): boolean {
    if (range === undefined || range === null) {
        return false;
    }
    if (Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === "number")) {
        return (range[0] as number) <= port && port <= (range[1] as number);
    }
    const text = String(range).trim();
    if (text === "*" || text === "-1") {
        return true;
    }
    const [from, to] = text.split("-").map((part) => Number(part));
    if (Number.isNaN(from)) {
        return false;
    }
    return to === undefined || Number.isNaN(to) ? from === port : from <= port && port <= to;
}
