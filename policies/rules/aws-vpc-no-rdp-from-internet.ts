import { defineRule } from "../rule";
import { INGRESS_TYPES, noInternetIngressTo } from "./aws-vpc-no-ssh-from-internet";

export const rule = defineRule({
    id: "aws-vpc-no-rdp-from-internet",
    description: "No security group, security group rule or VPC ingress rule admits 0.0.0.0/0 or ::/0 to port 3389 (RDP).",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_25"], trivy: ["AWS-0107"] },
    remediation: "anycloud opens no RDP port. A rule of your own that opens 3389 must name the ranges that need it (or use Session Manager's port forwarding).",
    resourceTypes: INGRESS_TYPES,
    check: (resource) => noInternetIngressTo(resource, 3389, "RDP"),
});
