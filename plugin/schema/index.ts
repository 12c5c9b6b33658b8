// What Pulumi's component analyzer reads to make the anycloud package schema (`pulumi package add`,
// PulumiPlugin.yaml): the Platform component with its inputs and outputs, for Python, Go, .NET, Java
// and YAML programs. The analyzer (@pulumi/pulumi/provider/experimental) reads TypeScript types, and
// takes interfaces, named enums, arrays and string maps only: no unions, no intersections, no mapped
// types. So the inputs are spelled out here as such, mirroring the library's PlatformInput (the same
// JSON shape; plugin/platform.ts proves at compile time that they fit it, and a test compares them,
// nested, with the settings' schema), and the class below only describes: the one that runs is
// plugin/platform.ts's, checked against this description at compile time.
import type { Output } from "@pulumi/pulumi/output";
import type { ComponentResource, ComponentResourceOptions } from "@pulumi/pulumi/resource";
import type { ApiAccess, Cloud, CostType, Environment, Exposure, NatGateways, Size, TaintEffect } from "../../components/types";

/** EKS support policy when a Kubernetes version leaves standard support. */
export const UpgradeSupport = {
    /** EKS upgrades the cluster automatically. */
    Standard: "standard",
    /** Pay for extended support and upgrade later. */
    Extended: "extended",
} as const;
export type UpgradeSupport = (typeof UpgradeSupport)[keyof typeof UpgradeSupport];

/** Cloud SQL edition. */
export const DatabaseEdition = { Enterprise: "enterprise", EnterprisePlus: "enterprisePlus" } as const;
export type DatabaseEdition = (typeof DatabaseEdition)[keyof typeof DatabaseEdition];

/** Where GKE runs the control plane and nodes: over the region's zones, or in one zone (dev only). */
export const ClusterLocation = { Regional: "regional", Zonal: "zonal" } as const;
export type ClusterLocation = (typeof ClusterLocation)[keyof typeof ClusterLocation];

/** The private network. */
export interface NetworkSettings {
    /** IPv4 range of the whole network (default 10.0.0.0/16). */
    cidr?: string;
    /** Availability zones to spread subnets, NAT and nodes over (2-6; dev 2, staging and prod 3). */
    zones?: number;
    /** How private subnets reach the internet (prod perZone, else single). */
    natGateways?: NatGateways;
}

/** A Kubernetes taint on a node pool's nodes. */
export interface Taint {
    key: string;
    value?: string;
    effect: TaintEffect;
}

/** A group of worker nodes. */
export interface NodePoolSettings {
    /** 1-12 lowercase letters and digits, starting with a letter. */
    name: string;
    /** T-shirt size, mapped to an instance type per cloud (default medium). */
    size?: Size;
    /** Overrides the size's instance type, VM size or machine type. */
    instanceType?: string;
    /** Fewest nodes (the autoscaler's lower bound). */
    min?: number;
    /** Most nodes (the autoscaler's upper bound). */
    max?: number;
    /** Kubernetes labels on the nodes. */
    labels?: Record<string, string>;
    taints?: Taint[];
}

/** Managed Kubernetes. */
export interface ClusterSettings {
    /** Kubernetes minor version, "1.<minor>" (default 1.35). */
    version?: string;
    /** Who reaches the Kubernetes API: the office allowlist (and the network), or the network only. */
    apiAccess?: ApiAccess;
    /** Kubernetes Service range; must not overlap the network (default 172.20.0.0/16). */
    serviceCidr?: string;
    /** The node pools (default: one pool "system"). */
    nodePools?: NodePoolSettings[];
}

/** Managed PostgreSQL: private, TLS only, encrypted, reachable only from the cluster's nodes and the bastion. */
export interface DatabaseSettings {
    /** Default true. */
    enabled?: boolean;
    /** PostgreSQL major version, 14-17 (default 17). */
    version?: number;
    size?: Size;
    /** Overrides the size's instance class, SKU or tier. */
    instanceClass?: string;
    /** Read replicas besides the writer. */
    replicas?: number;
    /** Initial storage, where the cloud provisions storage up front. */
    storageGb?: number;
    /** Upper bound for storage autoscaling. */
    maxStorageGb?: number;
    backupRetentionDays?: number;
    /** A standby in another zone that takes over on failure. */
    highAvailability?: boolean;
    databaseName?: string;
    /** The administrator's user name (its password lives in the cloud's secret store). */
    username?: string;
}

/** A hardened jump host admitting SSH only from the office allowlist. */
export interface BastionSettings {
    /** Default true. */
    enabled?: boolean;
    size?: Size;
    /** One OpenSSH public key line, e.g. "ssh-ed25519 AAAA... you@laptop" (required with the bastion). */
    sshPublicKey?: string;
}

/** The SMTP relay Alertmanager sends alert mail through. */
export interface SmtpSettings {
    /** "host:port", e.g. "smtp.example.com:587". */
    smarthost: string;
    /** Sender address of alert mail. */
    from: string;
    username?: string;
    /** A secret wherever it goes. */
    password?: string;
}

