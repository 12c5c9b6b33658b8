import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";

export const rule = defineRule({
    id: "gcp-gke-metadata-server",
    description: "GKE nodes serve pods the GKE metadata server (nodeConfig.workloadMetadataConfig.mode = GKE_METADATA) and keep the legacy metadata endpoints off, so pods never see the node's credentials.",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_69"],
        trivy: ["GCP-0057", "GCP-0048"],
        cis: ["CIS GKE 1.9.0 5.4.1"],
    },
    remediation: "anycloud sets both on the cluster's default pool and every node pool (providers/gcp/cluster-pools.ts NODE_CONFIG); a fork must keep workloadMetadataConfig.mode = GKE_METADATA and metadata disable-legacy-endpoints = \"true\".",
    resourceTypes: [CLUSTER, NODE_POOL],
    check(resource) {
        if (resource.type === CLUSTER && valueAt(resource.props, "enableAutopilot") === true) {
            return PASS; // Autopilot always runs the GKE metadata server.
        }
        const nodeConfig = valueAt(resource.props, "nodeConfig");
        if (String(valueAt(nodeConfig, "metadata.disable-legacy-endpoints")).toLowerCase() === "false") {
            return fail("nodeConfig.metadata disable-legacy-endpoints = \"false\" serves the v0.1/v1beta1 metadata endpoints without the Metadata-Flavor header");
        }
        const mode = valueAt(nodeConfig, "workloadMetadataConfig.mode");
        if (mode === "GKE_METADATA" || mode === UNKNOWN_VALUE) {
            return PASS;
        }
        const where = resource.type === CLUSTER ? "the default node pool (nodeConfig)" : "this pool";
        return fail(`${where} runs with workloadMetadataConfig.mode ${mode === undefined ? "not set" : `= ${String(mode)}`}: pods can read the node's service-account token from the Compute Engine metadata server`);
    },
});
