import { Provider } from "@pulumi/azure-native/provider";
import { Alias } from "@pulumi/azure-native/subscription/alias";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { REPLACEMENT_INPUTS } from "./replacement-inputs";

/**
 * The alias API creates a subscription and nothing more: its name and properties are never
 * applied after creation (replacement-inputs.ts). Rename a subscription with the Subscription
 * Rename API or the portal; move its billing in Cost Management.
 */
const ALIAS = REPLACEMENT_INPUTS["azure-native:subscription:Alias"];
export const ALIAS_IGNORED_CHANGES = [...ALIAS.inputs, ...(ALIAS.createOnly ?? [])];

/**
 * The subscription's workload, Production in every environment: DevTest pricing exists only where the
 * billing scope has a Dev/Test offer, and creating the subscription fails elsewhere.
 */
export const SUBSCRIPTION_WORKLOAD = "Production";

export interface ProjectSubscription {
    alias: Alias;
    /** The new subscription's id, known once Azure has created it. */
    subscriptionId: pulumi.Output<string>;
}

/**
 * The customer project's own subscription (billing.accountPerProject), created through a
 * subscription alias (azure-native 3.x, API version 2024-08-01-preview) in the billing scope
 * anycloud:azure.billingScope, in the tenant of anycloud:azure.tenantId. It is created with the
 * azure-native provider given to the Platform, or else with the deployer's ambient credentials,
 * which need the subscription creator role on that billing scope; Azure makes the creator Owner
 * of the new subscription, so the same credentials deploy the platform into it.
 *
 * Protected: deleting an alias deletes the alias only, and the subscription stays active and billed
 * (pulumi/pulumi-azure-native#2343); cancelling one is done in Cost Management, on purpose, never
 * by a config change or `pulumi destroy`. The alias name is the platform's stem: one alias, so one
 * subscription, per customer project and environment in the tenant.
 */
export function createProjectSubscription(name: string, context: PlatformContext, modeChecked: pulumi.Output<void>, opts: pulumi.ComponentResourceOptions): ProjectSubscription {
    const parent = opts.parent!;
    const provider = parent.getProvider("azure-native::subscription:Alias")
        // An alias is a tenant resource; the deployer's subscription (when given) only scopes the credentials.
        ?? new Provider(`${name}-azure-billing`, { tenantId: context.azure.tenantId, subscriptionId: context.azure.subscriptionId }, opts);
    const alias = new Alias(`${name}-subscription`, {
        // Waits for the check: a stack created without its own subscription never creates one.
        aliasName: modeChecked.apply(() => context.namePrefix),
        properties: {
            billingScope: context.azure.billingScope!,
            displayName: context.namePrefix,
            workload: SUBSCRIPTION_WORKLOAD,
            additionalProperties: { tags: componentTags(context, "billing") },
        },
    }, { parent, provider, protect: true, ignoreChanges: ALIAS_IGNORED_CHANGES });
    return { alias, subscriptionId: alias.properties.subscriptionId };
}
