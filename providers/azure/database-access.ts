import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { NetworkOutputs } from "../../components/network";
import { nsgName, subnetPrefixesOf } from "./network";

export const POSTGRES_PORT = 5432;

/**
 * The database's band of the data NSG (other components own 100-999 by bands; the network's
 * own allows, among them 5432/6432 within the data subnet for HA, start at 1000; its deny-VNet
 * rule sits at 4000): one rule per allowed source.
 */
export const SOURCE_PRIORITIES = { first: 200, last: 299 } as const;

/**
 * PostgreSQL (5432) into the data subnet from exactly `allowedSources`, the node and bastion
 * subnets' prefixes: Flexible Server does not support application security groups in NSG rules
 * (docs: concepts-networking-private, "Network security group"). One rule per source, named by
 * its index: the Platform passes the sources in a fixed order (nodes first, then the bastion).
 *
 * The NSG belongs to the network adapter and is named by convention. Its name is taken through
 * the data subnet's id so that every rule waits for the subnet, which is created with the NSG
 * attached.
 */
export function createAccessRules(name: string, context: PlatformContext, net: NetworkOutputs, allowedSources: pulumi.Input<string>[], opts: pulumi.CustomResourceOptions): network.SecurityRule[] {
    const slots = SOURCE_PRIORITIES.last - SOURCE_PRIORITIES.first + 1;
    if (allowedSources.length > slots) {
        throw new Error(`the database admits at most ${slots} sources (NSG priorities ${SOURCE_PRIORITIES.first}-${SOURCE_PRIORITIES.last}); got ${allowedSources.length}`);
    }
    const resourceGroupName = context.azureScope!.resourceGroupName;
    const networkSecurityGroupName = net.dataSubnetIds.apply(() => nsgName(context, "data"));
    const dataSubnet = subnetPrefixesOf(net).apply((prefixes) => prefixes.data);
    return allowedSources.map((source, i) => new network.SecurityRule(`${name}-allow-source-${i}`, {
        resourceGroupName,
        networkSecurityGroupName,
        securityRuleName: `allow-postgres-from-source-${i}`,
        description: "PostgreSQL from an allowed subnet (cluster nodes or bastion)",
        priority: SOURCE_PRIORITIES.first + i,
        direction: network.SecurityRuleDirection.Inbound,
        access: network.SecurityRuleAccess.Allow,
        protocol: network.SecurityRuleProtocol.Tcp,
        sourceAddressPrefix: source,
        sourcePortRange: "*",
        destinationAddressPrefix: dataSubnet,
        destinationPortRange: String(POSTGRES_PORT),
    }, opts));
}

/**
 * The server's private DNS zone, linked to the VNet so that nodes and bastion resolve the
 * server's name. A server in a delegated subnet needs a zone whose name ends in
 * `.postgres.database.azure.com` and is not a server's own name; `privatelink.*` is the Private
 * Endpoint convention and does not apply. Private DNS zones and their links are global.
 * No management lock here: a lock on the zone or its records interferes with HA failover.
 */
export function createPrivateDns(name: string, context: PlatformContext, serverName: string, networkId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): { zone: privatedns.PrivateZone; link: privatedns.VirtualNetworkLink } {
    const resourceGroupName = context.azureScope!.resourceGroupName;
    const tags = componentTags(context, "database");
    const zone = new privatedns.PrivateZone(`${name}-dns`, {
        privateZoneName: privateZoneName(serverName),
        resourceGroupName,
        location: "global",
        tags,
    }, { ...opts, protect: context.protect });
    const link = new privatedns.VirtualNetworkLink(`${name}-dns-link`, {
        virtualNetworkLinkName: `vnet-${context.namePrefix}`,
        privateZoneName: zone.name,
        resourceGroupName,
        location: "global",
        virtualNetwork: { id: networkId },
        // The server writes its own records; VMs in the VNet must not register into this zone.
        registrationEnabled: false,
        tags,
    }, opts);
    return { zone, link };
}

export function privateZoneName(serverName: string): string {
    return `${serverName}.private.postgres.database.azure.com`;
}
