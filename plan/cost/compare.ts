import { CONFIG_NAMESPACE } from "../../components/config";
import { Cloud } from "../../components/types";
import { StackSettings } from "../stack-files";
import { COMPONENT_ORDER } from "./attribution";
import { usd } from "./format";
import { CostEstimate } from "./types";

/**
 * `anycloud plan --compare-clouds`: the same platform (sizes, zones, pools, database) on every
 * cloud, in the region of each cloud nearest the stack's own. Rows are metro areas: a region
 * maps through the first row that names it.
 */
export const NEAREST_REGIONS: { aws: string; azure: string; gcp: string; why: string }[] = [
    { aws: "eu-central-1", azure: "germanywestcentral", gcp: "europe-west3", why: "all three in Frankfurt" },
    { aws: "eu-west-2", azure: "uksouth", gcp: "europe-west2", why: "all three in London" },
    { aws: "eu-west-1", azure: "northeurope", gcp: "europe-west2", why: "AWS and Azure in Ireland; GCP has no Irish region, London is nearest" },
    { aws: "eu-west-3", azure: "francecentral", gcp: "europe-west9", why: "all three in Paris" },
    { aws: "eu-central-1", azure: "westeurope", gcp: "europe-west4", why: "Azure and GCP in the Netherlands; AWS has none there, Frankfurt and London are as near, Frankfurt keeps to the continent" },
    { aws: "eu-west-3", azure: "belgiumcentral", gcp: "europe-west1", why: "Azure and GCP in Belgium; Paris is the nearest AWS region" },
    { aws: "eu-north-1", azure: "swedencentral", gcp: "europe-north1", why: "AWS and Azure in Sweden; GCP's Stockholm region (europe-north2) lacks the N2 machines the sizes use, Finland (europe-north1) has them" },
    { aws: "eu-central-2", azure: "switzerlandnorth", gcp: "europe-west6", why: "all three in Zurich" },
    { aws: "eu-south-1", azure: "italynorth", gcp: "europe-west8", why: "all three in Milan" },
    { aws: "eu-south-2", azure: "spaincentral", gcp: "europe-southwest1", why: "all three in Spain" },
    { aws: "eu-central-1", azure: "germanywestcentral", gcp: "europe-west10", why: "GCP in Berlin; Frankfurt for the others" },
    { aws: "eu-central-1", azure: "polandcentral", gcp: "europe-central2", why: "Azure and GCP in Warsaw; Frankfurt is the nearest AWS region" },
    { aws: "us-east-1", azure: "eastus", gcp: "us-east4", why: "all three in northern Virginia" },
    { aws: "us-east-2", azure: "northcentralus", gcp: "us-east5", why: "AWS and GCP in Ohio; Illinois is the nearest Azure region" },
    { aws: "us-west-2", azure: "westus2", gcp: "us-west1", why: "the Pacific Northwest" },
    { aws: "us-west-1", azure: "westus", gcp: "us-west2", why: "California" },
    { aws: "ca-central-1", azure: "canadaeast", gcp: "northamerica-northeast1", why: "Montreal, and Quebec City for Azure" },
    { aws: "sa-east-1", azure: "brazilsouth", gcp: "southamerica-east1", why: "all three in São Paulo" },
    { aws: "ap-northeast-1", azure: "japaneast", gcp: "asia-northeast1", why: "all three in Tokyo" },
    { aws: "ap-northeast-2", azure: "koreacentral", gcp: "asia-northeast3", why: "all three in Seoul" },
    { aws: "ap-southeast-1", azure: "southeastasia", gcp: "asia-southeast1", why: "all three in Singapore" },
    { aws: "ap-southeast-2", azure: "australiaeast", gcp: "australia-southeast1", why: "all three in Sydney" },
    { aws: "ap-south-1", azure: "centralindia", gcp: "asia-south1", why: "Mumbai, and Pune for Azure (its Mumbai region offers fewer services)" },
];

export const CLOUDS: Cloud[] = ["aws", "azure", "gcp"];

/** Stand-ins for the ids a cloud needs, so an offline plan of another cloud's stack runs; nothing is deployed with them. */
const PLACEHOLDER_IDS: Record<Cloud, Record<string, string>> = {
    aws: {},
    azure: { subscriptionId: "00000000-0000-0000-0000-000000000000", tenantId: "11111111-1111-1111-1111-111111111111" },
    gcp: { project: "anycloud-compare", billingAccount: "000000-000000-000000" },
};

export function nearestRegion(from: Cloud, region: string, to: Cloud): { region: string; why: string } | undefined {
    const row = NEAREST_REGIONS.find((r) => r[from] === region);
    return row && { region: row[to], why: from === to ? "the stack's own region" : row.why };
}

/**
 * The stack's settings with `cloud` swapped and the region mapped; the cloud's own block gets
 * placeholder ids where it lacks them. Every other setting stays as the stack has it.
 */
