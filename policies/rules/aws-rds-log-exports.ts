import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { knownStrings } from "./aws-eks-private-endpoint";
import { RDS_CLUSTER } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-log-exports",
    description: "Aurora clusters export their database logs to CloudWatch Logs (for PostgreSQL: the postgresql log).",
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_324"] },
    remediation: "anycloud exports the postgresql log (connections and disconnections logged) into an encrypted log group with a retention (providers/aws/database.ts; "
        + "anycloud:aws.logRetentionDays). A fork must keep enabledCloudwatchLogsExports.",
    resourceTypes: [RDS_CLUSTER],
    check: (resource) => {
        const value = valueAt(resource.props, "enabledCloudwatchLogsExports");
        const exports = knownStrings(value);
        if (exports.length === 0) {
            return !Array.isArray(value) && isSet(resource, "enabledCloudwatchLogsExports") ? PASS : fail("enabledCloudwatchLogsExports is empty: the database's logs stay on the instances and rotate away");
        }
        const engine = valueAt(resource.props, "engine");
        if (typeof engine === "string" && engine.includes("postgres") && !exports.includes("postgresql")) {
            return fail(`a PostgreSQL cluster exports ${exports.join(", ")} but not the postgresql log`);
        }
        return PASS;
    },
});
