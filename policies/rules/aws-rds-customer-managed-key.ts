import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { onOrUnknown, RDS_CLUSTER } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-customer-managed-key",
    description: "Aurora cluster storage is encrypted with a customer-managed KMS key (kmsKeyId), not the account's aws/rds key.",
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_327"], pulumiCompliance: "aws-rds-cluster-configure-customer-managed-key" },
    remediation: "anycloud creates a key per database with rotation, protected and kept after a destroy (providers/aws/database.ts). kmsKeyId cannot change "
        + "on a running cluster (it replaces it); move by restoring a snapshot copied under the new key.",
    resourceTypes: [RDS_CLUSTER],
    check: (resource) => {
        if (!onOrUnknown(valueAt(resource.props, "storageEncrypted"))) {
            return fail("the storage is not encrypted at all");
        }
        const key = valueAt(resource.props, "kmsKeyId");
        if (typeof key === "string" && /alias\/aws\/rds$/.test(key)) {
            return fail(`kmsKeyId is the AWS-managed ${key}: its policy cannot be narrowed, and snapshots under it cannot be shared`);
        }
        return isSet(resource, "kmsKeyId") ? PASS : fail("kmsKeyId is not set: RDS uses the AWS-managed aws/rds key");
    },
});
