import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-sql-no-public-ip",
    description: "Cloud SQL instances have no public IPv4 address (settings.ipConfiguration.ipv4Enabled = false): they are reached on their private IP only.",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_60"],
        trivy: ["GCP-0017"],
    },
    remediation: "anycloud sets ipv4Enabled = false with a private IP on the Private Service Access range for the primary and every replica (providers/gcp/database-settings.ts); a fork must keep it (the provider's default is a public address).",
    resourceTypes: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check(resource) {
        const ipv4 = valueAt(resource.props, "settings.ipConfiguration.ipv4Enabled");
        if (ipv4 === false || ipv4 === UNKNOWN_VALUE) {
            return PASS;
        }
        return fail(ipv4 === undefined
            ? "settings.ipConfiguration.ipv4Enabled is not set: Cloud SQL gives the instance a public IPv4 address by default"
            : "settings.ipConfiguration.ipv4Enabled = true: the instance has a public IPv4 address");
    },
});
