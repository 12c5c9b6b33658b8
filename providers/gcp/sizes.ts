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
    // Custom tiers take at most 6.5 GiB per vCPU: the same vCPUs as AWS, the most memory allowed.
    enterprise: {
        small: "db-custom-2-8192",
        medium: "db-custom-2-13312",
        large: "db-custom-4-26624",
        xlarge: "db-custom-8-53248",
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

/**
 * Why a custom tier is not a machine Cloud SQL can build, or undefined: one or an even number of
 * vCPUs, 0.9-6.5 GiB of memory per vCPU in steps of 256 MiB, at least 3.75 GiB (Cloud SQL for
 * PostgreSQL docs, "Instance settings").
 */
export function customTierProblem(tier: string): string | undefined {
    const match = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    if (!match) {
        return undefined;
    }
    const [vcpus, mib] = [Number(match[1]), Number(match[2])];
    if (vcpus !== 1 && vcpus % 2 !== 0) {
        return "has an odd number of vCPUs; custom tiers take 1 or an even number";
    }
    if (mib % 256 !== 0 || mib < 3840 || mib < 921 * vcpus || mib > 6656 * vcpus) {
        return `is not a machine Cloud SQL builds: memory must be a multiple of 256 MiB, at least 3840, and 921-6656 MiB per vCPU (e.g. db-custom-${vcpus}-${Math.min(6656 * vcpus, Math.max(3840, 4096 * vcpus))})`;
    }
    return undefined;
}

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
