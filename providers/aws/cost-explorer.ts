import * as costexplorer from "@pulumi/aws/costexplorer";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext, TAG_KEYS } from "../../components/context";
import { BillingSettings } from "../../components/types";
import { AlertTopic } from "./billing-alerts";

/**
 * The keys the budget filters on (customer, project, environment) and the invoice breaks down by
 * (component, cost-type). `managed-by` says nothing about cost.
 */
export const COST_ALLOCATION_TAG_KEYS = [TAG_KEYS.customer, TAG_KEYS.project, TAG_KEYS.environment, TAG_KEYS.component, TAG_KEYS.costType];

/**
 * Cost Explorer, Budgets and anomaly monitors see a user tag only once it is an active cost
 * allocation tag; until then a tag-filtered budget counts nothing.
 *
 * Activation fails in two situations, so it is opt-in:
 * - In a member account of an organization ("Linked account doesn't have access to cost
 *   allocation tags", 2i2c-org/infrastructure#4932): only the management account activates,
 *   once for every account of the organization.
 * - Before the key appears in billing data, up to 24 hours after the first resource carrying it
 *   (the provider reports an empty result for an unknown key,
 *   hashicorp/terraform-provider-aws#29068). The first `up` of a new organization therefore
 *   runs without it; the next day, set anycloud:aws.activateCostAllocationTags and `up` again.
 *
 * Kept on destroy: deleting the resource deactivates the key for the whole organization
 * (internal/service/ce/cost_allocation_tag.go, resourceCostAllocationTagDelete), which would blind
 * every other platform's budget. Several stacks may manage the same key; activating is idempotent.
 */
export function activateCostAllocationTags(name: string, opts: pulumi.ComponentResourceOptions): costexplorer.CostAllocationTag[] {
    return COST_ALLOCATION_TAG_KEYS.map((tagKey) => new costexplorer.CostAllocationTag(`${name}-cost-tag-${tagKey}`, {
        tagKey,
        status: "Active",
    }, { ...opts, retainOnDelete: true }));
}

/** An anomaly is worth an alarm when it costs at least a tenth of the monthly budget. */
export const ANOMALY_SHARE_OF_BUDGET = 0.1;

/**
 * The monitor a custom (customer-managed) anomaly monitor evaluates, as Cost Explorer's Expression
 * JSON with the fields AWS returns (null included), so the stored value does not differ.
 *
 * One tag: a custom monitor takes one dimension's values, not a combination, so it cannot single
 * out one platform. It watches the customer's spend, which is what an invoice groups by; two
 * platforms of one customer each alarm on the same anomaly. A dimensional SERVICE monitor would
 * see the whole account and is limited to one per account, which the account usually has already
 * (aws-cloudformation/cloudformation-coverage-roadmap#2515).
 */
export function customerSpecification(customer: string): string {
    return JSON.stringify({
        And: null,
        CostCategories: null,
        Dimensions: null,
        Not: null,
        Or: null,
        Tags: { Key: TAG_KEYS.customer, MatchOptions: null, Values: [customer] },
    });
}

/**
 * Cost Anomaly Detection on the customer's spend, alarming when an anomaly's total impact reaches
 * ANOMALY_SHARE_OF_BUDGET of the budget: immediately on the SNS topic (AWS sends IMMEDIATE alerts
 * through SNS only) and in a daily digest to the alert e-mails (e-mail goes DAILY or WEEKLY only;
 * API reference, AnomalySubscription.Frequency). Tag monitors exist only in the management account,
 * like the activation they wait for.
 */
export function createAnomalyDetection(
    name: string, context: PlatformContext, settings: BillingSettings, alerts: AlertTopic, activations: pulumi.Resource[], opts: pulumi.ComponentResourceOptions,
): costexplorer.AnomalyMonitor {
    const tags = componentTags(context, "billing");
    const monitor = new costexplorer.AnomalyMonitor(`${name}-anomaly-monitor`, {
        name: `${context.namePrefix}-customer-spend`,
        monitorType: "CUSTOM",
        monitorSpecification: customerSpecification(context.tags[TAG_KEYS.customer]),
        tags,
    }, { ...opts, dependsOn: activations });
    const impact = String(Math.round(settings.monthlyBudget! * ANOMALY_SHARE_OF_BUDGET * 100) / 100);
    const thresholdExpression = { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [impact] } };
    new costexplorer.AnomalySubscription(`${name}-anomaly-alerts`, {
        name: `${context.namePrefix}-anomalies-immediate`,
        frequency: "IMMEDIATE",
        monitorArnLists: [monitor.arn],
        subscribers: [{ type: "SNS", address: alerts.topic.arn }],
        thresholdExpression,
        tags,
    }, { ...opts, dependsOn: alerts.ready });
    if (settings.alertEmails.length > 0) {
        new costexplorer.AnomalySubscription(`${name}-anomaly-digest`, {
            name: `${context.namePrefix}-anomalies-daily`,
            frequency: "DAILY",
            monitorArnLists: [monitor.arn],
            subscribers: settings.alertEmails.map((address) => ({ type: "EMAIL", address })),
            thresholdExpression,
            tags,
        }, opts);
    }
    return monitor;
}
