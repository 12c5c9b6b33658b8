import { ResourceRecord } from "../recorder";
import { Factor, HOURS_PER_MONTH } from "./types";

/** Value at a dotted path of a record's inputs (or of any object). */
export function at(value: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((current, key) => (current && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined), value);
}

export function input(record: ResourceRecord, path: string): unknown {
    return at(record.inputs, path);
}

export function numberAt(value: unknown, path: string): number | undefined {
    const found = at(value, path);
    return typeof found === "number" && Number.isFinite(found) ? found : undefined;
}

export function textAt(value: unknown, path: string): string | undefined {
    const found = at(value, path);
    return typeof found === "string" && found !== "" ? found : undefined;
}

export const month: Factor = { n: HOURS_PER_MONTH, label: "h" };

/** Units (GB, GiB, h) keep their spelling; things ("node") get an s. */
export function count(n: number, one: string, many = /^(GB|GiB|h)$/.test(one) ? one : `${one}s`): Factor {
    return { n, label: n === 1 ? one : many };
}

/** Hours of `n` things for a month. */
export function hoursOf(n: number, one: string, many?: string): Factor[] {
    return [count(n, one, many), month];
}

/** Kubernetes resource quantities ("20Gi", "100G", "1Ti") as GiB; undefined for anything else. */
export function gibOf(quantity: unknown): number | undefined {
    if (typeof quantity === "number") {
        return quantity / 2 ** 30;
    }
    const match = typeof quantity === "string" ? /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(quantity.trim()) : null;
    if (!match) {
        return undefined;
    }
    const factors: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
    return (Number(match[1]) * (match[2] ? factors[match[2]] : 1)) / 2 ** 30;
}

/** The records among `record`'s dependencies that have `type`. */
export function dependenciesOfType(record: ResourceRecord, byUrn: Map<string, ResourceRecord>, type: string): ResourceRecord[] {
    return record.dependencies.map((urn) => byUrn.get(urn)).filter((dep): dep is ResourceRecord => dep?.type === type);
}

export function ofType(resources: ResourceRecord[], type: string): ResourceRecord[] {
    return resources.filter((r) => r.type === type);
}
