import { LogGroup } from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as kms from "@pulumi/aws/kms";
import * as vpc from "@pulumi/aws/vpc";
import * as eks from "@pulumi/eks";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAdapterOutputs, ClusterAddonSupport, ClusterArgs } from "../../components/cluster";
import { componentTags, PlatformContext } from "../../components/context";
import { ConfigError } from "../../components/errors";
import { AwsAccount, awsAccount } from "./account";
import { createNetworkingAddons, createWorkloadAddons, STORAGE_CLASS_NAME } from "./cluster-addons";
import { createClusterAutoscaler } from "./cluster-autoscaler";
import { ingressSupport } from "./ingress";
import { createLoadBalancerController, loadBalancerControllerAnnotations } from "./load-balancer-controller";
import { ec2VolumeGrants, keyPolicy, logsGrant } from "./key-policy";
import { checkCreationSettings, checkedVersion, readExistingCluster } from "./existing-cluster";
import { createNodeGroup, createNodeLaunchTemplate, createNodeRole } from "./node-groups";

/** CKV_AWS_37: every control-plane log type. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * Service load balancers on EKS: Network Load Balancers made by the AWS Load Balancer Controller
 * (load-balancer-controller.ts), which its webhook makes the controller of every Service of type
 * LoadBalancer created after it. Internet-facing only when asked; the controller puts
 * `loadBalancerSourceRanges` into the NLB's own security group and admits the NLB to the nodes, so
 * admitExternal has nothing to open.
 *
 * `aws-load-balancer-type: nlb` stays for Services that EKS's built-in cloud provider made before the
 * controller existed (an upgraded stack's Grafana and Kibana with exposure: allowlist): a Service's
 * class is immutable, so that provider keeps them, as NLBs, with the same annotation as before; the
 * controller reads the scheme, target type and attributes, the built-in provider does not.
 */
export const LOAD_BALANCER_ANNOTATIONS = {
    external: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", ...loadBalancerControllerAnnotations("internet-facing") },
    internal: {
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        ...loadBalancerControllerAnnotations("internal"),
    },
};

const loadBalancerSupport: ClusterAddonSupport["loadBalancer"] = {
    externalAnnotations: LOAD_BALANCER_ANNOTATIONS.external,
    internalAnnotations: LOAD_BALANCER_ANNOTATIONS.internal,
    admitExternal: () => [],
};

/** Where EKS writes control-plane logs; created here first, so it has a retention and a key. */
export const controlPlaneLogGroupName = (clusterName: string) => `/aws/eks/${clusterName}/cluster`;

/**
 * EKS through @pulumi/eks: nodes only in private subnets, private endpoint always on, public
 * endpoint off or limited to the allowlist, access entries (API mode), OIDC, KMS envelope
 * encryption of Secrets, all control-plane logs, managed node groups that upgrade with the
 * control plane, the core add-ons as EKS add-ons, the AWS Load Balancer Controller and the cluster autoscaler.
 */
