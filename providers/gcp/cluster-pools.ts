import { POOL_LABEL, TAINT_EFFECT_API_NAMES } from "../../components/cluster";
import * as container from "@pulumi/gcp/container";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/errors";
import { NodePoolSettings, Taint } from "../../components/types";
import { shortHash } from "./network-names";
import { NODE_MACHINE_TYPES } from "./sizes";

/** Node label naming the anycloud pool, the same on every cloud (node selectors, the autoscaler's view). */
export { POOL_LABEL } from "../../components/cluster";

/**
 * Node settings GKE fixes when a pool's nodes are created (the provider replaces the pool when
 * one changes: serviceAccount, oauthScopes, metadata and shieldedInstanceConfig are ForceNew in
 * node_config.go) or that anycloud holds constant. Part of each pool's name (poolName), so a
 * later release that changes one gets a new pool, created before the old one is deleted.
 */
export const NODE_CONFIG = {
    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    // Container-Optimized OS with containerd: read-only root, verified boot, GKE's default image.
    imageType: "COS_CONTAINERD",
    diskType: "pd-balanced",
    // The v1beta1/v0.1 metadata endpoints serve instance attributes (kube-env) without the Metadata-Flavor header.
    metadata: { "disable-legacy-endpoints": "true" },
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    // Pods see the GKE metadata server: Workload Identity tokens, never the node account's.
    workloadMetadataConfig: { mode: "GKE_METADATA" },
};

/** One node at a time during upgrades, none taken away before its replacement is ready. */
export const UPGRADE_SETTINGS = { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 };

export const machineTypeOf = (pool: NodePoolSettings) => pool.instanceType ?? NODE_MACHINE_TYPES[pool.size];

/**
 * The pool's GKE name: its anycloud name and 8 hex digits of a hash of its machine type, the node
 * account and NODE_CONFIG. GKE updates a machine type in place by recreating every node, but any
 * create-time setting replaces the pool, and with a fixed name the new pool cannot be created
 * while the old one exists; with the name following them the new pool is created first (Pulumi's
 * default replacement order), and deleting the old one drains its nodes. At most 21 of the 40
 * characters GKE allows.
 */
export function poolName(pool: NodePoolSettings, nodeAccountId: string): string {
    return `${pool.name}-${shortHash(JSON.stringify([machineTypeOf(pool), nodeAccountId, NODE_CONFIG]), 8)}`;
}

/**
 * Nodes per zone when the pool is created. GKE creates a pool with the same count in every zone,
 * and the autoscaler's total limits (totalMinNodeCount/totalMaxNodeCount, GKE 1.24+) apply to
 * the pool as a whole, as min/max do on AWS and Azure. The smallest per-zone count that reaches
 * min must not exceed max; when no count does (min 1, max 1 over two zones), the pool cannot be
 * created as configured, and the problem is reported with the pool's key.
 */
export function initialNodesPerZone(pool: NodePoolSettings, index: number, zoneCount: number): number {
    const perZone = Math.ceil(pool.min / zoneCount);
    if (perZone * zoneCount > pool.max) {
        throw new ConfigError([{
            key: `anycloud:cluster.nodePools[${index}].max`,
            value: pool.max,
            message: `is below ${perZone * zoneCount}: GKE starts a pool with the same number of nodes in each of the cluster's ${zoneCount} zones, so min ${pool.min} means ${perZone} per zone; raise max to ${perZone * zoneCount} or lower min`,
        }]);
    }
    return perZone;
}

export const taintOf = (taint: Taint): inputs.container.NodePoolNodeConfigTaint => ({ key: taint.key, value: taint.value ?? "", effect: TAINT_EFFECT_API_NAMES[taint.effect] });

export interface PoolPlacement {
    cluster: container.Cluster;
    /** Zones the cluster's nodes run in (one for a zonal cluster). */
    zoneCount: pulumi.Input<number>;
    nodeAccountId: string;
    nodeAccountEmail: pulumi.Input<string>;
    /** Labels of the pools' VMs and disks (componentLabels): a node pool gets no provider defaults. */
    labels: Record<string, string>;
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * Fields the autoscaler and GKE own after creation: the node count (autoscaled; the provider reads
 * it from the instance groups) and the creation-time count, which is ForceNew: a manual resize
 * could otherwise make the next `up` replace the pool.
 */
export const POOL_IGNORED_FIELDS = ["nodeCount", "initialNodeCount"];

/**
 * One NodePool per anycloud pool: autoscaled between min and max nodes in total, auto-repaired
 * and auto-upgraded, with no pinned `version` (a pinned version and auto-upgrade fight each other,
 * hashicorp/terraform-provider-google docs for `version`): the nodes follow the control plane,
 * which follows the release channel.
 */
export function createNodePools(name: string, pools: NodePoolSettings[], placement: PoolPlacement, opts: pulumi.CustomResourceOptions): container.NodePool[] {
    return pools.map((pool, index) => new container.NodePool(`${name}-pool-${pool.name}`, {
        cluster: placement.cluster.name,
        location: placement.cluster.location,
        name: poolName(pool, placement.nodeAccountId),
        initialNodeCount: pulumi.output(placement.zoneCount).apply((zones) => initialNodesPerZone(pool, index, zones)),
        autoscaling: { totalMinNodeCount: pool.min, totalMaxNodeCount: pool.max, locationPolicy: "BALANCED" },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: UPGRADE_SETTINGS,
        nodeConfig: {
            ...NODE_CONFIG,
            machineType: machineTypeOf(pool),
            serviceAccount: placement.nodeAccountEmail,
            labels: { ...pool.labels, [POOL_LABEL]: pool.name },
            taints: (pool.taints ?? []).map(taintOf),
            resourceLabels: { ...placement.labels, pool: pool.name },
        },
    }, { ...opts, ignoreChanges: POOL_IGNORED_FIELDS, dependsOn: placement.dependsOn }));
}
