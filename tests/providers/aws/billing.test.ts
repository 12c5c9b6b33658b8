import { strict as assert } from "assert";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { ResourceRecord } from "../../../plan/recorder";
import { BillingRun, recordBilling } from "../../helpers/billing";
import { expectProblem, problemsOf } from "../../helpers/config";
import { AWS_DEV_CONFIG, input, mocked, ofType, single } from "../../helpers/record";

const BUDGET = "aws:budgets/budget:Budget";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const KEY = "aws:kms/key:Key";
const COST_TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag";
const MONITOR = "aws:costexplorer/anomalyMonitor:AnomalyMonitor";
const SUBSCRIPTION = "aws:costexplorer/anomalySubscription:AnomalySubscription";
const BILLING_TYPES = [BUDGET, TOPIC, TOPIC_POLICY, KEY, COST_TAG, MONITOR, SUBSCRIPTION, "aws:kms/alias:Alias"];

const EMAILS = ["finance@acme.example", "ops@acme.example"];
const BILLING = { monthlyBudget: 500, alertEmails: EMAILS };
const aws = (billing: Record<string, unknown>) => ({ ...AWS_DEV_CONFIG, billing });
/** `aws(billing)` with anycloud:aws.activateCostAllocationTags on. */
const tagging = (billing: Record<string, unknown>) => ({ ...aws(billing), aws: { activateCostAllocationTags: true } });

