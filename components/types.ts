/**
 * The cloud-agnostic vocabulary of anycloud: the settings a user writes (in stack
 * config or as library args) and the value sets they may take. Nothing in here is
 * specific to one cloud; docs/architecture.md maps every field onto AWS, Azure and GCP.
 *
 * Value sets are `as const` objects plus a type of the same name, so they work as
 * string unions in TypeScript and as enums for other Pulumi languages.
 */

export const Cloud = { Aws: "aws", Azure: "azure", Gcp: "gcp" } as const;
export type Cloud = (typeof Cloud)[keyof typeof Cloud];

export const Environment = { Dev: "dev", Staging: "staging", Prod: "prod" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];

/** How private subnets reach the internet: one NAT per zone (zone-failure tolerant), one shared, or none. */
export const NatGateways = { PerZone: "perZone", Single: "single", None: "none" } as const;
export type NatGateways = (typeof NatGateways)[keyof typeof NatGateways];

/** Who may reach the Kubernetes API: the office allowlist (plus the private network), or the private network only. */
export const ApiAccess = { Allowlist: "allowlist", Private: "private" } as const;
export type ApiAccess = (typeof ApiAccess)[keyof typeof ApiAccess];

/** T-shirt sizes, mapped to instance types per cloud in providers/<cloud>/sizes.ts. */
export const Size = { Small: "small", Medium: "medium", Large: "large", Xlarge: "xlarge" } as const;
export type Size = (typeof Size)[keyof typeof Size];

export const TaintEffect = { NoSchedule: "NoSchedule", PreferNoSchedule: "PreferNoSchedule", NoExecute: "NoExecute" } as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** Fixed running cost (the platform itself) versus cost of one customer project. */
export const CostType = { Fixed: "fixed", Project: "project" } as const;
export type CostType = (typeof CostType)[keyof typeof CostType];

export interface NetworkSettings {
    /** IPv4 range of the whole private network, e.g. 10.0.0.0/16. */
    cidr: string;
    /** Number of availability zones to spread subnets, NAT and nodes over. */
    zones: number;
    natGateways: NatGateways;
}

export interface Taint {
    key: string;
    value?: string;
    effect: TaintEffect;
}

export interface NodePoolSettings {
    /** Lowercase letters and digits, at most 12 characters (the tightest rule of the three clouds, AKS). */
    name: string;
    size: Size;
    /** Overrides the size's instance type / VM size / machine type for this cloud. */
    instanceType?: string;
    min: number;
    max: number;
    labels?: Record<string, string>;
    taints?: Taint[];
}

export interface ClusterSettings {
    /** Kubernetes minor version, "1.<minor>". */
    version: string;
    apiAccess: ApiAccess;
    /** Kubernetes Service IP range; must not overlap the network. */
    serviceCidr: string;
    nodePools: NodePoolSettings[];
}

export interface DatabaseSettings {
    enabled: boolean;
    /** PostgreSQL major version. */
    version: number;
    size: Size;
    instanceClass?: string;
    /** Read replicas besides the writer. */
    replicas: number;
    /** Initial storage (where the cloud provisions storage up front). */
    storageGb: number;
    /** Upper bound for storage autoscaling. */
    maxStorageGb: number;
    backupRetentionDays: number;
    /** A standby in another zone that takes over on failure. */
    highAvailability: boolean;
    databaseName: string;
    username: string;
}

export interface BastionSettings {
    enabled: boolean;
    size: Size;
    /** OpenSSH public key line, e.g. "ssh-ed25519 AAAA... user@host". */
    sshPublicKey: string;
}

