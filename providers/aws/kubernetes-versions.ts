/**
 * Kubernetes minors this release knows how to run on EKS, with the cluster-autoscaler
 * image for each. The autoscaler simulates the scheduler of one minor, so its image follows
 * the cluster's (chart README), not the chart's default. Newest patch per minor from the
 * kubernetes/autoscaler release tags (cluster-autoscaler-1.xx.y). SDK-free: validation reads it.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Record<string, string> = {
    "1.32": "v1.32.7",
    "1.33": "v1.33.6",
    "1.34": "v1.34.5",
    "1.35": "v1.35.2",
};

export const SUPPORTED_EKS_VERSIONS = Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS);

/**
 * Minors already past EKS standard support when this release was made (EKS version
 * calendar, 2026-11): a cluster on them is in paid extended support, which cannot be turned
 * off, so they need `anycloud:aws.upgradeSupport: extended`. 1.34 leaves standard support on
 * 2026-12-02; with `standard`, EKS then upgrades the control plane to 1.35 by itself, and
 * the next `pulumi up` asks for `cluster.version: "1.35"` (cluster.ts refuses a downgrade).
 */
export const EKS_EXTENDED_SUPPORT_ONLY = ["1.32", "1.33"];

export const minorOf = (version: string): number => Number(version.split(".")[1]);
