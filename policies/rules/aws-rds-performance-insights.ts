import { defineRule, fail, PASS, valueAt } from "../rule";
import { onOrUnknown, RDS_CLUSTER_INSTANCE, RDS_INSTANCE } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-performance-insights",
    description: "Database instances have Performance Insights on.",
    severity: "low",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_353"], trivy: ["AWS-0133"], pulumiCompliance: "aws-rds-clusterinstance-enable-performance-insights" },
    remediation: "anycloud turns Performance Insights on with 7 days of history (the free tier), encrypted with the database's key (providers/aws/database.ts). It changes in place.",
    resourceTypes: [RDS_CLUSTER_INSTANCE, RDS_INSTANCE],
    check: (resource) => onOrUnknown(valueAt(resource.props, "performanceInsightsEnabled"))
        ? PASS
        : fail("performanceInsightsEnabled is not true: no record of which queries load the database"),
});
