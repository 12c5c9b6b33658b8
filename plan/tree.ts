import { byUrn, PlanDocument } from "./document";
import { ResourceRecord } from "./recorder";

/**
 * The human view of a plan: the component tree, what each component contains, a
 * summary and the stack outputs. Built only from the plan document, which already has
 * every secret replaced, so nothing here can print one.
 */

interface Node {
    record: ResourceRecord;
    children: Node[];
}

function buildForest(resources: ResourceRecord[]): Node[] {
    const nodes = new Map(resources.map((record) => [record.urn, { record, children: [] as Node[] }]));
    const roots: Node[] = [];
    for (const node of [...nodes.values()].sort((a, b) => byUrn(a.record, b.record))) {
        const parent = nodes.get(node.record.parent);
        (parent ? parent.children : roots).push(node);
    }
    return roots;
}

function descendants(node: Node): ResourceRecord[] {
    return node.children.flatMap((child) => [child.record, ...descendants(child)]);
}

function countByType(records: ResourceRecord[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const record of records) {
        counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function plural(n: number, word: string, many = `${word}s`): string {
    return `${n} ${n === 1 ? word : many}`;
}

function annotations(node: Node): string {
    const { record } = node;
    const notes: string[] = [];
    if (!record.custom) {
        notes.push(node.children.length > 0 ? `[${plural(descendants(node).length, "resource")} below]` : "[component]");
    }
    if (record.options.protect) {
        notes.push("protected");
    }
    if (record.options.retainOnDelete) {
        // Outlives the stack: a key kept for backups that would be unreadable without it.
        notes.push("kept on delete");
    }
    if (record.options.ignoreChanges.length > 0) {
        notes.push(`ignoreChanges: ${record.options.ignoreChanges.join(", ")}`);
    }
    if (record.secretInputs.length > 0) {
        notes.push(`secret inputs: ${record.secretInputs.join(", ")}`);
    }
    return notes.length > 0 ? `  ${notes.join("; ")}` : "";
}

function renderNode(node: Node, prefix: string, last: boolean, root: boolean, lines: string[]): void {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    lines.push(`${prefix}${branch}${node.record.type}  ${node.record.name}${annotations(node)}`);
    const childPrefix = root ? prefix : `${prefix}${last ? "   " : "│  "}`;
    node.children.forEach((child, i) => renderNode(child, childPrefix, i === node.children.length - 1, false, lines));
}

function components(forest: Node[]): Node[] {
    const all: Node[] = [];
    const visit = (node: Node) => {
        if (!node.record.custom && node.children.length > 0) {
            all.push(node);
        }
        node.children.forEach(visit);
    };
    forest.forEach(visit);
    return all.sort((a, b) => byUrn(a.record, b.record));
}

function formatValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

export function renderTree(document: PlanDocument): string {
    const { summary } = document;
    const forest = buildForest(document.resources);
    const lines: string[] = [
        `Offline plan of stack "${document.stack}" (project ${document.project}), ${document.generatedBy}`,
        "Mock cloud: nothing was created, no credentials were used; ids and endpoints are placeholders.",
        "",
        "Resources",
    ];
    forest.forEach((root) => renderNode(root, "  ", true, true, lines));

    lines.push("", "Per component (its direct children, by type)");
    for (const node of components(forest)) {
        const children = node.children.map((child) => child.record);
        lines.push(`  ${node.record.name} (${node.record.type}): ${plural(children.length, "child", "children")}`);
        for (const [type, n] of countByType(children)) {
            lines.push(`    ${String(n).padStart(3)}  ${type}`);
        }
    }

    lines.push("", "Summary", `  ${plural(summary.total, "resource")}: ${summary.custom} custom, ${plural(summary.components, "component")} (the stack itself included)`);
    for (const [type, n] of Object.entries(summary.byType)) {
        lines.push(`    ${String(n).padStart(3)}  ${type}`);
    }
    const nameOf = new Map(document.resources.map((r) => [r.urn, `${r.name} (${r.type})`]));
    lines.push(`  Protected: ${summary.protected.length === 0 ? "none" : ""}`);
    summary.protected.forEach((urn) => lines.push(`    ${nameOf.get(urn) ?? urn}`));
    lines.push(`  ignoreChanges: ${summary.ignoreChanges.length === 0 ? "none" : ""}`);
    summary.ignoreChanges.forEach((entry) => lines.push(`    ${nameOf.get(entry.urn) ?? entry.urn}: ${entry.paths.join(", ")}`));

    lines.push("", "Stack outputs");
    for (const [key, value] of Object.entries(document.outputs)) {
        lines.push(`  ${key}: ${formatValue(value)}`);
    }
    if (document.warnings.length > 0) {
        lines.push("", "Warnings");
        document.warnings.forEach((warning) => lines.push(`  - ${warning}`));
    }
    return `${lines.map((line) => line.trimEnd()).join("\n")}\n`;
}
