import type * as pulumi from "@pulumi/pulumi";
import type { BastionArgs, BastionOutputs } from "../components/bastion";
import type { BillingArgs, BillingOutputs } from "../components/billing";
import type { ClusterAdapterOutputs, ClusterArgs } from "../components/cluster";
import type { PlatformContext } from "../components/context";
import type { DatabaseArgs, DatabaseOutputs } from "../components/database";
import type { NetworkArgs, NetworkOutputs } from "../components/network";
import type { Cloud } from "../components/types";

/** One cloud's implementation of every component. Each function builds real resources under `opts.parent`. */
export interface CloudAdapter {
    /**
     * The cloud's provider for this platform (region, and tags where the cloud has default
     * tags, set once and inherited by every child), and what every component of this cloud
     * shares (the context, enriched: e.g. Azure's resource group).
     */
    createFoundation(name: string, context: PlatformContext, opts: pulumi.ComponentResourceOptions): { provider: pulumi.ProviderResource; context: PlatformContext };
    createNetwork(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions): NetworkOutputs;
    createCluster(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions): ClusterAdapterOutputs;
    createDatabase(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions): DatabaseOutputs;
    createBastion(name: string, args: BastionArgs, opts: pulumi.ComponentResourceOptions): BastionOutputs;
    /** The platform's budget and its alarms; nothing when `args.settings.monthlyBudget` is unset. */
    createBilling(name: string, args: BillingArgs, opts: pulumi.ComponentResourceOptions): BillingOutputs;
}

/** Clouds with an adapter in this release; validation rejects the others before anything is registered. */
export const IMPLEMENTED_CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp"];

/**
 * The adapter for `cloud`, loaded on first use: an AWS stack never loads the Azure or
 * GCP SDKs (each costs seconds and hundreds of MB to load).
 */
export function adapterFor(cloud: Cloud): CloudAdapter {
    switch (cloud) {
        case "aws":
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
            return require("./aws") as CloudAdapter;
        case "azure":
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
            return require("./azure") as CloudAdapter;
        case "gcp":
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
            return require("./gcp") as CloudAdapter;
        default:
            throw new Error(`anycloud: no adapter for cloud "${cloud}" in this release; implemented: ${IMPLEMENTED_CLOUDS.join(", ")}`);
    }
}
