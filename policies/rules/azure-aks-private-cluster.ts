import { defineRule, exception, fail, isSet, PASS, valueAt } from "../rule";

/**
 * CIS 5.4.2 / CKV_AZURE_115. anycloud's `apiAccess: allowlist` keeps a public endpoint limited
 * to the office allowlist (so Helm charts install from outside the network): that is an
 * exception which holds only while azure-aks-api-authorized-ranges passes.
 */
export const rule = defineRule({
    id: "azure-aks-private-cluster",
    description: "The AKS API server is private (apiServerAccessProfile.enablePrivateCluster): its endpoint is an address in the VNet, with no public access.",
    severity: "medium",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_115"], trivy: ["AZU-0065"], cis: ["CIS AKS 1.8 5.4.2"] },
    remediation: "Set anycloud:cluster.apiAccess: private when the cluster is created (AKS cannot turn a public cluster private; anycloud refuses the change) and deploy from inside the network: the bastion or a runner in the VNet (docs/bastion.md). "
        + "With apiAccess: allowlist the rule reports an exception that holds while azure-aks-api-authorized-ranges passes.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        if (valueAt(resource.props, "apiServerAccessProfile.enablePrivateCluster") === true) {
            return PASS;
        }
        if (isSet(resource, "apiServerAccessProfile.authorizedIPRanges")) {
            return exception("apiAccess: allowlist: the API endpoint is public so that the deployer installs Helm charts from outside the network, "
                + "and admits only its authorized IP ranges (the office allowlist and the nodes' NAT address)", ["azure-aks-api-authorized-ranges"]);
        }
        return fail("the API server is public (enablePrivateCluster is not true) and no authorized IP ranges limit it");
    },
});
