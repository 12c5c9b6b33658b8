import { Price } from "./price-book";
import { LineDraft } from "./types";

export function round2(value: number): number {
    return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A number without float noise: at most 4 decimals, no trailing zeros. */
export function plain(value: number): string {
    return String(Number(value.toFixed(4)));
}

/** "$1,234.56". */
export function usd(value: number): string {
    return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "$0.0832", "$0.10" for unit prices: every significant digit the source gave (up to 6 decimals), at least cents. */
export function unitUsd(value: number): string {
    const text = String(Number(value.toFixed(6)));
    const decimals = text.split(".")[1]?.length ?? 0;
    return `$${decimals >= 2 ? text : value.toFixed(2)}`;
}

/** The price's unit as a formula shows it: hours and days are already factors, so "/h" and "/day". */
function perUnit(unit: string): string {
    return unit.endsWith("-hour") ? "h" : unit.endsWith("-day") ? "day" : unit;
}

/** "2 nodes × 730 h × $0.096/h = $140.16"; unpriced lines say which price is missing. */
export function formula(draft: LineDraft, price: Price | undefined, region: string): string {
    const factors = draft.factors.map((f) => `${plain(f.n)} ${f.label}`).join(" × ");
    if (!price) {
        return `${factors} × (no price for ${draft.item} in ${region})`;
    }
    const quantity = draft.factors.reduce((q, f) => q * f.n, 1);
    const discount = price.discountPercent > 0 ? ` × (1 − ${plain(price.discountPercent)}%)` : "";
    return `${factors} × ${unitUsd(price.listUsd)}/${perUnit(draft.unit)}${discount} = ${usd(round2(quantity * price.unitUsd))}`;
}
