import { ANY_REGION, PriceRow } from "./types";

/**
 * Azure list prices. VM sizes and managed disks come from generated tables for every region
 * listed; the other managed services (PostgreSQL, NAT, IPs, Log Analytics, DNS, egress) have
 * sourced figures only in some regions, and every other region leaves those lines unpriced.
 */
const azure = (region: string, item: string, unit: string, usd: number, source: string, note?: string): PriceRow =>
    ({ cloud: "azure", region, item, unit, usd, source, ...(note ? { note } : {}) });

/** Linux pay-as-you-go USD per hour, from the Azure Karpenter provider's table generated 2026-06-18. */
const VM_HOURLY: Record<string, Record<string, number>> = {
    westeurope: { B1s: 0.012, B1ms: 0.024, B2s: 0.048, B2ms: 0.096, D2s_v5: 0.115, D4s_v5: 0.23, D8s_v5: 0.46 },
    germanywestcentral: { B1s: 0.012, B1ms: 0.024, B2s: 0.048, B2ms: 0.096, D2s_v5: 0.115, D4s_v5: 0.23, D8s_v5: 0.46 },
    swedencentral: { B1s: 0.0108, B1ms: 0.0216, B2s: 0.0432, B2ms: 0.0864, D2s_v5: 0.102, D4s_v5: 0.204, D8s_v5: 0.408 },
    northeurope: { B1s: 0.0113, B1ms: 0.0227, B2s: 0.045, B2ms: 0.091, D2s_v5: 0.107, D4s_v5: 0.214, D8s_v5: 0.428 },
    eastus: { B1s: 0.0104, B1ms: 0.0207, B2s: 0.0416, B2ms: 0.0832, D2s_v5: 0.096, D4s_v5: 0.192, D8s_v5: 0.384 },
};

/**
 * Managed disks, USD per disk-month (LRS), from Flexera's Azure Retail Prices extract of 2026-07-12.
 * westeurope P4 and E4 come from an Infracost fixture below instead (one row per item and region).
 */
const DISK_MONTHLY: Record<string, Record<string, number>> = {
    westeurope: { "premium.P3": 3.12, "premium.P10": 21.68, "standardSsd.E10": 9.6 },
    swedencentral: { "premium.P3": 3.12, "premium.P4": 5.8072, "premium.P10": 21.68, "standardSsd.E4": 2.4, "standardSsd.E10": 9.6 },
    germanywestcentral: { "premium.P3": 3.12, "premium.P4": 5.807, "premium.P10": 21.68, "standardSsd.E4": 2.4, "standardSsd.E10": 9.6 },
};
const diskSize: Record<string, string> = { P3: "16 GiB", P4: "32 GiB", P10: "128 GiB", E4: "32 GiB", E10: "128 GiB" };

const diskRows = Object.entries(DISK_MONTHLY).flatMap(([region, tiers]) =>
    Object.entries(tiers).map(([tier, usd]) => {
        const [kind, size] = tier.split(".");
        return azure(region, `disk.${tier}`, "disk-month", usd, "flexera-azure-disk-prices", `${kind === "premium" ? "Premium SSD" : "Standard SSD"} LRS, ${diskSize[size]}`);
    }));

const vmRows = Object.entries(VM_HOURLY).flatMap(([region, sizes]) =>
    Object.entries(sizes).map(([size, usd]) => azure(region, `vm.Standard_${size}`, "instance-hour", usd, "azure-karpenter-prices")));

export const AZURE_PRICES: PriceRow[] = [
    azure(ANY_REGION, "aks.cluster.free", "cluster-hour", 0, "azure-aks-sku-tier"),
    azure(ANY_REGION, "aks.cluster.standard", "cluster-hour", 0.1, "azure-aks-uptime-sla", "the Uptime SLA add-on is today's Standard tier; infracost-azure-aks shows $0.10 in eastus too"),
    ...vmRows,
    azure("westeurope", "natGateway", "gateway-hour", 0.045, "infracost-azure-nat"),
    azure("westeurope", "natGateway.data", "GB", 0.045, "infracost-azure-nat"),
    azure("westeurope", "publicIp.standardStatic", "IP-hour", 0.005, "infracost-azure-nat", "Standard static regional public IP"),
    azure("eastus", "publicIp.standardStatic", "IP-hour", 0.005, "infracost-azure-public-ip", "Standard static regional public IP"),
    azure("eastus", "disk.premium.P4", "disk-month", 5.28, "infracost-azure-disk", "Premium SSD LRS, 32 GiB"),
    azure("westeurope", "disk.premium.P4", "disk-month", 5.81, "infracost-azure-image", "Premium SSD LRS, 32 GiB"),
    azure("eastus", "disk.premium.P10", "disk-month", 19.71, "infracost-azure-aks", "Premium SSD LRS, 128 GiB"),
    azure("eastus", "disk.standardSsd.E4", "disk-month", 2.4, "infracost-azure-vm", "Standard SSD LRS, 32 GiB"),
    azure("westeurope", "disk.standardSsd.E4", "disk-month", 2.4, "infracost-azure-image", "Standard SSD LRS, 32 GiB"),
    azure("eastus", "disk.standardSsd.E30", "disk-month", 76.8, "infracost-azure-disk", "Standard SSD LRS, 1 TiB"),
    ...diskRows,
    azure("eastus", "postgres.flexible.Standard_B1ms", "instance-hour", 0.017, "infracost-azure-postgres", "derived: 12.41 USD / 730 h"),
    azure("eastus", "postgres.flexible.storage", "GB-month", 0.12, "infracost-azure-postgres", "medium confidence: the fixture shows usage prices rounded to two significant figures"),
    azure("eastus", "loadBalancer.data", "GB", 0.005, "infracost-azure-lb", "Standard Load Balancer data processed"),
    azure("westeurope", "logAnalytics.ingestion", "GB", 2.99, "infracost-azure-log-analytics", "Analytics Logs, pay-as-you-go (PerGB2018); derived: 59.80 USD / 20 GB"),
    azure("westeurope", "privateDns.zone", "zone-month", 0.5, "infracost-azure-private-dns-record", "hosted zone, first (most expensive) price tier"),
    azure("germanywestcentral", "privateDns.zone", "zone-month", 0.54, "infracost-azure-private-dns-zone", "hosted zone, first (most expensive) price tier ('DE Zone 1' meter)"),
];
