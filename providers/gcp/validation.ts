import { failed, missing, Parsed } from "../../components/parsed";
import type { AddProblem, CloudRules } from "../rules";
import { gcpIngressRules } from "./ingress-validation";
import { customTierProblem, DATABASE_TIERS, editionOfTier } from "./sizes";
import { locationMode, zonesOf } from "./zones";
import { REGIONS } from "../../components/regions";
import { parseCidr } from "../../components/cidr";
import { MAX_SERVICES_PREFIX_SIZE, nodeCapacity } from "./network-ranges";

/** Series whose machines attach Hyperdisk only (Compute Engine docs, "Machine series"): no pd-balanced boot disk. */
const HYPERDISK_ONLY_SERIES = /^(n4|n4d|c4|c4a|c4d|x4|z3|a4|a3-ultra)-/;

/** The data tier's slot 0 (layoutSubnets) is a /24 from a /19 network up. */
const MAX_NETWORK_PREFIX_ON_GCP = 19;

/** GCP takes at most 64 labels on a resource (Resource Manager docs, "Requirements for labels"). */
export const GCP_MAX_LABELS = 64;

/** The most labels one resource of the platform carries besides the user's: the taxonomy's six and a node pool's `pool`. */
export const GCP_LABELS_BESIDES_USERS = 7;

/**
 * GCP label keys: 1-63 lowercase letters (international ones too), digits, `_` and `-`, starting
 * with a lowercase letter; values: 0-63 of the same; either at most 128 bytes of UTF-8.
 */
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const LABEL_MAX_BYTES = 128;

