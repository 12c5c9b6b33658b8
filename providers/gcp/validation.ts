import type { CloudRules } from "../rules";
import { customTierProblem, DATABASE_TIERS, editionOfTier } from "./sizes";
import { locationMode, zonesOf } from "./zones";
import { REGIONS } from "../../components/regions";
import { parseCidr } from "../../components/cidr";
import { MAX_SERVICES_PREFIX_SIZE, nodeCapacity } from "./network-ranges";

/** Series whose machines attach Hyperdisk only (Compute Engine docs, "Machine series"): no pd-balanced boot disk. */
const HYPERDISK_ONLY_SERIES = /^(n4|n4d|c4|c4a|c4d|x4|z3|a4|a3-ultra)-/;

/** The data tier's slot 0 (layoutSubnets) is a /24 from a /19 network up. */
const MAX_NETWORK_PREFIX_ON_GCP = 19;

/** What GCP would refuse at deploy time, or what would deploy and not work, caught before anything is registered. */
export const gcpRules: CloudRules = (args, add) => {
    const { network, cluster, database, gcp, region, environment } = args;

    // A gcp block that failed its schema has been reported already.
    if (gcp && !gcp.project) {
        add(["gcp", "project"], gcp.project, "is required when cloud is gcp: the project to deploy into (gcloud config get-value project)");
    }
    if (network && region && REGIONS.gcp.includes(region) && network.zones > zonesOf(region).length) {
        add(["network", "zones"], network.zones, `is more than ${region} has (${zonesOf(region).join(", ")})`);
    }
    if (network?.natGateways === "none") {
        add(["network", "natGateways"], network.natGateways, "is not supported on GCP: private nodes reach Google APIs through Private Google Access but images from other registries only through Cloud NAT; use single or perZone (both give one regional Cloud NAT; perZone reserves more addresses)");
    }
    if (gcp?.clusterLocation === "zonal" && environment !== undefined && environment !== "dev") {
        add(["gcp", "clusterLocation"], gcp.clusterLocation, `is for dev only: a zonal cluster has one control-plane replica and no zone redundancy; ${environment} needs regional`);
    }
    if (network) {
        const range = parseCidr(network.cidr);
        if (typeof range !== "string" && range.prefix > MAX_NETWORK_PREFIX_ON_GCP) {
            add(["network", "cidr"], network.cidr, `is too small on GCP: Cloud SQL's Private Service Access range needs a /24, which the data tier of a /${MAX_NETWORK_PREFIX_ON_GCP} or larger provides (e.g. 10.0.0.0/16)`);
        }
    }
    if (cluster && network && typeof parseCidr(network.cidr) !== "string" && (parseCidr(network.cidr) as { prefix: number }).prefix <= MAX_NETWORK_PREFIX_ON_GCP) {
        // Each node takes a slice of the pods range; past it the autoscaler stalls without an error.
        const capacity = nodeCapacity(network.cidr);
        const needed = cluster.nodePools.reduce((sum, pool) => sum + pool.max + 1, 0);
        if (needed > capacity) {
            add(["cluster", "nodePools"], cluster.nodePools.map((p) => `${p.name}: max ${p.max}`), `need up to ${needed} nodes (every max plus one surge node per pool), but the pods range of network.cidr ${network.cidr} holds ${capacity} nodes at 110 pods each; use a larger network.cidr or lower the maxima`);
        }
    }
    if (cluster) {
        const services = parseCidr(cluster.serviceCidr);
        if (typeof services !== "string" && services.prefix < MAX_SERVICES_PREFIX_SIZE) {
            add(["cluster", "serviceCidr"], cluster.serviceCidr, `is larger than GKE takes for Services (a /${MAX_SERVICES_PREFIX_SIZE} or smaller, e.g. 172.20.0.0/16)`);
        }
    }
    // A regional pool starts with the same node count in every zone; a min that no equal spread
    // reaches within max cannot be created (the adapter would fail at deploy time).
    const poolZones = locationMode({ environment, gcp }) === "zonal" ? 1 : network?.zones ?? 1;
    cluster?.nodePools.forEach((pool, i) => {
        const spread = Math.ceil(pool.min / poolZones) * poolZones;
        if (spread > pool.max) {
            add(["cluster", "nodePools", i, "max"], pool.max, `is below ${spread}: a regional GKE pool starts with the same count in each of its ${poolZones} zones, so min ${pool.min} becomes ${spread}; raise max or make min a multiple of ${poolZones}`);
        }
        if (pool.instanceType !== undefined && !/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(pool.instanceType)) {
            add(["cluster", "nodePools", i, "instanceType"], pool.instanceType, "is not a GCP machine type (e.g. n2-standard-4, e2-standard-2)");
        } else if (pool.instanceType !== undefined && HYPERDISK_ONLY_SERIES.test(pool.instanceType)) {
            add(["cluster", "nodePools", i, "instanceType"], pool.instanceType, "is a machine series that takes Hyperdisk only, and nodes use pd-balanced disks; use n2, n2d, e2, c3 or t2d");
        }
        (pool.taints ?? []).forEach((taint, j) => {
            if (!taint.value) {
                add(["cluster", "nodePools", i, "taints", j, "value"], taint.value, "is required on GCP: GKE takes taints as key=value:effect");
            }
        });
    });
    if (database?.enabled && gcp) {
        const edition = gcp.databaseEdition;
        if (database.instanceClass !== undefined) {
            const tierEdition = editionOfTier(database.instanceClass);
            if (tierEdition === undefined) {
                add(["database", "instanceClass"], database.instanceClass, "is not a Cloud SQL tier (db-custom-<vCPU>-<MiB> for Enterprise, db-perf-optimized-N-<vCPU> for Enterprise Plus)");
            } else if (customTierProblem(database.instanceClass)) {
                add(["database", "instanceClass"], database.instanceClass, customTierProblem(database.instanceClass)!);
            } else if (tierEdition !== edition) {
                add(["database", "instanceClass"], database.instanceClass, `is a tier of the ${tierEdition} edition, but gcp.databaseEdition is ${edition}; e.g. ${DATABASE_TIERS[edition].large}`);
            }
        }
    }
};
