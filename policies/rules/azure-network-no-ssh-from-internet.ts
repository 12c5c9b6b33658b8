import { CheckedResource, coversPort, defineRule, fail, isInternet, PASS } from "../rule";

export const SECURITY_RULE = "azure-native:network:SecurityRule";
export const NETWORK_SECURITY_GROUP = "azure-native:network:NetworkSecurityGroup";

/** Strings (and numbers) of a prop that may be one value or a list: ports and prefixes. */
const valuesOf = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .filter((v) => typeof v === "string" || typeof v === "number").map(String);

/** The NSG rules a resource defines: a SecurityRule itself, or an NSG's inline securityRules. */
function nsgRulesOf(resource: CheckedResource): { name: string; props: Record<string, unknown> }[] {
    if (resource.type === SECURITY_RULE) {
        return [{ name: String(resource.props.securityRuleName ?? resource.name), props: resource.props }];
    }
    const inline = resource.props.securityRules;
    return Array.isArray(inline)
        ? inline.filter((r): r is Record<string, unknown> => !!r && typeof r === "object").map((r, i) => ({ name: String(r.name ?? `securityRules[${i}]`), props: r }))
        : [];
}

/**
 * The rules of an NSG or SecurityRule that allow `port` in from anywhere (`*`, `Internet`,
 * `0.0.0.0/0`, `any`...), as Checkov's and Trivy's NSG checks read them; one line each.
 */
export function internetAdmissions(resource: CheckedResource, port: number): string[] {
    return nsgRulesOf(resource).flatMap(({ name, props }) => {
        const inbound = props.direction === undefined || String(props.direction).toLowerCase() === "inbound";
        if (String(props.access).toLowerCase() !== "allow" || !inbound || String(props.protocol ?? "*").toLowerCase() === "icmp") {
            return [];
        }
        if (!valuesOf(props.destinationPortRange).concat(valuesOf(props.destinationPortRanges)).some((range) => coversPort(range, port))) {
            return [];
        }
        const open = valuesOf(props.sourceAddressPrefix).concat(valuesOf(props.sourceAddressPrefixes)).filter((source) => isInternet(source) || /\/0$/.test(source.trim()));
        return open.length > 0 ? [`${name} allows port ${port} from ${open.join(", ")}`] : [];
    });
}

export const rule = defineRule({
    id: "azure-network-no-ssh-from-internet",
    description: "No NSG rule allows SSH (port 22) in from the internet (*, Internet, 0.0.0.0/0, any).",
    severity: "critical",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_10"], trivy: ["AZU-0050"] },
    remediation: "anycloud admits SSH only from anycloud:allowedCidrs, on the bastion's NIC NSG and the public subnet's NSG: list the office's egress ranges there, never 0.0.0.0/0. "
        + "A fork must keep every port-22 allow to named ranges.",
    resourceTypes: [SECURITY_RULE, NETWORK_SECURITY_GROUP],
    check(resource) {
        const open = internetAdmissions(resource, 22);
        return open.length === 0 ? PASS : fail(open.join("; "));
    },
});
