import { format, Ipv4Range, subnet } from "./cidr";

/**
 * The deterministic subnet layout every cloud uses.
 *
 * The network is cut into a private half and two quarters (public, data). Each tier is
 * cut into MAX_ZONES equal slots and zone i always takes slot i, so adding a zone later
 * adds subnets without moving (and so replacing) any existing one.
 *
 *   /16 network -> private /20 per zone, public /21 per zone, data /21 per zone
 */
export const MAX_ZONES = 8;

/** Smallest useful subnets: nodes need room for pods, the other tiers for a few dozen addresses. */
export const MIN_PRIVATE_PREFIX = 24;
export const MIN_EDGE_PREFIX = 27;

export interface SubnetLayout {
    /** Load balancers, NAT, bastion. */
    public: string[];
    /** Kubernetes nodes (and, on clouds where pods take VPC addresses, pods). */
    private: string[];
    /** Managed data services; no route to the internet at all. */
    data: string[];
}

const SLOT_BITS = Math.log2(MAX_ZONES);

export function tierPrefixes(networkPrefix: number): { private: number; public: number; data: number } {
    return {
        private: networkPrefix + 1 + SLOT_BITS,
        public: networkPrefix + 2 + SLOT_BITS,
        data: networkPrefix + 2 + SLOT_BITS,
    };
}

/** The largest (numerically highest) network prefix whose tiers are still usable. */
export const MAX_NETWORK_PREFIX = Math.min(MIN_PRIVATE_PREFIX - 1 - SLOT_BITS, MIN_EDGE_PREFIX - 2 - SLOT_BITS);

export function layoutSubnets(network: Ipv4Range, zones: number): SubnetLayout {
    if (zones < 1 || zones > MAX_ZONES) {
        throw new RangeError(`zones must be 1..${MAX_ZONES}, got ${zones}`);
    }
    const prefixes = tierPrefixes(network.prefix);
    const privateHalf = subnet(network, network.prefix + 1, 0);
    const publicQuarter = subnet(network, network.prefix + 2, 2);
    const dataQuarter = subnet(network, network.prefix + 2, 3);
    const zoneIndexes = [...Array(zones).keys()];
    return {
        private: zoneIndexes.map((i) => format(subnet(privateHalf, prefixes.private, i))),
        public: zoneIndexes.map((i) => format(subnet(publicQuarter, prefixes.public, i))),
        data: zoneIndexes.map((i) => format(subnet(dataQuarter, prefixes.data, i))),
    };
}
