import type { input } from "@pulumi/aws/types";

export type Tier = "public" | "private" | "data";

type Rule = input.ec2.NetworkAclIngress;

/** Ports an ephemeral (client-side) connection comes back on; NACLs are stateless, so replies need a rule. */
const EPHEMERAL = { fromPort: 1024, toPort: 65535 };
const ANYWHERE = "0.0.0.0/0";
const POSTGRES = 5432;

const allow = (ruleNo: number, cidrBlock: string, protocol: string, fromPort = 0, toPort = 0): Rule =>
    ({ ruleNo, action: "allow", cidrBlock, protocol, fromPort, toPort });

/**
 * A second, subnet-level fence behind the security groups, per tier:
 * - public: HTTP(S) from anywhere for load balancers, SSH only from the allowlist (bastion),
 *   everything from inside the VPC, replies from anywhere.
 * - private: everything from inside the VPC, replies (and NodePort traffic from load balancers
 *   that preserve client IPs) on ephemeral ports from anywhere.
 * - data: PostgreSQL from inside the VPC only, replies to inside the VPC only.
 */
export function networkAclRules(tier: Tier, vpcCidr: string, allowedCidrs: string[]): { ingress: Rule[]; egress: Rule[] } {
    switch (tier) {
        case "public":
            return {
                ingress: [
                    allow(100, vpcCidr, "-1"),
                    allow(110, ANYWHERE, "tcp", 443, 443),
                    allow(120, ANYWHERE, "tcp", 80, 80),
                    ...allowedCidrs.map((cidr, i) => allow(200 + i, cidr, "tcp", 22, 22)),
                    allow(900, ANYWHERE, "tcp", EPHEMERAL.fromPort, EPHEMERAL.toPort),
                    allow(910, ANYWHERE, "udp", EPHEMERAL.fromPort, EPHEMERAL.toPort),
                ],
                egress: [allow(100, ANYWHERE, "-1")],
            };
        case "private":
            return {
                ingress: [
                    allow(100, vpcCidr, "-1"),
                    allow(900, ANYWHERE, "tcp", EPHEMERAL.fromPort, EPHEMERAL.toPort),
                    allow(910, ANYWHERE, "udp", EPHEMERAL.fromPort, EPHEMERAL.toPort),
                ],
                egress: [allow(100, ANYWHERE, "-1")],
            };
        case "data":
            return {
                ingress: [
                    allow(100, vpcCidr, "tcp", POSTGRES, POSTGRES),
                    allow(900, vpcCidr, "tcp", EPHEMERAL.fromPort, EPHEMERAL.toPort),
                ],
                egress: [allow(100, vpcCidr, "tcp", EPHEMERAL.fromPort, EPHEMERAL.toPort), allow(110, vpcCidr, "tcp", POSTGRES, POSTGRES)],
            };
    }
}
