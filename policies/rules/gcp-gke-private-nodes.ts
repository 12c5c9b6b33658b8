import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";

export const rule = defineRule({
    id: "gcp-gke-private-nodes",
    description: "GKE nodes have internal IP addresses only: the cluster sets privateClusterConfig.enablePrivateNodes = true and no node pool turns it off.",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_25", "CKV_GCP_64"],
        trivy: ["GCP-0059"],
        cis: ["CIS GKE 1.9.0 5.6.5"],
    },
    remediation: "anycloud sets this on every GKE cluster (providers/gcp/cluster-access.ts); a fork must keep privateClusterConfig.enablePrivateNodes = true and must not set a pool's networkConfig.enablePrivateNodes = false. Nodes reach the internet through Cloud NAT.",
    resourceTypes: [CLUSTER, NODE_POOL],
    check(resource) {
        if (resource.type === NODE_POOL) {
            // A pool inherits the cluster's setting unless it overrides it.
            return valueAt(resource.props, "networkConfig.enablePrivateNodes") === false
                ? fail("networkConfig.enablePrivateNodes = false gives this pool's nodes public IP addresses")
                : PASS;
        }
        // Checkov's CKV_GCP_25/64 only look for the block; the flag inside decides.
        const config = valueAt(resource.props, "privateClusterConfig");
        const privateNodes = valueAt(config, "enablePrivateNodes");
        if (privateNodes === true || privateNodes === UNKNOWN_VALUE) {
            return PASS;
        }
        return config === undefined
            ? fail("privateClusterConfig is not set: the nodes get public IP addresses")
            : fail(`privateClusterConfig.enablePrivateNodes is ${privateNodes === undefined ? "not set" : String(privateNodes)}: the nodes get public IP addresses`);
    },
});