interface Statement { Sid?: string; Effect: string; Principal?: { Service?: string | string[]; AWS?: string }; Action: string | string[]; Resource: string; Condition?: Record<string, Record<string, string>> }
const statementsOf = (policy: unknown): Statement[] => (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;
const arnOf = (record: ResourceRecord) => String(mocked(record).state.arn);

/** Asserts that loading `settings` reports one problem, on `key` (the full "anycloud:..." form), as expectProblem checks it. */
function onlyProblem(settings: Record<string, unknown>, key: string, allowed: RegExp, value: unknown): void {
    assert.deepEqual(problemsOf(settings).map((p) => p.key), [key]);
    expectProblem(settings, key, allowed, value);
}

describe("AWS billing: budget and alarms", () => {
    let dev: BillingRun;
    let tagged: BillingRun;

    before(async () => {
        dev = await recordBilling(aws(BILLING));
        tagged = await recordBilling(tagging(BILLING));
    });

    it("budgets the month's unblended cost in USD under a name unique to the platform", () => {
        const budget = single(dev.recording, BUDGET);
        assert.equal(input(budget, "name"), "acme-transit-dev-monthly");
        assert.equal(input(budget, "budgetType"), "COST");
        assert.equal(input(budget, "timeUnit"), "MONTHLY");
        assert.equal(input(budget, "limitAmount"), "500");
        assert.equal(input(budget, "limitUnit"), "USD");
        assert.equal(input(budget, "metrics"), "UnblendedCost");
        assert.equal(input(budget, "costFilters"), undefined, "the deprecated TagKeyValue filter ORs its values");
    });

    it("counts only spend tagged with this platform's customer, project and environment, all three", () => {
        assert.deepEqual(input(single(dev.recording, BUDGET), "filterExpression"), {
            ands: [
                { tags: { key: "customer", values: ["acme"] } },
                { tags: { key: "project", values: ["transit"] } },
                { tags: { key: "environment", values: ["dev"] } },
            ],
        });
    });

    it("counts the whole spend of an account of its own (billing.accountPerProject), which needs no tags to count", async () => {
        const own = await recordBilling({ ...aws({ ...BILLING, accountPerProject: true }), aws: { accountEmail: "aws+acme-transit@acme.example" } });
        assert.equal(input(single(own.recording, BUDGET), "filterExpression"), undefined);
    });

    it("alarms at every threshold on actual spend and at the highest on the forecast, to the e-mails and the alert topic", () => {
        const topicArn = arnOf(single(dev.recording, TOPIC));
        const notifications = input<Record<string, unknown>[]>(single(dev.recording, BUDGET), "notifications");
        const alarms: [string, number][] = [["ACTUAL", 50], ["ACTUAL", 80], ["ACTUAL", 100], ["FORECASTED", 100]];
        assert.deepEqual(notifications, alarms.map(([notificationType, threshold]) => ({
            notificationType,
            comparisonOperator: "GREATER_THAN",
            threshold,
            thresholdType: "PERCENTAGE",
            subscriberSnsTopicArns: [topicArn],
            subscriberEmailAddresses: EMAILS,
        })));
    });

    it("takes the configured thresholds, and no forecast alarms when forecastAlerts is off", async () => {
        const run = await recordBilling(aws({ ...BILLING, thresholds: [75, 120], forecastAlerts: false }));
        const notifications = input<{ notificationType: string; threshold: number }[]>(single(run.recording, BUDGET), "notifications");
        assert.deepEqual(notifications.map((n) => [n.notificationType, n.threshold]), [["ACTUAL", 75], ["ACTUAL", 120]]);
    });

    it("without e-mails, notifies the alert topic only", async () => {
        const run = await recordBilling(aws({ monthlyBudget: 500 }));
        for (const notification of input<Record<string, unknown>[]>(single(run.recording, BUDGET), "notifications")) {
            assert.equal(notification.subscriberEmailAddresses, undefined);
            assert.deepEqual(notification.subscriberSnsTopicArns, [arnOf(single(run.recording, TOPIC))]);
        }
    });

    it("encrypts the alert topic with its own rotated key that the two billing services may use", () => {
        const topic = single(dev.recording, TOPIC);
        const key = single(dev.recording, KEY);
        assert.equal(input(topic, "name"), "acme-transit-dev-billing-alerts");
        assert.equal(input(topic, "kmsMasterKeyId"), arnOf(key), "a customer-managed key, not alias/aws/sns (which no service principal can use)");
        assert.equal(input(key, "enableKeyRotation"), true);
        const services = statementsOf(input(key, "policy")).filter((s) => s.Principal?.Service);
        assert.deepEqual(services.map((s) => [s.Principal!.Service, s.Action]), [
            [["budgets.amazonaws.com", "costalerts.amazonaws.com"], ["kms:GenerateDataKey*", "kms:Decrypt"]],
        ]);
    });

    it("admits only Budgets and Cost Anomaly Detection of this account to publish, and nothing else", () => {
        const topic = single(dev.recording, TOPIC);
        const policy = single(dev.recording, TOPIC_POLICY);
        assert.equal(input(policy, "arn"), arnOf(topic));
        const statements = statementsOf(input(policy, "policy"));
        assert.deepEqual(statements.map((s) => ({ effect: s.Effect, service: s.Principal?.Service, aws: s.Principal?.AWS, action: s.Action, resource: s.Resource, condition: s.Condition })), [
            { effect: "Allow", service: "budgets.amazonaws.com", aws: undefined, action: "SNS:Publish", resource: arnOf(topic), condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } } },
            { effect: "Allow", service: "costalerts.amazonaws.com", aws: undefined, action: "SNS:Publish", resource: arnOf(topic), condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } } },
        ]);
    });

    it("creates the budget after the key and the topic policy, without which AWS drops alarms silently", () => {
        const dependencies = single(dev.recording, BUDGET).dependencies;
        assert.ok(dependencies.includes(single(dev.recording, KEY).urn));
        assert.ok(dependencies.includes(single(dev.recording, TOPIC_POLICY).urn));
    });

    it("tags every taggable billing resource as the billing component", () => {
        for (const record of [BUDGET, TOPIC, KEY].map((type) => single(dev.recording, type))) {
            assert.equal(input(record, "tags.component"), "billing", record.type);
            assert.equal(input(record, "tags.cost-type"), "fixed", record.type);
        }
    });

    it("outputs the budget and the alert topic", () => {
        assert.equal(dev.outputs.budgetId, mocked(single(dev.recording, BUDGET)).id);
        assert.equal(dev.outputs.alertTopic, arnOf(single(dev.recording, TOPIC)));
    });

    describe("cost allocation tags and anomaly detection", () => {
        it("are not created unless asked for (member accounts and the first deploy cannot activate tags)", () => {
            for (const type of [COST_TAG, MONITOR, SUBSCRIPTION]) {
                assert.equal(ofType(dev.recording, type).length, 0, type);
            }
        });

        it("activate the taxonomy's cost keys, kept active when the stack is destroyed", () => {
            const tags = ofType(tagged.recording, COST_TAG);
            assert.deepEqual(tags.map((t) => input(t, "tagKey")), ["customer", "project", "environment", "component", "cost-type"]);
            for (const tag of tags) {
                assert.equal(input(tag, "status"), "Active");
                assert.equal(tag.options.retainOnDelete, true, `${tag.name}: deleting would deactivate the key for every platform of the organization`);
            }
        });

        it("watch the customer's spend with a custom monitor, once its tag is active", () => {
            const monitor = single(tagged.recording, MONITOR);
            assert.equal(input(monitor, "monitorType"), "CUSTOM", "one dimensional monitor per account, usually taken");
            assert.deepEqual(JSON.parse(input<string>(monitor, "monitorSpecification")).Tags, { Key: "customer", MatchOptions: null, Values: ["acme"] });
            for (const tag of ofType(tagged.recording, COST_TAG)) {
                assert.ok(monitor.dependencies.includes(tag.urn), tag.name);
            }
        });

        it("alarm immediately on the topic and daily by e-mail when an anomaly costs a tenth of the budget", () => {
            const monitorArn = arnOf(single(tagged.recording, MONITOR));
            const subscriptions = ofType(tagged.recording, SUBSCRIPTION);
            assert.deepEqual(Object.fromEntries(subscriptions.map((s) => [input(s, "frequency"), input(s, "subscribers")])), {
                IMMEDIATE: [{ type: "SNS", address: arnOf(single(tagged.recording, TOPIC)) }],
                DAILY: EMAILS.map((address) => ({ type: "EMAIL", address })),
            });
            for (const subscription of subscriptions) {
                assert.deepEqual(input(subscription, "monitorArnLists"), [monitorArn]);
                assert.deepEqual(input(subscription, "thresholdExpression"), { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: ["50"] } });
            }
        });
    });

    it("creates nothing when no monthly budget is set", async () => {
        const run = await recordBilling(tagging({ alertEmails: EMAILS }));
        for (const type of BILLING_TYPES) {
            assert.equal(ofType(run.recording, type).length, 0, type);
        }
        assert.deepEqual(run.outputs, {});
        assert.equal(single(run.recording, "anycloud:index:Billing").name, "acme-billing");
    });
});

