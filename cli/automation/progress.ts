import type { EngineEvent, OpMap, OpType } from "@pulumi/pulumi/automation";

/** The last two parts of a URN: the resource type and its logical name. */
export function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const name = parts.length >= 4 ? parts.slice(3).join("::") : urn;
    const qualifiedType = parts.length >= 3 ? parts[2] : "";
    const type = qualifiedType.split("$").pop() ?? qualifiedType;
    return { type, name };
}

const SYMBOLS: Partial<Record<OpType, string>> = {
    create: "+",
    update: "~",
    delete: "-",
    replace: "+-",
    "create-replacement": "++",
    "delete-replaced": "--",
    read: ">",
    "read-replacement": ">>",
    refresh: "~",
    import: "=",
    "import-replacement": "=>",
    discard: "-",
    "discard-replaced": "-",
    "remove-pending-replace": "-",
};

/** Past tense of an operation, for the line printed when a step completes. */
const DONE: Partial<Record<OpType, string>> = {
    create: "created",
    update: "updated",
    delete: "deleted",
    replace: "replaced",
    "create-replacement": "created replacement",
    "delete-replaced": "deleted original",
    read: "read",
    "read-replacement": "read replacement",
    refresh: "refreshed",
    import: "imported",
    "import-replacement": "imported replacement",
    discard: "discarded",
    "discard-replaced": "discarded",
    "remove-pending-replace": "removed pending replace",
};

/** Pulumi's colour directives, in case an engine message carries them despite `--color never`. */
function plain(text: string): string {
    return text.replace(/<\{%[^%]*%\}>/g, "").replace(/\u001b\[[0-9;]*m/g, "").trimEnd();
}

/**
 * Turns the engine's events into readable progress lines: one when a step starts (preview: what
 * would happen), one when it completes or fails, and the engine's warnings, errors and policy
 * violations. Unchanged resources ("same") print nothing; the summary counts them.
 */
export class ProgressPrinter {
    private readonly started = new Map<string, number>();
    /** The engine's summary event, once seen: changes by operation and the duration. */
    summary?: { resourceChanges: OpMap; durationSeconds: number };

    constructor(private readonly write: (line: string) => void, private readonly preview: boolean) {}

    onEvent(event: EngineEvent): void {
        if (event.resourcePreEvent) {
            const { op, urn } = event.resourcePreEvent.metadata;
            if (op === "same") {
                return;
            }
            const { type, name } = urnParts(urn);
            this.started.set(urn, event.timestamp);
            this.write(`  ${(SYMBOLS[op] ?? "*").padEnd(2)} ${this.preview ? op : `${op}...`}  ${name}  (${type})`);
        } else if (event.resOutputsEvent) {
            const { op, urn } = event.resOutputsEvent.metadata;
            if (op === "same" || this.preview) {
                return;
            }
            const { type, name } = urnParts(urn);
            const start = this.started.get(urn);
            const took = start !== undefined && event.timestamp >= start ? ` ${event.timestamp - start}s` : "";
            this.write(`  ${(SYMBOLS[op] ?? "*").padEnd(2)} ${DONE[op] ?? op}${took}  ${name}  (${type})`);
        } else if (event.resOpFailedEvent) {
            const { op, urn } = event.resOpFailedEvent.metadata;
            const { type, name } = urnParts(urn);
            this.write(`  x  ${op} failed  ${name}  (${type})`);
        } else if (event.diagnosticEvent) {
            const { severity, message, urn, ephemeral } = event.diagnosticEvent;
            if (ephemeral || (severity !== "warning" && severity !== "error" && severity !== "info#err")) {
                return;
            }
            const where = urn ? ` ${urnParts(urn).name}:` : "";
            const label = severity === "info#err" ? "stderr" : severity;
            for (const line of plain(message).split("\n").filter((l) => l.trim() !== "")) {
                this.write(`  ${label}:${where} ${line.trim()}`);
            }
        } else if (event.policyEvent) {
            const { policyPackName, policyName, enforcementLevel, message, resourceUrn } = event.policyEvent;
            const where = resourceUrn ? ` ${urnParts(resourceUrn).name}:` : "";
            this.write(`  policy ${enforcementLevel}: ${policyPackName}/${policyName}:${where} ${plain(message).split("\n")[0]}`);
        } else if (event.summaryEvent) {
            this.summary = { resourceChanges: event.summaryEvent.resourceChanges, durationSeconds: event.summaryEvent.durationSeconds };
        } else if (event.cancelEvent) {
            this.write("  cancelled");
        }
    }
}

/** Operations worth naming in a one-line summary, in display order. */
const SUMMARY_OPS: OpType[] = ["create", "update", "replace", "delete", "import", "refresh", "read", "same"];

/** "3 create, 1 update, 40 same"; "no changes" when nothing but unchanged resources. */
export function describeChanges(changes: OpMap | undefined): string {
    if (!changes) {
        return "-";
    }
    const parts = SUMMARY_OPS.filter((op) => (changes[op] ?? 0) > 0).map((op) => `${changes[op]} ${op}`);
    const other = Object.entries(changes).filter(([op, count]) => !SUMMARY_OPS.includes(op as OpType) && (count ?? 0) > 0);
    parts.push(...other.map(([op, count]) => `${count} ${op}`));
    return parts.length === 0 ? "no resources" : parts.join(", ");
}

/** The counts that matter: every operation but "same" with a count above zero. */
export function nonZeroChanges(changes: OpMap | undefined): Record<string, number> {
    return Object.fromEntries(Object.entries(changes ?? {}).filter(([, count]) => (count ?? 0) > 0)) as Record<string, number>;
}
