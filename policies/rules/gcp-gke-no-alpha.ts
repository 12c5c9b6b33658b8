import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-no-alpha",
    description: "The GKE cluster is not an alpha cluster (enableKubernetesAlpha is not true): alpha clusters get no upgrades, no SLA and expire after 30 days.",
    severity: "medium",
    cloud: "gcp",
    references: {
        cis: ["CIS GKE 1.9.0 5.10.2"],
    },
    remediation: "anycloud never enables Kubernetes alpha features; a fork must not set enableKubernetesAlpha.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        return valueAt(resource.props, "enableKubernetesAlpha") === true
            ? fail("enableKubernetesAlpha = true: an alpha cluster runs unhardened alpha APIs, cannot be upgraded and is deleted after 30 days")
            : PASS;
    },
});
