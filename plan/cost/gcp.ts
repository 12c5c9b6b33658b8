import { ResourceRecord } from "../recorder";
import { at, count, hoursOf, input, month, numberAt, ofType, textAt } from "./inputs";
import { CloudCostModel, LineDraft, RuleContext, RuleResult } from "./types";

/** Cloud NAT charges per VM up to this many, then a flat gateway rate (Cloud NAT pricing). */
const NAT_VM_CAP = 32;
/** GKE's boot disk when a node config does not set one (provider docs: diskSizeGb "Defaults to 100GB"; type pd-balanced from GKE 1.24, "Configuring a custom boot disk"). */
const GKE_DEFAULT_DISK_GB = 100;

const isZone = (location: string | undefined) => location !== undefined && /-[a-z]$/.test(location);

function clusterOf(pool: ResourceRecord, context: RuleContext): ResourceRecord | undefined {
    const name = textAt(pool.inputs, "cluster");
    return ofType(context.resources, "gcp:container/cluster:Cluster").find((c) => textAt(c.inputs, "name") === name || c.urn === pool.parent);
}

/** Zones a pool's per-zone counts apply to: its own node locations, the cluster's, or one for a zonal cluster. */
function zonesOf(pool: ResourceRecord, context: RuleContext): number {
    const own = at(pool.inputs, "nodeLocations") as string[] | undefined;
    const cluster = clusterOf(pool, context);
    const clusters = at(cluster?.inputs, "nodeLocations") as string[] | undefined;
    const location = textAt(pool.inputs, "location") ?? textAt(cluster?.inputs, "location");
    return own?.length ?? clusters?.length ?? (isZone(location) ? 1 : 3);
}

/** Minimum and maximum node counts of a pool over all its zones. */
export function poolNodes(pool: ResourceRecord, context: RuleContext): { min: number; max: number } {
    const zones = zonesOf(pool, context);
    const perZone = (key: string) => (numberAt(pool.inputs, key) === undefined ? undefined : (numberAt(pool.inputs, key) as number) * zones);
    const min = numberAt(pool.inputs, "autoscaling.totalMinNodeCount") ?? perZone("autoscaling.minNodeCount") ?? perZone("nodeCount") ?? perZone("initialNodeCount") ?? 0;
    const max = numberAt(pool.inputs, "autoscaling.totalMaxNodeCount") ?? perZone("autoscaling.maxNodeCount") ?? min;
    return { min, max };
}

function nodePool(record: ResourceRecord, context: RuleContext): RuleResult {
    const machine = textAt(record.inputs, "nodeConfig.machineType") ?? "e2-medium";
    const { min, max } = poolNodes(record, context);
    const pool = (at(record.inputs, "nodeConfig.labels") as Record<string, string> | undefined)?.["anycloud.io/pool"] ?? record.name;
    const diskGb = numberAt(record.inputs, "nodeConfig.diskSizeGb") ?? GKE_DEFAULT_DISK_GB;
    const diskType = textAt(record.inputs, "nodeConfig.diskType") ?? "pd-balanced";
    const scales = max > min;
    return {
        lines: [
            { item: `gce.instance.${machine}`, unit: "instance-hour", description: `${machine} nodes, pool ${pool}`, factors: hoursOf(min, "node"), ceilingFactors: scales ? hoursOf(max, "node") : undefined },
            {
                item: `pd.${diskType}`, unit: "GB-month", description: `node boot disks (${diskType}${numberAt(record.inputs, "nodeConfig.diskSizeGb") === undefined ? ", GKE default size" : ""}), pool ${pool}`,
                factors: [count(diskGb, "GB"), count(min, "node")], ceilingFactors: scales ? [count(diskGb, "GB"), count(max, "node")] : undefined,
            },
        ],
    };
}

function gkeCluster(record: ResourceRecord, context: RuleContext): RuleResult {
    const logs = context.usage.cloudLogsGbPerMonth;
    const billable = Math.max(0, logs - 50);
    const notEstimated = input(record, "removeDefaultNodePool") === true ? [] : ["the default node pool GKE creates with the cluster"];
    return {
        lines: [
            {
                item: "gke.cluster", unit: "cluster-hour", description: `GKE cluster management (${isZone(textAt(record.inputs, "location")) ? "zonal" : "regional"})`, factors: hoursOf(1, "cluster"),
                ...(isZone(textAt(record.inputs, "location")) ? { note: "the billing account's free tier credit ($74.40 a month) covers one zonal cluster" } : {}),
            },
            {
                item: "logging.ingestion", unit: "GiB", description: `Cloud Logging ingestion of the project (cloudLogsGbPerMonth ${logs}, first 50 GiB free)`,
                factors: [count(billable, "GiB")],
            },
        ],
        notEstimated,
    };
}

