import { fitName } from "./network-names";
import { refuseChangedCreationSettings } from "../../components/creation-settings";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { locationMode, zonesOf } from "./zones";

export { locationMode } from "./zones";

/** GKE cluster and node pool names: 1-40 lowercase letters, digits and hyphens, starting with a letter (GKE API, Cluster.name). */
export const GKE_NAME_MAX = 40;

export const clusterName = (context: PlatformContext) => fitName(`gke-${context.namePrefix}`, GKE_NAME_MAX);

/**
 * The cluster's location: the region (three control-plane replicas, nodes in the network's zones)
 * or the region's first zone (one replica, nodes in that zone only). The network's zones are
 * the region's first `network.zones` zones (zonesOf), so the first zone is always one of them.
 */
export function clusterLocation(context: PlatformContext): string {
    return locationMode(context) === "regional" ? context.region : zonesOf(context.region)[0];
}

/**
 * Settings a GKE cluster is created with that config can change but GKE cannot: the name and the
 * location (a zonal cluster never becomes regional; the provider would replace the cluster, and
 * everything running on it with it). The subnet ranges the cluster takes its pod and Service
 * addresses from (ipAllocationPolicy is create-time) are the network's, which refuses their change
 * the same way (network.ts). The settings are kept in the state at creation (a
 * Stash keeps its first value), and a later change is refused with the key that changed, before
 * anything is touched. API access is not among them: a cluster created without a control-plane
 * range uses Private Service Connect, whose private endpoint can be turned on and off in place.
 * providers/gcp/replacement-inputs.ts lists them all.
 */
export function checkCreationSettings(name: string, settings: Record<string, string>, parent: pulumi.Resource): pulumi.Output<void> {
    return refuseChangedCreationSettings(name, settings, { subject: "the GKE cluster", consequence: "rebuilding the cluster", rebuildDoc: "docs/gcp.md" }, { parent });
}