describe("AWS billing rules", () => {
    it("accept a budget in USD within the notification and subscriber limits", () => {
        const alertEmails = Array.from({ length: 10 }, (_, i) => `person${i}@acme.example`);
        assert.deepEqual(problemsOf(aws({ ...BILLING, alertEmails, thresholds: [10, 20, 30, 40, 50, 60, 70, 80, 90] })), [], "nine thresholds and a forecast: ten notifications");
    });

    it("refuse a currency other than USD, naming the key and the value", () => {
        onlyProblem(aws({ ...BILLING, currency: "EUR" }), "anycloud:billing.currency", /not supported on AWS: AWS Budgets takes cost budgets in USD only.*set it to USD/, "EUR");
    });

    it("refuse more than ten notifications, counting the forecast alarm", () => {
        const thresholds = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        onlyProblem(aws({ ...BILLING, thresholds }), "anycloud:billing.thresholds", /makes 11 budget notifications \(10 thresholds on actual spend and one on the forecast\); AWS Budgets allows 10 per budget: use fewer thresholds or set forecastAlerts to false/, thresholds);
        assert.deepEqual(problemsOf(aws({ ...BILLING, thresholds, forecastAlerts: false })), []);
    });

    it("refuse more than ten alert e-mails", () => {
        const alertEmails = Array.from({ length: 11 }, (_, i) => `person${i}@acme.example`);
        onlyProblem(aws({ ...BILLING, alertEmails }), "anycloud:billing.alertEmails", /has 11 addresses; an AWS budget notification takes at most 10/, alertEmails);
    });

    it("check nothing when no budget is asked for", () => {
        assert.deepEqual(problemsOf(aws({ currency: "EUR", thresholds: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], alertEmails: Array.from({ length: 11 }, (_, i) => `p${i}@acme.example`) })), []);
    });
});

describe("AWS billing rules with an account per project", () => {
    it("refuse activating cost allocation tags from the new member account", () => {
        const settings = { ...aws({ ...BILLING, accountPerProject: true }), aws: { accountEmail: "aws+acme-transit@acme.example", activateCostAllocationTags: true } };
        expectProblem(settings, "anycloud:aws.activateCostAllocationTags", /cannot be set with billing.accountPerProject: cost allocation tags are activated in the organization's management account/);
        assert.deepEqual(problemsOf({ ...settings, aws: { accountEmail: "aws+acme-transit@acme.example" } }), []);
    });
});
