import { strict as assert } from "assert";
import { REPLACEMENT_INPUTS } from "../../providers/aws/replacement-inputs";
import { append, edited, set, validationProblems } from "./config-edits";
import { describeUpgradeSafety, retentionEffects } from "./helpers";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup::platform-database-params";
const DATABASE = "aws:rds/cluster:Cluster::platform-database-cluster";
const CLUSTER = "eks:index:Cluster::platform-cluster-eks";

/** Pulumi.aws-prod.yaml before the version bumps: Kubernetes 1.34 and PostgreSQL 16 (the reference runs 1.35 and 17). */
const ON_16 = [set("database.version", 16)];
const ON_1_34_AND_16 = [...ON_16, set("cluster.version", "1.34")];

describeUpgradeSafety({
    cloud: "aws",
    registry: REPLACEMENT_INPUTS,
    database: DATABASE,
    cluster: CLUSTER,
    protect: [
        { resource: "aws:rds/cluster:Cluster", why: "the data; protected in every environment (database.ts)" },
        { resource: "aws:rds/clusterInstance:ClusterInstance", why: "instances follow protect, which prod always sets" },
        { resource: "aws:kms/key:Key::platform-database-key", why: "the data, final snapshots and retained backups are encrypted with it" },
        { resource: "aws:kms/key:Key::platform-cluster-secrets-key", why: "the cluster's Secrets in etcd are encrypted with it" },
        { resource: "aws:kms/key:Key::platform-cluster-data-key", why: "control-plane logs, node volumes and persistent volumes are encrypted with it" },
        { resource: "eks:index:Cluster", why: "the cluster" },
    ],
    unprotected: [
        { resource: "aws:rds/clusterParameterGroup:ClusterParameterGroup", why: "no data; named by prefix, so a replacement creates the new group first" },
        { resource: "aws:rds/subnetGroup:SubnetGroup", why: "no data; its fixed name keeps the cluster's dbSubnetGroupName" },
        { resource: "aws:budgets/budget:Budget", why: "no data; a replaced budget restarts its history" },
        { resource: "aws:kms/key:Key::platform-billing-alerts-key", why: "alarms pass through SNS and are not kept (billing-alerts.ts)" },
        { resource: "aws:kms/key:Key::platform-bastion-volume-key", why: "the bastion is stateless; its volume is replaced with the instance" },
        { resource: "aws:kms/key:Key::platform-network-flow-logs-key", why: "encrypts the VPC flow logs only (network.ts does not protect it; no platform data)" },
    ],
    counts: [
        {
            type: NODE_GROUP,
            sent: { count: "scalingConfig.desiredSize", min: "scalingConfig.minSize", max: "scalingConfig.maxSize" },
            why: "node-groups.ts sends the live desired size clamped to [min, max]: EKS refuses a desired size below a raised min, so it is not ignored",
        },
    ],
    sentVersion: { resource: DATABASE, path: "engineVersion", value: "17" },
    cases: [
        {
            change: "node pools: apps min and max up, system max up",
            edits: [set("cluster.nodePools[1].min", 6), set("cluster.nodePools[1].max", 18), set("cluster.nodePools[0].max", 9)],
            effects: [
                { resource: `${NODE_GROUP}::platform-cluster-pool-apps`, path: "scalingConfig", from: { minSize: 3, maxSize: 12, desiredSize: 3 }, to: { minSize: 6, maxSize: 18, desiredSize: 6 } },
                { resource: `${NODE_GROUP}::platform-cluster-pool-system`, path: "scalingConfig.maxSize", from: 6, to: 9 },
            ],
        },
        {
            change: "one more database read replica",
            edits: [set("database.replicas", 3)],
            effects: [{ resource: "aws:rds/clusterInstance:ClusterInstance::platform-database-instance-3", path: "identifier", to: "acme-transit-prod-pg-3" }],
        },
        {
            change: "a new office CIDR in the allowlist",
            edits: [append("allowedCidrs", "198.51.100.0/24")],
            effects: [{ resource: CLUSTER, path: "publicAccessCidrs", from: ["203.0.113.0/24"], to: ["203.0.113.0/24", "198.51.100.0/24"] }],
        },
        {
            change: "the monthly budget",
            edits: [set("billing.monthlyBudget", 12000)],
            effects: [{ resource: "aws:budgets/budget:Budget::platform-billing-budget", path: "limitAmount", from: "9000", to: "12000" }],
        },
        {
            change: "observability retention (metrics and logs)",
            edits: [set("observability.monitoring.retentionDays", 90), set("observability.logging.retentionDays", 90)],
            effects: retentionEffects(30, 90),
        },
        {
            // EKS 1.35 is the newest this release supports (1.36 is refused, below), so the bump starts from 1.34.
            change: "Kubernetes one minor up",
            from: ON_1_34_AND_16,
            edits: [set("cluster.version", "1.35")],
            effects: [
                { resource: CLUSTER, path: "version", from: "1.34", to: "1.35" },
                { resource: `${NODE_GROUP}::platform-cluster-pool-apps`, path: "version", from: "1.34", to: "1.35" },
            ],
        },
        {
            // Aurora upgrades a major in place (allowMajorVersionUpgrade, applyImmediately); the parameter group's family follows.
            change: "PostgreSQL major version up",
            from: ON_16,
            edits: [set("database.version", 17)],
            effects: [{ resource: DATABASE, path: "engineVersion", from: "16", to: "17" }],
            expectedReplacements: [{
                resource: PARAMETER_GROUP,
                inputs: ["family"],
                why: "a new major needs a new family; the group is named by namePrefix, so the new one is created first and the cluster moves onto it in place (replacement-inputs.ts, docs/database.md)",
            }],
        },
    ],
}, (reference) => {
    it("Kubernetes: a minor newer than EKS support in this release is refused before anything is planned", () => {
        const problems = validationProblems(edited(reference, [set("cluster.version", "1.36")]));
        assert.ok(problems.some((p) => p.startsWith("anycloud:cluster.version")), problems.join("; "));
    });
});
