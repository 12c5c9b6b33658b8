import { POOL_LABEL, poolSizeWithin } from "../../components/cluster";
import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { ConfigError } from "../../components/errors";
import { Environment, NodePoolSettings, Taint } from "../../components/types";
import { NODE_VM_SIZES, SYSTEM_POOL_VM_SIZE } from "./sizes";

/** Node label naming the anycloud pool, the same on every cloud (node selectors, the autoscaler's view). */
export { POOL_LABEL } from "../../components/cluster";

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
 *
 * The ignored count is the creation-time one (systemPoolSize's min), and AKS checks it against
 * minCount/maxCount on every PUT (Azure/AKS#1481). User pools read the current count for that
 * reason (createUserPools); the system pool does not need to: its min and max are constants of
 * this file that depend only on the environment, which is part of the cluster's name, so no
 * setting raises min above the count it was created with. A release that raises systemPoolSize's
 * min must also send existing clusters a count within the new range.
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
 * The count a pool is sent: the count AKS reports now (the autoscaler's choice), kept within
 * [min, max], as the AWS adapter does with a node group's desired size (node-groups.ts). AKS
 * checks count against minCount/maxCount on every PUT ("agentPoolProfile.count was 0. It must
 * be greater or equal to minCount", Azure/AKS#1481, kubernetes-sigs/cluster-api-provider-azure#5947),
 * so a raised min or a lowered max moves count with it. A new pool starts at min.
 */
export const poolCount = poolSizeWithin;

/** An ARM "does not exist" answer: the pool, its cluster or the resource group (first deploy, a renamed pool). */
const isNotFound = (error: unknown) => /\b404\b|NotFound/.test(error instanceof Error ? error.message : String(error));

/**
 * The pool's node count as AKS reports it now, or undefined when it does not exist. Read by the
 * cluster's fixed name (not its output), so the read happens at the start of the run, before
 * Pulumi updates the cluster. Any other failure stops the deploy rather than send a guessed count.
 */
export function currentPoolCount(where: { resourceGroupName: pulumi.Input<string>; clusterName: string; agentPoolName: pulumi.Input<string> }, parent: pulumi.Resource | undefined): pulumi.Output<number | undefined> {
    return pulumi.all([where.resourceGroupName, where.agentPoolName]).apply(async ([resourceGroupName, agentPoolName]) => {
        try {
            const existing = await containerservice.getAgentPool({ resourceGroupName, resourceName: where.clusterName, agentPoolName }, { parent });
            return existing.count;
        } catch (error) {
            if (isNotFound(error)) {
                return undefined;
            }
            throw new Error(`createCluster: reading the node count of AKS pool ${agentPoolName} in ${where.clusterName} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    });
}

/**
 * One AgentPool per anycloud pool, autoscaled by AKS's cluster autoscaler.
 *
 * count is not ignored: each run sends poolCount of the count read when the run started. The
 * trade-off: after autoscaler activity an update shows a count change and re-asserts the count
 * the pool had when the run began (the autoscaler moves it again from there if it changed in
 * between); in exchange a raised min or lowered max never sends a count outside the new range,
 * which AKS refuses.
 */
export function createUserPools(name: string, args: {
    pools: NodePoolSettings[];
    resourceGroupName: pulumi.Input<string>;
    /** The cluster's name as an output of the cluster, so each pool is created after it. */
    clusterName: pulumi.Input<string>;
    /** The same name as a constant, to read current counts before the cluster is updated. */
    clusterArmName: string;
    placement: PoolPlacement;
    dependsOn: pulumi.Input<pulumi.Resource>[];
}, opts: pulumi.CustomResourceOptions): containerservice.AgentPool[] {
    const { placement } = args;
    const zones = pulumi.output(placement.zones);
    return args.pools.map((pool) => {
        const agentPoolName = zones.apply((z) => uniqueAgentPoolName(args.pools, pool, z));
        const current = currentPoolCount({ resourceGroupName: args.resourceGroupName, clusterName: args.clusterArmName, agentPoolName }, opts.parent);
        return new containerservice.AgentPool(`${name}-pool-${pool.name}`, {
            resourceGroupName: args.resourceGroupName,
            resourceName: args.clusterName,
            agentPoolName,
            mode: "User",
            type: "VirtualMachineScaleSets",
            vmSize: vmSizeOf(pool),
            osType: "Linux",
            osSKU: "AzureLinux",
            count: current.apply((count) => poolCount(pool, count)),
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
        }, { ...opts, dependsOn: args.dependsOn });
    });
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
