import * as pulumi from "@pulumi/pulumi";
import { adapterFor } from "../providers";
import { PlatformContext } from "./context";
import { BillingSettings } from "./types";

export interface BillingArgs {
    context: PlatformContext;
    settings: BillingSettings;
}

/**
 * The same on every cloud. Both are absent when `settings.monthlyBudget` is unset: no budget,
 * no alarms, nothing created.
 */
export interface BillingOutputs {
    /**
     * The budget in the cloud's own terms: AWS "<account>:<budget name>", the Azure budget's ARM
     * id, GCP "billingAccounts/<account>/budgets/<id>".
     */
    budgetId?: pulumi.Output<string>;
    /**
     * Where the alarms are published for machines, besides e-mail: the AWS SNS topic's ARN (budget
     * and anomaly alerts). Absent on Azure and GCP, whose budgets notify e-mail recipients only.
     */
    alertTopic?: pulumi.Output<string>;
}

/** What an alarm compares with its threshold: spend so far this month, or the month's forecast. */
export type SpendBasis = "actual" | "forecast";

export interface BudgetAlarm {
    /** Percent of the monthly budget, e.g. 80. */
    percent: number;
    basis: SpendBasis;
}

/**
 * The alarms every cloud's budget carries: one per threshold on actual spend and, with
 * `forecastAlerts`, one on the forecast at the highest threshold ("this month will exceed the
 * budget"), early enough to act. Forecasts at every threshold would double the mail and, with the
 * default [50, 80, 100], exceed Azure's five notifications per budget. The per-cloud rules count
 * them against the cloud's limit.
 */
export function budgetAlarms(settings: Pick<BillingSettings, "thresholds" | "forecastAlerts">): BudgetAlarm[] {
    const actual = settings.thresholds.map((percent): BudgetAlarm => ({ percent, basis: "actual" }));
    const highest = Math.max(...settings.thresholds);
    return settings.forecastAlerts ? [...actual, { percent: highest, basis: "forecast" }] : actual;
}

/**
 * A monthly budget for this platform's spend with alarms at `settings.thresholds` percent of it,
 * on actual and (with `forecastAlerts`) forecast spend, to `settings.alertEmails`. What counts as
 * this platform's spend, and which extra alarms a cloud offers, is the adapter's (docs/cost-model.md).
 */
export class Billing extends pulumi.ComponentResource implements BillingOutputs {
    readonly budgetId?: pulumi.Output<string>;
    readonly alertTopic?: pulumi.Output<string>;

    constructor(name: string, args: BillingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Billing", name, {}, opts);
        const outputs = adapterFor(args.context.cloud).createBilling(name, args, { parent: this });
        this.budgetId = outputs.budgetId;
        this.alertTopic = outputs.alertTopic;
        this.registerOutputs({ ...outputs });
    }
}
