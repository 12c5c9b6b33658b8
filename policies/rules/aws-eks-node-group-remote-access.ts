import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

export const rule = defineRule({
    id: "aws-eks-node-group-remote-access",
    description: "A managed node group with an SSH key names the security groups allowed to use it; otherwise EKS opens port 22 on its nodes to 0.0.0.0/0.",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_100"] },
    remediation: "anycloud gives nodes no key pair (Session Manager instead of SSH: providers/aws/node-groups.ts). A fork that sets remoteAccess.ec2SshKey "
        + "must also set remoteAccess.sourceSecurityGroupIds (for example the bastion's group).",
    resourceTypes: [NODE_GROUP],
    check: (resource) => {
        const key = valueAt(resource.props, "remoteAccess.ec2SshKey");
        if (key === undefined || key === null || key === "") {
            return PASS;
        }
        const sources = valueAt(resource.props, "remoteAccess.sourceSecurityGroupIds");
        if (Array.isArray(sources) ? sources.length > 0 : sources === UNKNOWN_VALUE) {
            return PASS;
        }
        // Absent while remoteAccess is wired from other resources: the groups may be a value not known yet.
        if (sources === undefined && (resource.propertyDependencies.remoteAccess ?? []).length > 0) {
            return PASS;
        }
        return fail("remoteAccess sets an SSH key without sourceSecurityGroupIds: EKS opens port 22 on the nodes to 0.0.0.0/0");
    },
});
