import { Cloud } from "../../components/types";
import { ANY_REGION, PRICE_CATALOG, PriceRow } from "../prices/catalog";
import { Discount, PriceFile, PriceOverride } from "./price-file";

export interface Price {
    listUsd: number;
    unitUsd: number;
    discountPercent: number;
    /** Catalog row unit, or null for a user's price (which takes the unit the line counts). */
    unit: string | null;
    /** A price source id, or "price file". */
    source: string;
}

const describeOverride = (p: PriceOverride, i: number) => `prices[${i}] ${p.cloud} ${p.region} ${p.item} = ${p.usd}`;
const describeDiscount = (d: Discount, i: number) => `discounts[${i}] ${d.cloud} ${d.item ?? "(whole cloud)"} -${d.percent}%`;

/**
 * The catalog with a user's price file on top. Precedence: the file's price for the region,
 * the file's "*" price, the catalog's price for the region, the catalog's "*" price. One
 * discount applies: the file's for the exact item, else its longest matching prefix, else the
 * cloud's.
 */
export class PriceBook {
    private readonly used = new Set<string>();

    constructor(private readonly file?: PriceFile, private readonly catalog: readonly PriceRow[] = PRICE_CATALOG) {}

    lookup(cloud: Cloud, region: string, item: string): Price | undefined {
        const overrides = this.file?.prices ?? [];
        const overrideAt = (r: string) => overrides.findIndex((p) => p.cloud === cloud && p.region === r && p.item === item);
        const catalogAt = (r: string) => this.catalog.find((p) => p.cloud === cloud && p.region === r && p.item === item);
        let list: { usd: number; unit: string | null; source: string } | undefined;
        for (const r of [region, ANY_REGION]) {
            const i = overrideAt(r);
            if (i >= 0) {
                this.used.add(describeOverride(overrides[i], i));
                list = { usd: overrides[i].usd, unit: null, source: "price file" };
                break;
            }
        }
        if (!list) {
            const row = catalogAt(region) ?? catalogAt(ANY_REGION);
            list = row && { usd: row.usd, unit: row.unit, source: row.source };
        }
        if (!list) {
            return undefined;
        }
        const discountPercent = this.discount(cloud, item);
        return { listUsd: list.usd, unitUsd: list.usd * (1 - discountPercent / 100), discountPercent, unit: list.unit, source: list.source };
    }

    private discount(cloud: Cloud, item: string): number {
        const discounts = (this.file?.discounts ?? []).map((d, i) => ({ d, i })).filter(({ d }) => d.cloud === cloud);
        const exact = discounts.find(({ d }) => d.item === item);
        const prefixes = discounts
            .filter(({ d }) => d.item?.endsWith(".*") && item.startsWith(d.item.slice(0, -1)))
            .sort((a, b) => (b.d.item as string).length - (a.d.item as string).length);
        const chosen = exact ?? prefixes[0] ?? discounts.find(({ d }) => d.item === undefined);
        if (!chosen) {
            return 0;
        }
        this.used.add(describeDiscount(chosen.d, chosen.i));
        return chosen.d.percent;
    }

    /** File entries that priced or discounted something so far. */
    applied(): string[] {
        return [...this.used].sort();
    }

    /** File prices for this cloud and region (or "*") that no line asked for: likely a typo in the item key. */
    unused(cloud: Cloud, region: string): string[] {
        const prices = (this.file?.prices ?? []).map((p, i) => describeOverride(p, i));
        const relevant = (this.file?.prices ?? []).map((p, i) => ({ p, text: prices[i] })).filter(({ p }) => p.cloud === cloud && (p.region === region || p.region === ANY_REGION));
        const discounts = (this.file?.discounts ?? []).map((d, i) => ({ d, text: describeDiscount(d, i) })).filter(({ d }) => d.cloud === cloud);
        return [...relevant.map(({ text }) => text), ...discounts.map(({ text }) => text)].filter((text) => !this.used.has(text));
    }
}
