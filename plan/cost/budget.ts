import { BillingSettings } from "../../components/types";
import { round2, usd } from "./format";
import { BudgetComparison } from "./types";

/** The estimate against anycloud:billing.monthlyBudget: a warning when it is over, no comparison across currencies. */
export function compareWithBudget(totalUsd: number, complete: boolean, billing: Pick<BillingSettings, "monthlyBudget" | "currency">): BudgetComparison {
    const { monthlyBudget: amount, currency } = billing;
    if (amount === undefined) {
        return { status: "none", amount: null, currency, message: "no monthly budget set (anycloud:billing.monthlyBudget)" };
    }
    if (currency !== "USD") {
        return {
            status: "not-compared", amount, currency,
            message: `the budget is ${amount} ${currency} and the estimate is in USD list prices: not compared (no exchange rate offline)`,
        };
    }
    const lowerBound = complete ? "" : " (a lower bound: some lines are unpriced)";
    if (totalUsd > amount) {
        return {
            status: "exceeded", amount, currency,
            message: `the estimate ${usd(totalUsd)}${lowerBound} exceeds the monthly budget ${usd(amount)} by ${usd(round2(totalUsd - amount))}`,
        };
    }
    return {
        status: "within", amount, currency,
        message: `the estimate ${usd(totalUsd)}${lowerBound} is ${Math.round((totalUsd / amount) * 100)}% of the monthly budget ${usd(amount)}${complete ? "" : "; the unpriced lines may take it over"}`,
    };
}
