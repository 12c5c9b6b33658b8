import { CheckedResource, defineRule, fail, PASS, StackView } from "../rule";
import { POSTGRES_SERVER } from "./azure-postgres-geo-redundant-backup";

const FIREWALL_RULE = "azure-native:dbforpostgresql:FirewallRule";

/** The resources of `type` that belong to the server: their serverName comes from it, or names it. */
export function ofServer(server: CheckedResource, stack: StackView, type: string): CheckedResource[] {
    // serverName is an input only: a deployed child's state carries the server in its id instead.
    const serverId = typeof server.props.id === "string" ? `${server.props.id.toLowerCase()}/` : undefined;
    return stack.ofType(type).filter((r) => (r.propertyDependencies.serverName ?? []).includes(server.urn)
        || (typeof server.props.serverName === "string" && r.props.serverName === server.props.serverName
            && (server.props.resourceGroupName === undefined || r.props.resourceGroupName === server.props.resourceGroupName))
        || (serverId !== undefined && typeof r.props.id === "string" && r.props.id.toLowerCase().startsWith(serverId)));
}

/** Why a firewall rule opens the server too widely, or undefined. */
function tooWide(rule: CheckedResource): string | undefined {
    const start = String(rule.props.startIpAddress ?? "").trim();
    const end = String(rule.props.endIpAddress ?? "").trim();
    if (start === "0.0.0.0" && end === "0.0.0.0") {
        return `${rule.name} (0.0.0.0-0.0.0.0) admits every Azure service, of every tenant`;
    }
    if (start === "0.0.0.0" || end === "255.255.255.255") {
        return `${rule.name} (${start}-${end}) admits the internet`;
    }
    return undefined;
}

export const rule = defineRule({
    id: "azure-postgres-no-public-firewall-rule",
    description: "No firewall rule of a PostgreSQL Flexible Server admits the whole internet (0.0.0.0-255.255.255.255) or every Azure service (a range starting at 0.0.0.0).",
    severity: "high",
    cloud: "azure",
    references: { checkov: ["CKV2_AZURE_26"], trivy: ["AZU-0029"] },
    remediation: "anycloud creates no firewall rule: the server is in a delegated subnet without public access, and NSG rules admit the node and bastion subnets. "
        + "A fork that adds dbforpostgresql.FirewallRule resources must keep them to named addresses.",
    resourceTypes: [POSTGRES_SERVER, FIREWALL_RULE],
    check(resource, stack) {
        const rules = resource.type === FIREWALL_RULE ? [resource] : ofServer(resource, stack, FIREWALL_RULE);
        const wide = rules.map(tooWide).filter((why): why is string => why !== undefined);
        return wide.length === 0 ? PASS : fail(wide.join("; "));
    },
});
