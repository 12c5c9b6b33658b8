import { defineRule, exception, fail, PASS, tagsOf, UNKNOWN_VALUE, valueAt } from "../rule";
import { RDS_CLUSTER } from "./aws-rds-storage-encrypted";

/** Environments (anycloud's `environment` tag) in which anycloud leaves RDS deletion protection off so the stack can be torn down. */
const DISPOSABLE_ENVIRONMENTS: Record<string, string> = {
    dev: "a dev stack is torn down and rebuilt at will",
    staging: "a staging stack is torn down and rebuilt at will, and its automated backups outlive a deleted cluster",
};

export const rule = defineRule({
    id: "aws-rds-deletion-protection",
    description: "Production Aurora clusters have RDS deletion protection on; dev and staging may leave it off, keeping a final snapshot.",
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_139"], trivy: ["AWS-0343"] },
    remediation: "anycloud turns deletion protection on in prod and wherever anycloud:protect is true (providers/aws/database.ts); set anycloud:protect: true to have it in "
        + "dev or staging too. It changes in place.",
    resourceTypes: [RDS_CLUSTER],
    check: (resource) => {
        const protection = valueAt(resource.props, "deletionProtection");
        if (protection === true || protection === UNKNOWN_VALUE) {
            return PASS;
        }
        const environment = tagsOf(resource).environment;
        const why = DISPOSABLE_ENVIRONMENTS[environment];
        if (why) {
            return exception(
                `${environment} environment: RDS deletion protection is off because ${why}; a deleted cluster leaves its final snapshot`
                    + `${resource.protect ? ", and Pulumi's protect still refuses to delete it" : ""}`,
                ["aws-rds-final-snapshot"],
            );
        }
        return fail(`deletionProtection is ${protection === undefined ? "unset" : JSON.stringify(protection)} in ${environment ? `the ${environment} environment` : "a stack without an environment tag"}: one API call deletes the cluster`);
    },
});
