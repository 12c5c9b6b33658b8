import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-aks-entra-id-rbac",
    description: "Users sign in to the AKS cluster with Microsoft Entra ID (aadProfile.managed) and Azure RBAC authorizes them (aadProfile.enableAzureRBAC).",
    severity: "medium",
    cloud: "azure",
    references: { cis: ["CIS AKS 1.8 5.5.1", "CIS AKS 1.8 5.5.2"] },
    remediation: "anycloud sets aadProfile { managed: true, enableAzureRBAC: true } and grants cluster admin to the deployer and anycloud:azure.adminGroupObjectIds; "
        + "a fork that builds the cluster itself must set both.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const missing = ["managed", "enableAzureRBAC"].filter((field) => valueAt(resource.props, `aadProfile.${field}`) !== true);
        return missing.length === 0 ? PASS : fail(`aadProfile.${missing.join(" and aadProfile.")} ${missing.length > 1 ? "are" : "is"} not true: access is not managed by Entra ID and Azure RBAC`);
    },
});
