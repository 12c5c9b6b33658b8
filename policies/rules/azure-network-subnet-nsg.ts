import { CheckedResource, defineRule, fail, isSet, notApplicable, PASS } from "../rule";

const SUBNET = "azure-native:network:Subnet";
const VIRTUAL_NETWORK = "azure-native:network:VirtualNetwork";

/** Subnets Azure does not allow (or support) an NSG on, as Checkov exempts them. */
const NSG_LESS_SUBNETS = ["gatewaysubnet", "azurefirewallsubnet", "azurefirewallmanagementsubnet", "routeserversubnet"];
const NSG_LESS_DELEGATIONS = ["microsoft.netapp/volumes"];

/** Why a subnet cannot carry an NSG, or undefined. */
function exempt(subnet: Record<string, unknown>, name: string): string | undefined {
    if (NSG_LESS_SUBNETS.includes(name.toLowerCase())) {
        return `${name} is a subnet Azure reserves, which takes no NSG`;
    }
    const delegations = Array.isArray(subnet.delegations) ? subnet.delegations as Record<string, unknown>[] : [];
    const netapp = delegations.find((d) => NSG_LESS_DELEGATIONS.includes(String(d.serviceName ?? "").toLowerCase()));
    return netapp ? `${name} is delegated to ${String(netapp.serviceName)}, which takes no NSG` : undefined;
}

function hasNsg(subnet: Record<string, unknown>): boolean {
    const nsg = subnet.networkSecurityGroup;
    return !!nsg && typeof nsg === "object" && (nsg as Record<string, unknown>).id !== undefined && (nsg as Record<string, unknown>).id !== "";
}

export const rule = defineRule({
    id: "azure-network-subnet-nsg",
    description: "Every subnet has a network security group (networkSecurityGroup.id), except the few Azure reserves (GatewaySubnet, AzureFirewallSubnet, NetApp delegations).",
    severity: "medium",
    cloud: "azure",
    references: { checkov: ["CKV2_AZURE_31"] },
    remediation: "anycloud gives each tier's subnet its own NSG ending in a deny of the VNet (providers/azure/network.ts); a fork that adds subnets must attach an NSG to each.",
    resourceTypes: [SUBNET, VIRTUAL_NETWORK],
    check(resource: CheckedResource) {
        if (resource.type === VIRTUAL_NETWORK) {
            const inline = Array.isArray(resource.props.subnets) ? resource.props.subnets as Record<string, unknown>[] : [];
            if (inline.length === 0) {
                return notApplicable("the VNet declares no inline subnets; its subnets are separate Subnet resources, checked there");
            }
            const bare = inline.map((subnet, i) => ({ subnet, name: String(subnet.name ?? `subnets[${i}]`) }))
                .filter(({ subnet, name }) => !hasNsg(subnet) && exempt(subnet, name) === undefined).map(({ name }) => name);
            return bare.length === 0 ? PASS : fail(`the inline subnet${bare.length > 1 ? "s" : ""} ${bare.join(", ")} ${bare.length > 1 ? "have" : "has"} no NSG`);
        }
        const name = String(resource.props.subnetName ?? resource.name);
        if (hasNsg(resource.props) || isSet(resource, "networkSecurityGroup.id")) {
            return PASS;
        }
        const why = exempt(resource.props, name);
        return why !== undefined ? notApplicable(why) : fail(`subnet ${name} has no NSG: Azure's defaults admit the whole VNet`);
    },
});
