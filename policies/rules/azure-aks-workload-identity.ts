import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-aks-workload-identity",
    description: "The AKS cluster issues OIDC tokens (oidcIssuerProfile.enabled) and runs Microsoft Entra Workload ID (securityProfile.workloadIdentity.enabled), so pods get their own identities instead of the node's.",
    severity: "medium",
    cloud: "azure",
    references: { cis: ["CIS AKS 1.8 5.2.1"] },
    remediation: "anycloud enables both and gives add-ons their own user-assigned identities; a fork must keep oidcIssuerProfile and securityProfile.workloadIdentity enabled.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const missing = ["oidcIssuerProfile.enabled", "securityProfile.workloadIdentity.enabled"].filter((path) => valueAt(resource.props, path) !== true);
        return missing.length === 0 ? PASS : fail(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not true: pods can only use the node's (kubelet's) identity`);
    },
});
