import { CheckedResource, defineRule, fail, PASS, StackView } from "../rule";
import { EGRESS_RULE, INGRESS_RULE, SECURITY_GROUP_RULE } from "./aws-vpc-no-ssh-from-internet";

export const VPC = "aws:ec2/vpc:Vpc";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

/** Resources whose `input` comes from `source` (by propertyDependencies, which both hosts record). */
export function wiredFrom(stack: StackView, source: CheckedResource, input: string, ...types: string[]): CheckedResource[] {
    return stack.ofType(...types).filter((r) => (r.propertyDependencies[input] ?? []).includes(source.urn));
}

function nonEmpty(value: unknown): boolean {
    return Array.isArray(value) && value.length > 0;
}

export const rule = defineRule({
    id: "aws-vpc-default-sg-restricts-all",
    description: "Every VPC's default security group is managed and admits nothing: no ingress, no egress, no separate rules on it.",
    severity: "low",
    cloud: "aws",
    references: { checkov: ["CKV2_AWS_12"], trivy: ["AWS-0173"] },
    remediation: "anycloud manages each VPC's default security group with no rules (providers/aws/network.ts). A fork must keep that "
        + "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup with `ingress: []` and `egress: []`, and attach nothing to it: give workloads groups of their own.",
    resourceTypes: [VPC, DEFAULT_SECURITY_GROUP],
    check: (resource, stack) => {
        if (resource.type === VPC) {
            return wiredFrom(stack, resource, "vpcId", DEFAULT_SECURITY_GROUP).length > 0
                ? PASS
                : fail("the VPC's default security group is not managed, so it keeps AWS's rules: all traffic between its members and all egress");
        }
        const open: string[] = [];
        for (const direction of ["ingress", "egress"]) {
            if (nonEmpty(resource.props[direction])) {
                open.push(`${direction} ${JSON.stringify(resource.props[direction])}`);
            }
        }
        for (const attached of wiredFrom(stack, resource, "securityGroupId", SECURITY_GROUP_RULE, INGRESS_RULE, EGRESS_RULE)) {
            open.push(`rule ${attached.name}`);
        }
        return open.length > 0 ? fail(`the default security group admits traffic: ${open.join("; ")}`) : PASS;
    },
});