/** What GCP would refuse at deploy time, or what would deploy and not work, caught before anything is registered. */
export const gcpRules: CloudRules = (args, add) => {
    gcpIngressRules(args, add);
    const { network, cluster, database, gcp, region, environment } = args;

    // A gcp block (or a project id in it) that failed its schema has been reported already.
    if (missing(gcp, "project") && args.billing?.accountPerProject === false) {
        add(["gcp", "project"], undefined, "is required when cloud is gcp: the project to deploy into (gcloud config get-value project), unless billing.accountPerProject creates one");
    }
    if (network?.zones !== undefined && region && REGIONS.gcp.includes(region) && network.zones > zonesOf(region).length) {
        add(["network", "zones"], network.zones, `is more than ${region} has (${zonesOf(region).join(", ")})`);
    }
    if (network?.natGateways === "none") {
        add(["network", "natGateways"], network.natGateways, "is not supported on GCP: private nodes reach Google APIs through Private Google Access but images from other registries only through Cloud NAT; use single or perZone (both give one regional Cloud NAT; perZone reserves more addresses)");
    }
    if (gcp?.clusterLocation === "zonal" && environment !== undefined && environment !== "dev") {
        add(["gcp", "clusterLocation"], gcp.clusterLocation, `is for dev only: a zonal cluster has one control-plane replica and no zone redundancy; ${environment} needs regional`);
    }
    const range = network?.cidr === undefined ? undefined : parseCidr(network.cidr);
    if (range !== undefined && typeof range !== "string" && range.prefix > MAX_NETWORK_PREFIX_ON_GCP) {
        add(["network", "cidr"], network!.cidr, `is too small on GCP: Cloud SQL's Private Service Access range needs a /24, which the data tier of a /${MAX_NETWORK_PREFIX_ON_GCP} or larger provides (e.g. 10.0.0.0/16)`);
    }
    const pools = cluster?.nodePools;
    // Only when every pool's max is known: the sum is over all of them.
    if (pools && pools.every((pool) => pool?.max !== undefined) && range !== undefined && typeof range !== "string" && range.prefix <= MAX_NETWORK_PREFIX_ON_GCP) {
        // Each node takes a slice of the pods range; past it the autoscaler stalls without an error.
        const capacity = nodeCapacity(network!.cidr!);
        const needed = pools.reduce((sum, pool) => sum + pool!.max! + 1, 0);
        if (needed > capacity) {
            add(["cluster", "nodePools"], pools.map((p) => `${p?.name}: max ${p?.max}`), `need up to ${needed} nodes (every max plus one surge node per pool), but the pods range of network.cidr ${network!.cidr} holds ${capacity} nodes at 110 pods each; use a larger network.cidr or lower the maxima`);
        }
    }
    if (cluster?.serviceCidr !== undefined) {
        const services = parseCidr(cluster.serviceCidr);
        if (typeof services !== "string" && services.prefix < MAX_SERVICES_PREFIX_SIZE) {
            add(["cluster", "serviceCidr"], cluster.serviceCidr, `is larger than GKE takes for Services (a /${MAX_SERVICES_PREFIX_SIZE} or smaller, e.g. 172.20.0.0/16)`);
        }
    }
    // A regional pool starts with the same node count in every zone; a min that no equal spread
    // reaches within max cannot be created (the adapter would fail at deploy time).
    // Unknown when the location or the zone count failed its schema.
    const mode = failed(gcp, "clusterLocation") || failed(args, "environment") ? undefined : locationMode({ environment, gcp });
    const poolZones = mode === "zonal" ? 1 : mode === "regional" ? (network ? network.zones : 1) : undefined;
    pools?.forEach((pool, i) => {
        if (pool === undefined) {
            return;
        }
        const spread = poolZones === undefined || pool.min === undefined ? undefined : Math.ceil(pool.min / poolZones) * poolZones;
        if (spread !== undefined && pool.max !== undefined && spread > pool.max) {
            add(["cluster", "nodePools", i, "max"], pool.max, `is below ${spread}: a regional GKE pool starts with the same count in each of its ${poolZones} zones, so min ${pool.min} becomes ${spread}; raise max or make min a multiple of ${poolZones}`);
        }
        if (pool.instanceType !== undefined && !/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(pool.instanceType)) {
            add(["cluster", "nodePools", i, "instanceType"], pool.instanceType, "is not a GCP machine type (e.g. n2-standard-4, e2-standard-2)");
        } else if (pool.instanceType !== undefined && HYPERDISK_ONLY_SERIES.test(pool.instanceType)) {
            add(["cluster", "nodePools", i, "instanceType"], pool.instanceType, "is a machine series that takes Hyperdisk only, and nodes use pd-balanced disks; use n2, n2d, e2, c3 or t2d");
        }
        (pool.taints ?? []).forEach((taint, j) => {
            if (taint && missing(taint, "value")) {
                add(["cluster", "nodePools", i, "taints", j, "value"], taint.value, "is required on GCP: GKE takes taints as key=value:effect");
            }
        });
    });
    if (args.tags) {
        gcpLabelProblems(args.tags, add);
    }
    if (database?.enabled) {
        const edition = gcp?.databaseEdition;
        if (database.instanceClass !== undefined) {
            const tierEdition = editionOfTier(database.instanceClass);
            if (tierEdition === undefined) {
                add(["database", "instanceClass"], database.instanceClass, "is not a Cloud SQL tier (db-custom-<vCPU>-<MiB> for Enterprise, db-perf-optimized-N-<vCPU> for Enterprise Plus)");
            } else if (customTierProblem(database.instanceClass)) {
                add(["database", "instanceClass"], database.instanceClass, customTierProblem(database.instanceClass)!);
            } else if (edition !== undefined && tierEdition !== edition) {
                add(["database", "instanceClass"], database.instanceClass, `is a tier of the ${tierEdition} edition, but gcp.databaseEdition is ${edition}; e.g. ${DATABASE_TIERS[edition].large}`);
            }
        }
    }
};

/**
 * GCP's label rules on `anycloud:tags`. A user's tag is refused, not rewritten: a silently
 * lowercased or shortened key would put the cost under a label nobody asked for.
 */
function gcpLabelProblems(tags: Parsed<Record<string, string>>, add: AddProblem): void {
    for (const [key, value = ""] of Object.entries(tags)) {
        const broken = [
            ...(LABEL_KEY.test(key) ? [] : ["its key must be 1-63 lowercase letters, digits, _ or -, starting with a lowercase letter"]),
            ...(LABEL_VALUE.test(value) ? [] : ["its value must be 0-63 lowercase letters, digits, _ or -"]),
            ...(Buffer.byteLength(key) > LABEL_MAX_BYTES || Buffer.byteLength(value) > LABEL_MAX_BYTES ? [`a key or value takes at most ${LABEL_MAX_BYTES} bytes`] : []),
        ];
        if (broken.length > 0) {
            add(["tags", key], value, `is not a valid GCP label (anycloud does not rewrite your tags): ${broken.join("; ")}; international letters count as letters`);
        }
    }
    const room = GCP_MAX_LABELS - GCP_LABELS_BESIDES_USERS;
    if (Object.keys(tags).length > room) {
        add(["tags"], Object.keys(tags), `has ${Object.keys(tags).length} tags; GCP takes ${GCP_MAX_LABELS} labels on a resource and anycloud puts up to ${GCP_LABELS_BESIDES_USERS} of its own on one, so at most ${room} are yours`);
    }
}
