import { Provider } from "@pulumi/azure-native/provider";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { accountModeChecked } from "../account-per-project";
import { createProjectSubscription } from "./account-per-project";

/** Azure resource names from the platform's stem; every name rule anycloud relies on is in docs/azure.md. */
export const azureName = (context: PlatformContext, kind: string) => `${kind}-${context.namePrefix}`;

/**
 * The provider (subscription, tenant and location set once; Azure has no default tags, so
 * every adapter sets `tags` itself), the platform's resource group, and the Log Analytics
 * workspace that diagnostics of every component go to. With billing.accountPerProject the
 * subscription is the customer project's own, created first (account-per-project.ts).
 */
export function createFoundation(name: string, context: PlatformContext, opts: pulumi.ComponentResourceOptions): { provider: pulumi.ProviderResource; context: PlatformContext } {
    const modeChecked = accountModeChecked(name, context, opts.parent!);
    // billing.accountPerProject: the platform goes into the customer project's own subscription, in the same tenant.
    const subscriptionId = context.billing.accountPerProject
        ? createProjectSubscription(name, context, modeChecked, opts).subscriptionId
        : context.azure.subscriptionId;
    const provider = new Provider(`${name}-azure`, {
        // Waits for the check, so a refused change of billing.accountPerProject touches nothing.
        location: modeChecked.apply(() => context.region),
        subscriptionId,
        tenantId: context.azure.tenantId,
    }, opts);
    const childOpts = { ...opts, provider };
    // The group holds every component; the workspace collects diagnostics (control plane, flow logs, database).
    const tags = componentTags(context, "network");
    // Named, not auto-named: the group's name is part of every resource id and of the AKS node resource group's name.
    const group = new resources.ResourceGroup(`${name}-group`, {
        resourceGroupName: azureName(context, "rg"),
        location: context.region,
        tags,
    }, { ...childOpts, protect: context.protect });

    const logAnalyticsWorkspaceId = context.azure.logAnalyticsWorkspaceId !== undefined
        ? pulumi.output(context.azure.logAnalyticsWorkspaceId)
        : new operationalinsights.Workspace(`${name}-logs`, {
            workspaceName: azureName(context, "log"),
            resourceGroupName: group.name,
            location: context.region,
            sku: { name: "PerGB2018" },
            retentionInDays: context.azure.logRetentionDays,
            tags: componentTags(context, "observability"),
        }, childOpts).id;

    // The subscription the platform is in (built-in role definition ids name it). With accountPerProject
    // it is known only once the subscription exists, and anycloud:azure.subscriptionId is not it.
    const azureScope: NonNullable<PlatformContext["azureScope"]> & { subscriptionId: pulumi.Input<string> } = {
        resourceGroupName: group.name,
        logAnalyticsWorkspaceId,
        subscriptionId: subscriptionId!,
    };
    return { provider, context: { ...context, azureScope } };
}
