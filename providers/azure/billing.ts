import * as consumption from "@pulumi/azure-native/consumption";
import * as pulumi from "@pulumi/pulumi";
import { BillingArgs, BillingOutputs, budgetAlarms } from "../../components/billing";
import { PlatformContext } from "../../components/context";
import { AKS_NODE_RESOURCE_GROUP } from "./cluster";
import { azureName } from "./foundation";

/** "2025-06-01T00:00:00Z": the first day of `now`'s month (UTC), as Azure budgets take start dates. */
export function firstOfMonth(now: Date): string {
    return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01T00:00:00Z`;
}

/** The platform's subscription as an ARM id (with billing.accountPerProject, the one the foundation created). */
function subscriptionScope(context: PlatformContext): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${context.azureScope!.subscriptionId}`;
}

/**
 * What the budget counts: the platform's two resource groups, its own and the one AKS keeps the nodes,
 * their disks, the volumes and load balancers in, which a budget on the platform's group alone would
 * miss. A subscription of its own (billing.accountPerProject) holds only this platform and needs no filter.
 */
function platformGroupsFilter(context: PlatformContext): consumption.BudgetArgs["filter"] {
    if (context.billing.accountPerProject) {
        return undefined;
    }
    return {
        dimensions: {
            name: "ResourceGroupName",
            operator: "In",
            values: [context.azureScope!.resourceGroupName, AKS_NODE_RESOURCE_GROUP(context)],
        },
    };
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
 * A monthly cost budget on the platform's subscription, counting the platform's resource groups
 * (platformGroupsFilter), with one notification per alarm (at most five, Azure's
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
        scope: subscriptionScope(context),
        filter: platformGroupsFilter(context),
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