/** Prometheus, Alertmanager and Grafana. */
export interface MonitoringSettings {
    /** Default true. */
    enabled?: boolean;
    /** Days Prometheus keeps metrics. */
    retentionDays?: number;
    /** Size of Prometheus's volume. */
    storageGb?: number;
    /** Where alerts are mailed (needs smtp). */
    alertEmails?: string[];
    /** Where alerts are posted (Alertmanager webhook format); a secret. */
    alertWebhookUrl?: string;
    smtp?: SmtpSettings;
}

/** Elasticsearch, Kibana and Fluent Bit: every container's logs, searchable. */
export interface LoggingSettings {
    /** Default true. */
    enabled?: boolean;
    /** Days log indices are kept. */
    retentionDays?: number;
    /** Size of each Elasticsearch node's volume. */
    storageGb?: number;
    /** 1, or 3 or more (dev 1, else 3). */
    elasticsearchNodes?: number;
}

/** Metrics, alerts and logs on the cluster. */
export interface ObservabilitySettings {
    monitoring?: MonitoringSettings;
    logging?: LoggingSettings;
    /** Where Grafana and Kibana are reachable (default internal). */
    exposure?: Exposure;
}

/** external-dns: keeps the Gateway's host names in a DNS zone of the cloud. */
export interface ExternalDnsSettings {
    /** The zone in the cloud's terms: a Route 53 hosted zone id, an Azure DNS zone's resource id, a Cloud DNS managed zone's name. */
    zone: string;
}

/** The edge: one Gateway API Gateway behind the cloud's layer-4 load balancer, on 80 and 443 only. */
export interface IngressSettings {
    /** Default true. */
    enabled?: boolean;
    /** An internal load balancer only, never reachable from the internet. */
    internal?: boolean;
    /** The host name the Gateway serves applications on, with a Let's Encrypt certificate. */
    domain?: string;
    /** The e-mail Let's Encrypt registers the ACME account with; set with domain. */
    tlsEmail?: string;
    /** Who may reach 80 and 443 (default: the internet, or the network's own range when internal). */
    sourceRanges?: string[];
    externalDns?: ExternalDnsSettings;
}

/** Fixed running cost or customer-project cost, per component (the cost-type tag). */
export interface CostTypes {
    network?: CostType;
    cluster?: CostType;
    /** Default project; every other component fixed. */
    database?: CostType;
    bastion?: CostType;
    observability?: CostType;
    billing?: CostType;
    ingress?: CostType;
}

/** Usage the offline cost estimate cannot see, per month. */
export interface UsageAssumptions {
    natGbPerMonth?: number;
    egressGbPerMonth?: number;
    loadBalancerGbPerMonth?: number;
    cloudLogsGbPerMonth?: number;
}

/** Budgets and alarms. */
export interface BillingSettings {
    /** Monthly budget in currency; no budget and no alarms when unset. */
    monthlyBudget?: number;
    /** ISO 4217 code; the billing account's currency (default USD). */
    currency?: string;
    /** Percentages of the budget that alert, ascending (default [50, 80, 100]). */
    thresholds?: number[];
    alertEmails?: string[];
    /** Also alert on the month's forecast at the highest threshold (default true). */
    forecastAlerts?: boolean;
    /** First day of the budget's first month, "YYYY-MM-01". */
    startDate?: string;
    costTypes?: CostTypes;
    /** Create the customer project's own AWS account, Azure subscription or GCP project and deploy into it. */
    accountPerProject?: boolean;
    usage?: UsageAssumptions;
}

/** AWS-only settings. */
export interface AwsSettings {
    /** IAM role or user ARNs given cluster-admin besides the deployer. */
    clusterAdminArns?: string[];
    /** Days VPC flow logs are kept. */
    flowLogRetentionDays?: number;
    /** Days control-plane and database logs are kept. */
    logRetentionDays?: number;
    /** Availability zone IDs to use, e.g. euc1-az1. */
    zoneIds?: string[];
    /** Private ranges admitted to the private API endpoint. */
    apiAccessCidrs?: string[];
    /** Security groups admitted to the private API endpoint. */
    apiAccessSecurityGroupIds?: string[];
    upgradeSupport?: UpgradeSupport;
    /** Activate the tag keys as cost allocation tags (management account only). */
    activateCostAllocationTags?: boolean;
    /** With billing.accountPerProject: the new account's root e-mail address. */
    accountEmail?: string;
    /** With billing.accountPerProject: the organizational unit (ou-...) or root (r-...) for the new account. */
    organizationalUnitId?: string;
}

/** Azure-only settings. */
export interface AzureSettings {
    /** The subscription to deploy into (required on Azure). */
    subscriptionId?: string;
    /** The subscription's Entra ID tenant (required on Azure). */
    tenantId?: string;
    /** Entra ID groups whose members administer the cluster. */
    adminGroupObjectIds?: string[];
    /** An existing Log Analytics workspace; by default the platform makes one. */
    logAnalyticsWorkspaceId?: string;
    /** Pod range of the AKS overlay network (default 10.244.0.0/16). */
    podCidr?: string;
    /** Days diagnostics and flow logs are kept. */
    logRetentionDays?: number;
    /** With billing.accountPerProject: the billing scope a new subscription is billed to. */
    billingScope?: string;
}