function sqlInstance(record: ResourceRecord): RuleResult {
    const tier = textAt(record.inputs, "settings.tier") ?? "(unknown tier)";
    const regional = textAt(record.inputs, "settings.availabilityType") === "REGIONAL";
    const edition = textAt(record.inputs, "settings.edition") === "ENTERPRISE_PLUS" ? ".enterprisePlus" : "";
    const availability = regional ? "regional" : "zonal";
    const role = textAt(record.inputs, "masterInstanceName") ? "read replica" : "instance";
    const lines: LineDraft[] = [];
    const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    if (custom) {
        const memoryGb = Number(custom[2]) / 1024;
        lines.push(
            { item: `cloudsql.vcpu.${availability}${edition}`, unit: "vCPU-hour", description: `Cloud SQL ${role} vCPUs (${tier}, ${availability})`, factors: [count(Number(custom[1]), "vCPU"), month] },
            { item: `cloudsql.memory.${availability}${edition}`, unit: "GB-hour", description: `Cloud SQL ${role} memory (${tier}, ${availability})`, factors: [count(memoryGb, "GB"), month] },
        );
    } else {
        lines.push({ item: `cloudsql.tier.${tier}${edition}`, unit: "instance-hour", description: `Cloud SQL ${role} (${tier}, ${availability})`, factors: hoursOf(1, "instance") });
    }
    const disk = textAt(record.inputs, "settings.diskType") === "PD_HDD" ? "hdd" : "ssd";
    lines.push({
        item: `cloudsql.storage.${disk}.${availability}`, unit: "GB-month", description: `Cloud SQL ${role} storage (${disk.toUpperCase()}, ${availability})`,
        factors: [count(numberAt(record.inputs, "settings.diskSize") ?? 10, "GB")],
    });
    return { lines, notEstimated: role === "instance" ? ["backups and transaction logs kept for point-in-time recovery"] : [] };
}

function routerNat(record: ResourceRecord, context: RuleContext): RuleResult {
    const vms = ofType(context.resources, "gcp:container/nodePool:NodePool").reduce((sum, pool) => sum + poolNodes(pool, context).min, 0);
    const gateways = ofType(context.resources, record.type).length;
    return {
        lines: [
            vms > NAT_VM_CAP
                ? { item: "cloudNat.gateway", unit: "gateway-hour", description: `Cloud NAT gateway (${vms} node VMs, above ${NAT_VM_CAP}: flat rate)`, factors: hoursOf(1, "gateway") }
                : { item: "cloudNat.vm", unit: "VM-hour", description: "Cloud NAT, per node VM using it (the pools' minimum)", factors: hoursOf(vms, "VM") },
            { item: "cloudNat.data", unit: "GiB", description: `data processed (natGbPerMonth${gateways > 1 ? ` over ${gateways} gateways` : ""})`, factors: [count(context.usage.natGbPerMonth / gateways, "GiB")] },
        ],
    };
}

