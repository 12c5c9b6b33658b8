import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-vpc-native",
    description: "The GKE cluster is VPC-native (alias IPs: networkingMode is not ROUTES), so pod addresses are VPC addresses that firewall rules and flow logs see.",
    severity: "low",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_23"],
        trivy: ["GCP-0049"],
        cis: ["CIS GKE 1.9.0 5.6.2"],
    },
    remediation: "anycloud sets networkingMode VPC_NATIVE with the node subnet's pods and services ranges (providers/gcp/cluster.ts); a fork must keep it (it is fixed at creation).",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        // Newly created clusters default to VPC_NATIVE (the provider's doc for networkingMode).
        return valueAt(resource.props, "networkingMode") === "ROUTES"
            ? fail("networkingMode = ROUTES: a routes-based cluster, pods outside the VPC's address plan")
            : PASS;
    },
});
