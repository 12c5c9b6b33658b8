import type * as pulumi from "@pulumi/pulumi";
import { AwsSettings, AzureSettings, BillingSettings, Cloud, ComponentName, CostType, Environment, GcpSettings, PlatformArgs } from "./types";

/**
 * What every component of one platform shares: where it runs, how it is named and
 * tagged, and the office allowlist. Built once from validated PlatformArgs.
 */
export interface PlatformContext {
    cloud: Cloud;
    region: string;
    environment: Environment;
    /** "<customer>-<project>-<environment>": the stem of every cloud resource name. */
    namePrefix: string;
    /** Applied to every taggable resource (AWS default tags, Azure tags, GCP labels). */
    tags: Record<string, string>;
    allowedCidrs: string[];
    protect: boolean;
    /** Which components are fixed running cost and which are the customer project's (the cost-type tag). */
    costTypes: Record<ComponentName, CostType>;
    billing: BillingSettings;
    aws: AwsSettings;
    azure: AzureSettings;
    gcp: GcpSettings;
    /** What every GCP resource of the platform waits for (the project's APIs), made by the GCP foundation; absent elsewhere. */
    gcpScope?: {
        /** anycloud:gcp.project, or with billing.accountPerProject the customer project's own (known once created). */
        project: pulumi.Input<string>;
        /** The enabled project services: resources of a service must wait for it on a fresh project. */
        services: pulumi.Resource[];
    };
    /**
     * What every Azure resource of the platform lives in and reports to, made once by the
     * Azure foundation (providers/azure/foundation.ts); absent on other clouds.
     */
    azureScope?: {
        resourceGroupName: pulumi.Output<string>;
        /** Log Analytics workspace for diagnostic settings (the platform's own, or anycloud:azure.logAnalyticsWorkspaceId). */
        logAnalyticsWorkspaceId: pulumi.Output<string>;
        /** anycloud:azure.subscriptionId, or with billing.accountPerProject the customer project's own (known once created). */
        subscriptionId: pulumi.Input<string>;
    };
    /** Made by the AWS foundation (providers/aws/provider.ts); absent on other clouds. */
    awsScope?: {
        /** billing.accountPerProject: the role the platform's provider assumes in the customer project's account; a kubeconfig must assume it too. */
        accessRoleArn?: pulumi.Output<string>;
    };
}

/** anycloud's cost-tag taxonomy: every taggable resource carries all of these (docs/cost-model.md). */
export const TAG_KEYS = { customer: "customer", project: "project", environment: "environment", component: "component", costType: "cost-type", managedBy: "managed-by" } as const;

/**
 * The platform-wide tags: the user's `anycloud:tags` and the taxonomy (which validation keeps the
 * user's from overriding). `cost-type` here is the platform's default, fixed; componentTags sets each
 * component's own.
 */
export function platformContext(args: PlatformArgs, costType: CostType = "fixed"): PlatformContext {
    return {
        cloud: args.cloud,
        region: args.region,
        environment: args.environment,
        namePrefix: `${args.customer}-${args.project}-${args.environment}`,
        tags: {
            ...args.tags,
            [TAG_KEYS.customer]: args.customer,
            [TAG_KEYS.project]: args.project,
            [TAG_KEYS.environment]: args.environment,
            [TAG_KEYS.costType]: costType,
            [TAG_KEYS.managedBy]: "anycloud",
        },
        allowedCidrs: args.allowedCidrs,
        protect: args.protect,
        costTypes: args.billing.costTypes,
        billing: args.billing,
        aws: args.aws,
        azure: args.azure,
        gcp: args.gcp,
    };
}

/**
 * Whether a platform's data gets every guard a cloud offers beyond Pulumi's own (locks, purge
 * protection, the service's deletion protection): in prod always, elsewhere with anycloud:protect.
 */
export function keepsData(context: Pick<PlatformContext, "protect" | "environment">): boolean {
    return context.protect || context.environment === "prod";
}

/** Tags of one component's resources: the platform's, which component they belong to, and its cost type. */
export function componentTags(context: PlatformContext, component: ComponentName): Record<string, string> {
    return { ...context.tags, [TAG_KEYS.component]: component, [TAG_KEYS.costType]: context.costTypes[component] };
}
