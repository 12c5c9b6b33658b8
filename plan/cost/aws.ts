import { EKS_EXTENDED_SUPPORT_ONLY } from "../../providers/aws/kubernetes-versions";
import { ResourceRecord } from "../recorder";
import { count, dependenciesOfType, hoursOf, input, month, numberAt, ofType, textAt } from "./inputs";
import { CloudCostModel, LineDraft, RuleContext, RuleResult } from "./types";

/** An EBS volume of a type the catalog knows (gp3, gp2); other types get their own, unpriced, item. */
const ebsItem = (volumeType: string | undefined) => `ebs.${volumeType ?? "gp2"}`;

function nodeGroup(record: ResourceRecord, context: RuleContext): RuleResult {
    const type = (input(record, "instanceTypes") as string[] | undefined)?.[0] ?? "(EKS default)";
    const min = numberAt(record.inputs, "scalingConfig.minSize") ?? 0;
    const max = numberAt(record.inputs, "scalingConfig.maxSize") ?? min;
    const pool = (input(record, "labels") as Record<string, string> | undefined)?.["anycloud.io/pool"] ?? record.name;
    const lines: LineDraft[] = [{
        item: `ec2.instance.${type}`, unit: "instance-hour", description: `${type} nodes, pool ${pool}`,
        factors: hoursOf(min, "node"), ceilingFactors: max > min ? hoursOf(max, "node") : undefined,
    }];
    const template = dependenciesOfType(record, context.byUrn, "aws:ec2/launchTemplate:LaunchTemplate")[0];
    const mappings = template ? input(template, "blockDeviceMappings") : undefined;
    const ebs = Array.isArray(mappings) ? mappings[0] : undefined;
    const size = numberAt(ebs, "ebs.volumeSize");
    if (size === undefined) {
        return { lines, notEstimated: ["node root volumes: no launch template sets their size (EKS picks it)"] };
    }
    const volumeType = textAt(ebs, "ebs.volumeType");
    lines.push({
        item: ebsItem(volumeType), unit: "GB-month", description: `node root volumes (${volumeType ?? "gp2"}), pool ${pool}`,
        factors: [count(size, "GB"), count(min, "node")], ceilingFactors: max > min ? [count(size, "GB"), count(max, "node")] : undefined,
    });
    return { lines };
}

function instance(record: ResourceRecord): RuleResult {
    const type = textAt(record.inputs, "instanceType") ?? "(unknown type)";
    const lines: LineDraft[] = [{ item: `ec2.instance.${type}`, unit: "instance-hour", description: `${type} instance`, factors: hoursOf(1, "instance") }];
    const size = numberAt(record.inputs, "rootBlockDevice.volumeSize");
    if (size === undefined) {
        return { lines, notEstimated: ["root volume: its size comes from the AMI"] };
    }
    const volumeType = textAt(record.inputs, "rootBlockDevice.volumeType");
    lines.push({ item: ebsItem(volumeType), unit: "GB-month", description: `root volume (${volumeType ?? "gp2"})`, factors: [count(size, "GB")] });
    return { lines };
}

function natGateway(record: ResourceRecord, context: RuleContext): RuleResult {
    const gateways = ofType(context.resources, record.type).length;
    return {
        lines: [
            { item: "vpc.natGateway", unit: "gateway-hour", description: "NAT gateway", factors: hoursOf(1, "gateway") },
            {
                item: "vpc.natGateway.data", unit: "GB", description: `data processed (natGbPerMonth ${context.usage.natGbPerMonth} GB over ${gateways} gateway${gateways === 1 ? "" : "s"})`,
                factors: [count(context.usage.natGbPerMonth / gateways, "GB")],
            },
        ],
    };
}

function auroraCluster(record: ResourceRecord, context: RuleContext): RuleResult {
    const lines: LineDraft[] = [{
        item: "rds.aurora.storage", unit: "GB-month", description: "Aurora storage (anycloud:database.storageGb as the data size)",
        factors: [count(context.args.database.storageGb, "GB")],
    }];
    if (input(record, "manageMasterUserPassword") === true) {
        lines.push({ item: "secretsmanager.secret", unit: "secret-month", description: "master user secret (RDS creates it in Secrets Manager)", factors: [count(1, "secret")], createdBy: "cloud service" });
    }
    return {
        lines,
        notEstimated: [
            "Aurora I/O requests (Aurora Standard bills them per million; anycloud:billing.usage has no I/O figure)",
            "backup storage beyond the cluster's own size, and Performance Insights beyond its free retention",
        ],
    };
}

function logGroup(record: ResourceRecord, context: RuleContext): RuleResult {
    const groups = ofType(context.resources, record.type).length;
    return {
        lines: [{
            item: "logs.ingestion", unit: "GB", description: `log ingestion (cloudLogsGbPerMonth ${context.usage.cloudLogsGbPerMonth} GB over ${groups} log group${groups === 1 ? "" : "s"})`,
            factors: [count(context.usage.cloudLogsGbPerMonth / groups, "GB")],
        }],
        notEstimated: [`log storage for ${String(input(record, "retentionInDays") ?? "unlimited")} days of retention`],
    };
}

