import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ClusterIdentity, serviceAccountRole } from "./irsa";

/**
 * The AWS Load Balancer Controller: what makes a Service of type LoadBalancer on EKS. Pinned: the
 * upstream suite checks every value key below against this chart version's defaults, and the IAM
 * policy against the same release's docs/install/iam_policy.json.
 */
export const LOAD_BALANCER_CONTROLLER_CHART = { chart: "aws-load-balancer-controller", version: "3.5.0", repo: "https://aws.github.io/eks-charts" } as const;

export const LOAD_BALANCER_CONTROLLER_NAMESPACE = "kube-system";
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** The class the controller serves (the chart's default), which its webhook gives every new Service of type LoadBalancer. */
export const LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";
/** The tag the controller puts on every load balancer, target group and security group it creates, with the cluster's name as value. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

type Statement = { Sid: string; Effect: "Allow"; Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };

/**
 * The controller's permissions: the actions of the upstream policy (docs/install/iam_policy.json of
 * v3.5.0), statement by statement, with two changes:
 *
 * - Where upstream requires the controller's cluster tag to be present (`Null: false` on
 *   `aws:RequestTag/elbv2.k8s.aws/cluster` or `aws:ResourceTag/...`), this policy requires its value
 *   to be this cluster's name, so the controller of one cluster cannot change or delete another
 *   cluster's load balancers, target groups or security groups in the same account.
 * - Where upstream names resources by ARN pattern, the patterns are held to this partition, region
 *   and account; where upstream says `*`, the action has no resource-level scope or acts on resources
 *   the controller did not create (the nodes' security group it adds rules to, listeners of its own
 *   load balancers), and stays `*` as upstream has it.
 */
export function loadBalancerControllerPolicy(clusterName: string, partition: string, region: string, account: string): string {
    const requestTagged = { StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName } };
    const resourceTagged = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: clusterName } };
    // Tag changes on the controller's own resources: never setting the cluster tag itself, only on resources carrying this cluster's.
    const ownTagChange = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" }, ...resourceTagged };
    const ec2 = (resource: string) => `arn:${partition}:ec2:${region}:${account}:${resource}`;
    const elb = (resource: string) => `arn:${partition}:elasticloadbalancing:${region}:${account}:${resource}`;
    const balancers = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
    const statements: Statement[] = [
        {
            Sid: "CreateTheElbServiceLinkedRole",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: "*",
            Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        },
        {
            Sid: "Describe",
            Effect: "Allow",
            Action: [
                "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools",
                "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
                "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerCertificates", "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
            ],
            Resource: "*",
        },
        {
            // Certificates, WAF and Shield for Application Load Balancers (Ingress); unused by the Gateway's NLB, kept as upstream has it.
            Sid: "AlbIntegrations",
            Effect: "Allow",
            Action: [
                "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates", "iam:GetServerCertificate",
                "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
            ],
            Resource: "*",
        },
        {
            // The nodes' security group (EKS's cluster security group, not the controller's): admitting the load balancer to the targets.
            Sid: "AdmitLoadBalancersToNodes",
            Effect: "Allow",
            Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
            Resource: "*",
        },
        {
            Sid: "CreateSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:CreateSecurityGroup"],
            Resource: "*",
        },
        {
            Sid: "TagNewSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: ec2("security-group/*"),
            Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", ...requestTagged.StringEquals } },
        },
        {
            Sid: "RetagOwnSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:CreateTags", "ec2:DeleteTags"],
            Resource: ec2("security-group/*"),
            Condition: ownTagChange,
        },
        {
            Sid: "ManageOwnSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
            Resource: "*",
            Condition: resourceTagged,
        },
        {
            Sid: "CreateTaggedLoadBalancers",
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
            Resource: "*",
            Condition: requestTagged,
        },
        {
            Sid: "ManageListenersAndRules",
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
            Resource: "*",
        },
        {
            Sid: "RetagOwnLoadBalancers",
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: balancers,
            Condition: ownTagChange,
        },
        {
            Sid: "TagListenersAndRules",
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
        },
        {
            Sid: "ManageOwnLoadBalancers",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
            ],
            Resource: "*",
            Condition: resourceTagged,
        },
        {
            Sid: "TagOnCreate",
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags"],
            Resource: balancers,
            Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"], ...requestTagged.StringEquals } },
        },
        {
            Sid: "RegisterTargets",
            Effect: "Allow",
            Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
            Resource: elb("targetgroup/*/*"),
        },
        {
            Sid: "ModifyListenersAndRules",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
            ],
            Resource: "*",
        },
    ];
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Annotations of a Service the controller makes an NLB for. The controller's default is an internal
 * NLB; internet-facing only when asked. IP targets: the NLB sends to the pods directly (the VPC CNI
 * gives them VPC addresses), and with client IP preservation the pods see the client's address, which
 * Envoy's client-address checks (SecurityPolicy clientCIDRs) rely on. The controller puts
 * `loadBalancerSourceRanges` into the NLB's own security group, on the Service's ports only, and
 * admits the NLB to the nodes' security group on the target ports; it places internet-facing NLBs in
 * the subnets tagged kubernetes.io/role/elb and internal ones in those tagged
 * kubernetes.io/role/internal-elb (network.ts).
 */
