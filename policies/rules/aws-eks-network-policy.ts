import { CheckedResource, defineRule, fail, PASS, StackView, UNKNOWN_VALUE, valueAt } from "../rule";
import { EKS_CLUSTER, EKS_COMPONENT, EKS_TYPES } from "./aws-eks-private-endpoint";

const ADDON = "aws:eks/addon:Addon";
const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"];
/** Network policy engines installed as charts instead of the VPC CNI's agent. */
const POLICY_CHARTS = /(^|\/)(tigera-operator|calico|cilium)$/;

/** The EKS add-on configuration value that turns on the VPC CNI's network policy agent, as JSON or YAML. */
export function enablesNetworkPolicy(configurationValues: unknown): boolean {
    if (typeof configurationValues !== "string") {
        return false;
    }
    try {
        const parsed = JSON.parse(configurationValues) as Record<string, unknown>;
        return String(parsed.enableNetworkPolicy) === "true";
    } catch {
        return /^\s*"?enableNetworkPolicy"?\s*:\s*["']?true["']?\s*$/m.test(configurationValues);
    }
}

/** The cluster's vpc-cni add-ons: wired from the cluster (or, for the built cluster, from its component), or naming it. */
function vpcCniAddons(cluster: CheckedResource, stack: StackView): CheckedResource[] {
    const urns = [cluster.urn, ...(cluster.type === EKS_CLUSTER && stack.byUrn(cluster.parent)?.type === EKS_COMPONENT ? [cluster.parent] : [])];
    const name = valueAt(cluster.props, "name");
    return stack.ofType(ADDON).filter((addon) => addon.props.addonName === "vpc-cni"
        && ((addon.propertyDependencies.clusterName ?? []).some((urn) => urns.includes(urn)) || (typeof name === "string" && addon.props.clusterName === name)));
}

export const rule = defineRule({
    id: "aws-eks-network-policy",
    description: "The EKS cluster enforces Kubernetes NetworkPolicy: the VPC CNI add-on runs its network policy agent (or Calico or Cilium is installed).",
    severity: "medium",
    cloud: "aws",
    references: { cis: ["CIS EKS 1.8.0 5.4.4"] },
    remediation: "anycloud turns on the VPC CNI's network policy agent ({\"enableNetworkPolicy\": \"true\"} in the vpc-cni add-on's configurationValues, providers/aws/cluster-addons.ts). "
        + "A fork that replaces the add-on must keep that value, or install Calico or Cilium.",
    resourceTypes: EKS_TYPES,
    check: (resource, stack) => {
        const addons = vpcCniAddons(resource, stack);
        if (addons.some((addon) => addon.props.configurationValues === UNKNOWN_VALUE || enablesNetworkPolicy(addon.props.configurationValues))) {
            return PASS;
        }
        if (resource.type === EKS_COMPONENT && resource.props.useDefaultVpcCni !== true && valueAt(resource.props, "vpcCniOptions.enableNetworkPolicy") === true) {
            return PASS;
        }
        const engine = stack.ofType(...HELM_TYPES).find((release) => POLICY_CHARTS.test(String(release.props.chart ?? "")));
        if (engine) {
            return PASS;
        }
        return fail(addons.length > 0
            ? `the vpc-cni add-on ${addons.map((a) => a.name).join(", ")} does not set enableNetworkPolicy: NetworkPolicy objects are accepted but not enforced`
            : "no vpc-cni add-on with enableNetworkPolicy, and no Calico or Cilium: NetworkPolicy objects are accepted but not enforced");
    },
});