/** AWS-only knobs; never read on other clouds. */
export interface AwsSettings {
    /**
     * IAM principals (role/user ARNs) granted cluster-admin through EKS access entries,
     * besides the deployer, whom EKS makes admin at creation (see docs/aws.md).
     */
    clusterAdminArns: string[];
    /** Days VPC flow logs are kept in CloudWatch Logs. */
    flowLogRetentionDays: number;
    /** Days control-plane and database logs are kept in CloudWatch Logs. */
    logRetentionDays: number;
    /** Availability zone IDs to use (e.g. euc1-az1), pinned; by default the lowest IDs EKS accepts. */
    zoneIds?: string[];
    /** Private ranges (in-VPC or peered CI runners, VPN) admitted to the private API endpoint on 443. */
    apiAccessCidrs: string[];
    /** Security groups (e.g. of a CI runner in this VPC) admitted to the private API endpoint on 443. */
    apiAccessSecurityGroupIds: string[];
    /** EKS support policy when a version leaves standard support: "standard" upgrades automatically, "extended" pays for more time. */
    upgradeSupport: "standard" | "extended";
    /** billing.accountPerProject: the root e-mail address of the customer project's new account (unique across AWS). */
    accountEmail?: string;
    /** billing.accountPerProject: the organizational unit (ou-...) or root (r-...) the new account is placed in. */
    organizationalUnitId?: string;
    /**
     * Activate the taxonomy's tag keys as cost allocation tags and watch them for cost anomalies. Only in
     * the organization's management account (or a standalone account), and only from the day after the
     * first tagged resource exists: AWS refuses keys it has not yet seen in billing data.
     */
    activateCostAllocationTags: boolean;
}

/** Azure-only settings; never read on other clouds. */
export interface AzureSettings {
    /** Subscription the platform is deployed into (required on Azure). */
    subscriptionId?: string;
    /** Entra ID tenant of the subscription (required on Azure). */
    tenantId?: string;
    /** Entra ID groups whose members administer the cluster (Azure RBAC cluster admin). */
    adminGroupObjectIds: string[];
    /** An existing Log Analytics workspace (ARM id) for diagnostics; by default the platform creates one. */
    logAnalyticsWorkspaceId?: string;
    /** Pod range of the AKS overlay network; must not overlap network.cidr or cluster.serviceCidr. */
    podCidr: string;
    /** Days diagnostics and flow logs are kept. */
    logRetentionDays: number;
    /** billing.accountPerProject: the billing scope a new subscription is billed to (an EA enrollment account or an MCA invoice section id). */
    billingScope?: string;
}

/** GCP-only settings; never read on other clouds. */
export interface GcpSettings {
    /** Project the platform is deployed into (required on GCP). */
    project?: string;
    /** Cloud SQL edition, set explicitly: PostgreSQL 16+ defaults to Enterprise Plus, which takes other tiers. */
    databaseEdition: "enterprise" | "enterprisePlus";
    /** GKE control plane and nodes over the region's zones (regional) or in one zone (zonal, dev only). */
    clusterLocation?: "regional" | "zonal";
    /** A second way to the bastion: SSH through IAP TCP forwarding (needs roles/iap.tunnelResourceAccessor). */
    bastionIapTunnel: boolean;
    /** The Cloud Billing account (XXXXXX-XXXXXX-XXXXXX): where budgets live, and what a new project is billed to. */
    billingAccount?: string;
    /** billing.accountPerProject: the folder (digits) or, without one, the organization (digits) a new project is created in. */
    folderId?: string;
    organizationId?: string;
}

/**
 * Where Grafana and Kibana are reachable: inside the cluster only (port-forward, bastion), from the
 * office allowlist through load balancers of their own, or through the platform's Gateway at
 * grafana.<ingress.domain> and kibana.<ingress.domain>, admitting only the office allowlist.
 */
export const Exposure = { Internal: "internal", Allowlist: "allowlist", Gateway: "gateway" } as const;
export type Exposure = (typeof Exposure)[keyof typeof Exposure];

/** The SMTP relay Alertmanager sends alert mail through (no cloud offers one to a cluster out of the box). */
export interface SmtpSettings {
    /** "host:port", e.g. "smtp.example.com:587". */
    smarthost: string;
    /** Sender address of alert mail. */
    from: string;
    username?: string;
    /** Kept a secret wherever it goes (set it with `pulumi config set --secret --path`). */
    password?: string;
}

export interface MonitoringSettings {
    /** Prometheus, Alertmanager and Grafana (kube-prometheus-stack). */
    enabled: boolean;
    /** Days Prometheus keeps metrics. */
    retentionDays: number;
    /** Size of Prometheus's persistent volume. */
    storageGb: number;
    /** Where alerts are mailed (needs `smtp`). */
    alertEmails: string[];
    /** Where alerts are posted (Alertmanager webhook format); a secret, since such URLs usually carry a token. */
    alertWebhookUrl?: string;
    smtp?: SmtpSettings;
}

