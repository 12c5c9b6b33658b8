import { defineRule, fail, PASS, valueAt } from "../rule";

/** An add-on's profile under addonProfiles, whose keys AKS matches without regard to case. */
export function addonProfile(props: Record<string, unknown>, addon: string): Record<string, unknown> | undefined {
    const profiles = valueAt(props, "addonProfiles");
    if (!profiles || typeof profiles !== "object") {
        return undefined;
    }
    const key = Object.keys(profiles).find((k) => k.toLowerCase() === addon.toLowerCase());
    return key === undefined ? undefined : (profiles as Record<string, Record<string, unknown>>)[key];
}

export const rule = defineRule({
    id: "azure-aks-azure-policy-addon",
    description: "The Azure Policy add-on runs on the AKS cluster (addonProfiles.azurepolicy.enabled), so the organisation's Kubernetes policy assignments are audited and enforced in it.",
    severity: "low",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_116"], trivy: ["AZU-0066"] },
    remediation: "anycloud enables the add-on (providers/azure/cluster.ts, CLUSTER_ADDONS); the subscription needs the Microsoft.PolicyInsights resource provider. "
        + "A fork that builds the cluster itself must set addonProfiles.azurepolicy.enabled: true.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        return addonProfile(resource.props, "azurepolicy")?.enabled === true ? PASS : fail("the Azure Policy add-on (addonProfiles.azurepolicy) is not enabled");
    },
});
