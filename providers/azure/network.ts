import { createHash } from "crypto";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { roleDefinitionId } from "./cluster-identity";
import { parseCidr } from "../../components/cidr";
import { componentTags, PlatformContext } from "../../components/context";
import { NetworkArgs, NetworkOutputs } from "../../components/network";
import { layoutSubnets } from "../../components/subnet-layout";
import { azureName } from "./foundation";

export type Tier = "public" | "private" | "data";
export const TIERS: readonly Tier[] = ["public", "private", "data"];

export const POSTGRES_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers";
/** Every NSG of the platform ends its allows here: Azure's AllowVnetInBound (65000) would admit the whole VNet. */
export const DENY_VNET_PRIORITY = 4000;
/**
 * The network's own allows sit at 1000-3999: SSH from the allowlist in 1000-1499 (one rule per
 * range), fixed rules from 2000. Other components add theirs at 100-999 (database 200-299,
 * cluster 300-399, load balancers 400-499 (cluster-load-balancer.ts)), so they are evaluated
 * before the deny.
 */
export const SSH_PRIORITY = 1000;
const FIXED_ALLOWS = 2000;
/** Standard public IPs that span every zone of the region (all AZURE_ZONE_REGIONS have three). */
export const ZONE_REDUNDANT = ["1", "2", "3"];
const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

/**
 * Prerequisite (docs/azure.md): Azure creates one Network Watcher per subscription and region,
 * NetworkWatcher_<region> in NetworkWatcherRG, when the first VNet of the region appears,
 * unless the subscription opted out. Flow logs live under it; the platform does not manage
 * it (one per subscription and region, shared with everything else there). The deployer
 * needs write access to flow logs in NetworkWatcherRG, and Microsoft.Insights registered.
 */
export const NETWORK_WATCHER_GROUP = "NetworkWatcherRG";
export const networkWatcherName = (region: string) => `NetworkWatcher_${region}`;

/** The NSG of a tier's subnet, by name, so the cluster and database adapters can add their rules to it. */
export const nsgName = (context: PlatformContext, tier: Tier) => azureName(context, `nsg-${tier}`);

/** A Standard, static, zone-redundant IPv4 address: what the NAT gateway and the bastion keep across rebuilds. */
export function staticPublicIp(name: string, publicIpAddressName: string, located: { resourceGroupName: pulumi.Input<string>; location: string }, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): network.PublicIPAddress {
    return new network.PublicIPAddress(name, {
        ...located,
        publicIpAddressName,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        zones: ZONE_REDUNDANT,
        tags,
    }, opts);
}

export interface SubnetPrefixes {
    /** The bastion's subnet. */
    public: string;
    /** The nodes' subnet (pods leave through their node's address under CNI overlay). */
    private: string;
    /** The subnet delegated to PostgreSQL Flexible Server. */
    data: string;
}

/**
 * The one subnet of each tier: slot 0 of components/subnet-layout.ts (Azure subnets span
 * zones). Slot 0 does not depend on the number of zones, so the network's CIDR is enough:
 * principals on Azure are these prefixes (PostgreSQL's NSG rules cannot use ASGs).
 */
export function subnetPrefixes(cidr: string): SubnetPrefixes {
    const range = parseCidr(cidr);
    if (typeof range === "string") {
        throw new Error(`anycloud:network.cidr = ${cidr}: ${range}`);
    }
    const layout = layoutSubnets(range, 1);
    const prefixes = { public: layout.public[0], private: layout.private[0], data: layout.data[0] };
    if (Number(prefixes.data.split("/")[1]) > 28) {
        throw new Error(`anycloud:network.cidr = ${cidr}: the data subnet ${prefixes.data} is smaller than the /28 PostgreSQL Flexible Server needs`);
    }
    return prefixes;
}

/** subnetPrefixes for adapters that only hold the network's outputs (cluster, database, bastion). */
export const subnetPrefixesOf = (outputs: Pick<NetworkOutputs, "cidr">) => outputs.cidr.apply(subnetPrefixes);

/**
 * One priority per key in [first, last], stable as keys come and go: each key hashes to a slot
 * and takes the next free one on a collision (keys sorted, so only the set matters). Positions
 * in a list would shift when an entry is removed, and Azure refuses two rules of one NSG and
 * direction with the same priority even for the moment before the removed rule is deleted.
 */
export function stablePriorities(keys: readonly string[], first: number, last: number): Map<string, number> {
    const span = last - first + 1;
    if (keys.length > span) {
        throw new Error(`${keys.length} rules do not fit in priorities ${first}-${last}`);
    }
    const taken = new Set<number>();
    const priorities = new Map<string, number>();
    for (const key of [...new Set(keys)].sort()) {
        let slot = parseInt(createHash("sha256").update(key).digest("hex").slice(0, 8), 16) % span;
        while (taken.has(slot)) {
            slot = (slot + 1) % span;
        }
        taken.add(slot);
        priorities.set(key, first + slot);
    }
    return priorities;
}

