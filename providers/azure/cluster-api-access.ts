import * as network from "@pulumi/azure-native/network";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { format, Ipv4Range, parseCidr, subnet } from "../../components/cidr";
import { ClusterArgs } from "../../components/cluster";
import { NetworkOutputs } from "../../components/network";
import { nsgName, ruleName, stablePriorities } from "./network";

/** The cluster's allows on the node subnet's NSG, before the network's deny of the VNet (4000). */
export const API_RULE_PRIORITIES = { first: 300, last: 399 };

/** CoreDNS's Service address: the tenth of the Service range, as AKS's own default (10.0.0.10 of 10.0.0.0/16). */
export function dnsServiceIp(serviceCidr: string): string {
    const range = parseCidr(serviceCidr) as Ipv4Range;
    return format(subnet(range, 32, 10)).split("/")[0];
}

/**
 * The NAT gateway's public address: the nodes' only way out, so on a public API it is how
 * nodes (kubelet, konnectivity) reach their own API server, and it must be authorized like
 * the office. Read through the gateway the network adapter makes (its first public IP), so
 * no name is duplicated here; the read waits for the gateway.
 */
export function natPublicIp(networkOutputs: NetworkOutputs, parent: pulumi.Resource): pulumi.Output<string | undefined> {
    const gateway = networkOutputs.privateRouting.find((r): r is network.NatGateway => network.NatGateway.isInstance(r));
    if (!gateway) {
        throw new Error("createCluster: the network's privateRouting has no NAT gateway; AKS outbound type userAssignedNATGateway needs one on the node subnet");
    }
    const ipId = gateway.publicIpAddresses.apply((ips) => {
        const id = ips?.[0]?.id;
        if (!id) {
            throw new Error("createCluster: the NAT gateway has no public IP address");
        }
        return id;
    });
    // ARM id: /subscriptions/<s>/resourceGroups/<group>/providers/Microsoft.Network/publicIPAddresses/<name>
    const address = network.getPublicIPAddressOutput({
        resourceGroupName: ipId.apply((id) => id.split("/")[4]),
        publicIpAddressName: ipId.apply((id) => id.split("/").pop()!),
    }, { parent });
    return address.apply((result) => result.ipAddress);
}

/**
 * The API server: private (an endpoint in the node subnet, resolved through an AKS-managed
 * private DNS zone linked to the VNet), or public and limited to the office allowlist plus the
 * nodes' own NAT address. Azure RBAC decides what an authenticated caller may do either way.
 */
export function apiServerAccessProfile(args: ClusterArgs, parent: pulumi.Resource): pulumi.Input<inputs.containerservice.ManagedClusterAPIServerAccessProfileArgs> {
    if (args.settings.apiAccess === "private") {
        return {
            enablePrivateCluster: true,
            privateDNSZone: "system",
            // The public FQDN resolves to the endpoint's private address only, so a deployer on a
            // VPN or a tunnel through the bastion reaches the API without the private DNS zone
            // (as EKS's endpoint name does); it admits nobody from outside the network.
            enablePrivateClusterPublicFQDN: true,
        };
    }
    return {
        enablePrivateCluster: false,
        authorizedIPRanges: natPublicIp(args.network, parent).apply((ip) => {
            // A static Standard address has its IP once created; without it the nodes could not
            // reach their own API server, so a cluster deployed anyway would never get nodes.
            if (!ip) {
                throw new Error("anycloud: the NAT gateway's public IP has no address, and the nodes reach a public API server only through it; run `pulumi up` again once the address exists");
            }
            return [...args.context.allowedCidrs, `${ip}/32`];
        }),
    };
}

/**
 * HTTPS from the bastion (apiSources: subnet prefixes) to a private API server, whose endpoint
 * sits in the node subnet. The network enables NSG policies for private endpoints there and
 * ends the node NSG with a deny of the VNet, so without these only the nodes reach it. One rule
 * per source, named by it, at a priority that stays put as sources come and go.
 *
 * The NSG is named by a string, which orders nothing: the rules wait for the network's
 * privateRouting (the node subnet, which carries the NSG, its NAT gateway, and the NSG's own
 * rules), and for each other. Azure takes one write at a time per NSG and answers a concurrent
 * one with 429 RetryableErrorDueToAnotherOperation (hashicorp/terraform-provider-azurerm#15631);
 * on a first `up` a rule could otherwise also be written before the NSG exists.
 */
export function admitToPrivateApi(name: string, args: ClusterArgs, nodeSubnetPrefix: pulumi.Output<string>, opts: pulumi.CustomResourceOptions): network.SecurityRule[] {
    const { context, settings, apiSources } = args;
    if (settings.apiAccess !== "private") {
        return [];
    }
    const sources = pulumi.all(apiSources);
    const rules: network.SecurityRule[] = [];
    apiSources.forEach((source, i) => {
        const priority = sources.apply((all) => stablePriorities(all, API_RULE_PRIORITIES.first, API_RULE_PRIORITIES.last).get(all[i])!);
        rules.push(new network.SecurityRule(`${name}-api-from-platform-${i}`, {
            resourceGroupName: context.azureScope!.resourceGroupName,
            networkSecurityGroupName: nsgName(context, "private"),
            securityRuleName: pulumi.output(source).apply((prefix) => `allow-kube-api-from-${ruleName(prefix)}`),
            priority,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourceAddressPrefix: source,
            sourcePortRange: "*",
            destinationAddressPrefix: nodeSubnetPrefix,
            destinationPortRange: "443",
            description: "Kubernetes API (private endpoint) from the bastion",
        }, { ...opts, dependsOn: [...args.network.privateRouting, ...rules.slice(-1)] }));
    });
    return rules;
}
