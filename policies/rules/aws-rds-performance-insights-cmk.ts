import { defineRule, fail, isSet, notApplicable, PASS, valueAt } from "../rule";
import { onOrUnknown, RDS_CLUSTER_INSTANCE, RDS_INSTANCE } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-performance-insights-cmk",
    description: "Performance Insights data (query texts included) is encrypted with a customer-managed KMS key.",
    severity: "low",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_354"], trivy: ["AWS-0078"], pulumiCompliance: "aws-rds-clusterinstance-disallow-unencrypted-performance-insights" },
    remediation: "anycloud encrypts Performance Insights with the database's own key (providers/aws/database.ts). A fork must keep performanceInsightsKmsKeyId.",
    resourceTypes: [RDS_CLUSTER_INSTANCE, RDS_INSTANCE],
    check: (resource) => {
        if (!onOrUnknown(valueAt(resource.props, "performanceInsightsEnabled"))) {
            return notApplicable("Performance Insights is off (aws-rds-performance-insights reports it)");
        }
        return isSet(resource, "performanceInsightsKmsKeyId") ? PASS : fail("performanceInsightsKmsKeyId is not set: RDS uses the AWS-managed aws/rds key");
    },
});
