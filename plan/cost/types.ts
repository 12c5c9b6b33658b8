import { Cloud, CostType, PlatformArgs, UsageAssumptions } from "../../components/types";
import { ResourceRecord } from "../recorder";

/** The month every hourly price is multiplied by (365 × 24 / 12), as the clouds' calculators use. */
export const HOURS_PER_MONTH = 730;

/** Who creates what a line prices: the plan registers it, or a cloud service / Kubernetes creates it at run time. */
export type CreatedBy = "plan" | "cloud service" | "kubernetes";

/** One factor of a line's quantity, e.g. { n: 2, label: "nodes" } or { n: 730, label: "h" }. */
export interface Factor {
    n: number;
    label: string;
}

/** What a cost rule says about one priced item of a resource; the estimator adds the price. */
export interface LineDraft {
    item: string;
    /** Unit the quantity counts, the catalog's unit for `item` (e.g. "instance-hour", "GB-month"). */
    unit: string;
    description: string;
    factors: Factor[];
    /** Quantity at the pools' maximum sizes, where that differs (node pools). */
    ceilingFactors?: Factor[];
    createdBy?: CreatedBy;
    note?: string;
}

/** A cost that depends on usage the estimate has no assumption for; listed, never silently zero. */
export interface NotEstimated {
    resource: string;
    name: string;
    type: string;
    what: string;
}

export interface CostLine {
    /** URN of the resource the cost belongs to. */
    resource: string;
    name: string;
    type: string;
    /** The resource's `component` tag, else its parent component's kind, else "unattributed". */
    component: string;
    costType: CostType;
    item: string;
    description: string;
    quantity: number;
    unit: string;
    /** USD per unit after discounts; null when no price is known (the line is unpriced). */
    unitPriceUsd: number | null;
    listPriceUsd: number | null;
    discountPercent: number;
    /** Rounded to cents; null when unpriced. */
    monthlyUsd: number | null;
    /** At the node pools' maximum sizes; only on lines that scale. */
    ceilingMonthlyUsd?: number | null;
    formula: string;
    /** An id of the price sources, "price file" for a user's price, null when unpriced. */
    priceSource: string | null;
    createdBy: CreatedBy;
    note?: string;
}

export interface UnpricedEntry {
    resource: string;
    name: string;
    type: string;
    component: string;
    costType: CostType;
    /** The catalog item that has no price, or null when no cost rule knows the resource type. */
    item: string | null;
    region: string;
    reason: string;
}

export interface BudgetComparison {
    status: "none" | "within" | "exceeded" | "not-compared";
    amount: number | null;
    currency: string;
    message: string;
}

export interface PriceFileReport {
    /** As given to --prices. */
    path: string;
    /** Entries of the file that priced or discounted at least one line of this plan. */
    applied: string[];
    /** Entries for this plan's cloud and region that matched no line (a typo, or an item this plan lacks). */
    unused: string[];
}

export interface CostEstimate {
    currency: "USD";
    basis: string;
    hoursPerMonth: number;
    cloud: Cloud;
    region: string;
    /** Sum of the priced lines; a lower bound when `complete` is false. */
    totalUsd: number;
    /** No unpriced line and no resource without a cost rule. */
    complete: boolean;
    byComponent: Record<string, number>;
    byCostType: Record<CostType, number>;
    lines: CostLine[];
    unpriced: UnpricedEntry[];
    notEstimated: NotEstimated[];
    /** Resource types in the plan that cost nothing by themselves (IAM, routes, security groups, ...). */
    freeTypes: string[];
    assumptions: {
        usage: UsageAssumptions;
        /** Where to change `usage`. */
        usageSetting: string;
        notes: string[];
    };
    budget: BudgetComparison;
    priceFile: PriceFileReport | null;
    /** Sources of the prices used, by id. */
    sources: Record<string, { name: string; url: string; date: string }>;
}

/** What a cost rule can see besides the resource itself. */
export interface RuleContext {
    cloud: Cloud;
    region: string;
    args: PlatformArgs;
    resources: ResourceRecord[];
    byUrn: Map<string, ResourceRecord>;
    usage: UsageAssumptions;
}

export interface RuleResult {
    lines?: LineDraft[];
    notEstimated?: string[];
}

export type CostRule = (record: ResourceRecord, context: RuleContext) => RuleResult;

/** What a load balancer's price depends on besides its data: a public address or not, and how many ports (rules) it forwards. */
export interface LoadBalancerShape {
    internal?: boolean;
    ports?: number;
}

/** One cloud's cost knowledge: rules by resource type, the types that cost nothing, and what Kubernetes adds. */
export interface CloudCostModel {
    rules: Record<string, CostRule>;
    freeTypes: string[];
    /** A Service of type LoadBalancer: what the cloud's controller creates for it (public unless `shape.internal`, one port unless `shape.ports`). */
    serviceLoadBalancer(context: RuleContext, dataGbShare: number, shape?: LoadBalancerShape): LineDraft[];
    /** A persistent volume of `sizeGb` in `storageClass` (the class's name), or a reason it cannot be priced. */
    volume(context: RuleContext, storageClass: string | undefined, sizeGb: number, count: number, what: string): LineDraft;
}
