import { budgetAlarms } from "../../components/billing";
import { complete, given } from "../../components/parsed";
import type { CloudRules } from "../rules";

/** An Azure budget holds at most five notifications (Budgets REST API, `notifications`). */
export const MAX_BUDGET_NOTIFICATIONS = 5;
/** Azure takes a budget's start date at most twelve months ahead (Budgets REST API, `timePeriod`). */
export const MAX_MONTHS_AHEAD = 12;

const monthIndex = (year: number, month: number) => year * 12 + month - 1;

/** What the Azure Budgets API would refuse for anycloud:billing, checked only when a budget is asked for. */
export const azureBillingRules: CloudRules = (args, add) => checkAzureBudget(args, add, new Date());

/**
 * The rules on a given day. A start date in a past month is not refused: it is what every budget
 * created before this month has in its config, and the adapter never sends it again after creation.
 */
export function checkAzureBudget({ billing }: Parameters<CloudRules>[0], add: Parameters<CloudRules>[1], today: Date): void {
    // A budget is asked for even when its amount failed its schema: the rules on its siblings still apply.
    if (!billing || !given(billing, "monthlyBudget")) {
        return;
    }
    const { thresholds, forecastAlerts, alertEmails } = billing;
    const alarms = complete(thresholds) && forecastAlerts !== undefined ? budgetAlarms({ thresholds, forecastAlerts }).length : 0;
    if (thresholds && alarms > MAX_BUDGET_NOTIFICATIONS) {
        add(["billing", "thresholds"], thresholds, `makes ${alarms} budget notifications (${thresholds.length} thresholds on actual spend${forecastAlerts ? " and one on the forecast" : ""}); an Azure budget holds at most ${MAX_BUDGET_NOTIFICATIONS}: use fewer thresholds${forecastAlerts ? " or set forecastAlerts to false" : ""}`);
    }
    if (alertEmails?.length === 0) {
        add(["billing", "alertEmails"], alertEmails, "is empty; an Azure budget on a resource group needs at least one e-mail address to notify");
    }
    if (billing.startDate !== undefined) {
        const [year, month] = billing.startDate.split("-").map(Number);
        const ahead = monthIndex(year, month) - monthIndex(today.getUTCFullYear(), today.getUTCMonth() + 1);
        if (ahead > MAX_MONTHS_AHEAD) {
            add(["billing", "startDate"], billing.startDate, `is ${ahead} months ahead; Azure starts a budget at most ${MAX_MONTHS_AHEAD} months ahead: use a nearer month, or leave it unset to start with the month of the first deploy`);
        }
    }
}
