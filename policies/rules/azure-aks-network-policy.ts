import { defineRule, fail, PASS, valueAt } from "../rule";

/** AKS's network policy engines; "none" means no NetworkPolicy is enforced. */
const ENGINES = ["azure", "calico", "cilium"];

export const rule = defineRule({
    id: "azure-aks-network-policy",
    description: "The AKS cluster enforces Kubernetes NetworkPolicies (networkProfile.networkPolicy azure, calico or cilium).",
    severity: "high",
    cloud: "azure",
    references: {
        checkov: ["CKV_AZURE_7"], trivy: ["AZU-0043"], cis: ["CIS AKS 1.8 5.4.4"],
        pulumiCompliance: "azurenative-containerservice-managedcluster-configure-network-policy",
    },
    remediation: "anycloud sets networkPolicy: cilium with the Cilium dataplane; a fork that builds the cluster itself must choose an engine (the network profile is fixed at creation).",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const engine = valueAt(resource.props, "networkProfile.networkPolicy");
        if (typeof engine === "string" && ENGINES.includes(engine.toLowerCase())) {
            return PASS;
        }
        return fail(`networkProfile.networkPolicy is ${engine === undefined ? "not set" : JSON.stringify(engine)}: NetworkPolicies are not enforced`);
    },
});
