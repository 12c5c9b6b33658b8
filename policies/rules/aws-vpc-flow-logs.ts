import { defineRule, fail, PASS, valueAt } from "../rule";
import { VPC, wiredFrom } from "./aws-vpc-default-sg-restricts-all";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

export const rule = defineRule({
    id: "aws-vpc-flow-logs",
    description: "Every VPC has a flow log of its own that records rejected traffic (trafficType ALL or REJECT).",
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV2_AWS_11"], trivy: ["AWS-0178"] },
    remediation: "anycloud logs all traffic of its VPC to an encrypted CloudWatch log group (providers/aws/network.ts; retention anycloud:aws.flowLogRetentionDays). "
        + "A fork must keep the aws:ec2/flowLog:FlowLog on the VPC.",
    resourceTypes: [VPC],
    check: (resource, stack) => {
        const logs = wiredFrom(stack, resource, "vpcId", FLOW_LOG);
        if (logs.length === 0) {
            return fail("no flow log is attached to the VPC");
        }
        const recording = logs.filter((log) => {
            const traffic = valueAt(log.props, "trafficType");
            return typeof traffic !== "string" || ["ALL", "REJECT"].includes(traffic.toUpperCase());
        });
        return recording.length > 0 ? PASS : fail(`the VPC's flow logs record only accepted traffic (${logs.map((l) => l.name).join(", ")}): rejected connections go unseen`);
    },
});