export const GCP_COST_MODEL: CloudCostModel = {
    rules: {
        "gcp:container/cluster:Cluster": gkeCluster,
        "gcp:container/nodePool:NodePool": nodePool,
        "gcp:compute/instance:Instance": (record) => {
            const machine = textAt(record.inputs, "machineType") ?? "(unknown type)";
            const diskGb = numberAt(record.inputs, "bootDisk.initializeParams.size") ?? 10;
            const diskType = textAt(record.inputs, "bootDisk.initializeParams.type") ?? "pd-standard";
            const interfaces = (at(record.inputs, "networkInterfaces") as unknown[] | undefined) ?? [];
            // An access config without natIp gets an ephemeral address; a static one is priced on its Address.
            const ephemeral = interfaces.flatMap((i) => (at(i, "accessConfigs") as unknown[] | undefined) ?? []).filter((config) => textAt(config, "natIp") === undefined).length;
            return {
                lines: [
                    { item: `gce.instance.${machine}`, unit: "instance-hour", description: `${machine} VM`, factors: hoursOf(1, "VM") },
                    { item: `pd.${diskType}`, unit: "GB-month", description: `boot disk (${diskType})`, factors: [count(diskGb, "GB")] },
                    ...(ephemeral > 0 ? [{ item: "gce.externalIp", unit: "IP-hour", description: "ephemeral external IPv4", factors: hoursOf(ephemeral, "address", "addresses") }] : []),
                ],
            };
        },
        "gcp:compute/address:Address": (record) => (textAt(record.inputs, "addressType") === "INTERNAL" ? {} : {
            lines: [{ item: "gce.externalIp", unit: "IP-hour", description: "static external IPv4 (in use)", factors: hoursOf(1, "address", "addresses") }],
        }),
        "gcp:compute/routerNat:RouterNat": routerNat,
        "gcp:sql/databaseInstance:DatabaseInstance": sqlInstance,
        "gcp:kms/cryptoKey:CryptoKey": (record) => ({
            lines: [{
                item: "kms.keyVersion", unit: "key-version-month", description: "Cloud KMS key (one active version)", factors: [count(1, "version")],
                ...(textAt(record.inputs, "rotationPeriod") ? { note: "each rotation adds an active version until old ones are destroyed" } : {}),
            }],
        }),
        "gcp:secretmanager/secretVersion:SecretVersion": () => ({ lines: [{ item: "secretManager.version", unit: "version-month", description: "Secret Manager secret version", factors: [count(1, "version")] }] }),
        "gcp:compute/network:Network": (_record, context) => ({
            lines: [{ item: "network.internetEgress", unit: "GiB", description: "data out to the internet (egressGbPerMonth)", factors: [count(context.usage.egressGbPerMonth, "GiB")] }],
        }),
        "gcp:compute/subnetwork:Subnetwork": (record) => (at(record.inputs, "logConfig") ? { notEstimated: ["VPC flow logs (vended network logs, per GiB)"] } : {}),
    },
    freeTypes: [
        "gcp:projects/service:Service", "gcp:projects/iAMMember:IAMMember", "gcp:projects/iAMBinding:IAMBinding", "gcp:serviceaccount/account:Account",
        "gcp:serviceaccount/iAMMember:IAMMember", "gcp:compute/firewall:Firewall", "gcp:compute/router:Router", "gcp:compute/globalAddress:GlobalAddress",
        "gcp:servicenetworking/connection:Connection", "gcp:sql/database:Database", "gcp:sql/user:User", "gcp:kms/keyRing:KeyRing",
        "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding",
        // Priced per version: the secret itself has no charge.
        "gcp:secretmanager/secret:Secret", "gcp:secretmanager/secretIamMember:SecretIamMember",
        "gcp:billing/budget:Budget", "gcp:monitoring/notificationChannel:NotificationChannel", "gcp:organizations/project:Project",
        "gcp:billing/projectInfo:ProjectInfo",
    ],
    serviceLoadBalancer: (_context, dataGb, shape) => [
        // One forwarding rule carries every port of the Service (GKE lists them on the rule).
        { item: "lb.forwardingRule", unit: "rule-hour", description: `forwarding rule of the Service's ${shape?.internal ? "internal" : "network"} load balancer`, factors: hoursOf(1, "rule"), createdBy: "kubernetes" },
        // The catalog's data price is the external load balancer's; an internal one's has its own item (no sourced price yet).
        { item: shape?.internal ? "lb.internal.data" : "lb.data", unit: "GB", description: "data processed (loadBalancerGbPerMonth share)", factors: [count(dataGb, "GB")], createdBy: "kubernetes" },
    ],
    volume: (_context, storageClass, sizeGb, n, what) => {
        // GKE's built-in classes: standard-rwo (the default) is pd-balanced, premium-rwo pd-ssd, standard pd-standard.
        const disk = ({ "standard-rwo": "pd-balanced", "premium-rwo": "pd-ssd", standard: "pd-standard" } as Record<string, string>)[storageClass ?? "standard-rwo"];
        return {
            item: disk ? `pd.${disk}` : `pd.storageClass.${storageClass}`, unit: "GB-month", description: `${what} (${disk ?? `storage class ${storageClass}`})`,
            factors: [count(sizeGb, "GB"), count(n, "volume")], createdBy: "kubernetes",
        };
    },
};
