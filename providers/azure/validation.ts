import { Ipv4Range, overlaps, parseCidr } from "../../components/cidr";
import { REGIONS } from "../../components/regions";
import { failed, missing, Parsed } from "../../components/parsed";
import type { DatabaseSettings } from "../../components/types";
import type { AddProblem, CloudRules } from "../rules";
import { azureIngressRules } from "./ingress-validation";
import { DATABASE_STORAGE_SIZES_GB, databaseSku } from "./sizes";

/**
 * Regions with availability zones (three each), where AKS spreads pools over zones 1-3 and
 * PostgreSQL offers zone-redundant HA. Kept by hand (the SDK publishes no list): Azure docs,
 * "Azure regions with availability zone support".
 */
export const AZURE_ZONE_REGIONS = [
    "australiaeast", "austriaeast", "belgiumcentral", "brazilsouth", "canadacentral", "centralindia", "centralus",
    "chilecentral", "eastasia", "eastus", "eastus2", "francecentral", "germanywestcentral", "indonesiacentral",
    "israelcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "malaysiawest", "mexicocentral",
    "newzealandnorth", "northeurope", "norwayeast", "polandcentral", "qatarcentral", "southafricanorth",
    "southcentralus", "southeastasia", "spaincentral", "swedencentral", "switzerlandnorth", "uaenorth", "uksouth",
    "westeurope", "westus2", "westus3",
];

/**
 * Regions without a paired region, where Flexible Server offers no geo-redundant backup
 * (Azure PostgreSQL docs, regions table, 2026).
 */
export const AZURE_UNPAIRED_REGIONS = [
    "austriaeast", "belgiumcentral", "brazilsouth", "chilecentral", "indonesiacentral", "israelcentral", "italynorth",
    "malaysiawest", "mexicocentral", "newzealandnorth", "polandcentral", "qatarcentral", "spaincentral", "westus3",
];

/** Azure takes at most 50 tags on a resource (Azure docs, "Use tags to organize your Azure resources", Limitations). */
export const AZURE_MAX_TAGS = 50;

/** Private DNS zones take at most 15 tags (same Limitations list); the database's zone is one. */
export const AZURE_PRIVATE_DNS_MAX_TAGS = 15;

/**
 * The most tags one resource of the platform carries besides the user's: the taxonomy's six and
 * a subnet security group's `tier` (tests/providers/azure/tags.test.ts checks it against the plan).
 * AKS adds its own aks-managed-* tags to the node resource group's resources; only a real
 * subscription shows whether they count.
 */
export const AZURE_TAGS_BESIDES_USERS = 7;

/** Characters Azure refuses in tag names (same Limitations list). */
const AZURE_FORBIDDEN_IN_TAG_NAMES = /[<>%&\\?/]/;

