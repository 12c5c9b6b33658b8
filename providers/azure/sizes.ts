import { Size } from "../../components/types";

/**
 * Azure counterparts of the AWS catalog (providers/aws/sizes.ts), same vCPU and memory per
 * size: v5 general-purpose VMs with premium storage ("s"), priced in docs/cost-model.md.
 */
export const NODE_VM_SIZES: Record<Size, string> = {
    small: "Standard_B2ms",
    medium: "Standard_D2s_v5",
    large: "Standard_D4s_v5",
    xlarge: "Standard_D8s_v5",
};

/** The system pool runs only cluster add-ons (CriticalAddonsOnly), so one fixed size serves every platform. */
export const SYSTEM_POOL_VM_SIZE = "Standard_D2s_v5";

/** PostgreSQL Flexible Server compute: Burstable for small (no zone-redundant HA there), General Purpose above. */
export const DATABASE_SKUS: Record<Size, { name: string; tier: "Burstable" | "GeneralPurpose" }> = {
    small: { name: "Standard_B2s", tier: "Burstable" },
    medium: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    large: { name: "Standard_D4ds_v5", tier: "GeneralPurpose" },
    xlarge: { name: "Standard_D8ds_v5", tier: "GeneralPurpose" },
};

export const BASTION_VM_SIZES: Record<Size, string> = {
    small: "Standard_B1s",
    medium: "Standard_B1ms",
    large: "Standard_B2s",
    xlarge: "Standard_B2ms",
};

/** Storage sizes (GiB) Flexible Server offers; storage autogrow moves between them. */
export const DATABASE_STORAGE_SIZES_GB = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767];

/** The SKU for the database settings: the size's, or `instanceClass` with the tier its series belongs to. */
export function databaseSku(size: Size, instanceClass?: string): { name: string; tier: "Burstable" | "GeneralPurpose" | "MemoryOptimized" } {
    if (instanceClass === undefined) {
        return DATABASE_SKUS[size];
    }
    const series = instanceClass.replace(/^Standard_/, "").charAt(0).toUpperCase();
    return { name: instanceClass, tier: series === "B" ? "Burstable" : series === "E" ? "MemoryOptimized" : "GeneralPurpose" };
}
