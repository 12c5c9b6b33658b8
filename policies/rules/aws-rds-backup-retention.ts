import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { RDS_CLUSTER, RDS_INSTANCE } from "./aws-rds-storage-encrypted";

/** A week: Checkov passes RDS's default of 1 day and Trivy 2; a problem found on Monday must still be restorable from last week. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

export const rule = defineRule({
    id: "aws-rds-backup-retention",
    description: `Automated backups are kept at least ${MIN_BACKUP_RETENTION_DAYS} days (backupRetentionPeriod).`,
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_133"], trivy: ["AWS-0077"], pulumiCompliance: "aws-rds-cluster-configure-backup-retention" },
    remediation: `Set anycloud:database.backupRetentionDays to ${MIN_BACKUP_RETENTION_DAYS} or more (default: 7 in dev and staging, 30 in prod); it changes in place.`,
    resourceTypes: [RDS_CLUSTER, RDS_INSTANCE],
    check: (resource) => {
        // A read replica is restored from its source's backups (Trivy skips replicas too).
        if (resource.type === RDS_INSTANCE && isSet(resource, "replicateSourceDb")) {
            return PASS;
        }
        const days = valueAt(resource.props, "backupRetentionPeriod");
        if (typeof days === "number") {
            return days >= MIN_BACKUP_RETENTION_DAYS ? PASS : fail(`backups are kept ${days} day${days === 1 ? "" : "s"}, fewer than ${MIN_BACKUP_RETENTION_DAYS}`);
        }
        return isSet(resource, "backupRetentionPeriod") ? PASS : fail("backupRetentionPeriod is not set: RDS keeps backups 1 day");
    },
});
