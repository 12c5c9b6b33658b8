import { ResourceRecord } from "../recorder";
import { at, count, hoursOf, month, numberAt, ofType, textAt } from "./inputs";
import { CloudCostModel, LineDraft, RuleContext, RuleResult } from "./types";

/** Managed disk tiers (GiB): a disk is billed as the smallest tier that holds it. */
const DISK_TIERS: [number, string][] = [[4, "1"], [8, "2"], [16, "3"], [32, "4"], [64, "6"], [128, "10"], [256, "15"], [512, "20"], [1024, "30"], [2048, "40"], [4096, "50"]];

function diskItem(premium: boolean, sizeGb: number): string {
    const tier = DISK_TIERS.find(([size]) => sizeGb <= size)?.[1] ?? "60+";
    return premium ? `disk.premium.P${tier}` : `disk.standardSsd.E${tier}`;
}

/** vCPUs and feature letters of a VM size name ("Standard_D4s_v5" -> 4, "s"). */
function vmShape(size: string): { vcpus: number; features: string } | undefined {
    const match = /^Standard_[A-Z]+(\d+)([a-z]*)/.exec(size);
    return match ? { vcpus: Number(match[1]), features: match[2] } : undefined;
}

/**
 * Node OS disks as AKS makes them when the pool does not say: managed, sized by vCPUs (1-7: 128 GiB,
 * 8-15: 256, 16-63: 512, 64+: 1024; AKS storage concepts, "Default OS disk sizing"), unless the size
 * has a local temp disk that AKS may use for an ephemeral OS disk, which costs nothing extra.
 */
function nodeOsDisk(profile: unknown, vmSize: string, nodes: number, maxNodes: number, pool: string): LineDraft | string {
    if (textAt(profile, "osDiskType") === "Ephemeral") {
        return "";
    }
    const shape = vmShape(vmSize);
    const given = numberAt(profile, "osDiskSizeGB");
    if (!shape || (given === undefined && textAt(profile, "osDiskType") === undefined && shape.features.includes("d"))) {
        return `OS disks of pool ${pool}: AKS picks an ephemeral (free) or managed disk for ${vmSize}`;
    }
    const sizeGb = given ?? (shape.vcpus < 8 ? 128 : shape.vcpus < 16 ? 256 : shape.vcpus < 64 ? 512 : 1024);
    const premium = shape.features.includes("s");
    return {
        item: diskItem(premium, sizeGb), unit: "disk-month", description: `node OS disks (${premium ? "Premium" : "Standard"} SSD ${sizeGb} GiB${given === undefined ? ", AKS default size" : ""}), pool ${pool}`,
        factors: [count(nodes, "disk")], ceilingFactors: maxNodes > nodes ? [count(maxNodes, "disk")] : undefined,
    };
}

/** One AKS pool (an AgentPool resource or a profile inside the cluster): its VMs and OS disks. */
function pool(profile: unknown, fallbackName: string): RuleResult {
    // AKS pool names carry a suffix; anycloud's pool label keeps the configured name.
    const name = (at(profile, "nodeLabels") as Record<string, string> | undefined)?.["anycloud.io/pool"] ?? fallbackName;
    const vmSize = textAt(profile, "vmSize") ?? "(unknown size)";
    const nodes = numberAt(profile, "minCount") ?? numberAt(profile, "count") ?? 0;
    const max = numberAt(profile, "maxCount") ?? nodes;
    const lines: LineDraft[] = [{
        item: `vm.${vmSize}`, unit: "instance-hour", description: `${vmSize} nodes, pool ${name}`,
        factors: hoursOf(nodes, "node"), ceilingFactors: max > nodes ? hoursOf(max, "node") : undefined,
    }];
    const disk = nodeOsDisk(profile, vmSize, nodes, max, name);
    if (typeof disk !== "string") {
        lines.push(disk);
    }
    return { lines, notEstimated: typeof disk === "string" && disk !== "" ? [disk] : [] };
}

