import { CheckedResource, componentOf, defineRule, exception, fail, PASS, StackView, valueAt } from "../rule";

const EIP = "aws:ec2/eip:Eip";
const EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation";
const SUBNET = "aws:ec2/subnet:Subnet";

/** How the instance gets a public address, or undefined. */
function publicAddress(instance: CheckedResource, stack: StackView): string | undefined {
    const associate = valueAt(instance.props, "associatePublicIpAddress");
    if (associate === true) {
        return "associatePublicIpAddress is true";
    }
    const wired = (r: CheckedResource, input: string) => (r.propertyDependencies[input] ?? []).includes(instance.urn);
    const eip = stack.ofType(EIP).find((r) => wired(r, "instance")) ?? stack.ofType(EIP_ASSOCIATION).find((r) => wired(r, "instanceId"));
    if (eip) {
        return `the Elastic IP ${eip.name} is attached to it`;
    }
    const subnet = (instance.propertyDependencies.subnetId ?? []).map((urn) => stack.byUrn(urn)).find((r) => r?.type === SUBNET);
    if (associate === undefined && subnet && valueAt(subnet.props, "mapPublicIpOnLaunch") === true) {
        return `its subnet ${subnet.name} maps public IPs on launch`;
    }
    return undefined;
}

export const rule = defineRule({
    id: "aws-ec2-instance-no-public-ip",
    description: "EC2 instances have no public IP address; the bastion's is an exception that holds only while no security group admits SSH from the internet.",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_88"], pulumiCompliance: "aws-ec2-instance-disallow-public-ip" },
    remediation: "Run workloads in the private subnets. The bastion (anycloud:bastion.enabled) needs its Elastic IP to be the office's SSH door; "
        + "keep anycloud:allowedCidrs to the office's ranges, or turn the bastion off and use Session Manager.",
    resourceTypes: ["aws:ec2/instance:Instance"],
    check: (resource, stack) => {
        const address = publicAddress(resource, stack);
        if (!address) {
            return PASS;
        }
        if (componentOf(resource) === "bastion") {
            return exception(
                `the bastion is the office's SSH door and needs a public address (${address}); its security group admits SSH only from anycloud:allowedCidrs`,
                ["aws-vpc-no-ssh-from-internet", "aws-vpc-no-rdp-from-internet", "aws-vpc-no-all-ports-from-internet"],
            );
        }
        return fail(`the instance has a public IP: ${address}`);
    },
});
