import { refuseChangedCreationSettings } from "../../components/creation-settings";
import * as awsEks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/errors";
import { minorOf } from "./kubernetes-versions";

import { POOL_LABEL } from "../../components/cluster";

/** What runs in the account now, where an update must start from. */
export interface ExistingCluster {
    /** Kubernetes minor of the running control plane; undefined before the first deploy. */
    version?: string;
    /** Desired size per pool (by its label), as the autoscaler left it. */
    poolSizes: Record<string, number>;
}

/**
 * Reads the running cluster, if any, through the platform's provider. Listing clusters
 * never fails, unlike describing one that does not exist (first deploy, first preview),
 * so a missing cluster reads as `{ poolSizes: {} }`.
 */
export function readExistingCluster(clusterName: string, parent: pulumi.Resource): pulumi.Output<ExistingCluster> {
    return pulumi.output((async (): Promise<ExistingCluster> => {
        const clusters = await awsEks.getClusters({}, { parent });
        if (!(clusters.names ?? []).includes(clusterName)) {
            return { poolSizes: {} };
        }
        const [cluster, groups] = await Promise.all([
            awsEks.getCluster({ name: clusterName }, { parent }),
            awsEks.getNodeGroups({ clusterName }, { parent }),
        ]);
        const poolSizes: Record<string, number> = {};
        for (const nodeGroupName of groups.names ?? []) {
            const group = await awsEks.getNodeGroup({ clusterName, nodeGroupName }, { parent });
            const pool = group.labels?.[POOL_LABEL];
            const size = group.scalingConfigs?.[0]?.desiredSize;
            if (pool && size !== undefined) {
                // While a pool's group is being replaced, two groups carry its label: keep the larger size.
                poolSizes[pool] = Math.max(size, poolSizes[pool] ?? 0);
            }
        }
        return { version: cluster.version, poolSizes };
    })());
}

/**
 * The version to ask EKS for, or a ConfigError: Kubernetes cannot be downgraded (also not
 * after EKS upgraded a cluster at the end of standard support), and EKS upgrades one minor
 * at a time.
 */
export function checkedVersion(configured: string, existing: ExistingCluster): string {
    if (existing.version === undefined) {
        return configured;
    }
    const running = minorOf(existing.version);
    const wanted = minorOf(configured);
    if (wanted < running) {
        throw new ConfigError([{ key: "anycloud:cluster.version", value: configured, message: `is older than the ${existing.version} the cluster runs (raised by a deploy, or by EKS at the end of standard support); Kubernetes cannot be downgraded: set "${existing.version}"` }]);
    }
    if (wanted > running + 1) {
        throw new ConfigError([{ key: "anycloud:cluster.version", value: configured, message: `skips minors: the cluster runs ${existing.version} and EKS upgrades one minor at a time; set "1.${running + 1}", deploy, then go on` }]);
    }
    return configured;
}

/**
 * Settings a cluster is created with and cannot change without being replaced (and a
 * replacement of a fixed-name cluster fails: the new one cannot be created while the old
 * one holds the name). They are kept in the state at creation (a Stash), and a later
 * change is refused with the key that changed, before anything is touched.
 */
export function checkCreationSettings(name: string, settings: Record<string, string>, parent: pulumi.Resource): pulumi.Output<void> {
    return refuseChangedCreationSettings(name, settings, {
        subject: "the cluster",
        consequence: "replacing the cluster",
        rebuildDoc: "docs/aws.md, \"Everyday changes\",",
    }, { parent });
}
