import { defineRule, fail, isSet, notApplicable, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-sql-point-in-time-recovery",
    description: "Every primary Cloud SQL for PostgreSQL instance keeps transaction logs for point-in-time recovery (settings.backupConfiguration.pointInTimeRecoveryEnabled = true).",
    severity: "medium",
    cloud: "gcp",
    references: {},
    remediation: "anycloud turns point-in-time recovery on with the longest log retention the edition allows up to anycloud:database.backupRetentionDays (providers/gcp/database-settings.ts); a fork must keep settings.backupConfiguration.pointInTimeRecoveryEnabled.",
    resourceTypes: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check(resource) {
        if (isSet(resource, "masterInstanceName")) {
            return notApplicable("a read replica: point-in-time recovery restores from the primary's backups and logs");
        }
        const backups = valueAt(resource.props, "settings.backupConfiguration");
        const pitr = valueAt(backups, "pointInTimeRecoveryEnabled");
        if (pitr !== true && pitr !== UNKNOWN_VALUE) {
            return fail(`settings.backupConfiguration.pointInTimeRecoveryEnabled is ${pitr === undefined ? "not set" : String(pitr)}: the data can only be restored to the last daily backup`);
        }
        return valueAt(backups, "enabled") === false
            ? fail("point-in-time recovery is on but backups are off (settings.backupConfiguration.enabled = false): there is nothing to recover from")
            : PASS;
    },
});
