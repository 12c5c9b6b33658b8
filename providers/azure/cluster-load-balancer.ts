import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { ClusterAddonSupport } from "../../components/cluster";
import { ruleName } from "./network";

/**
 * The cluster's openings for external load balancers on the node subnet's NSG: after its API
 * rules (300-399, cluster-api-access.ts), before the network's own allows (2000 on) and its
 * deny of the VNet (4000).
 */
export const LOAD_BALANCER_RULE_PRIORITIES = { first: 400, last: 499 };

/**
 * Service load balancers as AKS's cloud provider makes them: a public frontend on the cluster's
 * Standard load balancer by default, a private one in the node subnet with this annotation. AKS
 * turns `loadBalancerSourceRanges` into rules of its own NSG (in the node resource group), so
 * the allowlist needs no further annotation. That NSG is all AKS edits: the node subnet carries
 * the network's NSG, which denies what it does not allow, so admitExternal opens it as well.
 */
export const LOAD_BALANCER_ANNOTATIONS = {
    external: {},
    internal: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
};

export interface NodeSubnetNsg {
    resourceGroupName: pulumi.Input<string>;
    /** The network adapter's NSG of the node subnet, by name (nsgName(context, "private")). */
    networkSecurityGroupName: string;
    /**
     * Writes to that NSG the rules must come after: the NSG and its own rules, and the cluster's
     * API rules. Azure takes one write at a time per NSG and answers another with 429.
     */
    after: pulumi.Input<pulumi.Resource>[];
}

/**
 * A priority in LOAD_BALANCER_RULE_PRIORITIES for `key`: a slot from a hash of it, the next free
 * one when another opening of this program holds it. It stays put while the set of openings
 * stays the same; Azure refuses two inbound rules of one NSG with one priority.
 */
function priorityFor(key: string, taken: Set<number>): number {
    const { first, last } = LOAD_BALANCER_RULE_PRIORITIES;
    const span = last - first + 1;
    if (taken.size >= span) {
        throw new Error(`the cluster opens the node subnet for at most ${span} external load balancers (NSG priorities ${first}-${last})`);
    }
    let slot = parseInt(createHash("sha256").update(key).digest("hex").slice(0, 8), 16) % span;
    while (taken.has(slot)) {
        slot = (slot + 1) % span;
    }
    taken.add(slot);
    return first + slot;
}

function dependenciesOf(opts: pulumi.CustomResourceOptions): pulumi.Input<pulumi.Resource>[] {
    if (opts.dependsOn === undefined) {
        return [];
    }
    return Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn as pulumi.Input<pulumi.Resource>];
}

/**
 * ClusterAddonSupport.loadBalancer for AKS. admitExternal adds one inbound rule to the node
 * subnet's NSG: TCP from exactly `sources` to exactly `ports`, to any destination.
 *
 * The destination is "*", not the node subnet: AKS's load-balancing rules use floating IP (Direct
 * Server Return) unless a Service opts out (cloud-provider-azure, annotation
 * azure-disable-load-balancer-floating-ip), so a packet reaches the node still addressed to the
 * load balancer's public frontend IP and the Service's port, not to the node's address and
 * NodePort. That frontend IP is allocated by AKS when the Service is created, after this rule.
 * The nodes have no public addresses, so from the internet only load balancer frontends answer.
 *
 * No sources, no rule: the NSG's default then denies the internet, where an empty
 * loadBalancerSourceRanges would mean everyone.
 */
export function loadBalancerSupport(nsg: NodeSubnetNsg): ClusterAddonSupport["loadBalancer"] {
    const taken = new Set<number>();
    // Openings are written one after another, as the NSG takes them.
    let previous: network.SecurityRule[] = [];
    return {
        externalAnnotations: LOAD_BALANCER_ANNOTATIONS.external,
        internalAnnotations: LOAD_BALANCER_ANNOTATIONS.internal,
        admitExternal(name, { ports, sources }, opts) {
            if (ports.length === 0) {
                throw new Error(`admitExternal(${name}): no ports to admit`);
            }
            if (sources.length === 0) {
                return [];
            }
            const rule = new network.SecurityRule(`${name}-allow-external-lb`, {
                resourceGroupName: nsg.resourceGroupName,
                networkSecurityGroupName: nsg.networkSecurityGroupName,
                securityRuleName: `allow-external-lb-${ruleName(name)}`.slice(0, 80),
                priority: priorityFor(name, taken),
                direction: "Inbound",
                access: "Allow",
                protocol: "Tcp",
                sourceAddressPrefixes: [...sources],
                sourcePortRange: "*",
                destinationAddressPrefix: "*",
                destinationPortRanges: [...new Set(ports)].sort((a, b) => a - b).map(String),
                description: `External load balancers of the cluster (${name}) from the allowlist`.slice(0, 140),
            }, { ...opts, dependsOn: [...dependenciesOf(opts), ...nsg.after, ...previous] });
            previous = [rule];
            return [rule];
        },
    };
}
