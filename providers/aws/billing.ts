import * as budgets from "@pulumi/aws/budgets";
import * as pulumi from "@pulumi/pulumi";
import { BillingArgs, budgetAlarms, BillingOutputs } from "../../components/billing";
import { componentTags, PlatformContext, TAG_KEYS } from "../../components/context";
import { awsAccount } from "./account";
import { createAlertTopic } from "./billing-alerts";
import { activateCostAllocationTags, createAnomalyDetection } from "./cost-explorer";

/** Budget names are unique per account; the platform's stem keeps two platforms of one account apart. */
export const budgetName = (context: Pick<PlatformContext, "namePrefix">) => `${context.namePrefix}-monthly`;

/**
 * Only this platform's spend: the AND of its customer, project and environment tags (Budgets
 * FilterExpression). The older `costFilters` cannot say this: their TagKeyValue values are ORed,
 * and AWS has deprecated them for FilterExpression. Keys are the plain tag keys, as in Cost
 * Explorer expressions (`costFilters` wrote "user:<key>$<value>").
 */
export function platformCostFilter(context: Pick<PlatformContext, "tags">): budgets.BudgetArgs["filterExpression"] {
    return {
        ands: [TAG_KEYS.customer, TAG_KEYS.project, TAG_KEYS.environment].map((key) => ({ tags: { key, values: [context.tags[key]] } })),
    };
}

/**
 * A monthly cost budget on the platform's tagged spend with one notification per alarm
 * (components/billing.ts budgetAlarms), each to the alert e-mails and the encrypted SNS topic;
 * with anycloud:aws.activateCostAllocationTags, the tag activation the filter depends on and Cost
 * Anomaly Detection (providers/aws/cost-explorer.ts).
 *
 * The filter counts what carries the tags. Until the tags are active cost allocation tags (in the
 * management account), the budget counts nothing and never alarms: docs/cost-model.md says how to
 * activate them by hand in a member account.
 */
export function createBilling(name: string, args: BillingArgs, opts: pulumi.ComponentResourceOptions): BillingOutputs {
    const { context, settings } = args;
    if (settings.monthlyBudget === undefined) {
        return {};
    }
    const account = awsAccount(context.region, opts.parent!);
    const alerts = createAlertTopic(name, context, account, opts);
    // An account of its own holds only this platform: its whole spend is the platform's, counted at once.
    const ownAccount = settings.accountPerProject;
    if (!ownAccount && !context.aws.activateCostAllocationTags) {
        pulumi.log.warn("the budget counts only spend tagged customer, project and environment, and AWS counts tags only once they are active cost allocation tags: activate them in the management account (or set anycloud:aws.activateCostAllocationTags there); docs/cost-model.md", opts.parent);
    }

    const budget = new budgets.Budget(`${name}-budget`, {
        name: budgetName(context),
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: String(settings.monthlyBudget),
        // Validation admits USD only (providers/aws/billing-validation.ts).
        limitUnit: settings.currency,
        // FilterExpression requires a metric: unblended cost is what the invoice lists before discounts.
        metrics: "UnblendedCost",
        ...(!ownAccount && { filterExpression: platformCostFilter(context) }),
        notifications: budgetAlarms(settings).map((alarm) => ({
            notificationType: alarm.basis === "actual" ? "ACTUAL" : "FORECASTED",
            comparisonOperator: "GREATER_THAN",
            threshold: alarm.percent,
            thresholdType: "PERCENTAGE",
            subscriberSnsTopicArns: [alerts.topic.arn],
            ...(settings.alertEmails.length > 0 && { subscriberEmailAddresses: settings.alertEmails }),
        })),
        tags: componentTags(context, "billing"),
    }, { ...opts, dependsOn: alerts.ready });

    if (context.aws.activateCostAllocationTags) {
        const activations = activateCostAllocationTags(name, opts);
        createAnomalyDetection(name, context, settings, alerts, activations, opts);
    }
    return { budgetId: budget.id, alertTopic: alerts.topic.arn };
}
