import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, Ipv4Range } from "../../components/cidr";
import { componentTags, PlatformContext } from "../../components/context";
import { NetworkArgs, NetworkOutputs } from "../../components/network";
import { layoutSubnets } from "../../components/subnet-layout";
import { awsAccount } from "./account";
import { keyPolicy, logsGrant } from "./key-policy";
import { networkAclRules, Tier } from "./network-acls";
import { serviceAssumeRolePolicy } from "./assume-role";
import { EKS_UNSUPPORTED_ZONE_IDS } from "./validation";

/** The number in a zone ID ("use1-az12" -> 12), so az10 sorts after az9. */
function zoneNumber(zoneId: string): number {
    const match = /-az(\d+)$/.exec(zoneId);
    return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/**
 * The zone IDs subnet i goes to, by index. Zone *names* (eu-central-1a) map to different
 * physical zones in every account, so the choice is made on zone IDs (euc1-az1), which
 * are the same for everyone:
 * - pinned (`anycloud:aws.zoneIds`): exactly those, in that order; each must be a zone of the region.
 * - otherwise: the region's zones minus those EKS refuses, sorted by zone number, first `count`.
 *
 * Stability: subnet i stays in zone i as long as this list keeps its prefix. Growing
 * network.zones appends a zone (the first N of a sorted list are a prefix of the first
 * N+1), and so does appending to a pinned list. Unpinned, a zone ID that AWS adds later
 * and that sorts before a used one (or a used one that disappears from the answer) would
 * shift every later subnet to another zone: a replacement of subnets, NAT gateways and
 * whatever runs in them. Pin zoneIds in production.
 */
export function chooseZoneIds(regionZoneIds: string[], count: number, pinned: string[] | undefined, region: string): string[] {
    if (pinned) {
        const missing = pinned.filter((id) => !regionZoneIds.includes(id));
        if (missing.length > 0) {
            throw new Error(`anycloud:aws.zoneIds = ${JSON.stringify(pinned)}: ${missing.join(", ")} ${missing.length === 1 ? "is not an availability zone" : "are not availability zones"} of ${region} for this account; available: ${[...regionZoneIds].sort((a, b) => zoneNumber(a) - zoneNumber(b)).join(", ")}`);
        }
        if (pinned.length !== count) {
            throw new Error(`anycloud:aws.zoneIds = ${JSON.stringify(pinned)}: lists ${pinned.length} zones but network.zones is ${count}; list exactly one zone ID per zone`);
        }
        return [...pinned];
    }
    const usable = regionZoneIds
        .filter((id) => !EKS_UNSUPPORTED_ZONE_IDS.includes(id))
        .sort((a, b) => zoneNumber(a) - zoneNumber(b) || a.localeCompare(b));
    if (usable.length < count) {
        throw new Error(`anycloud:network.zones = ${count}: region ${region} has only ${usable.length} availability zones EKS accepts (${usable.join(", ")}); lower network.zones`);
    }
    return usable.slice(0, count);
}

/**
 * VPC over N zones with public, private and data subnets per zone (layout from
 * components/subnet-layout.ts), NAT per strategy, one route table per private zone,
 * a network ACL per tier, flow logs, and the default security group emptied.
 */
export function createNetwork(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions): NetworkOutputs {
    const { context, settings } = args;
    const prefix = context.namePrefix;
    const layout = layoutSubnets(parseCidr(settings.cidr) as Ipv4Range, settings.zones);
    // The provider's default tags cannot know the component or its cost type; every resource names them.
    const tags = componentTags(context, "network");
    const nameTag = (suffix: string) => ({ ...tags, Name: `${prefix}-${suffix}` });

    // The region's standard zones (no Local or Wavelength Zones). No filter on `state`: an
    // impaired zone must not drop out of the list during an incident and shift the subnets.
    const zones = getAvailabilityZonesOutput({
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    }, { parent: opts.parent }).zoneIds.apply((ids) => chooseZoneIds(ids, settings.zones, context.aws.zoneIds, context.region));
    const zoneId = (i: number) => zones.apply((ids) => ids[i]);

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
            // By ID, not name: the same physical zone in every account, and the one chooseZoneIds picked.
            availabilityZoneId: zoneId(i),
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
    const publicAssociations = publicSubnets.map((subnet, i) =>
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
    const privateRoutes = privateSubnets.map((subnet, i) => {
        const nat = natGateways.length > 0 ? natGateways[i % natGateways.length] : undefined;
        const table = new ec2.RouteTable(`${name}-private-rt-${i}`, {
            vpcId: vpc.id,
            routes: nat ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] : [],
            tags: nameTag(`private-${i}`),
        }, opts);
        const association = new ec2.RouteTableAssociation(`${name}-private-rta-${i}`, { subnetId: subnet.id, routeTableId: table.id }, opts);
        return [table, association];
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

    createFlowLogs(name, vpc, context, opts);

    return {
        networkId: vpc.id,
        cidr: vpc.cidrBlock,
        // Zone IDs (euc1-az1, ...), not names: subnet i of every tier is in zones[i].
        zones,
        publicSubnetIds: pulumi.all(publicSubnets.map((s) => s.id)),
        privateSubnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
        dataSubnetIds: pulumi.all(dataSubnets.map((s) => s.id)),
        // Public subnets reach the internet once the gateway, the default route and the associations exist.
        publicRouting: [internetGateway, publicRoutes, ...publicAssociations],
        // Private subnets reach it once the NAT gateways and the private tables and associations exist.
        privateRouting: [...natGateways, ...privateRoutes.flat()],
    };
}

/**
 * CKV2_AWS_11: every VPC has flow logs; rejected and accepted traffic both, kept in CloudWatch
 * Logs. The log group is encrypted with a key of its own whose policy lets CloudWatch Logs use
 * it for this log group only; the delivery role trusts VPC Flow Logs only on behalf of this
 * account's flow logs (confused deputy).
 */
function createFlowLogs(name: string, vpc: ec2.Vpc, context: PlatformContext, opts: pulumi.ComponentResourceOptions): void {
    const tags = componentTags(context, "network");
    const logGroupName = `/anycloud/${context.namePrefix}/vpc-flow-logs`;
    if (!opts.parent) {
        throw new Error("createNetwork: the Network component must be the parent (it carries the platform's AWS provider)");
    }
    const account = awsAccount(context.region, opts.parent);

    const key = new kms.Key(`${name}-flow-logs-key`, {
        description: `Encryption of the VPC flow logs of ${context.namePrefix} (${logGroupName})`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy(account, [logsGrant(context.region, [logGroupName])]),
        tags,
    }, opts);
    new kms.Alias(`${name}-flow-logs-key-alias`, { name: `alias/${context.namePrefix}-vpc-flow-logs`, targetKeyId: key.keyId }, opts);

    const logGroup = new LogGroup(`${name}-flow-logs`, {
        name: logGroupName,
        retentionInDays: context.aws.flowLogRetentionDays,
        kmsKeyId: key.arn,
        tags,
    }, opts);
    const role = new iam.Role(`${name}-flow-logs-role`, {
        assumeRolePolicy: serviceAssumeRolePolicy("vpc-flow-logs.amazonaws.com", {
            account: account.accountId,
            arnLike: pulumi.interpolate`arn:${account.partition}:ec2:${context.region}:${account.accountId}:vpc-flow-log/*`,
        }),
        tags,
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
        tags,
    }, opts);
}
