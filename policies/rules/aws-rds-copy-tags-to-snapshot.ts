import { defineRule, fail, PASS, valueAt } from "../rule";
import { onOrUnknown, RDS_CLUSTER } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-copy-tags-to-snapshot",
    description: "Aurora clusters copy their tags to snapshots, so snapshots keep their owner, environment and cost tags.",
    severity: "low",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_313"] },
    remediation: "anycloud sets copyTagsToSnapshot (providers/aws/database.ts). It changes in place.",
    resourceTypes: [RDS_CLUSTER],
    check: (resource) => onOrUnknown(valueAt(resource.props, "copyTagsToSnapshot"))
        ? PASS
        : fail("copyTagsToSnapshot is not true: snapshots carry no owner or cost tags"),
});
