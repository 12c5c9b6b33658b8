import { budgetAlarms } from "../../components/billing";
import { complete, given } from "../../components/parsed";
import type { CloudRules } from "../rules";

/**
 * AWS Budgets limits (API reference, Notification): a budget has at most ten notifications, and
 * a notification at most ten e-mail subscribers besides one SNS topic. The anomaly digest takes
 * the same e-mails.
 */
export const MAX_BUDGET_NOTIFICATIONS = 10;
export const MAX_EMAIL_SUBSCRIBERS = 10;

/** What AWS Budgets would refuse for anycloud:billing, checked only when a budget is asked for. */
export const awsBillingRules: CloudRules = ({ billing, aws }, add) => {
    if (billing?.accountPerProject && aws?.activateCostAllocationTags) {
        // Only the organization's management account activates cost allocation tags; the platform is deployed into a member account.
        add(["aws", "activateCostAllocationTags"], true, "cannot be set with billing.accountPerProject: cost allocation tags are activated in the organization's management account, not in the new member account; activate customer, project, environment, component and cost-type there once");
    }
    // A budget is asked for even when its amount failed its schema: the rules on its siblings still apply.
    if (!billing || !given(billing, "monthlyBudget")) {
        return;
    }
    if (billing.currency !== undefined && billing.currency !== "USD") {
        add(["billing", "currency"], billing.currency, "is not supported on AWS: AWS Budgets takes cost budgets in USD only, whatever the invoice currency; set it to USD and give monthlyBudget in dollars");
    }
    const { thresholds, forecastAlerts, alertEmails } = billing;
    const alarms = complete(thresholds) && forecastAlerts !== undefined ? budgetAlarms({ thresholds, forecastAlerts }).length : 0;
    if (thresholds && alarms > MAX_BUDGET_NOTIFICATIONS) {
        add(["billing", "thresholds"], thresholds, `makes ${alarms} budget notifications (${thresholds.length} thresholds on actual spend${forecastAlerts ? " and one on the forecast" : ""}); AWS Budgets allows ${MAX_BUDGET_NOTIFICATIONS} per budget: use fewer thresholds${forecastAlerts ? " or set forecastAlerts to false" : ""}`);
    }
    if (alertEmails && alertEmails.length > MAX_EMAIL_SUBSCRIBERS) {
        add(["billing", "alertEmails"], alertEmails, `has ${alertEmails.length} addresses; an AWS budget notification takes at most ${MAX_EMAIL_SUBSCRIBERS}: use a distribution list, or subscribe more recipients to the alert topic (output alertTopic)`);
    }
};
