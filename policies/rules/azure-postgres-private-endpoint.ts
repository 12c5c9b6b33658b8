import { CheckedResource, defineRule, exception, fail, PASS, StackView, valueAt } from "../rule";
import { isVnetInjected, POSTGRES_SERVER } from "./azure-postgres-geo-redundant-backup";

const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";

/** Private endpoints whose connections point at the server, by dependency or by id. */
function endpointsOf(server: CheckedResource, stack: StackView): CheckedResource[] {
    const name = typeof server.props.serverName === "string" ? `/flexibleservers/${server.props.serverName.toLowerCase()}` : undefined;
    return stack.ofType(PRIVATE_ENDPOINT).filter((endpoint) => {
        const connections = [...(Array.isArray(endpoint.props.privateLinkServiceConnections) ? endpoint.props.privateLinkServiceConnections : []),
            ...(Array.isArray(endpoint.props.manualPrivateLinkServiceConnections) ? endpoint.props.manualPrivateLinkServiceConnections : [])] as Record<string, unknown>[];
        return ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"].some((input) => (endpoint.propertyDependencies[input] ?? []).includes(server.urn))
            || (name !== undefined && connections.some((c) => String(c.privateLinkServiceId ?? "").toLowerCase().endsWith(name)));
    });
}

/**
 * Checkov's CKV2_AZURE_57 wants a private endpoint on every Flexible Server, and fails servers
 * injected into a delegated subnet, which cannot have one: their only address is already in the
 * VNet. That design is an exception, held while the server has no public access.
 */
export const rule = defineRule({
    id: "azure-postgres-private-endpoint",
    description: "A PostgreSQL Flexible Server is reached only privately: through a private endpoint, or by being injected into a delegated subnet of the VNet.",
    severity: "medium",
    cloud: "azure",
    references: { checkov: ["CKV2_AZURE_57"] },
    remediation: "anycloud injects the server into the delegated data subnet (VNet integration), which takes no private endpoint; that is reported as an exception "
        + "held by azure-postgres-public-network-access-disabled. A server with public access needs a network.PrivateEndpoint instead.",
    resourceTypes: [POSTGRES_SERVER],
    check(resource, stack) {
        if (endpointsOf(resource, stack).length > 0) {
            return PASS;
        }
        if (isVnetInjected(resource, stack)) {
            return exception("VNet-injected server: its only address is in the delegated data subnet, where NSG rules admit the node and bastion subnets, "
                + "and Azure offers no private endpoint for such a server", ["azure-postgres-public-network-access-disabled"]);
        }
        return fail(`no private endpoint connects to the server and it is in no delegated subnet (publicNetworkAccess ${String(valueAt(resource.props, "network.publicNetworkAccess") ?? "not set")})`);
    },
});
