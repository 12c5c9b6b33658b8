import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ClusterIdentity, serviceAccountRole } from "./irsa";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "./kubernetes-versions";

/** Pinned: the upstream suite checks every value key below against this chart version's defaults. */
export const CLUSTER_AUTOSCALER_CHART = { chart: "cluster-autoscaler", version: "9.59.0", repo: "https://kubernetes.github.io/autoscaler" };


const NAMESPACE = "kube-system";
const SERVICE_ACCOUNT = "cluster-autoscaler";

/**
 * What the autoscaler may do: read groups and instance types anywhere, but change the size
 * of (or terminate instances in) only the Auto Scaling groups tagged as this cluster's.
 * EKS puts that tag on every managed node group's Auto Scaling group.
 */
export function autoscalerPolicy(clusterName: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadGroupsAndInstanceTypes",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    // Labels and taints of a managed node group, so a pool at 0 nodes can scale up for a pod that needs them.
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Sid: "ScaleOnlyThisClustersGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
        ],
    });
}

export interface ClusterAutoscalerArgs {
    clusterName: string;
    kubernetesVersion: string;
    region: string;
    identity: ClusterIdentity;
    kubernetesProvider: KubernetesProvider;
    cluster: pulumi.Resource;
    /**
     * What it must start after: the node groups it runs on, and the load balancer controller, whose
     * webhook must be up to admit the chart's Service.
     */
    nodeGroups: pulumi.Resource[];
    tags: Record<string, string>;
}

/** Kubernetes cluster-autoscaler with auto-discovery of this cluster's managed node groups, credentials through IRSA. */
export function createClusterAutoscaler(name: string, args: ClusterAutoscalerArgs, opts: pulumi.ComponentResourceOptions): Release {
    const { role, ready } = serviceAccountRole(`${name}-autoscaler-role`, {
        identity: args.identity,
        namespace: NAMESPACE,
        serviceAccount: SERVICE_ACCOUNT,
        inlinePolicy: autoscalerPolicy(args.clusterName),
        tags: args.tags,
    }, opts);
    const imageTag = CLUSTER_AUTOSCALER_IMAGE_TAGS[args.kubernetesVersion];
    if (!imageTag) {
        // Validation refuses versions without an entry (providers/aws/validation.ts); a new minor needs one.
        throw new Error(`anycloud: no cluster-autoscaler image known for Kubernetes ${args.kubernetesVersion}; known: ${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(", ")}`);
    }
    return new Release(`${name}-autoscaler`, {
        name: "cluster-autoscaler",
        chart: CLUSTER_AUTOSCALER_CHART.chart,
        version: CLUSTER_AUTOSCALER_CHART.version,
        repositoryOpts: { repo: CLUSTER_AUTOSCALER_CHART.repo },
        namespace: NAMESPACE,
        atomic: true,
        values: {
            cloudProvider: "aws",
            // Explicit: with the metadata hop limit at 1 the pod cannot ask the instance for its region.
            awsRegion: args.region,
            autoDiscovery: { clusterName: args.clusterName },
            fullnameOverride: "cluster-autoscaler",
            image: { tag: imageTag },
            rbac: {
                serviceAccount: {
                    name: SERVICE_ACCOUNT,
                    annotations: { "eks.amazonaws.com/role-arn": role.arn },
                },
            },
            extraArgs: {
                // A raised pool `min` is reached even when no pod is pending.
                "enforce-node-group-min-size": true,
                "balance-similar-node-groups": true,
                "skip-nodes-with-system-pods": false,
                expander: "least-waste",
            },
            containerSecurityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
            },
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
            resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } },
        },
    }, {
        parent: opts.parent,
        provider: args.kubernetesProvider,
        dependsOn: [...args.nodeGroups, ...ready],
        deletedWith: args.cluster,
    });
}
