import * as autoscaling from "@pulumi/aws/autoscaling";
import * as ec2 from "@pulumi/aws/ec2";
import * as awsEks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { NodePoolSettings } from "../../components/types";
import { serviceAssumeRolePolicy } from "./assume-role";
import { AmiType, amiTypeFor } from "./instance-types";
import { POOL_LABEL, poolSizeWithin, TAINT_EFFECT_API_NAMES } from "../../components/cluster";
import { NODE_INSTANCE_TYPES } from "./sizes";

/**
 * The node role's permissions. No AmazonEKS_CNI_Policy: the VPC CNI has its own role
 * (cluster-addons.ts), so no pod on a node inherits the right to change its network.
 */
const NODE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    // Session Manager instead of SSH: nodes have no key pair and no inbound SSH.
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

export function instanceTypeOf(pool: NodePoolSettings): string {
    return pool.instanceType ?? NODE_INSTANCE_TYPES[pool.size];
}

/** Validation refuses instance types without an AMI type, so this only narrows the type. */
export function amiTypeOf(pool: NodePoolSettings): AmiType {
    const chosen = amiTypeFor(instanceTypeOf(pool));
    if (typeof chosen !== "string") {
        throw new Error(`anycloud: node pool ${pool.name}: ${instanceTypeOf(pool)} ${chosen.problem}`);
    }
    return chosen;
}

/** Node groups ask for the live desired size within [min, max] (components/cluster.ts); live sizes come from existing-cluster.ts. */
export const desiredSize = poolSizeWithin;

export function createNodeRole(name: string, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): { role: iam.Role; attachments: iam.RolePolicyAttachment[] } {
    const role = new iam.Role(`${name}-node-role`, { assumeRolePolicy: serviceAssumeRolePolicy("ec2.amazonaws.com"), tags }, opts);
    const attachments = NODE_POLICIES.map((policyArn, i) =>
        new iam.RolePolicyAttachment(`${name}-node-policy-${i}`, { role: role.name, policyArn }, opts));
    return { role, attachments };
}

/**
 * Root volumes encrypted with the platform's key (whose policy lets Auto Scaling use it
 * through EC2, key-policy.ts), IMDSv2 only with hop limit 1 (pods cannot borrow the node's role),
 * tagged instances, volumes and interfaces. No security groups: the nodes keep the EKS
 * cluster security group, which the database admits.
 */
export function createNodeLaunchTemplate(name: string, description: string, volumeKeyArn: pulumi.Input<string>, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): ec2.LaunchTemplate {
    return new ec2.LaunchTemplate(`${name}-nodes`, {
        description,
        updateDefaultVersion: true,
        blockDeviceMappings: [{
            deviceName: "/dev/xvda",
            ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", kmsKeyId: volumeKeyArn, deleteOnTermination: "true" },
        }],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        // Default tags do not reach instances an Auto Scaling group launches; tag specifications do.
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
        // The template's own tags: not part of a template version, so changing them starts no node rollout.
        tags,
    }, opts);
}

export interface NodeGroupArgs {
    pool: NodePoolSettings;
    clusterName: pulumi.Input<string>;
    /** The cluster's Kubernetes version: nodes upgrade with the control plane. */
    version: string;
    nodeRole: iam.Role;
    launchTemplate: ec2.LaunchTemplate;
    subnetIds: pulumi.Input<string[]>;
    /** Desired size per pool as the autoscaler left it ({} before the first deploy). */
    currentSizes: pulumi.Output<Record<string, number>>;
    /** Node role permissions, NAT routes, CNI: a node started before them never joins. */
    dependsOn: pulumi.Input<pulumi.Resource>[];
    tags: Record<string, string>;
    /** Cost tags the Auto Scaling group and its instances need; EKS copies none of the node group's. */
    autoScalingGroupTags: Record<string, string>;
}

export function createNodeGroup(name: string, args: NodeGroupArgs, opts: pulumi.ComponentResourceOptions): awsEks.NodeGroup {
    const { pool } = args;
    const group = new awsEks.NodeGroup(`${name}-pool-${pool.name}`, {
        clusterName: args.clusterName,
        // A prefix, so a replaced group (new instance type) is created before the old one drains.
        nodeGroupNamePrefix: `${pool.name}-`,
        version: args.version,
        nodeRoleArn: args.nodeRole.arn,
        subnetIds: args.subnetIds,
        amiType: amiTypeOf(pool),
        capacityType: "ON_DEMAND",
        instanceTypes: [instanceTypeOf(pool)],
        scalingConfig: {
            minSize: pool.min,
            maxSize: pool.max,
            desiredSize: args.currentSizes.apply((sizes) => desiredSize(pool, sizes[pool.name])),
        },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: args.launchTemplate.id, version: args.launchTemplate.latestVersion.apply(String) },
        labels: { [POOL_LABEL]: pool.name, ...pool.labels },
        taints: (pool.taints ?? []).map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECT_API_NAMES[taint.effect] })),
        tags: { ...args.tags, [POOL_LABEL]: pool.name },
    }, { ...opts, dependsOn: args.dependsOn });

    // EKS does not copy node-group tags to the group's Auto Scaling group; these tags do.
    const autoScalingGroupName = group.resources.apply((resources) => resources[0].autoscalingGroups[0].name);
    // Named by key, so adding a tag later creates one resource and touches no other.
    Object.entries(args.autoScalingGroupTags).forEach(([key, value]) =>
        new autoscaling.Tag(`${name}-pool-${pool.name}-asg-${key}`, {
            autoscalingGroupName: autoScalingGroupName,
            tag: { key, value, propagateAtLaunch: true },
        }, opts));
    return group;
}
