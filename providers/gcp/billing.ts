import * as billing from "@pulumi/gcp/billing";
import * as monitoring from "@pulumi/gcp/monitoring";
import * as organizations from "@pulumi/gcp/organizations";
import { Provider } from "@pulumi/gcp/provider";
import * as pulumi from "@pulumi/pulumi";
import { BillingArgs, BillingOutputs, budgetAlarms } from "../../components/billing";
import { componentTags, PlatformContext, TAG_KEYS } from "../../components/context";
import { gcpLabels } from "./foundation";

/**
 * The label a GCP budget filters on besides the project. The Budget API takes one label key with
 * one value (BudgetFilter.labels: "multiple entries or multiple values per entry are not allowed").
 * Within one project, customer and project are usually the same for every platform (one GCP
 * project per customer project); the environment is what tells two platforms of a project apart.
 */
export const BUDGET_LABEL = TAG_KEYS.environment;

/** Units and nanos of a money amount, as the Budget API takes it (google.type.Money). */
export function money(amount: number): { units: string; nanos?: number } {
    const units = Math.trunc(amount);
    const nanos = Math.round((amount - units) * 1e9);
    return { units: String(units), ...(nanos !== 0 && { nanos }) };
}

/**
 * The Budget API refuses end-user credentials without a quota project ("The
 * billingbudgets.googleapis.com API requires a quota project", hashicorp/terraform-provider-google
 * and terraform-google-modules issues), so the budget goes through a provider that bills its API
 * calls to the platform's project, where billingbudgets.googleapis.com is enabled.
 */
function budgetProvider(name: string, project: pulumi.Input<string>, parent: pulumi.Resource): Provider {
    return new Provider(`${name}-budget-gcp`, { project, billingProject: project, userProjectOverride: true }, { parent });
}

/** One e-mail channel per address (a budget takes at most five: providers/gcp/billing-validation.ts), named by the address. */
function emailChannels(name: string, context: PlatformContext, emails: string[], opts: pulumi.ComponentResourceOptions): monitoring.NotificationChannel[] {
    return emails.map((address) => new monitoring.NotificationChannel(`${name}-email-${address}`, {
        project: context.gcpScope!.project,
        displayName: `${context.namePrefix} budget alerts: ${address}`,
        type: "email",
        labels: { email_address: address },
        userLabels: gcpLabels(componentTags(context, "billing")),
    }, { ...opts, dependsOn: context.gcpScope!.services }));
}

/**
 * A monthly budget on the billing account (anycloud:gcp.billingAccount), counting the platform's
 * project and its environment label, with one threshold rule per alarm (thresholdPercent is a
 * fraction) sent to an e-mail notification channel per alert address and, as always on GCP, to the
 * billing account's administrators and users (disableDefaultIamRecipients stays false).
 *
 * Creating it takes Billing Account Administrator or Billing Account Costs Manager on the billing
 * account, besides rights in the project. The label filter counts only labelled usage: network
 * egress, Cloud NAT processing and other SKUs without resource labels stay out (docs/cost-model.md).
 */
export function createBilling(name: string, args: BillingArgs, opts: pulumi.ComponentResourceOptions): BillingOutputs {
    const { context, settings } = args;
    if (settings.monthlyBudget === undefined) {
        return {};
    }
    const project = context.gcpScope!.project;
    const projectNumber = organizations.getProjectOutput({ projectId: project }, { parent: opts.parent }).number;
    const channels = emailChannels(name, context, settings.alertEmails, opts);
    const label = gcpLabels(context.tags)[BUDGET_LABEL];

    const budget = new billing.Budget(`${name}-budget`, {
        billingAccount: context.gcp.billingAccount!,
        displayName: `${context.namePrefix} monthly`,
        amount: { specifiedAmount: { currencyCode: settings.currency, ...money(settings.monthlyBudget) } },
        budgetFilter: {
            projects: [pulumi.interpolate`projects/${projectNumber}`],
            // An own project (billing.accountPerProject) holds only this platform: all of its spend counts, labelled or not.
            ...(!settings.accountPerProject && { labels: { [BUDGET_LABEL]: label } }),
            calendarPeriod: "MONTH",
        },
        thresholdRules: budgetAlarms(settings).map(({ percent, basis }) => ({
            thresholdPercent: percent / 100,
            spendBasis: basis === "actual" ? "CURRENT_SPEND" : "FORECASTED_SPEND",
        })),
        ...(channels.length > 0 && {
            allUpdatesRule: { monitoringNotificationChannels: channels.map((channel) => channel.name), disableDefaultIamRecipients: false },
        }),
    }, { parent: opts.parent, provider: budgetProvider(name, project, opts.parent!), dependsOn: context.gcpScope!.services });
    return { budgetId: budget.name };
}