function eksCluster(record: ResourceRecord): RuleResult {
    const version = textAt(record.inputs, "version") ?? "";
    const extended = EKS_EXTENDED_SUPPORT_ONLY.includes(version);
    return {
        lines: [{
            item: extended ? "eks.cluster.extended" : "eks.cluster.standard", unit: "cluster-hour",
            description: `EKS control plane (Kubernetes ${version || "default"}, ${extended ? "extended" : "standard"} support)`, factors: hoursOf(1, "cluster"),
        }],
    };
}

export const AWS_COST_MODEL: CloudCostModel = {
    rules: {
        "eks:index:Cluster": eksCluster,
        "aws:eks/nodeGroup:NodeGroup": nodeGroup,
        "aws:ec2/instance:Instance": instance,
        "aws:ec2/eip:Eip": () => ({ lines: [{ item: "ec2.publicIpv4", unit: "IP-hour", description: "public IPv4 address", factors: hoursOf(1, "address", "addresses") }] }),
        "aws:ec2/natGateway:NatGateway": natGateway,
        "aws:rds/cluster:Cluster": auroraCluster,
        "aws:rds/clusterInstance:ClusterInstance": (record) => {
            const instanceClass = textAt(record.inputs, "instanceClass") ?? "(unknown class)";
            return { lines: [{ item: `rds.aurora.instance.${instanceClass}`, unit: "instance-hour", description: `Aurora ${instanceClass} instance`, factors: hoursOf(1, "instance") }] };
        },
        "aws:cloudwatch/logGroup:LogGroup": logGroup,
        "aws:kms/key:Key": () => ({ lines: [{ item: "kms.key", unit: "key-month", description: "customer managed KMS key", factors: [count(1, "key")] }], notEstimated: ["KMS requests (per 10,000)"] }),
        "aws:secretsmanager/secret:Secret": () => ({ lines: [{ item: "secretsmanager.secret", unit: "secret-month", description: "Secrets Manager secret", factors: [count(1, "secret")] }] }),
        "aws:budgets/budget:Budget": () => ({
            lines: [{
                item: "budgets.budget", unit: "budget-day", description: "AWS budget", factors: [count(1, "budget"), { n: 730 / 24, label: "days" }],
                note: "free while the account has at most two active budgets",
            }],
        }),
        "aws:ec2/vpc:Vpc": (_record, context) => ({
            lines: [{ item: "dataTransfer.internetEgress", unit: "GB", description: `data out to the internet (egressGbPerMonth)`, factors: [count(context.usage.egressGbPerMonth, "GB")] }],
        }),
    },
    freeTypes: [
        "aws:autoscaling/tag:Tag", "aws:ec2/tag:Tag", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/securityGroup:SecurityGroup",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/route:Route",
        "aws:ec2/internetGateway:InternetGateway", "aws:ec2/networkAcl:NetworkAcl", "aws:ec2/keyPair:KeyPair",
        // Priced where they act: the node group's volumes, the log group's ingestion.
        "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/flowLog:FlowLog",
        "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policy:Policy",
        "aws:iam/instanceProfile:InstanceProfile", "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        "aws:kms/alias:Alias", "aws:rds/subnetGroup:SubnetGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        "aws:eks/addon:Addon", "aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "aws:eks/podIdentityAssociation:PodIdentityAssociation",
        // Budgets' alarms: topics have no standing charge and the alarm mail stays in SNS's free deliveries.
        "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy", "aws:sns/topicSubscription:TopicSubscription",
        "aws:costexplorer/costAllocationTag:CostAllocationTag", "aws:costexplorer/anomalyMonitor:AnomalyMonitor", "aws:costexplorer/anomalySubscription:AnomalySubscription",
        "aws:organizations/account:Account",
    ],
    serviceLoadBalancer: (context, dataGb, shape) => [
        { item: "elb.nlb", unit: "LB-hour", description: `${shape?.internal ? "internal " : ""}Network Load Balancer`, factors: hoursOf(1, "load balancer"), createdBy: "kubernetes" },
        // An internal NLB has private addresses only.
        ...(shape?.internal ? [] : [{ item: "ec2.publicIpv4", unit: "IP-hour", description: "its public IPv4 addresses (one per zone)", factors: [count(context.args.network.zones, "address", "addresses"), month], createdBy: "kubernetes" as const }]),
        {
            item: "elb.nlb.capacity", unit: "NLCU-hour", description: "capacity units (loadBalancerGbPerMonth share; 1 NLCU-hour per GB for TCP)",
            factors: [count(dataGb, "GB")], createdBy: "kubernetes",
        },
    ],
    volume: (context, storageClass, sizeGb, n, what) => {
        // The class's own EBS type where the plan defines the class; EKS's built-in gp2 class otherwise.
        const defined = context.resources.find((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass" && input(r, "metadata.name") === storageClass);
        const volumeType = textAt(defined?.inputs, "parameters.type") ?? (storageClass === "gp2" || storageClass === undefined ? "gp2" : storageClass);
        return { item: ebsItem(volumeType), unit: "GB-month", description: `${what} (EBS ${volumeType})`, factors: [count(sizeGb, "GB"), count(n, "volume")], createdBy: "kubernetes" };
    },
};
