import { CheckedResource, defineRule, fail, PASS } from "../rule";

export const AGENT_POOL = "azure-native:containerservice:AgentPool";
export const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";

/**
 * The node pools a resource defines, each with a name for messages: a cluster's inline
 * agentPoolProfiles, or an AgentPool itself.
 */
export function poolsOf(resource: CheckedResource): { name: string; props: Record<string, unknown> }[] {
    if (resource.type === AGENT_POOL) {
        return [{ name: String(resource.props.agentPoolName ?? resource.name), props: resource.props }];
    }
    const profiles = resource.props.agentPoolProfiles;
    return Array.isArray(profiles)
        ? profiles.filter((p): p is Record<string, unknown> => !!p && typeof p === "object").map((p, i) => ({ name: String(p.name ?? `agentPoolProfiles[${i}]`), props: p }))
        : [];
}

export const rule = defineRule({
    id: "azure-aks-no-node-public-ip",
    description: "No AKS node has a public IP address (enableNodePublicIP is not true on any pool): nodes leave through NAT and cannot be reached from the internet.",
    severity: "high",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_143"], cis: ["CIS AKS 1.8 5.4.3"] },
    remediation: "anycloud sets enableNodePublicIP: false on every pool and sends node egress through the NAT gateway; a fork must not turn node public IPs on.",
    resourceTypes: [MANAGED_CLUSTER, AGENT_POOL],
    check(resource) {
        const exposed = poolsOf(resource).filter((pool) => pool.props.enableNodePublicIP === true).map((pool) => pool.name);
        return exposed.length === 0 ? PASS : fail(`the nodes of ${exposed.join(", ")} get public IP addresses (enableNodePublicIP: true)`);
    },
});
