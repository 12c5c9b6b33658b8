import { CheckedResource, defineRule, fail, isSet, PASS, Verdict } from "../rule";

const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
const INSTANCE = "aws:ec2/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const EKS_COMPONENT = "eks:index:Cluster";
const EKS_CLUSTER = "aws:eks/cluster:Cluster";

/** Without these inputs the resource lands in the account's default VPC. */
function placement(resource: CheckedResource): { inputs: string[]; what: string } | undefined {
    switch (resource.type) {
    case INSTANCE:
        return { inputs: ["subnetId", "networkInterfaces"], what: "the instance launches into a default subnet" };
    case RDS_CLUSTER:
        return { inputs: ["dbSubnetGroupName"], what: "the cluster gets the default VPC's subnet group" };
    case EKS_COMPONENT:
        // @pulumi/eks: "If `vpcId` is not set, the cluster will use the AWS account's default VPC subnets."
        return { inputs: ["vpcId", "subnetIds", "privateSubnetIds", "publicSubnetIds"], what: "@pulumi/eks puts the cluster in the default VPC's subnets" };
    case EKS_CLUSTER:
        // What @pulumi/eks builds at deploy time (the component's place in a policy pack): subnets are required.
        return { inputs: ["vpcConfig.subnetIds"], what: "the cluster has no subnets of its own" };
    default:
        return undefined;
    }
}

export const rule = defineRule({
    id: "aws-vpc-no-default-vpc",
    description: "The stack manages no default VPC or default subnet, and places its instances, database and cluster in a VPC of its own.",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_148"], trivy: ["AWS-0101"] },
    remediation: "anycloud builds its own VPC (anycloud:network) and places everything in it. A fork must not adopt the default VPC "
        + "(aws:ec2/defaultVpc, aws:ec2/defaultSubnet) and must give instances a subnetId, database clusters a dbSubnetGroupName and the EKS cluster a vpcId.",
    resourceTypes: [DEFAULT_VPC, DEFAULT_SUBNET, INSTANCE, RDS_CLUSTER, EKS_COMPONENT, EKS_CLUSTER],
    check: (resource): Verdict => {
        if (resource.type === DEFAULT_VPC || resource.type === DEFAULT_SUBNET) {
            return fail(`the stack manages the account's default ${resource.type === DEFAULT_VPC ? "VPC" : "subnet"}, whose public subnets give every instance a public address`);
        }
        const needs = placement(resource)!;
        return needs.inputs.some((input) => isSet(resource, input)) ? PASS : fail(`none of ${needs.inputs.join(", ")} is set: ${needs.what}`);
    },
});