export interface RuleSpec {
    /** Becomes the ARM rule name (sanitised) and the end of the logical name. */
    name: string;
    priority: number;
    direction: "Inbound" | "Outbound";
    access: "Allow" | "Deny";
    protocol: "Tcp" | "Udp" | "*";
    /** Address prefixes or service tags (VirtualNetwork, AzureLoadBalancer, Internet). */
    source: pulumi.Input<string> | string[];
    destination: pulumi.Input<string> | string[];
    ports?: string | string[];
    description: string;
}

/** ARM rule names: letters, digits, '.', '-', '_'; a CIDR's '/' becomes '-'. */
export const ruleName = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, "-");

/** Separate SecurityRule resources (never inline: azure-native keeps standalone rules on an NSG update only when `securityRules` is unset). */
export function securityRules(name: string, nsg: network.NetworkSecurityGroup, resourceGroupName: pulumi.Input<string>, specs: RuleSpec[], opts: pulumi.CustomResourceOptions): network.SecurityRule[] {
    const oneOrMany = (value: pulumi.Input<string> | string[], one: string, many: string) => Array.isArray(value) ? { [many]: value } : { [one]: value };
    // One write at a time per NSG: Azure answers parallel rule writes to one NSG with
    // 429 RetryableErrorDueToAnotherOperation (hashicorp/terraform-provider-azurerm#15631).
    const rules: network.SecurityRule[] = [];
    for (const spec of specs) {
        rules.push(new network.SecurityRule(`${name}-${ruleName(spec.name)}`, {
        resourceGroupName,
        networkSecurityGroupName: nsg.name,
        securityRuleName: ruleName(spec.name),
        priority: spec.priority,
        direction: spec.direction,
        access: spec.access,
        protocol: spec.protocol,
        sourcePortRange: "*",
        ...oneOrMany(spec.source, "sourceAddressPrefix", "sourceAddressPrefixes"),
        ...oneOrMany(spec.destination, "destinationAddressPrefix", "destinationAddressPrefixes"),
        ...oneOrMany(spec.ports ?? "*", "destinationPortRange", "destinationPortRanges"),
        description: spec.description,
    }, { ...opts, dependsOn: rules.length > 0 ? [rules[rules.length - 1]] : opts.dependsOn }));
    }
    return rules;
}

/** The last inbound rule of every NSG: nothing else from the VNet (Azure's default AllowVnetInBound would admit all of it). */
export const denyVnetInbound = (what: string): RuleSpec => ({
    name: "deny-vnet-inbound", priority: DENY_VNET_PRIORITY, direction: "Inbound", access: "Deny", protocol: "*",
    source: "VirtualNetwork", destination: "*", description: `Nothing else from the VNet reaches ${what}`,
});

/**
 * Inbound SSH from the office ranges, as ONE rule listing them all: a change of the allowlist
 * updates that rule in place. A rule per range would need a priority per range, and a new range
 * taking a removed one's priority collides with it until the old rule is deleted (Azure refuses
 * two rules of one direction with the same priority).
 */
export const sshFromAllowlist = (allowedCidrs: string[], destination: string, priority: number): RuleSpec[] =>
    allowedCidrs.length === 0 ? [] : [{
        name: "allow-ssh-from-allowlist", priority, direction: "Inbound", access: "Allow", protocol: "Tcp",
        source: [...allowedCidrs], destination, ports: "22", description: "SSH from the office allowlist (anycloud:allowedCidrs)",
    }];

/** The inbound rules of each tier's NSG, before the database and cluster adapters add theirs. */
export function tierRules(tier: Tier, prefixes: SubnetPrefixes, context: PlatformContext): RuleSpec[] {
    const fixed = (i: number) => FIXED_ALLOWS + 10 * i;
    switch (tier) {
        case "public":
            // The only inbound source of SSH anywhere in the network.
            return [...sshFromAllowlist(context.allowedCidrs, prefixes.public, SSH_PRIORITY), denyVnetInbound("the bastion subnet")];
        case "private":
            // CNI overlay does not encapsulate pod traffic, so the subnet's NSG sees it: node-to-node,
            // node-to-pod and pod-to-pod must pass (AKS docs, "Azure CNI Overlay", NSG section).
            // Pods reaching anything else leave with their node's address.
            return [
                { name: "allow-nodes", priority: fixed(0), direction: "Inbound", access: "Allow", protocol: "*", source: prefixes.private, destination: [prefixes.private, context.azure.podCidr], description: "Node to node and node to pod (Services)" },
                { name: "allow-pods", priority: fixed(1), direction: "Inbound", access: "Allow", protocol: "*", source: context.azure.podCidr, destination: context.azure.podCidr, description: "Pod to pod and pod to Service, DNS included" },
                { name: "allow-azure-load-balancer", priority: fixed(2), direction: "Inbound", access: "Allow", protocol: "*", source: "AzureLoadBalancer", destination: "*", description: "Load balancer health probes" },
                denyVnetInbound("the nodes"),
            ];
        case "data":
            // High availability replicates within the subnet (PostgreSQL Flexible Server networking docs: 5432 and 6432).
            return [
                { name: "allow-postgres-ha", priority: fixed(0), direction: "Inbound", access: "Allow", protocol: "Tcp", source: prefixes.data, destination: prefixes.data, ports: ["5432", "6432"], description: "PostgreSQL high-availability replication within the data subnet" },
                denyVnetInbound("the database"),
            ];
    }
}

