import { Size } from "../../components/types";

/** GCP counterparts of the AWS catalog (providers/aws/sizes.ts), same vCPU and memory per size. */
export const NODE_MACHINE_TYPES: Record<Size, string> = {
    small: "e2-standard-2",
    medium: "n2-standard-2",
    large: "n2-standard-4",
    xlarge: "n2-standard-8",
};

/**
 * Cloud SQL tiers per edition: Enterprise takes shared-core and custom tiers (db-custom-<vCPU>-<MiB>),
 * Enterprise Plus only its performance-optimized ones (db-perf-optimized-N-<vCPU>).
 */
export const DATABASE_TIERS: Record<"enterprise" | "enterprisePlus", Record<Size, string>> = {
    enterprise: {
        small: "db-custom-2-8192",
        medium: "db-custom-2-16384",
        large: "db-custom-4-32768",
        xlarge: "db-custom-8-65536",
    },
    enterprisePlus: {
        small: "db-perf-optimized-N-2",
        medium: "db-perf-optimized-N-2",
        large: "db-perf-optimized-N-4",
        xlarge: "db-perf-optimized-N-8",
    },
};

export const BASTION_MACHINE_TYPES: Record<Size, string> = {
    small: "e2-micro",
    medium: "e2-small",
    large: "e2-medium",
    xlarge: "e2-standard-2",
};

/** Which edition a tier belongs to, from its name. */
export function editionOfTier(tier: string): "enterprise" | "enterprisePlus" | undefined {
    if (/^db-perf-optimized-N-\d+$/.test(tier)) {
        return "enterprisePlus";
    }
    if (/^db-custom-\d+-\d+$/.test(tier) || /^db-(f1-micro|g1-small)$/.test(tier)) {
        return "enterprise";
    }
    return undefined;
}
