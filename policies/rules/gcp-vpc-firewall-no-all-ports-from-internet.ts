import { defineRule, fail, PASS, valueAt } from "../rule";
import { internetSources } from "./gcp-vpc-firewall-no-ssh-from-internet";

/** An allow entry for every port: protocol all, or a port protocol without ports or with 0-65535. */
function allPorts(allow: unknown): string | undefined {
    const protocol = String(valueAt(allow, "protocol") ?? "").toLowerCase();
    if (protocol === "all" || protocol === "-1") {
        return "all protocols and ports";
    }
    if (!["tcp", "udp", "sctp", "6", "17", "132"].includes(protocol)) {
        return undefined;
    }
    const ports = valueAt(allow, "ports");
    if (!Array.isArray(ports) || ports.length === 0 || ports.some((range) => ["0-65535", "1-65535"].includes(String(range).trim()))) {
        return `every ${protocol} port`;
    }
    return undefined;
}

export const rule = defineRule({
    id: "gcp-vpc-firewall-no-all-ports-from-internet",
    description: "No VPC firewall rule admits every port (protocol all, or a protocol without ports) from the whole internet.",
    severity: "critical",
    cloud: "gcp",
    references: {
        checkov: ["CKV2_GCP_12"],
        trivy: ["GCP-0072", "GCP-0027"],
    },
    remediation: "anycloud's VPC denies all ingress at priority 65534 and allows only named ports from named sources (the bastion's SSH, load-balancer health checks); a fork must list ports and specific sourceRanges in every allow rule.",
    resourceTypes: ["gcp:compute/firewall:Firewall"],
    check(resource) {
        const sources = internetSources(resource);
        const open = sources.length > 0 ? (Array.isArray(resource.props.allows) ? resource.props.allows : []).map(allPorts).filter((o): o is string => o !== undefined) : [];
        return open.length > 0 ? fail(`${open.join(" and ")} open to ${sources.join(", ")}`) : PASS;
    },
});
