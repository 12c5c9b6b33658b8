import { CheckedResource, defineRule, fail, isInternet, isKnown, listOf, PASS, UNKNOWN_VALUE, valueAt, Verdict } from "../rule";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** The three ways a Pulumi program opens a security group: inline `ingress`, the legacy rule, the VPC ingress rule. */
export const INGRESS_TYPES = [SECURITY_GROUP, SECURITY_GROUP_RULE, INGRESS_RULE];

/** One ingress permission, whichever resource states it. */
export interface IngressPermission {
    /** Where it is written, for messages: "ingress[0]" or the rule resource itself. */
    where: string;
    /** Lower-case protocol: "tcp", "udp", "icmp", "-1" (all), or a number as text. */
    protocol: string;
    fromPort?: number;
    toPort?: number;
    /** IPv4 and IPv6 ranges; unknown values are left out (a range wired from another resource is not the internet). */
    sources: string[];
}

function port(value: unknown): number | undefined {
    return typeof value === "number" ? value : typeof value === "string" && value !== UNKNOWN_VALUE && value.trim() !== "" ? Number(value) : undefined;
}

function permission(where: string, props: unknown, protocolKey: string, sourceKeys: string[]): IngressPermission {
    const protocol = valueAt(props, protocolKey);
    return {
        where,
        protocol: isKnown(protocol) ? String(protocol).toLowerCase() : "",
        fromPort: port(valueAt(props, "fromPort")),
        toPort: port(valueAt(props, "toPort")),
        sources: sourceKeys.flatMap((key) => listOf(valueAt(props, key))).filter((source) => source !== UNKNOWN_VALUE),
    };
}

/** The ingress permissions a security group, legacy rule or VPC ingress rule grants (egress is ignored). */
export function ingressOf(resource: CheckedResource): IngressPermission[] {
    switch (resource.type) {
    case SECURITY_GROUP: {
        const ingress = resource.props.ingress;
        return Array.isArray(ingress)
            ? ingress.map((block, i) => permission(`ingress[${i}]`, block, "protocol", ["cidrBlocks", "ipv6CidrBlocks"]))
            : [];
    }
    case SECURITY_GROUP_RULE:
        return resource.props.type === "ingress" ? [permission("the rule", resource.props, "protocol", ["cidrBlocks", "ipv6CidrBlocks"])] : [];
    case INGRESS_RULE:
        return [permission("the rule", resource.props, "ipProtocol", ["cidrIpv4", "cidrIpv6"])];
    default:
        return [];
    }
}

/** "-1" and "all" mean every protocol and every port, whatever fromPort and toPort say (EC2 API). */
export function allProtocols(p: IngressPermission): boolean {
    return p.protocol === "-1" || p.protocol === "all";
}

/** TCP or UDP, by name or IANA number: the protocols with ports. */
function hasPorts(p: IngressPermission): boolean {
    return ["tcp", "udp", "6", "17"].includes(p.protocol);
}

/** Whether the permission admits `target` (TCP or UDP, or every protocol). */
export function admitsPort(p: IngressPermission, target: number): boolean {
    if (allProtocols(p)) {
        return true;
    }
    if (!hasPorts(p) || p.fromPort === undefined) {
        return false;
    }
    return p.fromPort <= target && target <= (p.toPort ?? p.fromPort);
}

/** Whether the permission admits every port: every protocol, or TCP/UDP over 0-65535. */
export function admitsAllPorts(p: IngressPermission): boolean {
    return allProtocols(p) || (hasPorts(p) && p.fromPort !== undefined && p.fromPort <= 1 && (p.toPort ?? p.fromPort) >= 65535);
}

/** The permission in words, for messages. */
export function describePermission(p: IngressPermission): string {
    const ports = allProtocols(p) ? "all traffic" : `${p.protocol} ${p.fromPort}${p.toPort !== undefined && p.toPort !== p.fromPort ? `-${p.toPort}` : ""}`;
    return `${p.where} (${ports}) from ${p.sources.filter(isInternet).join(", ")}`;
}

/** Fails on the first permission that admits `port` from the internet. */
export function noInternetIngressTo(resource: CheckedResource, target: number, service: string): Verdict {
    const open = ingressOf(resource).filter((p) => admitsPort(p, target) && p.sources.some(isInternet));
    return open.length > 0 ? fail(`${open.map(describePermission).join("; ")} admits the internet to ${service} (port ${target})`) : PASS;
}

export const rule = defineRule({
    id: "aws-vpc-no-ssh-from-internet",
    description: "No security group, security group rule or VPC ingress rule admits 0.0.0.0/0 or ::/0 to port 22 (SSH).",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_24"], trivy: ["AWS-0107"] },
    remediation: "List the office's public ranges in anycloud:allowedCidrs (anycloud refuses 0.0.0.0/0 there); the bastion admits SSH only from them. "
        + "A rule of your own that opens port 22 must name the ranges that need it, or use Session Manager instead of SSH.",
    resourceTypes: INGRESS_TYPES,
    check: (resource) => noInternetIngressTo(resource, 22, "SSH"),
});
