import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-aks-rbac-enabled",
    description: "Kubernetes RBAC is enabled on the AKS cluster (enableRBAC: true).",
    severity: "high",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_5"], trivy: ["AZU-0042"] },
    remediation: "anycloud sets enableRBAC: true; a fork that builds the cluster itself must set it (AKS cannot turn RBAC on after creation).",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const enabled = valueAt(resource.props, "enableRBAC");
        return enabled === true ? PASS : fail(`enableRBAC is ${enabled === undefined ? "not set" : JSON.stringify(enabled)}, not true`);
    },
});