function managedCluster(record: ResourceRecord): RuleResult {
    const tier = textAt(record.inputs, "sku.tier") ?? "Free";
    const profiles = (at(record.inputs, "agentPoolProfiles") as unknown[] | undefined) ?? [];
    const pools = profiles.map((profile) => pool(profile, textAt(profile, "name") ?? "system"));
    return {
        lines: [
            { item: `aks.cluster.${tier.toLowerCase()}`, unit: "cluster-hour", description: `AKS control plane (${tier} tier)`, factors: hoursOf(1, "cluster") },
            ...pools.flatMap((p) => p.lines ?? []),
        ],
        notEstimated: pools.flatMap((p) => p.notEstimated ?? []),
    };
}

function postgresServer(record: ResourceRecord): RuleResult {
    const sku = textAt(record.inputs, "sku.name") ?? "(unknown SKU)";
    const haMode = textAt(record.inputs, "highAvailability.mode");
    // The standby has the primary's compute and storage (Azure's HA docs), so HA doubles both.
    const copies = haMode === "ZoneRedundant" || haMode === "SameZone" ? 2 : 1;
    const role = textAt(record.inputs, "createMode") === "Replica" ? "read replica" : "server";
    const ha = copies === 2 ? [count(2, "server (primary + standby)", "servers (primary + standby)")] : [count(1, "server")];
    return {
        lines: [
            { item: `postgres.flexible.${sku}`, unit: "instance-hour", description: `PostgreSQL Flexible ${role}, ${sku}`, factors: [...ha, month] },
            { item: "postgres.flexible.storage", unit: "GB-month", description: `PostgreSQL ${role} storage`, factors: [count(numberAt(record.inputs, "storage.storageSizeGB") ?? 32, "GB"), ...(copies === 2 ? ha : [])] },
        ],
        notEstimated: role === "server" ? ["backup storage beyond the server's own size (geo-redundant where enabled)"] : [],
    };
}

function shareOf(total: number, record: ResourceRecord, context: RuleContext, what: string, unit = "GB"): { description: string; n: number } {
    const n = ofType(context.resources, record.type).length;
    return { description: `${what} ${total} ${unit}${n > 1 ? ` over ${n}` : ""})`, n: total / n };
}

