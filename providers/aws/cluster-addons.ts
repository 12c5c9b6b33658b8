import * as awsEks from "@pulumi/aws/eks";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1/storageClass";
import * as pulumi from "@pulumi/pulumi";
import { ClusterIdentity, serviceAccountRole } from "./irsa";

/**
 * The cluster's core add-ons as EKS managed add-ons, so they upgrade with the control plane
 * (@pulumi/eks is told to install none of its own, and EKS to bootstrap none: see cluster.ts).
 * `before nodes`: daemon sets a node needs to become Ready (networking); the others are
 * deployments that need a node to run on, so EKS would report them degraded without one.
 */
export const CORE_ADDONS = {
    vpcCni: { addonName: "vpc-cni", beforeNodes: true, serviceAccount: "aws-node" },
    kubeProxy: { addonName: "kube-proxy", beforeNodes: true },
    coreDns: { addonName: "coredns", beforeNodes: false },
    ebsCsi: { addonName: "aws-ebs-csi-driver", beforeNodes: false, serviceAccount: "ebs-csi-controller-sa" },
} as const;

/**
 * The VPC CNI's network policy agent enforces Kubernetes NetworkPolicy (CIS EKS 5.4.4), as AKS
 * (Cilium) and GKE (Dataplane V2) do. Standard mode: a new pod starts open and gets its policies
 * within moments; pods that no policy selects stay open. EKS add-on configuration values; a string
 * "true", as the add-on's schema has it. Changing them updates the add-on in place (UpdateAddon)
 * and rolls the aws-node DaemonSet. The agent listens on the nodes' ports 8162 (metrics) and
 * 8163 (health).
 */
export const VPC_CNI_CONFIGURATION = JSON.stringify({ enableNetworkPolicy: "true" });

export interface AddonArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    identity: ClusterIdentity;
    /** Key of encrypted persistent volumes; the CSI driver needs grants on it. */
    volumeKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

function addon(name: string, addonName: string, args: AddonArgs, extra: Partial<awsEks.AddonArgs>, opts: pulumi.CustomResourceOptions): awsEks.Addon {
    // EKS's default build of the add-on for this Kubernetes version: a version bump moves every add-on with it.
    const version = awsEks.getAddonVersionOutput({ addonName, kubernetesVersion: args.kubernetesVersion, mostRecent: false }, { parent: opts.parent });
    return new awsEks.Addon(name, {
        clusterName: args.clusterName,
        addonName,
        addonVersion: version.version,
        // The add-on's configuration is this program's, not a hand edit's.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags: args.tags,
        ...extra,
    }, opts);
}

/** VPC CNI (its own IRSA role, NetworkPolicy enforced) and kube-proxy: must exist before any node can become Ready. */
export function createNetworkingAddons(name: string, args: AddonArgs, opts: pulumi.ComponentResourceOptions): pulumi.Resource[] {
    const cniRole = serviceAccountRole(`${name}-vpc-cni-role`, {
        identity: args.identity,
        namespace: "kube-system",
        serviceAccount: CORE_ADDONS.vpcCni.serviceAccount,
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
        tags: args.tags,
    }, opts);
    return [
        addon(`${name}-vpc-cni`, CORE_ADDONS.vpcCni.addonName, args, { serviceAccountRoleArn: cniRole.role.arn, configurationValues: VPC_CNI_CONFIGURATION }, { ...opts, dependsOn: cniRole.ready }),
        addon(`${name}-kube-proxy`, CORE_ADDONS.kubeProxy.addonName, args, {}, opts),
    ];
}

/** The CSI driver's grants on the volume key, so it can create and attach encrypted volumes. */
function volumeKeyPolicy(keyArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "UseTheVolumeKey",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: keyArn,
            },
            {
                Sid: "GrantTheVolumeKeyToEc2",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: keyArn,
                Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
        ],
    });
}

export interface WorkloadAddonArgs extends AddonArgs {
    nodeGroups: pulumi.Resource[];
    kubernetesProvider: KubernetesProvider;
    cluster: pulumi.Resource;
}

/** The default StorageClass this adapter creates (createWorkloadAddons), the one add-ons' volumes use. */
export const STORAGE_CLASS_NAME = "gp3";

export interface WorkloadAddons {
    coreDns: awsEks.Addon;
    ebsCsi: awsEks.Addon;
    storageClass: StorageClass;
}

/**
 * CoreDNS and the EBS CSI driver (its own IRSA role), after the nodes exist, and `gp3`
 * as the default StorageClass: encrypted with the platform's key, bound where the pod lands.
 */
export function createWorkloadAddons(name: string, args: WorkloadAddonArgs, opts: pulumi.ComponentResourceOptions): WorkloadAddons {
    const afterNodes = { ...opts, dependsOn: args.nodeGroups };
    const csiRole = serviceAccountRole(`${name}-ebs-csi-role`, {
        identity: args.identity,
        namespace: "kube-system",
        serviceAccount: CORE_ADDONS.ebsCsi.serviceAccount,
        managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
        inlinePolicy: pulumi.output(args.volumeKeyArn).apply(volumeKeyPolicy),
        tags: args.tags,
    }, opts);
    const coreDns = addon(`${name}-coredns`, CORE_ADDONS.coreDns.addonName, args, {}, afterNodes);
    const ebsCsi = addon(`${name}-ebs-csi`, CORE_ADDONS.ebsCsi.addonName, args, { serviceAccountRoleArn: csiRole.role.arn }, { ...afterNodes, dependsOn: [...args.nodeGroups, ...csiRole.ready] });
    const storageClass = new StorageClass(`${name}-gp3`, {
        metadata: {
            name: STORAGE_CLASS_NAME,
            annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: args.volumeKeyArn },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
    }, { parent: opts.parent, provider: args.kubernetesProvider, dependsOn: [ebsCsi], deletedWith: args.cluster });
    return { coreDns, ebsCsi, storageClass };
}
