import { CheckedResource, defineRule, fail, isSet, PASS, valueAt } from "../rule";

const BUDGET = "gcp:billing/budget:Budget";

/** What a budget lacks to warn anyone: an amount, thresholds, someone to tell. */
function gaps(budget: CheckedResource): string[] {
    const props = budget.props;
    const updates = valueAt(props, "allUpdatesRule");
    const recipients = isSet(budget, "allUpdatesRule.monitoringNotificationChannels") || isSet(budget, "allUpdatesRule.pubsubTopic")
        || valueAt(updates, "disableDefaultIamRecipients") !== true;
    const thresholds = valueAt(props, "thresholdRules");
    return [
        ...(isSet(budget, "amount.specifiedAmount.units") || isSet(budget, "amount.lastPeriodAmount") ? [] : ["no amount"]),
        ...(Array.isArray(thresholds) && thresholds.length > 0 ? [] : ["no threshold rules"]),
        ...(recipients ? [] : ["no recipient (default IAM recipients disabled and no channel or topic)"]),
    ];
}

export const rule = defineRule({
    id: "gcp-billing-budget-per-platform",
    description: "Every platform on GCP has a Cloud Billing budget with an amount, threshold rules and someone it notifies.",
    severity: "low",
    cloud: "gcp",
    references: {},
    remediation: "Set anycloud:billing.monthlyBudget (with anycloud:gcp.billingAccount); thresholds and anycloud:billing.alertEmails say when and whom it warns (docs/cost-model.md).",
    // One finding per platform: each has one VPC.
    resourceTypes: ["gcp:compute/network:Network"],
    check(_network, stack) {
        const budgets = stack.ofType(BUDGET);
        if (budgets.length === 0) {
            return fail("the stack has no Cloud Billing budget: nobody is warned when the platform's spend runs away");
        }
        if (budgets.some((budget) => gaps(budget).length === 0)) {
            return PASS;
        }
        return fail(`no budget warns anyone: ${budgets.map((budget) => `${budget.name} has ${gaps(budget).join(", ")}`).join("; ")}`);
    },
});
