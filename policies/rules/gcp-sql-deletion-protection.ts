import { defineRule, exception, fail, isSet, notApplicable, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-sql-deletion-protection",
    description: "A production primary Cloud SQL instance refuses deletion: Cloud SQL's own guard (settings.deletionProtectionEnabled) and the provider's (deletionProtection) are both on.",
    severity: "medium",
    cloud: "gcp",
    references: {},
    remediation: "In prod anycloud sets both guards (providers/gcp/database.ts, from anycloud:protect and the environment); elsewhere set anycloud:protect: true to have them. Deleting a protected instance takes turning both off first (docs/gcp.md, \"Rebuilding on purpose\").",
    resourceTypes: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check(resource) {
        const props = resource.props;
        if (isSet(resource, "masterInstanceName")) {
            return notApplicable("a read replica holds no data of its own: deleting it loses nothing the primary does not keep");
        }
        // The provider's guard defaults to true; Cloud SQL's to false.
        const missing = [
            ...(valueAt(props, "settings.deletionProtectionEnabled") === true ? [] : ["settings.deletionProtectionEnabled"]),
            ...(valueAt(props, "deletionProtection") === false ? ["deletionProtection"] : []),
        ];
        if (missing.length === 0) {
            return PASS;
        }
        // Without a known environment label the instance is judged as production.
        const environment = valueAt(props, "settings.userLabels.environment");
        if (typeof environment === "string" && environment !== UNKNOWN_VALUE && environment !== "prod") {
            if (valueAt(props, "settings.finalBackupConfig.enabled") !== true) {
                return fail(`${missing.join(" and ")} off and no final backup (settings.finalBackupConfig): deleting the ${environment} instance loses its data`);
            }
            return exception(
                "outside prod the database stays destroyable unless anycloud:protect is set, so that a dev or staging stack can be torn down; deleting the instance leaves a final backup for 30 days (settings.finalBackupConfig)",
                ["gcp-sql-backups-enabled"],
            );
        }
        return fail(`${missing.join(" and ")} off on a production database: a single API call, console click or replacement deletes it`);
    },
});
