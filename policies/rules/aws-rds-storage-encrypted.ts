import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const RDS_INSTANCE = "aws:rds/instance:Instance";

/** True only for a literal true (or a value not known yet); absent is the engine's default, which is off. */
export function onOrUnknown(value: unknown): boolean {
    return value === true || value === UNKNOWN_VALUE;
}

export const rule = defineRule({
    id: "aws-rds-storage-encrypted",
    description: "Aurora cluster storage is encrypted at rest (storageEncrypted true).",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_96"], trivy: ["AWS-0079"], pulumiCompliance: "aws-rds-cluster-disallow-unencrypted-storage" },
    remediation: "anycloud encrypts the cluster with a key of its own (providers/aws/database.ts). storageEncrypted cannot change on a running cluster: "
        + "it replaces the cluster, so an unencrypted one moves by restoring an encrypted copy of a snapshot.",
    resourceTypes: [RDS_CLUSTER],
    check: (resource) => {
        const encrypted = valueAt(resource.props, "storageEncrypted");
        return onOrUnknown(encrypted)
            ? PASS
            : fail(`storageEncrypted is ${encrypted === undefined ? "unset" : JSON.stringify(encrypted)}: the cluster's storage, snapshots and backups are not encrypted`);
    },
});
