import { format, Ipv4Range, overlaps, parseCidr, subnet } from "../../components/cidr";
import type { NetworkOutputs } from "../../components/network";
import { layoutSubnets, tierPrefixes } from "../../components/subnet-layout";

/**
 * Names of the node subnet's secondary ranges; the cluster's ipAllocationPolicy names them
 * (clusterSecondaryRangeName, servicesSecondaryRangeName) and Cloud NAT translates "pods".
 */
export const SECONDARY_RANGES = { pods: "pods", services: "services" } as const;

/** Cloud SQL carves a /24 per region out of the allocated range (Cloud SQL docs, "Allocated range size"). */
export const MIN_PSA_PREFIX = 24;
/** GKE refuses a Service range larger than a /16 ("Services CIDR range is smaller than minimum (14 < 16)"). */
export const MAX_SERVICES_PREFIX_SIZE = 16;

export interface SubnetRanges {
    /** The node subnet's primary range: private tier, slot 0 (node VMs, internal load balancers, a PSC API endpoint). */
    node: string;
    /**
     * The node subnet's "pods" secondary range: the upper half of the private tier (slots 4-7),
     * which GCP's one regional subnet leaves unused. A /16 network gives a /18: 64 nodes at
     * GKE's default 110 pods per node (a /24 each), 128 at 64 pods, 256 at 32. Slots 2-3 stay
     * free for a second pod range (GKE adds one to a running cluster; a pod range cannot grow).
     */
    pods: string;
    /** The bastion subnet: public tier, slot 0. */
    bastion: string;
    /** The Private Service Access range (Cloud SQL's private IPs): data tier, slot 0. Not a subnet: a global internal address range. */
    psa: string;
}

function parse(cidr: string): Ipv4Range {
    const range = parseCidr(cidr);
    if (typeof range === "string") {
        throw new Error(`anycloud:network.cidr = ${cidr}: ${range}`);
    }
    return range;
}

/**
 * Where everything of the GCP network sits inside network.cidr. GCP subnets are regional,
 * so each tier has one: slot 0 of components/subnet-layout.ts, which does not depend on the
 * number of zones (adding a zone moves nothing). Pods take the private-tier slots GCP's one
 * regional subnet leaves unused (slots 1-3 stay free). Everything is inside network.cidr, so
 * the cloud-agnostic check that cluster.serviceCidr does not overlap network.cidr keeps the
 * Service range clear of all of it.
 */
export function subnetRanges(cidr: string): SubnetRanges {
    const network = parse(cidr);
    const tiers = tierPrefixes(network.prefix);
    const layout = layoutSubnets(network, 1);
    const privateHalf = subnet(network, network.prefix + 1, 0);
    const ranges: SubnetRanges = {
        node: layout.private[0],
        pods: format(subnet(privateHalf, network.prefix + 2, 1)),
        bastion: layout.public[0],
        psa: layout.data[0],
    };
    if (tiers.data > MIN_PSA_PREFIX) {
        throw new Error(`anycloud:network.cidr = ${cidr}: the Private Service Access range ${ranges.psa} is smaller than the /${MIN_PSA_PREFIX} Cloud SQL needs; use a /${MIN_PSA_PREFIX - (tiers.data - network.prefix)} or larger network`);
    }
    return ranges;
}

/**
 * How many nodes the pods range holds: GKE gives each node a block of twice its maximum pods,
 * rounded up to a power of two (a /24 at the default 110). No SDK is loaded here, so validation
 * may compare this with the node pools' maxima (plus upgrade surge).
 */
export function nodeCapacity(cidr: string, maxPodsPerNode = 110): number {
    const pods = parse(subnetRanges(cidr).pods);
    const perNode = 2 ** Math.ceil(Math.log2(2 * maxPodsPerNode));
    return Math.floor(2 ** (32 - pods.prefix) / perNode);
}

/** subnetRanges for adapters that only hold the network's outputs (cluster, database, bastion). */
export const subnetRangesOf = (outputs: Pick<NetworkOutputs, "cidr">) => outputs.cidr.apply(subnetRanges);

/**
 * The node subnet's secondary ranges. The Service range is cluster.serviceCidr, outside
 * network.cidr (GCP takes secondary ranges anywhere in valid private space, as long as no
 * range of the VPC overlaps): a subnet's secondary ranges are part of the subnet, so the
 * network creates it and the cluster refers to both by name.
 */
export function secondaryRanges(cidr: string, serviceCidr: string): { rangeName: string; ipCidrRange: string }[] {
    const ranges = subnetRanges(cidr);
    const services = parseCidr(serviceCidr);
    if (typeof services === "string") {
        throw new Error(`anycloud:cluster.serviceCidr = ${serviceCidr}: ${services}`);
    }
    if (services.prefix < MAX_SERVICES_PREFIX_SIZE) {
        throw new Error(`anycloud:cluster.serviceCidr = ${serviceCidr}: GKE takes a Service range of /${MAX_SERVICES_PREFIX_SIZE} or smaller`);
    }
    if (overlaps(services, parse(cidr))) {
        throw new Error(`anycloud:cluster.serviceCidr = ${serviceCidr}: overlaps network.cidr ${cidr}`);
    }
    return [
        { rangeName: SECONDARY_RANGES.pods, ipCidrRange: ranges.pods },
        { rangeName: SECONDARY_RANGES.services, ipCidrRange: serviceCidr },
    ];
}

/** Pulumi-friendly: the range's name from the PSA GlobalAddress id (projects/p/global/addresses/<name>), what Cloud SQL's allocatedIpRange takes. */
export const rangeNameOf = (globalAddressId: string) => globalAddressId.split("/").pop() ?? globalAddressId;