/** GCP-only settings. */
export interface GcpSettings {
    /** The project to deploy into (required on GCP). */
    project?: string;
    databaseEdition?: DatabaseEdition;
    clusterLocation?: ClusterLocation;
    /** SSH to the bastion through IAP TCP forwarding as well. */
    bastionIapTunnel?: boolean;
    /** The Cloud Billing account, XXXXXX-XXXXXX-XXXXXX. */
    billingAccount?: string;
    /** With billing.accountPerProject: the folder (or, without one, the organization) a new project is created in. */
    folderId?: string;
    organizationId?: string;
}

/** The settings of one platform: what `anycloud:*` stack config holds for a TypeScript program. */
export interface PlatformComponentArgs {
    cloud: Cloud;
    /** A region of that cloud, e.g. eu-central-1, westeurope, europe-west3. */
    region: string;
    /** 2-20 of a-z, 0-9 and "-"; part of every name and tag. */
    customer: string;
    /** 2-20 of a-z, 0-9 and "-"; part of every name and tag. */
    project: string;
    /** Chooses defaults (zones, NAT, protection, sizes); default dev. */
    environment?: Environment;
    /** The office allowlist: the only sources that reach the Kubernetes API and the bastion. */
    allowedCidrs?: string[];
    /** Protect stateful resources against deletion in dev and staging too (prod always is). */
    protect?: boolean;
    network?: NetworkSettings;
    cluster?: ClusterSettings;
    database?: DatabaseSettings;
    bastion?: BastionSettings;
    observability?: ObservabilitySettings;
    ingress?: IngressSettings;
    billing?: BillingSettings;
    /** Your own tags (labels on GCP) on every taggable resource, besides anycloud's. */
    tags?: Record<string, string>;
    aws?: AwsSettings;
    azure?: AzureSettings;
    gcp?: GcpSettings;
}

/**
 * One Kubernetes platform on AWS, Azure or GCP: network, managed Kubernetes, PostgreSQL, bastion,
 * ingress, observability and budgets. Its settings are validated before anything is created.
 */
export declare class Platform extends ComponentResource {
    /** aws, azure or gcp. */
    readonly cloud: string;
    readonly region: string;
    /** The VPC or VNet. */
    readonly networkId: Output<string>;
    readonly publicSubnetIds: Output<string[]>;
    readonly privateSubnetIds: Output<string[]>;
    /** Where managed data services attach; no route to the internet. */
    readonly dataSubnetIds: Output<string[]>;
    readonly clusterName: Output<string>;
    readonly clusterEndpoint: Output<string>;
    /** A secret. */
    readonly kubeconfig: Output<string>;
    readonly oidcIssuer: Output<string>;
    readonly databaseHost?: Output<string>;
    readonly databaseReaderHost?: Output<string>;
    readonly databasePort?: Output<number>;
    readonly databaseName?: Output<string>;
    readonly databaseUsername?: Output<string>;
    /** Where the database's master credentials live in the cloud's secret store. */
    readonly databaseCredentialsSecret?: Output<string>;
    /** postgresql://user@host:port/db?sslmode=require, without a password. */
    readonly databaseConnectionString?: Output<string>;
    readonly bastionPublicIp?: Output<string>;
    readonly bastionSshUser?: Output<string>;
    /** "<namespace>/<name>" of the Grafana Service. */
    readonly grafanaService?: string;
    /** "<namespace>/<name>" of the Secret holding Grafana's admin login. */
    readonly grafanaAdminSecret?: string;
    /** "<namespace>/<name>" of the Kibana Service. */
    readonly kibanaService?: string;
    /** "<namespace>/<name>" of the Secret holding Kibana's elastic login. */
    readonly kibanaUserSecret?: string;
    /** The observability stack's private CA (PEM): trust it to reach Grafana and Kibana over HTTPS. */
    readonly observabilityCaCertificate?: Output<string>;
    /** "<namespace>/<name>" of the shared Gateway applications attach HTTPRoutes to. */
    readonly ingressGateway?: string;
    /** https://<ingress.domain>, where the Gateway serves applications. */
    readonly ingressUrl?: string;
    /** The platform's monthly budget, in the cloud's terms. */
    readonly budgetId?: Output<string>;
    /** AWS: the encrypted SNS topic budget and anomaly alerts go to. */
    readonly billingAlertTopic?: Output<string>;

    constructor(name: string, args: PlatformComponentArgs, opts?: ComponentResourceOptions);
}

/**
 * What is secret, by schema location: the analyzer has no way to say so, so the plugin adds
 * `secret: true` to these properties of the schema it serves (plugin/host.ts).
 */
export const SECRET_PROPERTIES = {
    /** Outputs of anycloud:index:Platform. */
    outputs: ["kubeconfig"],
    /** Properties of input types, by type name. */
    types: { MonitoringSettings: ["alertWebhookUrl"], SmtpSettings: ["password"] },
} as const;
