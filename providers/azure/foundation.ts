import { Provider } from "@pulumi/azure-native/provider";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";

/** Azure resource names from the platform's stem; every name rule anycloud relies on is in docs/azure.md. */
export const azureName = (context: PlatformContext, kind: string) => `${kind}-${context.namePrefix}`;

/**
 * The provider (subscription, tenant and location set once; Azure has no default tags, so
 * every adapter sets `tags` itself), the platform's resource group, and the Log Analytics
 * workspace that diagnostics of every component go to.
 */
export function createFoundation(name: string, context: PlatformContext, opts: pulumi.ComponentResourceOptions): { provider: pulumi.ProviderResource; context: PlatformContext } {
    const provider = new Provider(`${name}-azure`, {
        location: context.region,
        subscriptionId: context.azure.subscriptionId,
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

    return {
        provider,
        context: { ...context, azureScope: { resourceGroupName: group.name, logAnalyticsWorkspaceId } },
    };
}