export function createCluster(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions): ClusterAdapterOutputs {
    const { context, settings, network } = args;
    const tags = componentTags(context, "cluster");
    const clusterName = context.namePrefix;
    const publicEndpoint = settings.apiAccess === "allowlist";
    const account = awsAccount(context.region, opts.parent!);

    const secretsKey = new kms.Key(`${name}-secrets-key`, {
        description: `Envelope encryption of Kubernetes Secrets for ${clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
    }, { ...opts, protect: context.protect });
    new kms.Alias(`${name}-secrets-key-alias`, { name: `alias/${clusterName}-eks-secrets`, targetKeyId: secretsKey.keyId }, opts);

    const logGroupName = controlPlaneLogGroupName(clusterName);
    // One key for the cluster's data at rest outside etcd: control-plane logs, node and persistent volumes.
    const dataKey = new kms.Key(`${name}-data-key`, {
        description: `Control-plane logs and EBS volumes of ${clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy(account, [logsGrant(context.region, [logGroupName]), ...ec2VolumeGrants(context.region)]),
        tags,
    }, { ...opts, protect: context.protect });
    new kms.Alias(`${name}-data-key-alias`, { name: `alias/${clusterName}-eks-data`, targetKeyId: dataKey.keyId }, opts);
    const logGroup = new LogGroup(`${name}-control-plane-logs`, {
        name: logGroupName,
        retentionInDays: context.aws.logRetentionDays,
        kmsKeyId: dataKey.arn,
        tags,
    }, opts);

    const existing = readExistingCluster(clusterName, opts.parent!);
    const creationSettings = checkCreationSettings(name, {
        "anycloud:customer/project/environment": clusterName,
        "anycloud:cluster.serviceCidr": settings.serviceCidr,
    }, opts.parent!);

    const cluster = new eks.Cluster(`${name}-eks`, {
        // Both checks run before EKS is asked for anything; a failed one stops the cluster's update.
        name: creationSettings.apply(() => clusterName),
        version: existing.apply((running) => checkedVersion(settings.version, running)),
        vpcId: network.networkId,
        // Control-plane ENIs live in the private subnets of the zones the cluster was created in, and
        // stay there: EKS accepts later subnets only in those zones, so a zone added later serves
        // nodes only. Load balancers find the public subnets by tag.
        privateSubnetIds: new pulumi.Stash(`${name}-control-plane-subnets`, { input: network.privateSubnetIds }, { parent: opts.parent }).output as pulumi.Output<string[]>,
        nodeAssociatePublicIpAddress: false,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? context.allowedCidrs : undefined,
        authenticationMode: eks.AuthenticationMode.Api,
        accessEntries: clusterAdminEntries(name, context, account, opts),
        createOidcProvider: true,
        encryptionConfigKeyArn: secretsKey.arn,
        enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
        kubernetesServiceIpAddressRange: settings.serviceCidr,
        // Nodes carry the EKS-created cluster security group; the database admits exactly that group.
        skipDefaultSecurityGroups: true,
        skipDefaultNodeGroup: true,
        // The four core add-ons are EKS add-ons managed below, so EKS bootstraps none and @pulumi/eks adds none.
        bootstrapSelfManagedAddons: false,
        useDefaultVpcCni: true,
        kubeProxyAddonOptions: { enabled: false },
        corednsAddonOptions: { enabled: false },
        // STANDARD: at the end of standard support EKS upgrades the control plane instead of billing extended support.
        upgradePolicy: { supportType: context.aws.upgradeSupport === "extended" ? "EXTENDED" : "STANDARD" },
        deletionProtection: context.protect,
        // billing.accountPerProject: the deployer's own credentials belong to the management account, so the
        // kubeconfig's `aws eks get-token` assumes the role the platform's provider assumes in the new one.
        ...(context.awsScope?.accessRoleArn ? { providerCredentialOpts: { roleArn: context.awsScope.accessRoleArn } } : {}),
        tags,
        clusterTags: tags,
    }, {
        ...opts,
        protect: context.protect,
        dependsOn: [logGroup],
        // A remote component receives only the providers passed to it explicitly, not its parent's.
        providers: awsProviderOf(opts),
    });
    const clusterSecurityGroupId = cluster.eksCluster.vpcConfig.clusterSecurityGroupId;
    tagClusterSecurityGroup(name, clusterSecurityGroupId, tags, opts);
    const apiRules = admitToPrivateApi(name, clusterSecurityGroupId, args, tags, opts);

    const kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    const kubernetesProvider = new KubernetesProvider(`${name}-k8s`, {
        kubeconfig,
        enableServerSideApply: true,
    }, { parent: opts.parent, deletedWith: cluster, dependsOn: apiRules });

    const identity = { oidcProviderArn: cluster.oidcProviderArn, oidcIssuer: cluster.oidcIssuer };
    const addonArgs = { clusterName: cluster.eksCluster.name, kubernetesVersion: settings.version, identity, volumeKeyArn: dataKey.arn, tags };
    const networkingAddons = createNetworkingAddons(name, addonArgs, opts);

    const { role: nodeRole, attachments } = createNodeRole(name, tags, opts);
    const launchTemplate = createNodeLaunchTemplate(name, `Nodes of ${clusterName}`, dataKey.arn, tags, opts);
    const currentSizes = existing.apply((running) => running.poolSizes);
    const nodeGroups = settings.nodePools.map((pool) => createNodeGroup(name, {
        pool,
        clusterName: cluster.eksCluster.name,
        version: settings.version,
        nodeRole,
        launchTemplate,
        subnetIds: network.privateSubnetIds,
        currentSizes,
        dependsOn: [...attachments, ...network.privateRouting, ...networkingAddons],
        // EKS puts the autoscaler's discovery tags on the group's Auto Scaling group itself; here they
        // show intent. Managing them on the Auto Scaling group would let a deleted tag resource
        // take EKS's tag, and with it discovery and the autoscaler's permission, away.
        tags: { ...tags, "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        autoScalingGroupTags: tags,
    }, opts));

    const workloadAddons = createWorkloadAddons(name, { ...addonArgs, nodeGroups, kubernetesProvider, cluster }, opts);
    // Before anything creates a Service: its webhook must answer every Service creation from the moment it is registered.
    const loadBalancerController = createLoadBalancerController(name, {
        clusterName,
        region: context.region,
        vpcId: network.networkId,
        account,
        identity,
        kubernetesProvider,
        cluster,
        dependsOn: [...nodeGroups, workloadAddons.coreDns],
        tags,
    }, opts);
    createClusterAutoscaler(name, {
        clusterName,
        kubernetesVersion: settings.version,
        region: context.region,
        identity,
        kubernetesProvider,
        cluster,
        // The chart creates a Service, which the load balancer controller's webhook must be up to admit.
        nodeGroups: [...nodeGroups, loadBalancerController],
        tags,
    }, opts);

    return {
        name: cluster.eksCluster.name,
        endpoint: cluster.eksCluster.endpoint,
        kubeconfig,
        nodeSecurityPrincipal: clusterSecurityGroupId,
        // The issuer URL, as every cloud reports it (IRSA trust policies above use it without the scheme).
        oidcIssuer: cluster.oidcProviderUrl,
        kubernetesProvider,
        addonSupport: {
            cluster,
            kubernetesVersion: settings.version,
            // The networking add-ons come before the node groups (their dependency), so nodes imply them. The load
            // balancer controller's webhook answers every Service creation: nothing may create one before it runs.
            workloadsReady: [...nodeGroups, workloadAddons.coreDns, workloadAddons.ebsCsi, loadBalancerController],
            storage: { className: STORAGE_CLASS_NAME, ready: [workloadAddons.ebsCsi, workloadAddons.storageClass] },
            loadBalancer: loadBalancerSupport,
            ingress: ingressSupport({ context, identity, tags: componentTags(context, "ingress") }),
            clusterDns: "coreDns",
        },
    };
}

/**
 * Cluster-admin access entries for `aws.clusterAdminArns`. The deployer who creates the
 * cluster is admin already: @pulumi/eks always creates the cluster with
 * bootstrapClusterCreatorAdminPermissions (pulumi/pulumi-eks#2373), which the Kubernetes
 * provider below needs. EKS refuses a second entry for that principal (ResourceInUseException),
 * so listing the creator is a configuration error. The creator is remembered in the state
 * (a Stash keeps its first value), so a later deploy by another principal that is listed
 * (a CI role) is not mistaken for the creator.
 */
function clusterAdminEntries(name: string, context: PlatformContext, account: AwsAccount, opts: pulumi.ComponentResourceOptions): Record<string, eks.types.input.AccessEntryArgs> {
    const creator = new pulumi.Stash(`${name}-creator`, { input: account.deployerArn }, { parent: opts.parent }).output as pulumi.Output<string>;
    // Keyed by principal, not position: @pulumi/eks names each entry by its key, and a shifted key
    // would create an entry for a principal that still has one (ResourceInUseException).
    return Object.fromEntries(context.aws.clusterAdminArns.map((principalArn, i) => [principalArn.split(":").slice(4).join(":"), {
        principalArn: creator.apply((creatorArn) => {
            if (creatorArn === principalArn) {
                throw new ConfigError([{
                    key: `anycloud:aws.clusterAdminArns[${i}]`,
                    value: principalArn,
                    message: "is the principal that creates the cluster, which EKS already makes cluster admin (its bootstrap access entry); remove it from the list",
                }]);
            }
            return principalArn;
        }),
        accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } } },
    }]));
}