export const AZURE_COST_MODEL: CloudCostModel = {
    rules: {
        "azure-native:containerservice:ManagedCluster": managedCluster,
        "azure-native:containerservice:AgentPool": (record) => pool(record.inputs, textAt(record.inputs, "agentPoolName") ?? record.name),
        "azure-native:compute:VirtualMachine": (record) => {
            const size = textAt(record.inputs, "hardwareProfile.vmSize") ?? "(unknown size)";
            const disk = textAt(record.inputs, "storageProfile.osDisk.managedDisk.storageAccountType") ?? "Premium_LRS";
            const given = numberAt(record.inputs, "storageProfile.osDisk.diskSizeGB");
            // Canonical's Ubuntu images bring a 30 GiB OS disk; other images may differ.
            const sizeGb = given ?? 30;
            return {
                lines: [
                    { item: `vm.${size}`, unit: "instance-hour", description: `${size} VM`, factors: hoursOf(1, "VM") },
                    {
                        item: diskItem(disk.startsWith("Premium"), sizeGb), unit: "disk-month", description: `OS disk (${disk}, ${sizeGb} GiB${given === undefined ? ", the image's size" : ""})`,
                        factors: [count(1, "disk")],
                    },
                ],
            };
        },
        "azure-native:network:PublicIPAddress": (record) => {
            const sku = textAt(record.inputs, "sku.name") ?? "Basic";
            return { lines: [{ item: sku === "Standard" ? "publicIp.standardStatic" : `publicIp.${sku.toLowerCase()}`, unit: "IP-hour", description: `public IP (${sku})`, factors: hoursOf(1, "address", "addresses") }] };
        },
        "azure-native:network:NatGateway": (record, context) => {
            const share = shareOf(context.usage.natGbPerMonth, record, context, "data processed (natGbPerMonth");
            return {
                lines: [
                    { item: "natGateway", unit: "gateway-hour", description: "NAT gateway", factors: hoursOf(1, "gateway") },
                    { item: "natGateway.data", unit: "GB", description: share.description, factors: [count(share.n, "GB")] },
                ],
            };
        },
        "azure-native:dbforpostgresql:Server": postgresServer,
        "azure-native:operationalinsights:Workspace": (record, context) => {
            const share = shareOf(context.usage.cloudLogsGbPerMonth, record, context, "log ingestion (cloudLogsGbPerMonth");
            return {
                lines: [{ item: "logAnalytics.ingestion", unit: "GB", description: share.description, factors: [count(share.n, "GB")] }],
                notEstimated: [`retention beyond the included period (${String(at(record.inputs, "retentionInDays") ?? "default")} days kept)`],
            };
        },
        "azure-native:privatedns:PrivateZone": () => ({
            lines: [{ item: "privateDns.zone", unit: "zone-month", description: "private DNS zone", factors: [count(1, "zone")] }],
            notEstimated: ["DNS queries (per million)"],
        }),
        "azure-native:keyvault:Vault": () => ({ notEstimated: ["Key Vault operations (per 10,000)"] }),
        "azure-native:storage:StorageAccount": () => ({ notEstimated: ["blob storage and transactions (flow logs kept here)"] }),
        "azure-native:network:FlowLog": () => ({ notEstimated: ["flow logs collected (per GB)"] }),
        "azure-native:network:VirtualNetwork": (_record, context) => ({
            lines: [{ item: "bandwidth.internetEgress", unit: "GB", description: "data out to the internet (egressGbPerMonth)", factors: [count(context.usage.egressGbPerMonth, "GB")] }],
        }),
    },
    freeTypes: [
        "azure-native:resources:ResourceGroup", "azure-native:authorization:RoleAssignment", "azure-native:authorization:ManagementLockByScope",
        "azure-native:authorization:ManagementLockAtResourceGroupLevel", "azure-native:managedidentity:UserAssignedIdentity",
        "azure-native:managedidentity:FederatedIdentityCredential", "azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule",
        "azure-native:network:Subnet", "azure-native:network:NetworkInterface", "azure-native:privatedns:VirtualNetworkLink",
        // Priced where they act: the vault's operations, the workspace's ingestion.
        "azure-native:keyvault:Secret", "azure-native:monitor:DiagnosticSetting",
        "azure-native:dbforpostgresql:Configuration", "azure-native:dbforpostgresql:Database", "azure-native:dbforpostgresql:FirewallRule",
        "azure-native:consumption:Budget", "azure-native:insights:ActionGroup", "azure-native:monitor:ActionGroup", "azure-native:subscription:Alias",
    ],
    serviceLoadBalancer: (_context, dataGb, shape) => [
        // An internal frontend takes a private address of the node subnet: no public IP.
        ...(shape?.internal ? [] : [{ item: "publicIp.standardStatic", unit: "IP-hour", description: "public IP of the Service on the cluster's Standard Load Balancer", factors: hoursOf(1, "address", "addresses"), createdBy: "kubernetes" as const }]),
        // One load-balancing rule per Service port.
        { item: "loadBalancer.rules", unit: "rule-hour", description: "load-balancing rule, one per port", factors: hoursOf(shape?.ports ?? 1, "rule"), createdBy: "kubernetes" },
        { item: "loadBalancer.data", unit: "GB", description: "data processed (loadBalancerGbPerMonth share)", factors: [count(dataGb, "GB")], createdBy: "kubernetes" },
    ],
    volume: (_context, storageClass, sizeGb, n, what) => {
        // AKS's built-in classes: managed-csi (the default) is Standard SSD, managed-csi-premium Premium SSD, both LRS.
        const premium = storageClass === "managed-csi-premium" || storageClass === "managed-premium";
        const standard = storageClass === undefined || ["default", "managed-csi", "managed"].includes(storageClass);
        return {
            item: premium || standard ? diskItem(premium, sizeGb) : `disk.storageClass.${storageClass}`, unit: "disk-month",
            description: `${what} (${premium ? "Premium SSD" : standard ? "Standard SSD" : `storage class ${storageClass}`}, ${sizeGb} GiB)`,
            factors: [count(n, "disk")], createdBy: "kubernetes",
        };
    },
};
