import { defineRule, fail, PASS, valueAt } from "../rule";
import { RDS_CLUSTER_INSTANCE, RDS_INSTANCE } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-no-public-instance",
    description: "No database instance is publicly accessible (publiclyAccessible is not true).",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_17"], trivy: ["AWS-0180"], pulumiCompliance: "aws-rds-clusterinstance-disallow-public-access" },
    remediation: "anycloud keeps instances private in data subnets without a route out of the VPC, reachable only from the cluster nodes and the bastion "
        + "(providers/aws/database.ts). Reach the database through the bastion's tunnel (docs/bastion.md), never by making it public.",
    resourceTypes: [RDS_CLUSTER_INSTANCE, RDS_INSTANCE],
    check: (resource) => valueAt(resource.props, "publiclyAccessible") === true
        ? fail("publiclyAccessible is true: the instance gets a public DNS name and address")
        : PASS,
});
