import { COMPONENT_ORDER } from "./attribution";
import { usd } from "./format";
import { CostEstimate, CostLine } from "./types";

const CREATED_BY: Record<CostLine["createdBy"], string> = { plan: "", "cloud service": "", kubernetes: " [created by Kubernetes, not by the plan]" };

function table(rows: [string, string, string][], indent: string): string[] {
    const width = Math.max(...rows.map(([label]) => label.length));
    const money = Math.max(...rows.map(([, value]) => value.length));
    return rows.map(([label, value, extra]) => `${indent}${label.padEnd(width)}  ${value.padStart(money)}${extra ? `  ${extra}` : ""}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The "Cost estimate" section of `anycloud plan`: totals, the lines with their formulas, what is missing, and why. */
export function renderCost(estimate: CostEstimate): string[] {
    const lines: string[] = [
        "Cost estimate (monthly, USD, list prices)",
        `  ${estimate.cloud} ${estimate.region}: ${estimate.basis}; ${estimate.hoursPerMonth} h a month; node pools at their minimum size`,
    ];
    const total = `${usd(estimate.totalUsd)}${estimate.complete ? "" : " + unpriced"}`;
    lines.push("", "  By component");
    const components = COMPONENT_ORDER.filter((c) => c in estimate.byComponent);
    lines.push(...table([
        ...components.map((c): [string, string, string] => {
            const missing = estimate.unpriced.filter((entry) => entry.component === c).length;
            return [c, usd(estimate.byComponent[c]), missing > 0 ? `(${plural(missing, "unpriced line")})` : ""];
        }),
        ["total", total, ""],
    ], "    "));
    lines.push("", "  By cost type");
    const missingOf = (type: string) => estimate.unpriced.filter((entry) => entry.costType === type).length;
    const missingText = (n: number) => (n > 0 ? `(${plural(n, "unpriced line")})` : "");
    lines.push(...table([
        ["fixed (running the platform)", usd(estimate.byCostType.fixed), missingText(missingOf("fixed"))],
        ["project (the customer's project)", usd(estimate.byCostType.project), missingText(missingOf("project"))],
        ["total", total, ""],
    ], "    "));

    lines.push("", "  Lines");
    for (const component of components) {
        const ofComponent = estimate.lines.filter((l) => l.component === component);
        const costTypes = [...new Set(ofComponent.map((l) => l.costType))];
        lines.push(`    ${component}${costTypes.length === 1 ? ` (${costTypes[0]})` : ""}`);
        for (const line of ofComponent) {
            const ceiling = line.ceilingMonthlyUsd ? `; at max ${usd(line.ceilingMonthlyUsd)}` : "";
            const costType = costTypes.length > 1 ? ` [${line.costType}]` : "";
            const note = line.note ? ` (${line.note})` : "";
            lines.push(`      ${line.name}: ${line.description}${CREATED_BY[line.createdBy]}: ${line.formula}${ceiling}${costType}${note}`);
        }
    }

    if (estimate.unpriced.length > 0) {
        lines.push("", `  Unpriced (${plural(estimate.unpriced.length, "line")}, not in the totals; add prices with --prices FILE, see docs/cost-model.md)`);
        const grouped = new Map<string, { text: string; n: number }>();
        for (const entry of estimate.unpriced) {
            const text = `${entry.name} (${entry.type}): ${entry.item ? `${entry.item} in ${entry.region}` : entry.reason}`;
            grouped.set(text, { text, n: (grouped.get(text)?.n ?? 0) + 1 });
        }
        grouped.forEach(({ text, n }) => lines.push(`    ${text}${n > 1 ? ` (${n} lines)` : ""}`));
        const items = [...new Set(estimate.unpriced.map((entry) => entry.item).filter((item): item is string => item !== null))].sort();
        if (items.length > 0) {
            lines.push(`    items a price file could price for ${estimate.cloud} ${estimate.region}: ${items.join(", ")}`);
        }
    }
    if (estimate.notEstimated.length > 0) {
        lines.push("", "  Not estimated (usage-based, no usage figure to multiply)");
        estimate.notEstimated.forEach((entry) => lines.push(`    ${entry.name}: ${entry.what}`));
    }

    lines.push("", "  Assumptions");
    const usage = Object.entries(estimate.assumptions.usage).map(([key, value]) => `${key} ${value}`).join(", ");
    lines.push(`    usage per month (${estimate.assumptions.usageSetting}): ${usage}`);
    estimate.assumptions.notes.forEach((note) => lines.push(`    - ${note}`));
    if (estimate.freeTypes.length > 0) {
        lines.push(`    free by themselves: ${estimate.freeTypes.length} resource types (IAM, routes, firewall rules, Kubernetes objects, ...)`);
    }

    lines.push("", `  Budget: ${estimate.budget.status === "exceeded" ? "WARNING: " : ""}${estimate.budget.message}`);
    if (estimate.priceFile) {
        const applied = estimate.priceFile.applied.length;
        lines.push(`  Price file ${estimate.priceFile.path}: ${applied} ${applied === 1 ? "entry" : "entries"} applied`);
        estimate.priceFile.unused.forEach((entry) => lines.push(`    unused (no line of this plan asks for it): ${entry}`));
    }
    lines.push("  Sources");
    Object.entries(estimate.sources).forEach(([id, source]) => lines.push(`    ${id}: ${source.name}, ${source.date}`));
    if (estimate.lines.some((line) => line.priceSource === "price file")) {
        lines.push("    price file: your own prices");
    }
    return lines;
}