/** What Azure would refuse at deploy time, or what would deploy and not work, caught before anything is registered. */
export const azureRules: CloudRules = (args, add) => {
    azureIngressRules(args, add);
    const { network, cluster, database, azure, region } = args;

    // An azure block (or an id in it) that failed its schema has been reported already.
    if (missing(azure, "subscriptionId") && args.billing?.accountPerProject === false) {
        add(["azure", "subscriptionId"], undefined, "is required when cloud is azure: the subscription to deploy into (az account show --query id), unless billing.accountPerProject creates one");
    }
    if (azure && missing(azure, "tenantId")) {
        add(["azure", "tenantId"], azure.tenantId, "is required when cloud is azure: the Entra ID tenant (az account show --query tenantId)");
    }
    // A region of another cloud, or none at all, is the cloud-agnostic rule's to report.
    if (region && REGIONS.azure.includes(region) && !AZURE_ZONE_REGIONS.includes(region)) {
        add(["region"], region, `has no availability zones, and the platform spreads over at least two; use a region with zones, e.g. ${AZURE_ZONE_REGIONS.slice(0, 6).join(", ")}, ...`);
    }
    if (network?.natGateways === "none") {
        add(["network", "natGateways"], network.natGateways, "is not supported on Azure: the nodes reach the internet (images, Azure APIs) only through the NAT gateway (AKS outbound type userAssignedNATGateway); use single or perZone (both give one NAT gateway: an Azure subnet takes one)");
    }
    if (azure?.podCidr !== undefined) {
        const pods = parseCidr(azure.podCidr) as Ipv4Range;
        for (const [key, text] of [["network.cidr", network?.cidr], ["cluster.serviceCidr", cluster?.serviceCidr]] as const) {
            const other = text === undefined ? undefined : parseCidr(text);
            if (other !== undefined && typeof pods !== "string" && typeof other !== "string" && overlaps(pods, other)) {
                add(["azure", "podCidr"], azure.podCidr, `overlaps ${key} ${text}; the overlay's pod addresses must not collide with nodes, databases or Services`);
            }
        }
    }
    cluster?.nodePools?.forEach((pool, i) => {
        (pool?.taints ?? []).forEach((taint, j) => {
            if (taint && missing(taint, "value")) {
                add(["cluster", "nodePools", i, "taints", j, "value"], taint.value, "is required on Azure: AKS takes taints as key=value:Effect");
            }
        });
        if (pool?.instanceType !== undefined && !/^Standard_[A-Za-z0-9_]+$/.test(pool.instanceType)) {
            add(["cluster", "nodePools", i, "instanceType"], pool.instanceType, "is not an Azure VM size (expected Standard_<series>, e.g. Standard_D4s_v5)");
        }
    });
    if (args.tags) {
        azureTagProblems(args.tags, database?.enabled ?? false, add);
    }
    if (database?.enabled) {
        const sku = skuOf(database);
        if (database.highAvailability && sku?.tier === "Burstable") {
            add(["database", "highAvailability"], database.highAvailability, `is not available on Burstable servers (${sku.name}); use database.size medium or larger, or turn highAvailability off`);
        }
        if (database.replicas !== undefined && database.replicas > 0 && sku?.tier === "Burstable") {
            add(["database", "replicas"], database.replicas, `are not available on Burstable servers (${sku.name}, database.size ${database.size}: the dev and staging default); set database.size to medium or larger, or database.replicas to 0`);
        }
        if (args.environment === "prod" && region && REGIONS.azure.includes(region) && AZURE_UNPAIRED_REGIONS.includes(region)) {
            add(["region"], region, "has no paired region, so PostgreSQL cannot keep the geo-redundant backups prod uses; choose a paired region (e.g. westeurope, northeurope, swedencentral, germanywestcentral)");
        }
        if (database.storageGb !== undefined && !DATABASE_STORAGE_SIZES_GB.includes(database.storageGb)) {
            add(["database", "storageGb"], database.storageGb, `is not a Flexible Server storage size; use one of ${DATABASE_STORAGE_SIZES_GB.join(", ")} GiB`);
        }
        if (database.instanceClass !== undefined && !/^Standard_[A-Za-z0-9_]+$/.test(database.instanceClass)) {
            add(["database", "instanceClass"], database.instanceClass, "is not a Flexible Server compute size (expected Standard_<size>, e.g. Standard_D4ds_v5)");
        }
    }
};

/** The database's compute: its instanceClass, else its size's; unknown when the one that decides failed its schema. */
function skuOf(database: Parsed<DatabaseSettings>): ReturnType<typeof databaseSku> | undefined {
    if (failed(database, "instanceClass")) {
        return undefined;
    }
    if (database.instanceClass !== undefined) {
        return databaseSku("small", database.instanceClass); // the size plays no part beside an instanceClass
    }
    return database.size === undefined ? undefined : databaseSku(database.size);
}

/** Azure's tag rules on `anycloud:tags`; lengths (names 1-128 as storage accounts take, values 0-256) are the schema's. */
function azureTagProblems(tags: Parsed<Record<string, string>>, withPrivateDns: boolean, add: AddProblem): void {
    const names = Object.keys(tags);
    names.forEach((name, i) => {
        const forbidden = [...new Set(name.match(new RegExp(AZURE_FORBIDDEN_IN_TAG_NAMES, "g")) ?? [])];
        if (forbidden.length > 0) {
            add(["tags", name], tags[name], `is not a valid Azure tag: its name has ${forbidden.join(" ")}, which Azure refuses in tag names (< > % & \\ ? /)`);
        }
        const earlier = names.slice(0, i).find((other) => other.toLowerCase() === name.toLowerCase());
        if (earlier !== undefined) {
            add(["tags", name], tags[name], `is the same Azure tag as "${earlier}": Azure tag names ignore case, so one would overwrite the other; keep one`);
        }
    });
    const limit = withPrivateDns ? AZURE_PRIVATE_DNS_MAX_TAGS : AZURE_MAX_TAGS;
    const room = limit - AZURE_TAGS_BESIDES_USERS;
    if (names.length > room) {
        const why = withPrivateDns ? `the database's Private DNS zone takes ${limit} tags` : `Azure takes ${limit} tags on a resource`;
        add(["tags"], names, `has ${names.length} tags; ${why} and anycloud puts up to ${AZURE_TAGS_BESIDES_USERS} of its own on one, so at most ${room} are yours`);
    }
}
