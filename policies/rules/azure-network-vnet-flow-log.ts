import { CheckedResource, defineRule, fail, PASS, StackView } from "../rule";
import { FLOW_LOG } from "./azure-network-flow-log-retention";

const VIRTUAL_NETWORK = "azure-native:network:VirtualNetwork";

/** Flow logs whose target is the VNet: targetResourceId comes from it, or names it by id. */
function flowLogsOf(vnet: CheckedResource, stack: StackView): CheckedResource[] {
    const name = typeof vnet.props.virtualNetworkName === "string" ? `/virtualnetworks/${vnet.props.virtualNetworkName.toLowerCase()}` : undefined;
    return stack.ofType(FLOW_LOG).filter((log) => (log.propertyDependencies.targetResourceId ?? []).includes(vnet.urn)
        || (name !== undefined && String(log.props.targetResourceId ?? "").toLowerCase().endsWith(name)));
}

export const rule = defineRule({
    id: "azure-network-vnet-flow-log",
    description: "Every VNet has an enabled flow log under Network Watcher (a FlowLog whose target is the VNet, enabled), and every flow log is enabled.",
    severity: "medium",
    cloud: "azure",
    references: { trivy: ["AZU-0073"] },
    remediation: "anycloud creates a VNet flow log into a storage account (providers/azure/network.ts; Network Watcher must exist in the region, docs/azure.md). "
        + "A fork that adds VNets must add a network.FlowLog for each.",
    resourceTypes: [VIRTUAL_NETWORK, FLOW_LOG],
    check(resource, stack) {
        if (resource.type === FLOW_LOG) {
            return resource.props.enabled === true ? PASS : fail(`the flow log is not enabled (enabled: ${JSON.stringify(resource.props.enabled ?? "not set")})`);
        }
        const logs = flowLogsOf(resource, stack);
        if (logs.length === 0) {
            return fail("no flow log targets this VNet: its traffic is not recorded");
        }
        return logs.some((log) => log.props.enabled === true) ? PASS : fail(`the VNet's flow log ${logs.map((l) => l.name).join(", ")} is not enabled`);
    },
});
