import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, Ipv4Range } from "../../components/cidr";
import { NetworkArgs, NetworkOutputs } from "../../components/network";
import { layoutSubnets } from "../../components/subnet-layout";
import { networkAclRules, Tier } from "./network-acls";
import { serviceAssumeRolePolicy } from "./assume-role";

/**
 * VPC over N zones with public, private and data subnets per zone (layout from
 * components/subnet-layout.ts), NAT per strategy, one route table per private zone,
 * a network ACL per tier, flow logs, and the default security group emptied.
 */
export function createNetwork(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions): NetworkOutputs {
    const { context, settings } = args;
    const prefix = context.namePrefix;
    const layout = layoutSubnets(parseCidr(settings.cidr) as Ipv4Range, settings.zones);
    const nameTag = (suffix: string) => ({ Name: `${prefix}-${suffix}` });

    const zones = getAvailabilityZonesOutput({
        state: "available",
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    }, { parent: opts.parent }).names.apply((names) => {
        if (names.length < settings.zones) {
            throw new Error(`anycloud:network.zones = ${settings.zones}: region ${context.region} has only ${names.length} availability zones (${names.join(", ")})`);
        }
        return names.slice(0, settings.zones);
    });
    const zone = (i: number) => zones.apply((names) => names[i]);

    const vpc = new ec2.Vpc(`${name}-vpc`, {
        cidrBlock: settings.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: nameTag("vpc"),
    }, opts);

    // CIS / CKV2_AWS_12: the default security group must admit nothing, so nothing falls back to it.
    new ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [], tags: nameTag("default-deny") }, opts);

    const tierSubnets = (tier: Tier, cidrs: string[], extraTags: Record<string, string>) =>
        cidrs.map((cidrBlock, i) => new ec2.Subnet(`${name}-${tier}-${i}`, {
            vpcId: vpc.id,
            cidrBlock,
            availabilityZone: zone(i),
            mapPublicIpOnLaunch: false,
            tags: { ...nameTag(`${tier}-${i}`), tier, ...extraTags },
        }, opts));
    // Tags the AWS Load Balancer Controller and the in-tree cloud provider use to place load balancers.
    const publicSubnets = tierSubnets("public", layout.public, { "kubernetes.io/role/elb": "1" });
    const privateSubnets = tierSubnets("private", layout.private, { "kubernetes.io/role/internal-elb": "1" });
    const dataSubnets = tierSubnets("data", layout.data, {});

    const internetGateway = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: nameTag("igw") }, opts);
    const publicRoutes = new ec2.RouteTable(`${name}-public-rt`, {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
        tags: nameTag("public"),
    }, opts);
    publicSubnets.forEach((subnet, i) =>
        new ec2.RouteTableAssociation(`${name}-public-rta-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, opts));

    const natCount = { perZone: settings.zones, single: 1, none: 0 }[settings.natGateways];
    const natGateways = publicSubnets.slice(0, natCount).map((subnet, i) => {
        const address = new ec2.Eip(`${name}-nat-eip-${i}`, { domain: "vpc", tags: nameTag(`nat-${i}`) }, opts);
        return new ec2.NatGateway(`${name}-nat-${i}`, {
            subnetId: subnet.id,
            allocationId: address.id,
            connectivityType: "public",
            tags: nameTag(`nat-${i}`),
        }, { ...opts, dependsOn: [internetGateway] });
    });

    // One route table per zone, so a zone keeps using its own NAT gateway under perZone.
    privateSubnets.forEach((subnet, i) => {
        const nat = natGateways.length > 0 ? natGateways[i % natGateways.length] : undefined;
        const table = new ec2.RouteTable(`${name}-private-rt-${i}`, {
            vpcId: vpc.id,
            routes: nat ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] : [],
            tags: nameTag(`private-${i}`),
        }, opts);
        new ec2.RouteTableAssociation(`${name}-private-rta-${i}`, { subnetId: subnet.id, routeTableId: table.id }, opts);
    });

    // Data subnets get a table with only the implicit local route: no way out of the VPC.
    const dataRoutes = new ec2.RouteTable(`${name}-data-rt`, { vpcId: vpc.id, routes: [], tags: nameTag("data") }, opts);
    dataSubnets.forEach((subnet, i) =>
        new ec2.RouteTableAssociation(`${name}-data-rta-${i}`, { subnetId: subnet.id, routeTableId: dataRoutes.id }, opts));

    const subnetsByTier: Record<Tier, ec2.Subnet[]> = { public: publicSubnets, private: privateSubnets, data: dataSubnets };
    for (const tier of Object.keys(subnetsByTier) as Tier[]) {
        const rules = networkAclRules(tier, settings.cidr, context.allowedCidrs);
        new ec2.NetworkAcl(`${name}-${tier}-nacl`, {
            vpcId: vpc.id,
            subnetIds: subnetsByTier[tier].map((subnet) => subnet.id),
            ingress: rules.ingress,
            egress: rules.egress,
            tags: nameTag(`${tier}-nacl`),
        }, opts);
    }

    createFlowLogs(name, vpc, context.aws.flowLogRetentionDays, prefix, opts);

    return {
        networkId: vpc.id,
        cidr: vpc.cidrBlock,
        zones,
        publicSubnetIds: pulumi.all(publicSubnets.map((s) => s.id)),
        privateSubnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
        dataSubnetIds: pulumi.all(dataSubnets.map((s) => s.id)),
    };
}

/** CKV2_AWS_11: every VPC has flow logs; rejected and accepted traffic both, kept in CloudWatch Logs. */
function createFlowLogs(name: string, vpc: ec2.Vpc, retentionDays: number, prefix: string, opts: pulumi.ComponentResourceOptions): void {
    const logGroup = new LogGroup(`${name}-flow-logs`, {
        name: `/anycloud/${prefix}/vpc-flow-logs`,
        retentionInDays: retentionDays,
    }, opts);
    const role = new iam.Role(`${name}-flow-logs-role`, {
        assumeRolePolicy: serviceAssumeRolePolicy("vpc-flow-logs.amazonaws.com"),
    }, opts);
    new iam.RolePolicy(`${name}-flow-logs-policy`, {
        role: role.id,
        policy: logGroup.arn.apply((arn) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
            }],
        })),
    }, opts);
    new ec2.FlowLog(`${name}-flow-log`, {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
    }, opts);
}