export function loadBalancerControllerAnnotations(scheme: "internet-facing" | "internal"): Record<string, string> {
    return {
        "service.beta.kubernetes.io/aws-load-balancer-scheme": scheme,
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
    };
}

export interface LoadBalancerControllerArgs {
    clusterName: string;
    region: string;
    vpcId: pulumi.Input<string>;
    account: { partition: pulumi.Input<string>; accountId: pulumi.Input<string> };
    identity: ClusterIdentity;
    kubernetesProvider: KubernetesProvider;
    cluster: pulumi.Resource;
    /** Nodes, CoreDNS: the controller runs on the nodes and resolves AWS's endpoints through the cluster DNS. */
    dependsOn: pulumi.Resource[];
    /** The platform's tags: the controller puts them on every load balancer, target group and security group it creates. */
    tags: Record<string, string>;
}

/**
 * The controller with its own IRSA role. Its webhook gives every Service of type LoadBalancer created
 * after it the controller's class (failure policy Fail: while the controller is down, no Service can
 * be created), so it must run before any add-on creates a Service: the cluster adapter puts it into
 * `workloadsReady`. A Service created earlier by EKS's built-in cloud provider keeps that provider
 * (a Service's class is immutable).
 */
export function createLoadBalancerController(name: string, args: LoadBalancerControllerArgs, opts: pulumi.ComponentResourceOptions): Release {
    const policy = pulumi.all([args.account.partition, args.account.accountId])
        .apply(([partition, account]) => loadBalancerControllerPolicy(args.clusterName, partition, args.region, account));
    const { role, ready } = serviceAccountRole(`${name}-lb-controller-role`, {
        identity: args.identity,
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        inlinePolicy: policy,
        tags: args.tags,
    }, opts);
    return new Release(`${name}-lb-controller`, {
        name: "aws-load-balancer-controller",
        chart: LOAD_BALANCER_CONTROLLER_CHART.chart,
        version: LOAD_BALANCER_CONTROLLER_CHART.version,
        repositoryOpts: { repo: LOAD_BALANCER_CONTROLLER_CHART.repo },
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        // Waits for the controller (and with it the webhook) to be ready before anything that waits for this release.
        atomic: true,
        values: {
            clusterName: args.clusterName,
            // Explicit: with the metadata hop limit at 1 the pod cannot ask the instance for its region or VPC.
            region: args.region,
            vpcId: args.vpcId,
            serviceAccount: {
                create: true,
                name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
                annotations: { "eks.amazonaws.com/role-arn": role.arn },
            },
            replicaCount: 2,
            podDisruptionBudget: { maxUnavailable: 1 },
            // The class its webhook sets on new Services, written out; IP targets unless a Service says otherwise.
            loadBalancerClass: LOAD_BALANCER_CLASS,
            enableServiceMutatorWebhook: true,
            defaultTargetType: "ip",
            // The edge is a Gateway behind an NLB: no IngressClass for Application Load Balancers.
            createIngressClassResource: false,
            ingressClassParams: { create: false },
            defaultTags: args.tags,
            resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            podSecurityContext: { fsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
            },
        },
    }, {
        parent: opts.parent,
        provider: args.kubernetesProvider,
        dependsOn: [...args.dependsOn, ...ready],
        deletedWith: args.cluster,
    });
}
