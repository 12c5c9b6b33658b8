import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-aks-local-accounts-disabled",
    description: "The AKS cluster's local accounts are disabled (disableLocalAccounts: true), so no static admin kubeconfig exists beside Entra ID sign-in.",
    severity: "high",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_141"], cis: ["CIS AKS 1.8 5.5.1"] },
    remediation: "anycloud sets disableLocalAccounts: true (kubectl signs in through kubelogin); a fork that builds the cluster itself must set it, with Entra ID integration on.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const disabled = valueAt(resource.props, "disableLocalAccounts");
        return disabled === true ? PASS : fail(`disableLocalAccounts is ${disabled === undefined ? "not set" : JSON.stringify(disabled)}: the cluster hands out a static admin credential (listClusterAdminCredentials)`);
    },
});
