import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";
import { imdsV1Open } from "./aws-ec2-instance-imdsv2";
import { NODE_GROUP } from "./aws-eks-node-group-remote-access";

export const rule = defineRule({
    id: "aws-ec2-launch-template-imdsv2",
    description: "Launch templates accept only IMDSv2 (httpTokens \"required\"), and those of EKS nodes keep the hop limit at 1, so pods cannot borrow the node's role.",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_79", "CKV_AWS_341"], trivy: ["AWS-0130"] },
    remediation: "anycloud sets httpTokens: required and httpPutResponseHopLimit: 1 in the node launch template (providers/aws/node-groups.ts); pods get AWS "
        + "permissions from their own IRSA roles. A fork must keep metadataOptions.",
    resourceTypes: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: (resource, stack) => {
        const open = imdsV1Open(resource);
        if (open) {
            return fail(open);
        }
        const forNodes = stack.ofType(NODE_GROUP).some((group) => (group.propertyDependencies.launchTemplate ?? []).includes(resource.urn));
        const hops = valueAt(resource.props, "metadataOptions.httpPutResponseHopLimit");
        // Unset, the AMI decides: EKS-optimized AL2023 AMIs (ImdsSupport v2.0) answer two hops, which reaches pods.
        if (forNodes && valueAt(resource.props, "metadataOptions.httpEndpoint") !== "disabled" && hops !== UNKNOWN_VALUE && !(typeof hops === "number" && hops <= 1)) {
            return fail(`the template of EKS nodes has httpPutResponseHopLimit ${hops === undefined ? "unset" : hops}: pods on the node reach the metadata service and the node's role`);
        }
        return PASS;
    },
});
