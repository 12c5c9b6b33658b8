import * as ec2 from "@pulumi/aws/ec2";
import * as awsEks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as eks from "@pulumi/eks";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAdapterOutputs, ClusterArgs } from "../../components/cluster";
import { componentTags, PlatformContext } from "../../components/context";
import { NodePoolSettings, TaintEffect } from "../../components/types";
import { NODE_INSTANCE_TYPES } from "./sizes";
import { serviceAssumeRolePolicy } from "./assume-role";

/** CKV_AWS_37: every control-plane log type. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const TAINT_EFFECTS: Record<TaintEffect, string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

const NODE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    // Session Manager instead of SSH: nodes have no key pair and no inbound SSH.
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

/**
 * EKS through @pulumi/eks: nodes only in private subnets, private endpoint always on,
 * public endpoint off or limited to the allowlist, access entries (API mode), OIDC,
 * KMS envelope encryption of Secrets, all control-plane logs, managed node groups.
 */
export function createCluster(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions): ClusterAdapterOutputs {
    const { context, settings, network } = args;
    const tags = componentTags(context, "cluster");
    const clusterName = context.namePrefix;
    const publicEndpoint = settings.apiAccess === "allowlist";

    const secretsKey = new kms.Key(`${name}-secrets-key`, {
        description: `Envelope encryption of Kubernetes Secrets for ${clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
    }, opts);
    new kms.Alias(`${name}-secrets-key-alias`, { name: `alias/${clusterName}-eks-secrets`, targetKeyId: secretsKey.keyId }, opts);

    const cluster = new eks.Cluster(`${name}-eks`, {
        name: clusterName,
        version: settings.version,
        vpcId: network.networkId,
        // Control-plane ENIs and nodes both live in the private subnets; load balancers find the public ones by tag.
        privateSubnetIds: network.privateSubnetIds,
        nodeAssociatePublicIpAddress: false,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? context.allowedCidrs : undefined,
        authenticationMode: eks.AuthenticationMode.Api,
        accessEntries: Object.fromEntries(context.aws.clusterAdminArns.map((principalArn, i) => [`admin-${i}`, {
            principalArn,
            accessPolicies: {
                admin: {
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    accessScope: { type: "cluster" },
                },
            },
        }])),
        createOidcProvider: true,
        encryptionConfigKeyArn: secretsKey.arn,
        enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
        kubernetesServiceIpAddressRange: settings.serviceCidr,
        // Nodes carry the EKS-created cluster security group; the database admits exactly that group.
        skipDefaultSecurityGroups: true,
        skipDefaultNodeGroup: true,
        deletionProtection: context.protect,
        tags,
        clusterTags: tags,
    }, {
        ...opts,
        protect: context.protect,
        // A remote component receives only the providers passed to it explicitly, not its parent's.
        providers: awsProviderOf(opts),
    });

    const nodeRole = createNodeRole(name, opts);
    const launchTemplate = createNodeLaunchTemplate(name, context, tags, opts);
    for (const pool of settings.nodePools) {
        createNodeGroup(name, pool, cluster, nodeRole, launchTemplate, network.privateSubnetIds, tags, opts);
    }

    const kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    const kubernetesProvider = new KubernetesProvider(`${name}-k8s`, {
        kubeconfig,
        enableServerSideApply: true,
    }, { parent: opts.parent, deletedWith: cluster });

    return {
        name: cluster.eksCluster.name,
        endpoint: cluster.eksCluster.endpoint,
        kubeconfig,
        nodeSecurityPrincipal: cluster.eksCluster.vpcConfig.clusterSecurityGroupId,
        oidcIssuer: cluster.oidcIssuer,
        kubernetesProvider,
    };
}

function awsProviderOf(opts: pulumi.ComponentResourceOptions): Record<string, pulumi.ProviderResource> | undefined {
    const provider = opts.parent?.getProvider("aws::");
    return provider ? { aws: provider } : undefined;
}

function createNodeRole(name: string, opts: pulumi.ComponentResourceOptions): iam.Role {
    const role = new iam.Role(`${name}-node-role`, {
        assumeRolePolicy: serviceAssumeRolePolicy("ec2.amazonaws.com"),
    }, opts);
    NODE_POLICIES.forEach((policyArn, i) =>
        new iam.RolePolicyAttachment(`${name}-node-policy-${i}`, { role: role.name, policyArn }, opts));
    return role;
}

/** Encrypted root volumes, IMDSv2 only (hop limit 1: pods cannot borrow the node's role), tagged instances. */
function createNodeLaunchTemplate(name: string, context: PlatformContext, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): ec2.LaunchTemplate {
    return new ec2.LaunchTemplate(`${name}-nodes`, {
        description: `Nodes of ${context.namePrefix}`,
        updateDefaultVersion: true,
        blockDeviceMappings: [{
            deviceName: "/dev/xvda",
            ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        }],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        // Default tags do not reach instances an Auto Scaling group launches; tag specifications do.
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
    }, opts);
}

function createNodeGroup(
    name: string, pool: NodePoolSettings, cluster: eks.Cluster, nodeRole: iam.Role, launchTemplate: ec2.LaunchTemplate,
    privateSubnetIds: pulumi.Input<string[]>, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions,
): awsEks.NodeGroup {
    return new awsEks.NodeGroup(`${name}-pool-${pool.name}`, {
        clusterName: cluster.eksCluster.name,
        nodeGroupNamePrefix: `${pool.name}-`,
        nodeRoleArn: nodeRole.arn,
        subnetIds: privateSubnetIds,
        amiType: "AL2023_x86_64_STANDARD",
        capacityType: "ON_DEMAND",
        instanceTypes: [pool.instanceType ?? NODE_INSTANCE_TYPES[pool.size]],
        scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.min },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        labels: { "anycloud.io/pool": pool.name, ...pool.labels },
        taints: (pool.taints ?? []).map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECTS[taint.effect] })),
        tags: { ...tags, "anycloud.io/pool": pool.name },
    }, {
        ...opts,
        // The cluster autoscaler owns the running size; an update must not reset it.
        ignoreChanges: ["scalingConfig.desiredSize"],
    });
}