function azureScope(context: PlatformContext): NonNullable<PlatformContext["azureScope"]> {
    if (!context.azureScope) {
        throw new Error("createNetwork: context.azureScope is missing; the Azure foundation (providers/azure/foundation.ts) creates it");
    }
    return context.azureScope;
}

/**
 * One VNet over network.cidr with one subnet per tier (Azure subnets span zones): public for
 * the bastion, private for the nodes, data delegated to PostgreSQL Flexible Server. An NSG on
 * each subnet that ends with a deny of the VNet, a NAT gateway for the nodes only, and VNet
 * flow logs into a locked-down storage account.
 */
export function createNetwork(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions): NetworkOutputs {
    const { context, settings } = args;
    const { resourceGroupName } = azureScope(context);
    const tags = componentTags(context, "network");
    const prefixes = subnetPrefixes(settings.cidr);
    if (settings.zones > ZONE_REDUNDANT.length) {
        throw new Error(`anycloud:network.zones = ${settings.zones}: Azure regions have at most ${ZONE_REDUNDANT.length} availability zones`);
    }
    const located = { resourceGroupName, location: context.region };

    // Subnets are separate resources: a VNet PUT without `subnets` keeps them (azure-native
    // maintains unset sub-resource properties), so tags or address changes never drop one.
    const vnet = new network.VirtualNetwork(`${name}-vnet`, {
        ...located,
        virtualNetworkName: azureName(context, "vnet"),
        addressSpace: { addressPrefixes: [settings.cidr] },
        tags,
    }, opts);

    const nsgs = {} as Record<Tier, network.NetworkSecurityGroup>;
    const rules = {} as Record<Tier, network.SecurityRule[]>;
    for (const tier of TIERS) {
        nsgs[tier] = new network.NetworkSecurityGroup(`${name}-${tier}-nsg`, { ...located, networkSecurityGroupName: nsgName(context, tier), tags: { ...tags, tier } }, opts);
        rules[tier] = securityRules(`${name}-${tier}`, nsgs[tier], resourceGroupName, tierRules(tier, prefixes, context), opts);
    }

    // Azure NAT gateways are zonal or non-zonal and a subnet takes exactly one, so perZone and
    // single both give ONE gateway (validation refuses none: nodes have no other way out). It
    // is non-zonal: Azure picks its zone; a Standard public IP that spans all zones may back it.
    // (The zone-redundant StandardV2 SKU is not in this SDK's API version.)
    const natAddress = staticPublicIp(`${name}-nat-ip`, azureName(context, "pip-ng"), located, tags, opts);
    const nat = new network.NatGateway(`${name}-nat`, {
        ...located,
        natGatewayName: azureName(context, "ng"),
        sku: { name: "Standard" },
        publicIpAddresses: [{ id: natAddress.id }],
        idleTimeoutInMinutes: 4,
        tags,
    }, opts);

    // One subnet change at a time: Azure rejects concurrent writes to one VNet's subnets.
    const subnet = (tier: Tier, extra: Partial<network.SubnetArgs>, after: pulumi.Resource[]) => new network.Subnet(`${name}-${tier}-subnet`, {
        resourceGroupName,
        virtualNetworkName: vnet.name,
        subnetName: `snet-${tier}`,
        addressPrefix: prefixes[tier],
        networkSecurityGroup: { id: nsgs[tier].id },
        ...extra,
        // The subnet takes its NSG once every rule is in place: never a moment with Azure's
        // defaults only, and rules other components add later (after the subnet) never race these.
    }, { ...opts, dependsOn: [...after, ...rules[tier]] });
    // The bastion leaves through its own public IP; nothing else here gets Azure's implicit outbound address.
    const publicSubnet = subnet("public", { defaultOutboundAccess: false }, []);
    const privateSubnet = subnet("private", {
        // Nodes never get public IPs: their only way out is the NAT gateway.
        natGateway: { id: nat.id },
        defaultOutboundAccess: false,
        // Workloads read the database secret from the Key Vault, whose firewall admits this subnet.
        serviceEndpoints: [{ service: "Microsoft.KeyVault" }],
        // The NSG also governs the private endpoint of a private API server.
        privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled",
    }, [publicSubnet]);
    const dataSubnet = subnet("data", {
        delegations: [{ name: "postgresql-flexible-server", serviceName: POSTGRES_DELEGATION }],
        // Flexible Server ships WAL and backups to Azure Storage from this subnet; without a
        // NAT gateway here, Azure's default outbound access is its route (documented in docs/azure.md).
        defaultOutboundAccess: true,
    }, [privateSubnet]);

    createFlowLogs(name, vnet, context, opts);

    return {
        networkId: vnet.id,
        cidr: vnet.addressSpace.apply((space) => space?.addressPrefixes?.[0] ?? settings.cidr),
        // Azure zone numbers; the subnets span them all, pools and servers pick theirs.
        zones: pulumi.output(Array.from({ length: settings.zones }, (_, i) => String(i + 1))),
        publicSubnetIds: publicSubnet.id.apply((id) => [id]),
        privateSubnetIds: privateSubnet.id.apply((id) => [id]),
        dataSubnetIds: dataSubnet.id.apply((id) => [id]),
        // A host in the public subnet is reachable once the subnet carries its NSG and the NSG admits SSH.
        publicRouting: [publicSubnet, ...rules.public],
        // Nodes reach the internet once the node subnet has its NAT gateway, and each other once the
        // NSG admits them. The NAT's address is here too: a public API server must authorize it.
        privateRouting: [natAddress, nat, privateSubnet, ...rules.private],
    };
}

