import type { CloudRules } from "../rules";

/** A Route 53 hosted zone id, as `aws route53 list-hosted-zones` shows it without the /hostedzone/ prefix. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * Inbound rules per security group (the default quota, raisable): the load balancer controller writes one
 * per source range and Gateway port (80 and 443) into the NLB's own security group.
 */
export const SECURITY_GROUP_INBOUND_RULES = 60;
export const MAX_SOURCE_RANGES = SECURITY_GROUP_INBOUND_RULES / 2;

/** The edge on AWS: a Route 53 zone id for external-dns, and source ranges the NLB's security group can hold. SDK-free. */
export const awsIngressRules: CloudRules = ({ ingress }, add) => {
    if (!ingress?.enabled) {
        return;
    }
    if (ingress.externalDns?.zone !== undefined && !HOSTED_ZONE_ID.test(ingress.externalDns.zone)) {
        add(["ingress", "externalDns", "zone"], ingress.externalDns.zone, "must be a Route 53 public hosted zone id, e.g. Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones --query 'HostedZones[].[Id,Name]'; without /hostedzone/)");
    }
    if (ingress.sourceRanges && ingress.sourceRanges.length > MAX_SOURCE_RANGES) {
        add(["ingress", "sourceRanges"], ingress.sourceRanges, `has ${ingress.sourceRanges.length} ranges; the load balancer's security group takes one inbound rule per range and port (80, 443) and holds ${SECURITY_GROUP_INBOUND_RULES} by default, so at most ${MAX_SOURCE_RANGES}; merge ranges into larger CIDRs`);
    }
};
