import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-node-image-cos",
    description: "GKE nodes run Container-Optimized OS with containerd (nodeConfig.imageType COS_CONTAINERD, GKE's default): a read-only root file system and verified boot.",
    severity: "low",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_22"],
        trivy: ["GCP-0054"],
        cis: ["CIS GKE 1.9.0 5.5.1"],
    },
    remediation: "anycloud sets imageType COS_CONTAINERD on the default pool and every pool (providers/gcp/cluster-pools.ts NODE_CONFIG); a fork must keep it.",
    resourceTypes: ["gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool"],
    check(resource) {
        const image = valueAt(resource.props, "nodeConfig.imageType");
        if (image === undefined || image === UNKNOWN_VALUE || String(image).toUpperCase() === "COS_CONTAINERD") {
            return PASS;
        }
        return fail(`nodeConfig.imageType = ${String(image)}, not Container-Optimized OS with containerd`);
    },
});
