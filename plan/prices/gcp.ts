import { ANY_REGION, PriceRow } from "./types";

/**
 * GCP list prices. Compute, disks, addresses and internet egress per region from one
 * generated table; Cloud KMS and Secret Manager are quoted without a regional qualifier; Cloud SQL
 * and load balancing figures exist for us-central1 only.
 */
const gcp = (region: string, item: string, unit: string, usd: number, source: string, note?: string): PriceRow =>
    ({ cloud: "gcp", region, item, unit, usd, source, ...(note ? { note } : {}) });

/** On-demand USD per hour ("hour" in the table; its "month" figures include sustained-use discounts). */
const MACHINE_HOURLY: Record<string, Record<string, number>> = {
    "europe-west3": { "e2-micro": 0.010791945, "e2-small": 0.02158389, "e2-medium": 0.04316778, "e2-standard-2": 0.08633556, "n2-standard-2": 0.125124, "n2-standard-4": 0.250248, "n2-standard-8": 0.500496 },
    "europe-west1": { "e2-micro": 0.0092144325, "e2-small": 0.018428865, "e2-medium": 0.03685773, "e2-standard-2": 0.07371546, "n2-standard-2": 0.106834, "n2-standard-4": 0.213668, "n2-standard-8": 0.427336 },
    "europe-west4": { "e2-micro": 0.009221505, "e2-small": 0.01844301, "e2-medium": 0.03688602, "e2-standard-2": 0.07377204, "n2-standard-2": 0.106916, "n2-standard-4": 0.213832, "n2-standard-8": 0.427664 },
    "europe-north1": { "e2-micro": 0.009222195, "e2-small": 0.01844439, "e2-medium": 0.03688878, "e2-standard-2": 0.07377756, "n2-standard-2": 0.106924, "n2-standard-4": 0.213848, "n2-standard-8": 0.427696 },
    "us-central1": { "e2-micro": 0.0083764275, "e2-small": 0.016752855, "e2-medium": 0.03350571, "e2-standard-2": 0.06701142, "n2-standard-2": 0.097118, "n2-standard-4": 0.194236, "n2-standard-8": 0.388472 },
};

/** USD per GB-month of persistent disk, and per hour of an external IPv4 address unused (reserved) or in use. */
const REGIONAL: Record<string, { "pd-balanced": number; "pd-ssd": number; "pd-standard": number; ipUnused: number }> = {
    "europe-west3": { "pd-balanced": 0.12, "pd-ssd": 0.204, "pd-standard": 0.048, ipUnused: 0.012 },
    "europe-west1": { "pd-balanced": 0.1, "pd-ssd": 0.17, "pd-standard": 0.04, ipUnused: 0.01 },
    "europe-west4": { "pd-balanced": 0.11, "pd-ssd": 0.187, "pd-standard": 0.044, ipUnused: 0.011 },
    "europe-north1": { "pd-balanced": 0.11, "pd-ssd": 0.187, "pd-standard": 0.044, ipUnused: 0.011 },
    "us-central1": { "pd-balanced": 0.1, "pd-ssd": 0.17, "pd-standard": 0.04, ipUnused: 0.01 },
};

const table = "gcp-cyclenerd-prices";

const regionalRows = Object.entries(REGIONAL).flatMap(([region, p]) => [
    ...Object.entries(MACHINE_HOURLY[region]).map(([type, usd]) => gcp(region, `gce.instance.${type}`, "instance-hour", usd, table)),
    gcp(region, "pd.pd-balanced", "GB-month", p["pd-balanced"], table),
    gcp(region, "pd.pd-ssd", "GB-month", p["pd-ssd"], table),
    gcp(region, "pd.pd-standard", "GB-month", p["pd-standard"], table),
    gcp(region, "gce.externalIp", "IP-hour", 0.005, table, "external IPv4 in use by a VM or Cloud NAT"),
    gcp(region, "gce.externalIp.unused", "IP-hour", p.ipUnused, table, "static external IPv4 reserved but not in use"),
    gcp(region, "network.internetEgress", "GiB", 0.12, table, "premium tier to the internet (not China or Australia), first 1 TiB a month"),
]);

export const GCP_PRICES: PriceRow[] = [
    gcp(ANY_REGION, "gke.cluster", "cluster-hour", 0.1, "gcp-gke-pricing", "the billing account's monthly free-tier credit ($74.40) covers one zonal cluster; not subtracted here"),
    ...regionalRows,
    gcp(ANY_REGION, "cloudNat.vm", "VM-hour", 0.0014, "gcp-nat-pricing", "per VM using the gateway, up to 32 VMs"),
    gcp(ANY_REGION, "cloudNat.gateway", "gateway-hour", 0.044, "gcp-nat-pricing", "flat rate once more than 32 VMs use the gateway"),
    gcp(ANY_REGION, "cloudNat.data", "GiB", 0.045, "gcp-nat-pricing"),
    gcp("us-central1", "cloudsql.vcpu.zonal", "vCPU-hour", 0.0413, "infracost-gcp-sql", "Enterprise edition; derived: 30.15 USD / 730 h"),
    gcp("us-central1", "cloudsql.memory.zonal", "GB-hour", 0.007, "infracost-gcp-sql", "Enterprise edition; derived: 19.16 USD / (3.75 GB x 730 h)"),
    gcp("us-central1", "cloudsql.storage.ssd.zonal", "GB-month", 0.17, "infracost-gcp-sql"),
    gcp("us-central1", "cloudsql.vcpu.regional", "vCPU-hour", 0.0826, "infracost-gcp-sql", "high availability (regional): twice the zonal price"),
    gcp("us-central1", "cloudsql.memory.regional", "GB-hour", 0.014, "infracost-gcp-sql", "high availability (regional): twice the zonal price"),
    gcp("us-central1", "cloudsql.storage.ssd.regional", "GB-month", 0.34, "infracost-gcp-sql", "high availability (regional): twice the zonal price"),
    gcp("us-central1", "kms.keyVersion", "key-version-month", 0.06, "infracost-gcp-kms", "software key, per active key version"),
    gcp("us-central1", "secretManager.version", "version-month", 0.06, "infracost-gcp-secrets", "per active secret version"),
    gcp(ANY_REGION, "kms.keyVersion", "key-version-month", 0.06, "gcp-kms-pricing", "SOFTWARE protection level, per active key version"),
    gcp(ANY_REGION, "secretManager.version", "version-month", 0.06, "gcp-secret-manager-pricing", "per active secret version and location (an automatic replication policy bills as one location)"),
    gcp(ANY_REGION, "logging.ingestion", "GiB", 0.5, "gcp-observability-pricing", "first 50 GiB per project and month free"),
    gcp("us-central1", "lb.forwardingRule", "rule-hour", 0.01, "infracost-gcp-forwarding-rule", "medium confidence: the 'Additional' forwarding rule SKU"),
    gcp("us-central1", "lb.data", "GB", 0.008, "infracost-gcp-forwarding-rule", "load balancer data processing (ingress)"),
];
