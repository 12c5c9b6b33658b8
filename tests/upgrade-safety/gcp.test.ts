import { REPLACEMENT_INPUTS } from "../../providers/gcp/replacement-inputs";
import { append, set } from "./config-edits";
import { describeUpgradeSafety, retentionEffects } from "./helpers";

const NODE_POOL = "gcp:container/nodePool:NodePool";
const INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance";
const DATABASE = `${INSTANCE}::platform-database-instance`;
const CLUSTER = "gcp:container/cluster:Cluster::platform-cluster-gke";

/**
 * Pulumi.gcp-prod.yaml before the version bumps. Cloud SQL upgrades a major in place, and
 * docs/database.md ("Major version upgrade") removes the read replicas first and adds them back
 * after, so the chain 1.34/16 without replicas -> 1.35/16 -> 1.35/17 -> the reference (one
 * replica) runs that procedure, one change per step.
 */
const NO_REPLICAS = [set("database.replicas", 0)];
const ON_16 = [...NO_REPLICAS, set("database.version", 16)];
const ON_1_34_AND_16 = [...ON_16, set("cluster.version", "1.34")];

describeUpgradeSafety({
    cloud: "gcp",
    registry: REPLACEMENT_INPUTS,
    database: DATABASE,
    cluster: CLUSTER,
    protect: [
        { resource: INSTANCE, why: "the primary is protected in every environment, replicas follow protect (database.ts)" },
        { resource: "gcp:sql/database:Database", why: "replacing it drops its tables" },
        { resource: "gcp:sql/user:User", why: "PostgreSQL cannot drop a role that owns objects" },
        { resource: "gcp:secretmanager/secret:Secret", why: "the administrator password; Secret Manager has no soft delete" },
        { resource: "gcp:kms/keyRing:KeyRing", why: "key rings cannot be deleted" },
        { resource: "gcp:kms/cryptoKey:CryptoKey", why: "encrypts the cluster's Secrets in etcd" },
        { resource: "gcp:container/cluster:Cluster", why: "the cluster" },
    ],
    unprotected: [
        { resource: NODE_POOL, why: "nodes hold no data; a pool is named after its machine type and node settings, so a replacement creates the new pool first" },
        { resource: "gcp:serviceaccount/account:Account", why: "identities only; their ids derive from the fixed name stem" },
        { resource: "gcp:secretmanager/secretVersion:SecretVersion", why: "a new version is the intended rotation; the old one is disabled, not destroyed" },
        { resource: "gcp:billing/budget:Budget", why: "no data" },
    ],
    counts: [
        { type: NODE_POOL, ignored: ["nodeCount", "initialNodeCount"], why: "the autoscaler owns the count; initialNodeCount is ForceNew and follows min (cluster-pools.ts)" },
        { type: "gcp:container/cluster:Cluster", ignored: ["initialNodeCount"], why: "the default pool is removed after creation; initialNodeCount is ForceNew (cluster.ts)" },
    ],
    sentVersion: { resource: DATABASE, path: "databaseVersion", value: "POSTGRES_17" },
    cases: [
        {
            // 6 spreads evenly over the three zones of the regional pool (validation refuses a min that does not fit max).
            change: "node pools: apps min and max up, system max up",
            edits: [set("cluster.nodePools[1].min", 6), set("cluster.nodePools[1].max", 18), set("cluster.nodePools[0].max", 9)],
            effects: [
                { resource: `${NODE_POOL}::platform-cluster-pool-apps`, path: "autoscaling.totalMinNodeCount", from: 3, to: 6 },
                { resource: `${NODE_POOL}::platform-cluster-pool-apps`, path: "autoscaling.totalMaxNodeCount", from: 12, to: 18 },
                // ForceNew, and ignored: the replacement it would cause never happens.
                { resource: `${NODE_POOL}::platform-cluster-pool-apps`, path: "initialNodeCount", from: 1, to: 2 },
                { resource: `${NODE_POOL}::platform-cluster-pool-system`, path: "autoscaling.totalMaxNodeCount", from: 6, to: 9 },
            ],
        },
        {
            change: "a new office CIDR in the allowlist",
            edits: [append("allowedCidrs", "198.51.100.0/24")],
            effects: [
                { resource: CLUSTER, path: "masterAuthorizedNetworksConfig.cidrBlocks[1]", from: { cidrBlock: "10.30.0.0/20", displayName: "nodes" }, to: { cidrBlock: "198.51.100.0/24", displayName: "allowlist 198.51.100.0/24" } },
                { resource: "gcp:compute/firewall:Firewall::platform-bastion-fw-ssh", path: "sourceRanges", from: ["203.0.113.0/24"], to: ["203.0.113.0/24", "198.51.100.0/24"] },
            ],
        },
        {
            change: "the monthly budget",
            edits: [set("billing.monthlyBudget", 12000)],
            effects: [{ resource: "gcp:billing/budget:Budget::platform-billing-budget", path: "amount.specifiedAmount.units", from: "9000", to: "12000" }],
        },
        {
            change: "observability retention (metrics and logs)",
            edits: [set("observability.monitoring.retentionDays", 90), set("observability.logging.retentionDays", 90)],
            effects: retentionEffects(30, 90),
        },
        {
            // Node pools set no version: they follow the control plane (auto-upgrade).
            change: "Kubernetes one minor up",
            from: ON_1_34_AND_16,
            edits: [set("cluster.version", "1.35")],
            effects: [{ resource: CLUSTER, path: "minMasterVersion", from: "1.34", to: "1.35" }],
        },
        {
            // In place: databaseVersion is not ForceNew. No replicas, as docs/database.md says.
            change: "PostgreSQL major version up (replicas removed first, as docs/database.md says)",
            from: ON_16,
            edits: [set("database.version", 17)],
            effects: [{ resource: DATABASE, path: "databaseVersion", from: "POSTGRES_16", to: "POSTGRES_17" }],
        },
        {
            // The step users skip. Still updates, not replacements (databaseVersion is not ForceNew on the
            // primary nor on the replica); whether Cloud SQL then upgrades or refuses, nothing is deleted.
            change: "PostgreSQL major version up with the read replica still attached",
            from: [set("database.version", 16)],
            edits: [set("database.version", 17)],
            effects: [
                { resource: DATABASE, path: "databaseVersion", from: "POSTGRES_16", to: "POSTGRES_17" },
                { resource: `${INSTANCE}::platform-database-replica-1`, path: "databaseVersion", from: "POSTGRES_16", to: "POSTGRES_17" },
            ],
        },
        {
            // The last step of the major upgrade: the replicas come back (here the first, to a stack that had none).
            change: "the first database read replica",
            from: NO_REPLICAS,
            edits: [set("database.replicas", 1)],
            effects: [{ resource: `${INSTANCE}::platform-database-replica-1`, path: "masterInstanceName", to: /^"pg-acme-transit-prod-[0-9a-f]{8}"$/ }],
        },
        {
            change: "one more database read replica",
            edits: [set("database.replicas", 2)],
            effects: [{ resource: `${INSTANCE}::platform-database-replica-2`, path: "masterInstanceName", to: /^"pg-acme-transit-prod-[0-9a-f]{8}"$/ }],
        },
    ],
});
