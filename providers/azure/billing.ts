import * as consumption from "@pulumi/azure-native/consumption";
import * as pulumi from "@pulumi/pulumi";
import { BillingArgs, BillingOutputs, budgetAlarms } from "../../components/billing";
import { PlatformContext } from "../../components/context";
import { azureName } from "./foundation";

/** "2025-06-01T00:00:00Z": the first day of `now`'s month (UTC), as Azure budgets take start dates. */
export function firstOfMonth(now: Date): string {
    return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01T00:00:00Z`;
}

/** The platform's resource group as an ARM id: the budget's scope, so it counts everything in the group. */
function resourceGroupId(context: PlatformContext): pulumi.Output<string> {
    const scope = context.azureScope!;
    // With billing.accountPerProject the foundation creates the subscription and names it in the scope.
    const subscription = (scope as { subscriptionId?: pulumi.Input<string> }).subscriptionId ?? context.azure.subscriptionId;
    return pulumi.interpolate`/subscriptions/${subscription}/resourceGroups/${scope.resourceGroupName}`;
}

/**
 * The budget's start date. Azure takes the first day of a month, refuses a month before the
 * current one at creation, and refuses any change of it later ("Start date of budgets cannot be
 * updated. Please delete and create a new budget.", Azure/CanadaPubSecALZ#317). So: billing.startDate
 * when given; otherwise the month of the first deploy, kept in a Stash, because "this month"
 * computed again next month would be a change.
 *
 * The Stash keeps only that default, not billing.startDate: a first deploy that fails after the
 * Stash exists and is retried in a later month would otherwise be stuck with a past month; setting
 * billing.startDate to the current month gets it out.
 */
function startDate(name: string, configured: string | undefined, parent: pulumi.Resource): pulumi.Input<string> {
    if (configured !== undefined) {
        return `${configured}T00:00:00Z`;
    }
    return new pulumi.Stash(`${name}-budget-start`, { input: firstOfMonth(new Date()) }, { parent }).output as pulumi.Output<string>;
}

/** Azure's own key style for budget notifications, e.g. Forecasted_GreaterThan_80_Percent. */
export const notificationKey = (basis: "Actual" | "Forecasted", percent: number) => `${basis}_GreaterThan_${percent}_Percent`;

/**
 * A monthly cost budget on the platform's resource group (it holds every Azure resource of the
 * platform, so no tag filter is needed) with one notification per alarm (at most five, Azure's
 * limit: providers/azure/billing-validation.ts) to the alert e-mails. The amount is in the billing
 * account's currency; Azure budgets carry none of their own.
 *
 * The start date is never sent again after creation (ignoreChanges): a later billing.startDate or
 * a Stash lost from the state would otherwise fail every deploy. A replaced budget, by contrast,
 * takes the old start date and fails (providers/azure/replacement-inputs.ts).
 */
export function createBilling(name: string, args: BillingArgs, opts: pulumi.ComponentResourceOptions): BillingOutputs {
    const { context, settings } = args;
    if (settings.monthlyBudget === undefined) {
        return {};
    }
    const budget = new consumption.Budget(`${name}-budget`, {
        budgetName: azureName(context, "budget"),
        scope: resourceGroupId(context),
        category: "Cost",
        amount: settings.monthlyBudget,
        timeGrain: "Monthly",
        // No end date: Azure ends the budget ten years after the start.
        timePeriod: { startDate: startDate(name, settings.startDate, opts.parent!) },
        notifications: Object.fromEntries(budgetAlarms(settings).map(({ percent, basis }) => {
            const thresholdType = basis === "actual" ? "Actual" : "Forecasted";
            return [notificationKey(thresholdType, percent), {
                enabled: true,
                operator: "GreaterThan",
                threshold: percent,
                thresholdType,
                contactEmails: settings.alertEmails,
            }];
        })),
    }, { ...opts, ignoreChanges: ["timePeriod.startDate"] });

    if (settings.startDate !== undefined) {
        budget.timePeriod.apply((period) => {
            if (!period.startDate.startsWith(settings.startDate!)) {
                void pulumi.log.warn(`anycloud:billing.startDate ${settings.startDate} is ignored: the budget started on ${period.startDate.slice(0, 10)}, and Azure cannot change a budget's start date`, budget);
            }
        });
    }
    return { budgetId: budget.id };
}