function awsProviderOf(opts: pulumi.ComponentResourceOptions): Record<string, pulumi.ProviderResource> | undefined {
    const provider = opts.parent?.getProvider("aws::");
    return provider ? { aws: provider } : undefined;
}

/** EKS creates the cluster security group itself, so the provider's default tags never reach it. */
function tagClusterSecurityGroup(name: string, groupId: pulumi.Output<string>, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): void {
    for (const [key, value] of Object.entries(tags)) {
        new ec2.Tag(`${name}-cluster-sg-${key}`, { resourceId: groupId, key, value }, opts);
    }
}

/**
 * HTTPS to the API's private endpoint from the bastion and from the CI sources named in
 * `anycloud:aws` (in-VPC runners resolve the endpoint to its private addresses, whatever
 * apiAccess says). Without these, only the cluster itself can reach a private API, and the
 * Kubernetes provider (add-ons, Helm releases) cannot.
 */
function admitToPrivateApi(name: string, groupId: pulumi.Output<string>, args: ClusterArgs, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): vpc.SecurityGroupIngressRule[] {
    const https = { securityGroupId: groupId, ipProtocol: "tcp", fromPort: 443, toPort: 443, tags };
    return [
        ...args.apiSources.map((source, i) =>
            new vpc.SecurityGroupIngressRule(`${name}-api-from-platform-${i}`, { ...https, referencedSecurityGroupId: source, description: "Kubernetes API from the bastion" }, opts)),
        // Named by source, not position: removing one entry must not rewrite the others into duplicates.
        ...args.context.aws.apiAccessSecurityGroupIds.map((source) =>
            new vpc.SecurityGroupIngressRule(`${name}-api-from-${source}`, { ...https, referencedSecurityGroupId: source, description: "Kubernetes API from a deployer security group (anycloud:aws.apiAccessSecurityGroupIds)" }, opts)),
        ...args.context.aws.apiAccessCidrs.map((cidr) =>
            new vpc.SecurityGroupIngressRule(`${name}-api-from-${cidr}`, { ...https, cidrIpv4: cidr, description: `Kubernetes API from ${cidr} (anycloud:aws.apiAccessCidrs)` }, opts)),
    ];
}
