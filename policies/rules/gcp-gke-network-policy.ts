import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-network-policy",
    description: "GKE enforces Kubernetes NetworkPolicy: Dataplane V2 (datapathProvider = ADVANCED_DATAPATH) or the network policy add-on (networkPolicy.enabled = true).",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_12"],
        trivy: ["GCP-0056"],
        cis: ["CIS GKE 1.9.0 4.3.1"],
    },
    remediation: "anycloud builds GKE with Dataplane V2 (providers/gcp/cluster.ts), which enforces NetworkPolicy without the Calico add-on. Checkov's CKV_GCP_12 wants a networkPolicy block even then; GKE refuses the add-on on Dataplane V2, so this rule accepts either.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const props = resource.props;
        const datapath = valueAt(props, "datapathProvider");
        if (datapath === "ADVANCED_DATAPATH" || datapath === UNKNOWN_VALUE || valueAt(props, "enableAutopilot") === true) {
            return PASS;
        }
        if (valueAt(props, "networkPolicy.enabled") === true) {
            return valueAt(props, "addonsConfig.networkPolicyConfig.disabled") === true
                ? fail("networkPolicy.enabled = true, but the network policy add-on is disabled (addonsConfig.networkPolicyConfig.disabled): nothing enforces NetworkPolicy")
                : PASS;
        }
        return fail(`nothing enforces NetworkPolicy: datapathProvider is ${String(datapath ?? "the legacy datapath")} and networkPolicy.enabled is not true`);
    },
});
