import { ComplianceReport } from "../policies/evaluate";
import { CostEstimate } from "./cost/types";
import { Recording, ResourceRecord, SECRET_MARKER } from "./recorder";
import { StackSettings } from "./stack-files";

/** Bumped on any change a consumer of the JSON could notice; docs/plan-format.md lists what each version means. */
export const PLAN_FORMAT_VERSION = 3;

export interface IgnoreChangesEntry {
    urn: string;
    paths: string[];
}

export interface PlanSummary {
    /** Every registration, the stack resource included (as `pulumi preview` counts). */
    total: number;
    custom: number;
    components: number;
    /** Type token -> number of resources, keys sorted. */
    byType: Record<string, number>;
    /** URNs registered with `protect: true`, sorted. */
    protected: string[];
    ignoreChanges: IgnoreChangesEntry[];
}

export interface PlanDocument {
    formatVersion: typeof PLAN_FORMAT_VERSION;
    project: string;
    stack: string;
    generatedBy: string;
    /** The flat stack config the program ran with; secret keys show SECRET_MARKER. */
    config: Record<string, string>;
    warnings: string[];
    resources: ResourceRecord[];
    outputs: Record<string, unknown>;
    secretOutputs: string[];
    summary: PlanSummary;
    /** The monthly cost estimate at list prices (docs/cost-model.md). */
    cost: CostEstimate;
    /** The security rules over the recorded resources (docs/security.md). */
    compliance: ComplianceReport;
}

/** Object keys sorted at every level, so two plans of one stack serialise byte for byte alike. */
export function canonical<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map(canonical) as T;
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        return Object.fromEntries(Object.keys(record).sort().map((key) => [key, canonical(record[key])])) as T;
    }
    return value;
}

export function byUrn(a: { urn: string }, b: { urn: string }): number {
    return a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}

export function summarise(resources: ResourceRecord[]): PlanSummary {
    const sorted = [...resources].sort(byUrn);
    const byType: Record<string, number> = {};
    for (const type of sorted.map((r) => r.type).sort()) {
        byType[type] = (byType[type] ?? 0) + 1;
    }
    const custom = sorted.filter((r) => r.custom).length;
    return {
        total: sorted.length,
        custom,
        components: sorted.length - custom,
        byType,
        protected: sorted.filter((r) => r.options.protect).map((r) => r.urn),
        ignoreChanges: sorted.filter((r) => r.options.ignoreChanges.length > 0).map((r) => ({ urn: r.urn, paths: [...r.options.ignoreChanges] })),
    };
}

export function buildPlanDocument(settings: StackSettings, recording: Recording, generatedBy: string, cost: CostEstimate, compliance: ComplianceReport): PlanDocument {
    const secret = new Set(settings.secretKeys);
    const config = Object.fromEntries(Object.entries(settings.config).map(([key, text]) => [key, secret.has(key) ? SECRET_MARKER : text]));
    const resources = [...recording.resources].sort(byUrn);
    return {
        formatVersion: PLAN_FORMAT_VERSION,
        project: settings.project,
        stack: settings.stack,
        generatedBy,
        config: canonical(config),
        warnings: [...settings.warnings],
        // Record fields keep the documented order; only free-form inputs get sorted keys.
        resources: resources.map((r) => ({
            ...r,
            inputs: canonical(r.inputs),
            options: Object.fromEntries(Object.entries(r.options).map(([key, value]) => [key, canonical(value)])) as typeof r.options,
        })),
        outputs: canonical(recording.outputs),
        secretOutputs: [...recording.secretOutputs].sort(),
        summary: summarise(resources),
        cost,
        compliance,
    };
}

export function serialise(document: PlanDocument): string {
    return `${JSON.stringify(document, null, 2)}\n`;
}
