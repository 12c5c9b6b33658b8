import { Cloud, CostType, PlatformArgs } from "../../components/types";
import { PRICE_SOURCES } from "../prices/catalog";
import { ResourceRecord } from "../recorder";
import { attribute, COMPONENT_ORDER } from "./attribution";
import { AWS_COST_MODEL } from "./aws";
import { AZURE_COST_MODEL } from "./azure";
import { compareWithBudget } from "./budget";
import { formula, round2 } from "./format";
import { GCP_COST_MODEL } from "./gcp";
import { kubernetesDrafts } from "./kubernetes";
import { PriceBook } from "./price-book";
import { PriceFile } from "./price-file";
import { CloudCostModel, CostEstimate, CostLine, HOURS_PER_MONTH, LineDraft, NotEstimated, RuleContext, UnpricedEntry } from "./types";

export const COST_MODELS: Record<Cloud, CloudCostModel> = { aws: AWS_COST_MODEL, azure: AZURE_COST_MODEL, gcp: GCP_COST_MODEL };

/** Types that never cost money by themselves on any cloud: Pulumi's own, random values, keys made locally, Kubernetes objects. */
const FREE_PREFIXES = ["pulumi:", "random:", "tls:", "kubernetes:"];

const product = (factors: { n: number }[]) => factors.reduce((q, f) => q * f.n, 1);

function byComponentThenUrn(a: CostLine | UnpricedEntry, b: CostLine | UnpricedEntry, components: Map<string, string>): number {
    const order = (urn: string) => COMPONENT_ORDER.indexOf(components.get(urn) ?? "unattributed");
    return order(a.resource) - order(b.resource) || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0);
}

/**
 * The monthly cost of a recorded plan at list prices: a line per priced item of every
 * resource (and of what Kubernetes creates for the plan's objects), totals by component and
 * cost type, and every cost it cannot price listed, never counted as zero.
 */
export function estimateCost(resources: ResourceRecord[], args: PlatformArgs, priceFile?: PriceFile): CostEstimate {
    const model = COST_MODELS[args.cloud];
    const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const byUrn = new Map(sorted.map((r) => [r.urn, r]));
    const context: RuleContext = { cloud: args.cloud, region: args.region, args, resources: sorted, byUrn, usage: args.billing.usage };
    const book = new PriceBook(priceFile);
    const lines: CostLine[] = [];
    const unpriced: UnpricedEntry[] = [];
    const notEstimated: NotEstimated[] = [];
    const freeTypes = new Set<string>();
    const components = new Map<string, string>();

    const addLines = (record: ResourceRecord, drafts: LineDraft[], notes: string[]) => {
        const { component, costType } = attribute(record, byUrn, args);
        components.set(record.urn, component);
        notes.forEach((what) => notEstimated.push({ resource: record.urn, name: record.name, type: record.type, what }));
        for (const draft of drafts) {
            const quantity = product(draft.factors);
            const price = book.lookup(args.cloud, args.region, draft.item);
            if (price?.unit && price.unit !== draft.unit) {
                throw new Error(`cost model bug: ${draft.item} is priced per ${price.unit} but counted in ${draft.unit}`);
            }
            const monthly = price ? round2(quantity * price.unitUsd) : null;
            lines.push({
                resource: record.urn, name: record.name, type: record.type, component, costType, item: draft.item, description: draft.description,
                quantity: Number(quantity.toFixed(6)), unit: draft.unit, unitPriceUsd: price ? price.unitUsd : null, listPriceUsd: price ? price.listUsd : null,
                discountPercent: price?.discountPercent ?? 0, monthlyUsd: monthly,
                ...(draft.ceilingFactors ? { ceilingMonthlyUsd: price ? round2(product(draft.ceilingFactors) * price.unitUsd) : null } : {}),
                formula: formula(draft, price, args.region), priceSource: price?.source ?? null, createdBy: draft.createdBy ?? "plan",
                ...(draft.note ? { note: draft.note } : {}),
            });
            if (!price) {
                unpriced.push({ resource: record.urn, name: record.name, type: record.type, component, costType, item: draft.item, region: args.region, reason: `no price for ${draft.item} in ${args.region}` });
            }
        }
    };

    for (const record of sorted) {
        const rule = model.rules[record.type];
        if (rule) {
            const result = rule(record, context);
            if ((result.lines ?? []).length === 0 && (result.notEstimated ?? []).length === 0) {
                freeTypes.add(record.type);
            }
            addLines(record, result.lines ?? [], result.notEstimated ?? []);
        } else if (!record.custom || model.freeTypes.includes(record.type) || FREE_PREFIXES.some((prefix) => record.type.startsWith(prefix))) {
            // Components cost nothing themselves: their children carry the cost.
            if (record.custom || !record.type.startsWith("anycloud:")) {
                freeTypes.add(record.type);
            }
        } else {
            const { component, costType } = attribute(record, byUrn, args);
            components.set(record.urn, component);
            unpriced.push({ resource: record.urn, name: record.name, type: record.type, component, costType, item: null, region: args.region, reason: "no cost rule for this resource type: it may cost money" });
        }
    }
    for (const { record, lines: drafts, notEstimated: notes } of kubernetesDrafts(context, model)) {
        addLines(record, drafts, notes);
    }

    lines.sort((a, b) => byComponentThenUrn(a, b, components));
    unpriced.sort((a, b) => byComponentThenUrn(a, b, components));
    const byComponent: Record<string, number> = {};
    const byCostType: Record<CostType, number> = { fixed: 0, project: 0 };
    for (const component of COMPONENT_ORDER) {
        const ofComponent = lines.filter((line) => line.component === component);
        if (ofComponent.length > 0 || unpriced.some((entry) => entry.component === component)) {
            byComponent[component] = round2(ofComponent.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0));
        }
    }
    for (const line of lines) {
        byCostType[line.costType] = round2(byCostType[line.costType] + (line.monthlyUsd ?? 0));
    }
    const totalUsd = round2(lines.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0));
    const complete = unpriced.length === 0;
    const usedSources = [...new Set(lines.map((line) => line.priceSource).filter((s): s is string => !!s && s in PRICE_SOURCES))].sort();
    return {
        currency: "USD",
        basis: "on-demand list prices, no taxes, no credits or commitments unless a price file gives them",
        hoursPerMonth: HOURS_PER_MONTH,
        cloud: args.cloud,
        region: args.region,
        totalUsd,
        complete,
        byComponent,
        byCostType,
        lines,
        unpriced,
        notEstimated,
        freeTypes: [...freeTypes].sort(),
        assumptions: {
            usage: { ...args.billing.usage },
            usageSetting: "anycloud:billing.usage",
            notes: [
                `${HOURS_PER_MONTH} hours a month; every resource runs all month`,
                "node pools at their minimum size (min); where a pool can grow, the line also shows its cost at max",
                "volumes and load balancers that Kubernetes creates are read from the Helm values and custom resources of the plan",
                "usage-based charges use anycloud:billing.usage; charges with no usage figure are listed as not estimated",
            ],
        },
        budget: compareWithBudget(totalUsd, complete, args.billing),
        priceFile: priceFile ? { path: priceFile.path, applied: book.applied(), unused: book.unused(args.cloud, args.region) } : null,
        sources: Object.fromEntries(usedSources.map((id) => [id, { name: PRICE_SOURCES[id].name, url: PRICE_SOURCES[id].url, date: PRICE_SOURCES[id].date }])),
    };
}
