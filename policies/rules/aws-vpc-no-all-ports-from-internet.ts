import { defineRule, fail, isInternet, PASS } from "../rule";
import { admitsAllPorts, describePermission, ingressOf, INGRESS_TYPES } from "./aws-vpc-no-ssh-from-internet";

export const rule = defineRule({
    id: "aws-vpc-no-all-ports-from-internet",
    description: "No security group, security group rule or VPC ingress rule admits 0.0.0.0/0 or ::/0 on every port (protocol -1, or 0-65535).",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_277"] },
    remediation: "anycloud opens single ports to named sources only. A rule of your own must name the port and the ranges that need it.",
    resourceTypes: INGRESS_TYPES,
    check: (resource) => {
        const open = ingressOf(resource).filter((p) => admitsAllPorts(p) && p.sources.some(isInternet));
        return open.length > 0 ? fail(`${open.map(describePermission).join("; ")} admits the internet on every port`) : PASS;
    },
});