/**
 * Globally unique, 3-24 lowercase letters and digits: the platform's stem, shortened, and a
 * hash of subscription and stem so two subscriptions with the same names never collide.
 */
export function flowLogStorageName(context: PlatformContext): string {
    const stem = context.namePrefix.replace(/[^a-z0-9]/g, "").slice(0, 14);
    // With billing.accountPerProject the subscription is not known before it exists; the tenant salts instead.
    const digest = createHash("sha256").update(`${context.azure.subscriptionId ?? context.azure.tenantId}/${context.namePrefix}`).digest("hex").slice(0, 8);
    return `st${stem}${digest}`;
}

/**
 * VNet flow logs (NSG flow logs can no longer be created) into a storage account that takes
 * no shared keys, no anonymous reads, HTTPS with TLS 1.2 only, and no network but trusted Azure
 * services. The flow log writes with a user-assigned identity that may write blobs there and
 * nothing else. Retention is the flow log's own policy (Azure implements it as a lifecycle rule
 * on the account, so no separate ManagementPolicy may overwrite it).
 */
function createFlowLogs(name: string, vnet: network.VirtualNetwork, context: PlatformContext, opts: pulumi.ComponentResourceOptions): void {
    const { resourceGroupName } = azureScope(context);
    const tags = componentTags(context, "network");
    const account = new storage.StorageAccount(`${name}-flow-logs`, {
        resourceGroupName,
        location: context.region,
        accountName: flowLogStorageName(context),
        kind: "StorageV2",
        sku: { name: context.environment === "prod" ? "Standard_ZRS" : "Standard_LRS" },
        accessTier: "Hot",
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        allowedCopyScope: "AAD",
        publicNetworkAccess: "Enabled",
        // Network Watcher is a trusted service; readers use Entra ID from a network an operator adds.
        networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
        encryption: { keySource: "Microsoft.Storage", requireInfrastructureEncryption: true, services: { blob: { enabled: true } } },
        tags,
    }, { ...opts, protect: context.protect });

    const identity = new managedidentity.UserAssignedIdentity(`${name}-flow-logs-identity`, {
        resourceGroupName,
        location: context.region,
        resourceName: azureName(context, "id-flowlogs"),
        tags,
    }, opts);
    const writer = new authorization.RoleAssignment(`${name}-flow-logs-writer`, {
        scope: account.id,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionId(context, STORAGE_BLOB_DATA_CONTRIBUTOR),
        description: `VNet flow logs of ${context.namePrefix} write into this account`,
    }, opts);

    new network.FlowLog(`${name}-flow-log`, {
        resourceGroupName: NETWORK_WATCHER_GROUP,
        networkWatcherName: networkWatcherName(context.region),
        flowLogName: azureName(context, "fl-vnet"),
        location: context.region,
        targetResourceId: vnet.id,
        storageId: account.id,
        enabled: true,
        format: { type: "JSON", version: 2 },
        retentionPolicy: { enabled: true, days: context.azure.logRetentionDays },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        tags,
    }, { ...opts, dependsOn: [writer] });
}