export interface LoggingSettings {
    /** Elasticsearch, Kibana (ECK) and Fluent Bit: every container's logs, searchable in Kibana. */
    enabled: boolean;
    /** Days log indices are kept before the lifecycle policy deletes them. */
    retentionDays: number;
    /** Size of each Elasticsearch node's persistent volume. */
    storageGb: number;
    /** Elasticsearch nodes: 1, or 3 or more spread over the zones (2 cannot survive losing one). */
    elasticsearchNodes: number;
}

export interface ObservabilitySettings {
    monitoring: MonitoringSettings;
    logging: LoggingSettings;
    exposure: Exposure;
}

/** external-dns: keeps the Gateway's host names in a DNS zone of the cloud, with an identity of its own. */
export interface ExternalDnsSettings {
    /**
     * The hosted zone, in the cloud's terms: an AWS Route 53 hosted zone id (Z...), an Azure DNS zone's
     * resource id, a GCP Cloud DNS managed zone's name (in gcp.project, or projects/<project>/managedZones/<name>).
     */
    zone: string;
}

/**
 * The edge: one Gateway API Gateway (Envoy Gateway) behind the cloud's layer-4 load balancer, open on
 * 80 and 443 only, with Let's Encrypt certificates (cert-manager) when `domain` and `tlsEmail` are set.
 */
export interface IngressSettings {
    enabled: boolean;
    /** An internal load balancer only: reachable from the network (and what is routed into it), never from the internet. */
    internal: boolean;
    /** The host name the Gateway serves applications on (HTTPS, a Let's Encrypt certificate); Grafana and Kibana get grafana.<domain> and kibana.<domain>. */
    domain?: string;
    /** The e-mail Let's Encrypt registers the ACME account with (expiry notices); set with `domain`. */
    tlsEmail?: string;
    /** Who may reach 80 and 443: the load balancer's firewall admits these only. Default: the whole internet, or the network's own range when internal. */
    sourceRanges: string[];
    externalDns?: ExternalDnsSettings;
}

/** The components a cost is attributed to; each resource's `component` tag is one of these. */
export const ComponentName = {
    Network: "network", Cluster: "cluster", Database: "database", Bastion: "bastion", Observability: "observability", Billing: "billing", Ingress: "ingress",
} as const;
export type ComponentName = (typeof ComponentName)[keyof typeof ComponentName];

/** Usage the offline cost estimate cannot read from the plan; monthly figures with documented defaults. */
export interface UsageAssumptions {
    /** Data through the NAT gateways (image pulls, calls to the internet). */
    natGbPerMonth: number;
    /** Data out of the platform to the internet (API responses to the app). */
    egressGbPerMonth: number;
    /** Data through load balancers. */
    loadBalancerGbPerMonth: number;
    /** Logs ingested by the cloud's log service (control plane, flow logs, database logs). */
    cloudLogsGbPerMonth: number;
}

export interface BillingSettings {
    /** Monthly budget in `currency`; no budget (and no alarms) when unset. */
    monthlyBudget?: number;
    /** ISO 4217 code of the budget's amount; it must be the billing account's currency (AWS budgets: USD). */
    currency: string;
    /** Percentages of the budget that alert, ascending, e.g. [50, 80, 100]. */
    thresholds: number[];
    alertEmails: string[];
    /** Also alert when the month's forecast crosses the highest threshold (not only actual spend). */
    forecastAlerts: boolean;
    /** First day of the budget's first month, "YYYY-MM-01"; by default the month of the first deploy, kept after. */
    startDate?: string;
    /** Fixed running cost or customer-project cost, per component (the `cost-type` tag). */
    costTypes: Record<ComponentName, CostType>;
    /** Create the customer project's own AWS account / Azure subscription / GCP project and deploy into it. */
    accountPerProject: boolean;
    usage: UsageAssumptions;
}

export interface PlatformArgs {
    cloud: Cloud;
    region: string;
    customer: string;
    project: string;
    environment: Environment;
    /** The office allowlist: the only sources that reach the Kubernetes API and the bastion. */
    allowedCidrs: string[];
    /** Protect stateful resources (cluster, database) against deletion; on in prod. */
    protect: boolean;
    network: NetworkSettings;
    cluster: ClusterSettings;
    database: DatabaseSettings;
    bastion: BastionSettings;
    observability: ObservabilitySettings;
    ingress: IngressSettings;
    billing: BillingSettings;
    /** The user's own tags/labels on every taggable resource, besides anycloud's taxonomy. */
    tags: Record<string, string>;
    aws: AwsSettings;
    azure: AzureSettings;
    gcp: GcpSettings;
}
