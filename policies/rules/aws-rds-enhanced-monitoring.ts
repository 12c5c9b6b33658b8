import { defineRule, fail, isSet, PASS, UNKNOWN_VALUE, valueAt } from "../rule";
import { RDS_CLUSTER_INSTANCE, RDS_INSTANCE } from "./aws-rds-storage-encrypted";

/** The intervals (seconds) RDS accepts for Enhanced Monitoring; 0 turns it off. */
const INTERVALS = [1, 5, 10, 15, 30, 60];

export const rule = defineRule({
    id: "aws-rds-enhanced-monitoring",
    description: "Database instances have Enhanced Monitoring on (monitoringInterval of 1 to 60 seconds) with a monitoring role.",
    severity: "low",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_118"] },
    remediation: "anycloud collects OS metrics every 60 seconds through a role only RDS can assume (providers/aws/database.ts). It changes in place.",
    resourceTypes: [RDS_CLUSTER_INSTANCE, RDS_INSTANCE],
    check: (resource) => {
        const interval = valueAt(resource.props, "monitoringInterval");
        if (interval === UNKNOWN_VALUE) {
            return PASS;
        }
        if (typeof interval !== "number" || !INTERVALS.includes(interval)) {
            return fail(`monitoringInterval is ${interval === undefined ? "unset" : JSON.stringify(interval)}: Enhanced Monitoring is off (use one of ${INTERVALS.join(", ")} seconds)`);
        }
        return isSet(resource, "monitoringRoleArn") ? PASS : fail("monitoringRoleArn is not set: RDS cannot publish the metrics");
    },
});