export function settingsForCloud(settings: StackSettings, to: Cloud): { settings: StackSettings; why: string } | { problem: string } {
    const key = (name: string) => `${CONFIG_NAMESPACE}:${name}`;
    const from = settings.config[key("cloud")] as Cloud;
    const region = settings.config[key("region")];
    if (!CLOUDS.includes(from) || !region) {
        return { problem: `the stack has no valid ${key("cloud")} and ${key("region")} to start from` };
    }
    const nearest = from === to ? { region, why: "the stack's own region" } : nearestRegion(from, region, to);
    if (!nearest) {
        const known = NEAREST_REGIONS.map((r) => r[from]).filter((r, i, all) => all.indexOf(r) === i).join(", ");
        return { problem: `no nearest ${to} region is known for ${from} region ${region}; --compare-clouds knows ${from} regions ${known}` };
    }
    const config = { ...settings.config, [key("cloud")]: to, [key("region")]: nearest.region };
    let block: Record<string, unknown> = {};
    try {
        block = settings.config[key(to)] ? JSON.parse(settings.config[key(to)]) as Record<string, unknown> : {};
    } catch {
        return { problem: `${key(to)} is not a map: the plan of the stack itself says why` };
    }
    const ids = Object.fromEntries(Object.entries(PLACEHOLDER_IDS[to]).filter(([name]) => block[name] === undefined));
    if (Object.keys(ids).length > 0) {
        config[key(to)] = JSON.stringify({ ...block, ...ids });
    }
    // external-dns's zone is in the stack's cloud's terms (a Route 53 id, an Azure resource id, a Cloud DNS name) and costs
    // nothing in the estimate: another cloud's plan goes without it.
    const ingress = parsedMap(settings.config[key("ingress")]);
    if (from !== to && ingress && "externalDns" in ingress) {
        config[key("ingress")] = JSON.stringify(Object.fromEntries(Object.entries(ingress).filter(([name]) => name !== "externalDns")));
    }
    return { settings: { ...settings, stack: `${settings.stack}-${to}`, config }, why: nearest.why };
}

function parsedMap(text: string | undefined): Record<string, unknown> | undefined {
    if (!text) {
        return undefined;
    }
    try {
        const value = JSON.parse(text) as unknown;
        return value && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
    } catch {
        return undefined;
    }
}

export interface CloudColumn {
    cloud: Cloud;
    region: string;
    why: string;
    estimate?: CostEstimate;
    /** Why this cloud could not be planned. */
    problem?: string;
}

/** The three estimates side by side, component by component, then cost types and totals. */
export function renderComparison(stack: string, columns: CloudColumn[]): string {
    const cell = (column: CloudColumn, value: (e: CostEstimate) => number | undefined, unpriced: (e: CostEstimate) => number) => {
        if (!column.estimate) {
            return "not planned";
        }
        const v = value(column.estimate);
        const missing = unpriced(column.estimate);
        return `${v === undefined ? "-" : usd(v)}${missing > 0 ? ` +${missing}?` : ""}`;
    };
    const components = COMPONENT_ORDER.filter((c) => columns.some((col) => col.estimate && c in col.estimate.byComponent));
    const rows: string[][] = [
        ["", ...columns.map((c) => `${c.cloud} ${c.region}`)],
        ...components.map((component) => [component, ...columns.map((c) => cell(c, (e) => e.byComponent[component], (e) => e.unpriced.filter((u) => u.component === component).length))]),
        ...(["fixed", "project"] as const).map((type) => [type, ...columns.map((c) => cell(c, (e) => e.byCostType[type], (e) => e.unpriced.filter((u) => u.costType === type).length))]),
        ["total", ...columns.map((c) => cell(c, (e) => e.totalUsd, (e) => e.unpriced.length))],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    const render = (row: string[]) => `  ${row.map((text, i) => (i === 0 ? text.padEnd(widths[i]) : text.padStart(widths[i]))).join("   ")}`.trimEnd();
    const lines = [
        `Cost comparison of stack "${stack}" (monthly, USD, list prices; the same settings on every cloud)`,
        "",
        render(rows[0]),
        ...rows.slice(1, components.length + 1).map(render),
        "",
        ...rows.slice(components.length + 1).map(render),
        "",
        "  +N? = N lines without a price, not in the figure; a plan on that cloud lists them, and --prices FILE can price them (docs/cost-model.md)",
        "  Regions:",
        ...columns.map((c) => `    ${c.cloud} ${c.region}: ${c.why}`),
    ];
    const problems = columns.filter((c) => c.problem);
    if (problems.length > 0) {
        lines.push("  Not planned:", ...problems.map((c) => `    ${c.cloud}: ${c.problem}`));
    }
    return `${lines.join("\n")}\n`;
}
