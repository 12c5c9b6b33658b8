import type { ComponentResourceOptions, ProviderResource } from "@pulumi/pulumi/resource";
import { RunError } from "@pulumi/pulumi/errors";
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
    createFoundation(name: string, context: PlatformContext, opts: ComponentResourceOptions): { provider: ProviderResource; context: PlatformContext };
    createNetwork(name: string, args: NetworkArgs, opts: ComponentResourceOptions): NetworkOutputs;
    createCluster(name: string, args: ClusterArgs, opts: ComponentResourceOptions): ClusterAdapterOutputs;
    createDatabase(name: string, args: DatabaseArgs, opts: ComponentResourceOptions): DatabaseOutputs;
    createBastion(name: string, args: BastionArgs, opts: ComponentResourceOptions): BastionOutputs;
    /** The platform's budget and its alarms; nothing when `args.settings.monthlyBudget` is unset. */
    createBilling(name: string, args: BillingArgs, opts: ComponentResourceOptions): BillingOutputs;
}

/** Clouds with an adapter in this release; validation rejects the others before anything is registered. */
export const IMPLEMENTED_CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp"];

/**
 * The SDK packages each cloud's adapter needs: optional peer dependencies of anycloud, so a
 * team installs only its clouds' (package.json keeps them in step; a test checks it).
 */
export const CLOUD_SDKS: Readonly<Record<Cloud, readonly string[]>> = {
    aws: ["@pulumi/aws", "@pulumi/eks"],
    azure: ["@pulumi/azure-native"],
    gcp: ["@pulumi/gcp"],
};

/**
 * A cloud was chosen whose SDK is not installed. Like a ConfigError, Pulumi and the CLI print
 * the message alone (a RunError's stack is its message), naming what to install.
 */
export class MissingSdkError extends RunError {
    readonly cloud: Cloud;
    readonly packages: readonly string[];

    constructor(cloud: Cloud, missing: string) {
        const packages = CLOUD_SDKS[cloud];
        const install = packages.map((name) => `${name}@${peerRange(name)}`).join(" ");
        super(
            `anycloud: anycloud:cloud is "${cloud}", but ${missing} is not installed. The ${cloud} SDK is an optional peer `
            + `dependency of anycloud, installed only by the teams that use that cloud:\n  npm install ${install}`,
        );
        this.name = "MissingSdkError";
        this.cloud = cloud;
        this.packages = packages;
        this.stack = this.message;
    }
}

/** The version range package.json asks of a peer (read only to word the message; "" if unknown). */
function peerRange(name: string): string {
    for (const candidate of ["../package.json", "../../package.json"]) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once, on an error path
            const manifest = require(candidate) as { name?: string; peerDependencies?: Record<string, string> };
            if (manifest.name === "anycloud") {
                return manifest.peerDependencies?.[name] ?? "latest";
            }
        } catch {
            // not this layout (sources vs dist/); try the next
        }
    }
    return "latest";
}

/** The package a MODULE_NOT_FOUND error names, e.g. "@pulumi/aws" for "Cannot find module '@pulumi/aws/ec2'". */
export function missingPackage(error: unknown): string | undefined {
    if ((error as NodeJS.ErrnoException | undefined)?.code !== "MODULE_NOT_FOUND") {
        return undefined;
    }
    const specifier = /Cannot find module '([^']+)'/.exec((error as Error).message)?.[1];
    const match = specifier && /^(@[^/]+\/[^/]+|[^@./][^/]*)/.exec(specifier);
    return match ? match[1] : undefined;
}

/** Requires an adapter module, turning "its cloud SDK is not installed" into a MissingSdkError; anything else is rethrown. */
function load(cloud: Cloud, requireAdapter: () => unknown): CloudAdapter {
    try {
        return requireAdapter() as CloudAdapter;
    } catch (error) {
        const missing = missingPackage(error);
        if (missing && CLOUD_SDKS[cloud].includes(missing)) {
            throw new MissingSdkError(cloud, missing);
        }
        throw error;
    }
}

/**
 * The adapter for `cloud`, loaded on first use: an AWS stack never loads the Azure or
 * GCP SDKs (each costs seconds and hundreds of MB to load), and a project that installs
 * only the AWS SDK can still import anycloud.
 */
export function adapterFor(cloud: Cloud): CloudAdapter {
    switch (cloud) {
        case "aws":
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
            return load(cloud, () => require("./aws"));
        case "azure":
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
            return load(cloud, () => require("./azure"));
        case "gcp":
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
            return load(cloud, () => require("./gcp"));
        default:
            throw new Error(`anycloud: no adapter for cloud "${cloud}" in this release; implemented: ${IMPLEMENTED_CLOUDS.join(", ")}`);
    }
}
