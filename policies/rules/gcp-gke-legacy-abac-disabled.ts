import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-legacy-abac-disabled",
    description: "GKE legacy ABAC is off (enableLegacyAbac is not true), so Kubernetes RBAC alone decides what an identity may do.",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_7"],
        trivy: ["GCP-0062"],
        cis: ["CIS GKE 1.9.0 5.8.3"],
    },
    remediation: "anycloud sets enableLegacyAbac = false (providers/gcp/cluster.ts); a fork must not turn it on.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        return valueAt(resource.props, "enableLegacyAbac") === true
            ? fail("enableLegacyAbac = true grants broad static permissions past RBAC")
            : PASS;
    },
});
