import { defineRule, fail, PASS, valueAt } from "../rule";
import { onOrUnknown, RDS_CLUSTER } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-iam-auth",
    description: "Aurora clusters (and any standalone RDS instance) accept IAM database authentication, so applications can log in with short-lived tokens instead of stored passwords.",
    severity: "medium",
    cloud: "aws",
    // Checkov CKV_AWS_162 checks clusters, Trivy AWS-0176 standalone instances: the rule checks both.
    references: { checkov: ["CKV_AWS_162"], trivy: ["AWS-0176"] },
    remediation: "anycloud turns IAM authentication on (providers/aws/database.ts); grant rds_iam to the database users that should use it. It changes in place.",
    resourceTypes: [RDS_CLUSTER, "aws:rds/instance:Instance"],
    check: (resource) => onOrUnknown(valueAt(resource.props, "iamDatabaseAuthenticationEnabled"))
        ? PASS
        : fail("iamDatabaseAuthenticationEnabled is not true: every client needs a stored password"),
});
