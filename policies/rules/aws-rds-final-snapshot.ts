import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { RDS_CLUSTER } from "./aws-rds-storage-encrypted";

export const rule = defineRule({
    id: "aws-rds-final-snapshot",
    description: "Deleting an Aurora cluster leaves a final snapshot: skipFinalSnapshot is not true and finalSnapshotIdentifier is set.",
    severity: "medium",
    cloud: "aws",
    references: {},
    remediation: "anycloud names a final snapshot per cluster (providers/aws/database.ts; the suffix changes with the inputs that replace the cluster). "
        + "A fork must not set skipFinalSnapshot. Delete old final snapshots by hand when no longer needed (docs/database.md).",
    resourceTypes: [RDS_CLUSTER],
    check: (resource) => {
        if (valueAt(resource.props, "skipFinalSnapshot") === true) {
            return fail("skipFinalSnapshot is true: a deleted cluster leaves nothing to restore from");
        }
        return isSet(resource, "finalSnapshotIdentifier")
            ? PASS
            : fail("finalSnapshotIdentifier is not set: with skipFinalSnapshot false the provider refuses to delete (or replace) the cluster until one is given");
    },
});
