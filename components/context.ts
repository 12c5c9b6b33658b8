import { AwsSettings, Cloud, CostType, Environment, PlatformArgs } from "./types";

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
    aws: AwsSettings;
}

export const TAG_KEYS = { customer: "customer", project: "project", environment: "environment", costType: "cost-type", managedBy: "managed-by" } as const;

export function platformContext(args: PlatformArgs, costType: CostType = "fixed"): PlatformContext {
    return {
        cloud: args.cloud,
        region: args.region,
        environment: args.environment,
        namePrefix: `${args.customer}-${args.project}-${args.environment}`,
        tags: {
            [TAG_KEYS.customer]: args.customer,
            [TAG_KEYS.project]: args.project,
            [TAG_KEYS.environment]: args.environment,
            [TAG_KEYS.costType]: costType,
            [TAG_KEYS.managedBy]: "anycloud",
        },
        allowedCidrs: args.allowedCidrs,
        protect: args.protect,
        aws: args.aws,
    };
}

/** Tags of one component's resources: the platform's plus which component they belong to. */
export function componentTags(context: PlatformContext, component: string): Record<string, string> {
    return { ...context.tags, component };
}
