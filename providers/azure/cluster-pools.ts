import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { ConfigError } from "../../components/errors";
import { Environment, NodePoolSettings, Taint } from "../../components/types";
import { NODE_VM_SIZES, SYSTEM_POOL_VM_SIZE } from "./sizes";

/** Node label naming the anycloud pool, the same on every cloud (node selectors, the autoscaler's view). */
export const POOL_LABEL = "anycloud.io/pool";

/**
 * The inline system pool's AKS name. User pools always end in four hex digits (see
 * agentPoolName), and "critical" does not, so no user pool can take its name.
 */
export const SYSTEM_POOL_NAME = "critical";

/**
 * Pods per node. Overlay would allow 250, but AKS reserves kubelet memory per allowed pod,
 * and the Kubernetes default (110) is what a D2s_v5-D8s_v5 node can run anyway.
 */
export const MAX_PODS_PER_NODE = 110;

/** Nodes added during an upgrade: a third of the pool, rounded up (AKS recommends 33% for production). */
export const MAX_SURGE = "33%";

/**
 * The system pool runs only AKS's critical add-ons (CoreDNS, metrics-server, konnectivity, the
 * CSI and Cilium operators): a fixed small size, autoscaled. Outside dev it never drops below
 * two nodes, so losing a node or a zone leaves the add-ons running; dev starts at one to halve
 * the fixed cost of a platform nobody depends on (the autoscaler adds nodes when add-ons need them).
 */
export function systemPoolSize(environment: Environment): { min: number; max: number } {
    return { min: environment === "dev" ? 1 : 2, max: 3 };
}

/**
 * Fields of the inline system pool that are ignored after creation. A cluster PUT carries the
 * inline pool, and AKS rejects one that changes a pool's VM size, zones, subnet, pod limit or
 * OS, where azure-native would otherwise send a later anycloud release's constants or a new
 * zone; count belongs to the cluster autoscaler. orchestratorVersion, minCount, maxCount,
 * taints, upgrade settings and tags still follow the program (a cluster PUT updates them).
 */
export const SYSTEM_POOL_IGNORED_FIELDS = ["count", "vmSize", "availabilityZones", "vnetSubnetID", "maxPods", "osSKU", "osType", "type", "mode"];

export const systemPoolIgnoreChanges = () => SYSTEM_POOL_IGNORED_FIELDS.map((field) => `agentPoolProfiles[0].${field}`);

export interface PoolPlacement {
    kubernetesVersion: string;
    zones: pulumi.Input<string[]>;
    subnetId: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * The cluster's one inline pool, kept minimal and stable: a change to an inline pool is a
 * cluster PUT, and AKS recreates nothing through it, so user pools live in AgentPool resources.
 * AKS has no "only critical add-ons" field in its API: the CLI's --only-critical-addons is this taint.
 */
export function systemPoolProfile(environment: Environment, placement: PoolPlacement): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    const { min, max } = systemPoolSize(environment);
    return {
        name: SYSTEM_POOL_NAME,
        mode: "System",
        type: "VirtualMachineScaleSets",
        vmSize: SYSTEM_POOL_VM_SIZE,
        osType: "Linux",
        osSKU: "AzureLinux",
        count: min,
        enableAutoScaling: true,
        minCount: min,
        maxCount: max,
        availabilityZones: placement.zones,
        vnetSubnetID: placement.subnetId,
        maxPods: MAX_PODS_PER_NODE,
        nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
        enableNodePublicIP: false,
        orchestratorVersion: placement.kubernetesVersion,
        upgradeSettings: { maxSurge: MAX_SURGE },
        tags: placement.tags,
    };
}

export const vmSizeOf = (pool: NodePoolSettings) => pool.instanceType ?? NODE_VM_SIZES[pool.size];

/**
 * The pool's AKS name: its first 8 characters and 4 hex digits of a hash of its name, VM size
 * and zones. AKS cannot change a pool's VM size or zones; with the name following them, such a
 * change makes a new AgentPool, created before the old one is deleted (Pulumi's default
 * replacement order), so capacity never drops to zero. At most 12 lowercase letters and digits.
 */
export function agentPoolName(pool: NodePoolSettings, zones: string[]): string {
    const digest = createHash("sha256").update([pool.name, vmSizeOf(pool), zones.join(",")].join("\0")).digest("hex");
    return `${pool.name.slice(0, 8)}${digest.slice(0, 4)}`;
}

/** AKS's taint syntax, key=value:Effect (the kubectl form key:Effect when there is no value). */
export const taintText = (taint: Taint) => `${taint.key}${taint.value !== undefined ? `=${taint.value}` : ""}:${taint.effect}`;

/**
 * One AgentPool per anycloud pool, autoscaled by AKS's cluster autoscaler.
 *
 * count is min at creation and ignored afterwards: the autoscaler owns it. AKS accepts a
 * minCount above the current count (the API's range check was dropped in 2020, Azure/AKS#1758),
 * and since the 2021-07-22 release the autoscaler scales a pool up to a raised minimum by itself
 * (MicrosoftDocs/azure-docs#78911), so a raised min needs no count from here. An update still
 * sends the creation-time count (ignoreChanges keeps the old input); with AKS's autoscaler on,
 * count only seeds a new pool (hashicorp/terraform-provider-azurerm#26417), and AKS resizes a
 * pool to its stored count only when its own autoscaler is off (kubernetes/autoscaler#7943).
 */
export function createUserPools(name: string, args: {
    pools: NodePoolSettings[];
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    placement: PoolPlacement;
    dependsOn: pulumi.Input<pulumi.Resource>[];
}, opts: pulumi.CustomResourceOptions): containerservice.AgentPool[] {
    const { placement } = args;
    const zones = pulumi.output(placement.zones);
    return args.pools.map((pool) => new containerservice.AgentPool(`${name}-pool-${pool.name}`, {
        resourceGroupName: args.resourceGroupName,
        resourceName: args.clusterName,
        agentPoolName: zones.apply((z) => uniqueAgentPoolName(args.pools, pool, z)),
        mode: "User",
        type: "VirtualMachineScaleSets",
        vmSize: vmSizeOf(pool),
        osType: "Linux",
        osSKU: "AzureLinux",
        count: pool.min,
        enableAutoScaling: true,
        minCount: pool.min,
        maxCount: pool.max,
        availabilityZones: placement.zones,
        vnetSubnetID: placement.subnetId,
        maxPods: MAX_PODS_PER_NODE,
        nodeLabels: { ...pool.labels, [POOL_LABEL]: pool.name },
        nodeTaints: (pool.taints ?? []).map(taintText),
        enableNodePublicIP: false,
        // Pools upgrade with the control plane: Pulumi updates the cluster first (the pool depends on it).
        orchestratorVersion: placement.kubernetesVersion,
        upgradeSettings: { maxSurge: MAX_SURGE },
        tags: placement.tags,
    }, { ...opts, ignoreChanges: ["count"], dependsOn: args.dependsOn }));
}

/** Two pools sharing their first 8 characters could, once in 65536 cases, hash to one AKS name. */
function uniqueAgentPoolName(pools: NodePoolSettings[], pool: NodePoolSettings, zones: string[]): string {
    const aksName = agentPoolName(pool, zones);
    const clash = pools.find((other) => other !== pool && agentPoolName(other, zones) === aksName);
    if (clash) {
        throw new ConfigError([{ key: "anycloud:cluster.nodePools", value: [pool.name, clash.name], message: `both become AKS pool ${aksName}; rename one of them` }]);
    }
    return aksName;
}
