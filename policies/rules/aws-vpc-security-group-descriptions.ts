import { CheckedResource, defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { EGRESS_RULE, INGRESS_RULE, SECURITY_GROUP, SECURITY_GROUP_RULE } from "./aws-vpc-no-ssh-from-internet";

/** What the providers write when a program gives none (Trivy AWS-0099 fails Terraform's too). */
const DEFAULT_DESCRIPTIONS = ["Managed by Pulumi", "Managed by Terraform"];

function missing(resource: CheckedResource, path: string): boolean {
    const value = valueAt(resource.props, path);
    if (typeof value === "string") {
        return value.trim() === "" || DEFAULT_DESCRIPTIONS.includes(value.trim());
    }
    // Absent: the group gets the provider's default, a rule or block none. A top-level value wired
    // from another resource counts (a block's propertyDependencies cover the whole list, so not there).
    return path.includes(".") || !isSet(resource, path);
}

export const rule = defineRule({
    id: "aws-vpc-security-group-descriptions",
    description: "Every security group, its inline ingress and egress blocks, and every security group rule say in a description why they exist.",
    severity: "low",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_23"], trivy: ["AWS-0099", "AWS-0124"], pulumiCompliance: "aws-ec2-securitygroup-missing-description" },
    remediation: "anycloud describes every group and rule it creates; give groups and rules of your own a `description` (not the provider's \"Managed by Pulumi\").",
    resourceTypes: [SECURITY_GROUP, SECURITY_GROUP_RULE, INGRESS_RULE, EGRESS_RULE],
    check: (resource) => {
        const gaps: string[] = [];
        if (missing(resource, "description")) {
            gaps.push(resource.type === SECURITY_GROUP ? "the group" : "the rule");
        }
        if (resource.type === SECURITY_GROUP) {
            for (const direction of ["ingress", "egress"]) {
                const blocks = resource.props[direction];
                (Array.isArray(blocks) ? blocks : []).forEach((_, i) => {
                    if (missing(resource, `${direction}[${i}].description`)) {
                        gaps.push(`${direction}[${i}]`);
                    }
                });
            }
        }
        return gaps.length > 0 ? fail(`no description on ${gaps.join(", ")}`) : PASS;
    },
});
