import { readFileSync } from "fs";
import { z } from "zod";
import { Cloud } from "../../components/types";

/**
 * A user's own prices and discounts (`anycloud plan --prices FILE`): list prices the catalog
 * lacks or that differ for them (a region, a negotiated rate), and discounts in percent per
 * cloud or per item. docs/cost-model.md shows the format.
 */

/** The file cannot be read or is not the documented format; the message names every problem. */
export class PriceFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PriceFileError";
    }
}

const ITEM = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_+-]+)*$/;
const ITEM_PATTERN = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_+-]+)*\.\*$/;
const clouds = Object.values(Cloud) as [Cloud, ...Cloud[]];

const priceEntry = z.strictObject({
    cloud: z.enum(clouds, { error: `must be one of ${clouds.join(", ")}` }),
    region: z.string().regex(/^(\*|[a-z0-9-]+)$/, "must be a region name of that cloud (e.g. eu-central-1, westeurope, europe-west3) or \"*\" for every region"),
    item: z.string().regex(ITEM, "must be an item key such as ec2.instance.m6i.large (the unpriced lines of a plan name the keys they need)"),
    usd: z.number({ error: "must be a number: USD per the item's unit" }).min(0, "must be 0 or more (USD per the item's unit)").max(1_000_000, "must be at most 1000000"),
    source: z.string().min(1, "must say where the price comes from").max(200).optional(),
});

const discountEntry = z.strictObject({
    cloud: z.enum(clouds, { error: `must be one of ${clouds.join(", ")}` }),
    item: z.string().refine((item) => ITEM.test(item) || ITEM_PATTERN.test(item), "must be an item key (ec2.instance.m6i.large) or a prefix ending in .* (ec2.instance.*); leave it out to discount the whole cloud").optional(),
    percent: z.number({ error: "must be a number of percent" }).gt(0, "must be more than 0").max(100, "must be at most 100"),
});

const priceFileSchema = z.strictObject({
    prices: z.array(priceEntry).default([]),
    discounts: z.array(discountEntry).default([]),
});

export type PriceOverride = z.infer<typeof priceEntry>;
export type Discount = z.infer<typeof discountEntry>;

export interface PriceFile {
    path: string;
    prices: PriceOverride[];
    discounts: Discount[];
}

function pathText(path: PropertyKey[]): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("") || "(the file)";
}

const ALLOWED_KEYS = { file: "prices, discounts", prices: "cloud, region, item, usd, source", discounts: "cloud, item, percent" };

function describeIssue(issue: z.core.$ZodIssue): string {
    const input = "input" in issue ? issue.input : undefined;
    if (issue.code === "unrecognized_keys") {
        const allowed = issue.path.length === 0 ? ALLOWED_KEYS.file : ALLOWED_KEYS[issue.path[0] as "prices" | "discounts"];
        return `has unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}; allowed: ${allowed}`;
    }
    if (issue.code === "invalid_type" && input === undefined) {
        return "is required";
    }
    if (issue.code === "invalid_type" && issue.path.length === 0) {
        return `must be a JSON object: { "prices": [...], "discounts": [...] } (got ${JSON.stringify(input)})`;
    }
    if (issue.code === "invalid_type" && issue.path.length === 1) {
        return `must be a list (got ${JSON.stringify(input)})`;
    }
    return `${issue.message}${input === undefined ? "" : ` (got ${JSON.stringify(input)})`}`;
}

/** Checks a parsed price file; throws PriceFileError listing every problem. */
export function validatePriceFile(value: unknown, path: string): PriceFile {
    const result = priceFileSchema.safeParse(value, { reportInput: true });
    const problems = result.success ? [] : result.error.issues.map((issue) => `${pathText(issue.path)}: ${describeIssue(issue)}`);
    if (result.success) {
        const seen = new Map<string, number>();
        result.data.prices.forEach((entry, i) => {
            const key = `${entry.cloud} ${entry.region} ${entry.item}`;
            if (seen.has(key)) {
                problems.push(`prices[${i}]: repeats prices[${seen.get(key)}] (${key}); give each cloud, region and item one price`);
            }
            seen.set(key, i);
        });
        const discounts = new Map<string, number>();
        result.data.discounts.forEach((entry, i) => {
            const key = `${entry.cloud} ${entry.item ?? "(whole cloud)"}`;
            if (discounts.has(key)) {
                problems.push(`discounts[${i}]: repeats discounts[${discounts.get(key)}] (${key})`);
            }
            discounts.set(key, i);
        });
    }
    if (problems.length > 0 || !result.success) {
        throw new PriceFileError(`anycloud: invalid price file ${path} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return { path, prices: result.data.prices, discounts: result.data.discounts };
}

/** Reads and checks the JSON price file at `file`; `shown` is how messages and the plan name it. */
export function readPriceFile(file: string, shown: string = file): PriceFile {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new PriceFileError(`anycloud: cannot read the price file ${shown}: ${(error as Error).message}`);
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new PriceFileError(`anycloud: the price file ${shown} is not valid JSON: ${(error as Error).message}`);
    }
    return validatePriceFile(value, shown);
}
