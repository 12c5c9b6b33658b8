import { REPLACEMENT_INPUTS } from "../../providers/azure/replacement-inputs";
import { append, set } from "./config-edits";
import { describeUpgradeSafety, retentionEffects } from "./helpers";

const AGENT_POOL = "azure-native:containerservice:AgentPool";
const SERVER = "azure-native:dbforpostgresql:Server";
const DATABASE = `${SERVER}::platform-database-server`;
const CLUSTER = "azure-native:containerservice:ManagedCluster::platform-cluster-aks";

/**
 * Pulumi.azure-prod.yaml before the version bumps. Azure refuses a major upgrade while read
 * replicas exist, so docs/database.md ("Major version upgrade") removes them first and adds
 * them back after: the chain 1.34/16 without replicas -> 1.35/16 -> 1.35/17 -> the reference
 * (one replica) runs that procedure, one change per step.
 */
const NO_REPLICAS = [set("database.replicas", 0)];
const ON_16 = [...NO_REPLICAS, set("database.version", 16)];
const ON_1_34_AND_16 = [...ON_16, set("cluster.version", "1.34")];

describeUpgradeSafety({
    cloud: "azure",
    registry: REPLACEMENT_INPUTS,
    database: DATABASE,
    cluster: CLUSTER,
    protect: [
        { resource: SERVER, why: "the primary is protected in every environment, replicas follow protect (database.ts)" },
        { resource: "azure-native:dbforpostgresql:Database", why: "replacing it drops its tables" },
        { resource: "azure-native:keyvault:Vault", why: "holds the administrator password; purge protection keeps its name for 90 days" },
        { resource: "azure-native:keyvault:Secret::platform-database-admin-secret", why: "the administrator password" },
        { resource: "azure-native:containerservice:ManagedCluster", why: "the cluster" },
    ],
    unprotected: [
        { resource: AGENT_POOL, why: "nodes hold no data; a pool is named after its VM size and zones, so a replacement creates the new pool first" },
        { resource: "azure-native:consumption:Budget", why: "no data; its start date is ignored after creation" },
    ],
    counts: [
        {
            type: "azure-native:containerservice:ManagedCluster",
            ignored: ["agentPoolProfiles[0].count"],
            why: "the inline system pool's count belongs to the cluster autoscaler; its min and max are constants, so the creation count stays within them (cluster-pools.ts)",
        },
        {
            type: AGENT_POOL,
            sent: { count: "count", min: "minCount", max: "maxCount" },
            why: "cluster-pools.ts sends the live count clamped to [min, max]: AKS checks count against minCount/maxCount on every PUT (Azure/AKS#1481), so it is not ignored",
        },
    ],
    sentVersion: { resource: DATABASE, path: "version", value: "17" },
    cases: [
        {
            change: "node pools: apps min and max up, system max up",
            edits: [set("cluster.nodePools[1].min", 6), set("cluster.nodePools[1].max", 18), set("cluster.nodePools[0].max", 9)],
            effects: [
                { resource: `${AGENT_POOL}::platform-cluster-pool-apps`, path: "minCount", from: 3, to: 6 },
                { resource: `${AGENT_POOL}::platform-cluster-pool-apps`, path: "maxCount", from: 12, to: 18 },
                { resource: `${AGENT_POOL}::platform-cluster-pool-apps`, path: "count", from: 3, to: 6 },
                { resource: `${AGENT_POOL}::platform-cluster-pool-system`, path: "maxCount", from: 6, to: 9 },
            ],
        },
        {
            change: "a new office CIDR in the allowlist",
            edits: [append("allowedCidrs", "198.51.100.0/24")],
            effects: [
                { resource: CLUSTER, path: "apiServerAccessProfile.authorizedIPRanges", from: ["203.0.113.0/24", "203.0.113.24/32"], to: ["203.0.113.0/24", "198.51.100.0/24", "203.0.113.24/32"] },
                { resource: "azure-native:keyvault:Vault::platform-database-vault", path: "properties.networkAcls.ipRules[1]", to: { value: "198.51.100.0/24" } },
            ],
        },
        {
            change: "the monthly budget",
            edits: [set("billing.monthlyBudget", 12000)],
            effects: [{ resource: "azure-native:consumption:Budget::platform-billing-budget", path: "amount", from: 9000, to: 12000 }],
        },
        {
            change: "observability retention (metrics and logs)",
            edits: [set("observability.monitoring.retentionDays", 90), set("observability.logging.retentionDays", 90)],
            effects: retentionEffects(30, 90),
        },
        {
            change: "Kubernetes one minor up",
            from: ON_1_34_AND_16,
            edits: [set("cluster.version", "1.35")],
            effects: [
                { resource: CLUSTER, path: "kubernetesVersion", from: "1.34", to: "1.35" },
                { resource: `${AGENT_POOL}::platform-cluster-pool-apps`, path: "orchestratorVersion", from: "1.34", to: "1.35" },
            ],
        },
        {
            // In place (pg_upgrade); version is not a replacement input. Azure refuses it while replicas exist, hence none here.
            change: "PostgreSQL major version up (replicas removed first, as docs/database.md says)",
            from: ON_16,
            edits: [set("database.version", 17)],
            effects: [{ resource: DATABASE, path: "version", from: "16", to: "17" }],
        },
        {
            // The step users skip. Still an update of the server, not a replacement: Azure refuses it
            // while the replica exists (docs/database.md) and the deploy stops there, with nothing deleted.
            change: "PostgreSQL major version up with the read replica still attached",
            from: [set("database.version", 16)],
            edits: [set("database.version", 17)],
            effects: [{ resource: DATABASE, path: "version", from: "16", to: "17" }],
        },
        {
            // The last step of the major upgrade: the replicas come back (here the first, to a stack that had none).
            change: "the first database read replica",
            from: NO_REPLICAS,
            edits: [set("database.replicas", 1)],
            effects: [{ resource: `${SERVER}::platform-database-replica-1`, path: "createMode", to: "Replica" }],
        },
        {
            change: "one more database read replica",
            edits: [set("database.replicas", 2)],
            effects: [{ resource: `${SERVER}::platform-database-replica-2`, path: "createMode", to: "Replica" }],
        },
    ],
});
