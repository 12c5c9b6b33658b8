/**
 * Kubernetes minors this release knows how to run on EKS, with the cluster-autoscaler
 * image for each. The autoscaler simulates the scheduler of one minor, so its image follows
 * the cluster's (chart README), not the chart's default. Newest patch per minor from the
 * kubernetes/autoscaler release tags (cluster-autoscaler-1.xx.y). SDK-free: validation reads it.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Record<string, string> = {
    "1.31": "v1.31.5",
    "1.32": "v1.32.7",
    "1.33": "v1.33.6",
    "1.34": "v1.34.5",
    "1.35": "v1.35.2",
};

export const SUPPORTED_EKS_VERSIONS = Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS);
