import * as ipaddr from "ipaddr.js";

/** An IPv4 range as a 32-bit base address and a prefix length. */
export interface Ipv4Range {
    base: number;
    prefix: number;
}

/** Parses "a.b.c.d/n"; returns a reason instead of throwing, so validation can collect it. */
export function parseCidr(text: string): Ipv4Range | string {
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text) || !ipaddr.IPv4.isValidFourPartDecimal(text.split("/")[0])) {
        return "is not an IPv4 CIDR (expected a.b.c.d/n, e.g. 10.0.0.0/16)";
    }
    if (Number(text.split("/")[1]) > 32) {
        return "is not an IPv4 CIDR: the prefix length is over 32";
    }
    const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
    const range = { base: toNumber(address), prefix };
    const network = networkAddress(range);
    if (network !== range.base) {
        return `has host bits set; the network address is ${format({ base: network, prefix })}`;
    }
    return range;
}

export function format(range: Ipv4Range): string {
    const octets = [24, 16, 8, 0].map((shift) => (range.base >>> shift) & 0xff);
    return `${octets.join(".")}/${range.prefix}`;
}

export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
    const prefix = Math.min(a.prefix, b.prefix);
    return networkAddress({ base: a.base, prefix }) === networkAddress({ base: b.base, prefix });
}

const NOT_FROM_INTERNET = ["private", "loopback", "linkLocal", "carrierGradeNat", "unspecified", "multicast", "broadcast"];

/**
 * True where a source address as the internet sees it can lie: not private, loopback,
 * link-local, CGNAT, ... (the RFC 5737 documentation ranges count, for examples and tests).
 */
export function isInternetSource(range: Ipv4Range): boolean {
    return !NOT_FROM_INTERNET.includes(ipaddr.IPv4.parse(format(range).split("/")[0]).range());
}

/** True inside RFC 1918 space, where a private network belongs. */
export function isPrivate(range: Ipv4Range): boolean {
    return ipaddr.IPv4.parse(format(range).split("/")[0]).range() === "private";
}

/** The `index`-th block of prefix `prefix` inside `range`. */
export function subnet(range: Ipv4Range, prefix: number, index: number): Ipv4Range {
    if (prefix < range.prefix || prefix > 32) {
        throw new RangeError(`cannot carve a /${prefix} out of ${format(range)}`);
    }
    const size = 2 ** (32 - prefix);
    if (index < 0 || (index + 1) * size > 2 ** (32 - range.prefix)) {
        throw new RangeError(`block ${index} of /${prefix} lies outside ${format(range)}`);
    }
    return { base: (range.base + index * size) >>> 0, prefix };
}

function networkAddress(range: Ipv4Range): number {
    const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
    return (range.base & mask) >>> 0;
}

function toNumber(address: ipaddr.IPv4): number {
    return address.octets.reduce((value, octet) => value * 256 + octet, 0);
}
