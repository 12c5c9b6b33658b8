import { defineRule, fail, isSet, notApplicable, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-sql-backups-enabled",
    description: "Every primary Cloud SQL instance takes automated daily backups (settings.backupConfiguration.enabled = true).",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_14"],
        trivy: ["GCP-0024"],
    },
    remediation: "anycloud turns backups on for the primary, kept anycloud:database.backupRetentionDays days (providers/gcp/database.ts); a fork must keep settings.backupConfiguration.enabled.",
    resourceTypes: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check(resource) {
        if (isSet(resource, "masterInstanceName")) {
            return notApplicable("a read replica: Cloud SQL takes no backups of replicas, the primary's backups cover the data");
        }
        const enabled = valueAt(resource.props, "settings.backupConfiguration.enabled");
        return enabled === true || enabled === UNKNOWN_VALUE
            ? PASS
            : fail(`settings.backupConfiguration.enabled is ${enabled === undefined ? "not set (off by default)" : String(enabled)}: no automated backups`);
    },
});
