import { CheckedResource, defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { VPC } from "./aws-vpc-default-sg-restricts-all";

const BUDGET = "aws:budgets/budget:Budget";

/** Whether a notification reaches someone: an e-mail address or an SNS topic. */
function reachesSomeone(notification: unknown): boolean {
    return ["subscriberEmailAddresses", "subscriberSnsTopicArns"].some((key) => {
        const value = valueAt(notification, key);
        return (Array.isArray(value) && value.length > 0) || typeof value === "string";
    });
}

function alarms(budget: CheckedResource): boolean {
    const notifications = valueAt(budget.props, "notifications");
    return Array.isArray(notifications) ? notifications.some(reachesSomeone) : isSet(budget, "notifications");
}

export const rule = defineRule({
    id: "aws-budgets-platform-budget",
    description: "The platform has a cost budget (AWS Budgets) whose alarms reach someone: a stack-level check, reported on the platform's VPC.",
    severity: "medium",
    cloud: "aws",
    references: {},
    remediation: "Set anycloud:billing.monthlyBudget and anycloud:billing.alertEmails (docs/cost-model.md): anycloud creates the budget, "
        + "one notification per threshold, and an encrypted SNS topic they also go to.",
    resourceTypes: [VPC],
    check: (_resource, stack) => {
        const budgets = stack.ofType(BUDGET).filter((b) => valueAt(b.props, "budgetType") === undefined || valueAt(b.props, "budgetType") === "COST");
        if (budgets.length === 0) {
            return fail("the stack has no cost budget (aws:budgets/budget:Budget): nobody hears when the platform's spend runs away");
        }
        return budgets.some(alarms)
            ? PASS
            : fail(`the budget ${budgets.map((b) => b.name).join(", ")} has no notification with a subscriber: nobody hears when it is exceeded`);
    },
});
