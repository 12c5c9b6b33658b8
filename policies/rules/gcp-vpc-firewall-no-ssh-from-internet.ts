import { CheckedResource, coversPort, defineRule, fail, isInternet, isSet, PASS, valueAt } from "../rule";

/**
 * A CIDR that admits every address: 0.0.0.0/0, ::/0 or any other /0 (also used by the GKE
 * authorized-networks and Cloud SQL authorized-network rules).
 */
export const isEveryone = (cidr: unknown): cidr is string => isInternet(cidr) || (typeof cidr === "string" && /\/0$/.test(cidr.trim()));

/**
 * Sources of an enabled ingress allow rule that mean the whole internet (also used by
 * gcp-vpc-firewall-no-all-ports-from-internet). Without any source GCP applies the rule to 0.0.0.0/0.
 */
export function internetSources(firewall: CheckedResource): string[] {
    const props = firewall.props;
    if (props.disabled === true || (props.direction ?? "INGRESS") !== "INGRESS" || !Array.isArray(props.allows) || props.allows.length === 0) {
        return [];
    }
    if (!["sourceRanges", "sourceTags", "sourceServiceAccounts"].some((input) => isSet(firewall, input))) {
        return ["no source (GCP's default 0.0.0.0/0)"];
    }
    const ranges = valueAt(props, "sourceRanges");
    return (Array.isArray(ranges) ? ranges : []).filter(isEveryone);
}

/** Allow entries (protocol, ports) that admit TCP port 22: tcp or all protocols, with no ports (all) or a range covering 22. */
function admitsSsh(allow: unknown): boolean {
    const protocol = String(valueAt(allow, "protocol") ?? "").toLowerCase();
    if (!["tcp", "6", "all"].includes(protocol)) {
        return false;
    }
    const ports = valueAt(allow, "ports");
    return !Array.isArray(ports) || ports.length === 0 || ports.some((range) => coversPort(range, 22));
}

export const rule = defineRule({
    id: "gcp-vpc-firewall-no-ssh-from-internet",
    description: "No VPC firewall rule admits SSH (TCP 22) from the whole internet: every enabled ingress allow that covers port 22 names specific sources.",
    // Trivy rates GCP-0071 medium; SSH open to the internet is high on AWS and Azure here, and on GCP it is the same exposure.
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_2"],
        trivy: ["GCP-0071"],
    },
    remediation: "anycloud admits SSH to the bastion only from anycloud:allowedCidrs (and IAP's range with anycloud:gcp.bastionIapTunnel); set the office's ranges there, never 0.0.0.0/0. A fork must give every rule opening port 22 specific sourceRanges.",
    resourceTypes: ["gcp:compute/firewall:Firewall"],
    check(resource) {
        const sources = internetSources(resource);
        const allows = Array.isArray(resource.props.allows) ? resource.props.allows : [];
        if (sources.length > 0 && allows.some(admitsSsh)) {
            return fail(`SSH (TCP 22) is open to ${sources.join(", ")}`);
        }
        return PASS;
    },
});
