import { CheckedResource, defineRule, exception, fail, notApplicable, PASS, StackView, UNKNOWN_VALUE, valueAt } from "../rule";

const CLUSTER = "gcp:container/cluster:Cluster";

const known = (value: unknown): string | undefined => (typeof value === "string" && value !== UNKNOWN_VALUE ? value : undefined);
const zonesIn = (value: unknown): string[] => (Array.isArray(value) ? value.filter((z): z is string => known(z) !== undefined) : []);
/** GCP zone names end in -<letter> (europe-west3-a); region names do not. */
const isZone = (location: string) => /-[a-z]$/.test(location);

/** The cluster the pool belongs to: through the inputs wired from it, else by name. */
function clusterOf(pool: CheckedResource, stack: StackView): CheckedResource | undefined {
    const wired = ["cluster", "location"].flatMap((input) => pool.propertyDependencies[input] ?? [])
        .map((urn) => stack.byUrn(urn))
        .find((r) => r?.type === CLUSTER);
    const name = known(valueAt(pool.props, "cluster"));
    return wired ?? stack.ofType(CLUSTER).find((c) => name !== undefined && valueAt(c.props, "name") === name);
}

/**
 * Where the pool's nodes run: a pool without nodeLocations runs in its cluster's node zones, and
 * a regional location without any nodeLocations over three of the region's zones (GKE's default).
 * Undefined while the location is not known.
 */
function placement(pool: CheckedResource, cluster: CheckedResource | undefined): { zones: number; where: string } | undefined {
    const listed = [valueAt(pool.props, "nodeLocations"), valueAt(cluster?.props, "nodeLocations")].map(zonesIn).find((zones) => zones.length > 0);
    if (listed) {
        return { zones: listed.length, where: listed.join(", ") };
    }
    const location = known(valueAt(pool.props, "location")) ?? known(valueAt(cluster?.props, "location"));
    if (location === undefined) {
        return undefined;
    }
    return { zones: isZone(location) ? 1 : 3, where: location };
}

export const rule = defineRule({
    id: "gcp-gke-node-pool-multi-zone",
    description: "Every GKE node pool spreads its nodes over at least two zones (a regional cluster, or nodeLocations with two or more zones), so a zone outage leaves nodes running.",
    severity: "medium",
    cloud: "gcp",
    references: {},
    remediation: "Outside dev anycloud builds a regional cluster whose pools span the network's zones (anycloud:network.zones, at least 2); in dev set anycloud:gcp.clusterLocation: regional to have the same. A fork must not pin a pool to one zone.",
    resourceTypes: ["gcp:container/nodePool:NodePool"],
    check(resource, stack) {
        const cluster = clusterOf(resource, stack);
        const nodes = placement(resource, cluster);
        if (nodes === undefined) {
            return notApplicable("the pool's location comes from its cluster and is not known here");
        }
        if (nodes.zones >= 2) {
            return PASS;
        }
        const environment = known(valueAt(resource.props, "nodeConfig.resourceLabels.environment")) ?? known(valueAt(cluster?.props, "resourceLabels.environment"));
        if (environment === "dev") {
            return exception(
                "dev runs a zonal GKE cluster by default (anycloud:gcp.clusterLocation): its pools sit in one zone, since a regional pool starts its minimum in every zone and GKE's free-tier credit covers a zonal cluster's fee; dev accepts a zone outage, staging and prod are regional (validation refuses zonal there)",
                [],
            );
        }
        return fail(`the pool's nodes run in one zone only (${nodes.where}): a zone outage stops every node of the pool`);
    },
});
