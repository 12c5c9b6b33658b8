import { strict as assert } from "assert";
import { MOCK_GCP_PROJECT_NUMBER } from "../../../plan/mocks-gcp";
import { money } from "../../../providers/gcp/billing";
import { BillingRun, recordBilling } from "../../helpers/billing";
import { expectProblem, problemsOf } from "../../helpers/config";
import { GCP_DEV_CONFIG, input, mocked, ofType, single } from "../../helpers/record";

const BUDGET = "gcp:billing/budget:Budget";
const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";
const PROVIDER = "pulumi:providers:gcp";
const SERVICE = "gcp:projects/service:Service";

const BILLING_ACCOUNT = "012345-6789AB-CDEF01";
const EMAILS = ["finance@acme.example", "ops@acme.example"];
const BILLING = { monthlyBudget: 500, alertEmails: EMAILS };
/** The GCP dev config with `billing`, on the billing account unless `billingAccount` is null. */
const gcp = (billing: Record<string, unknown>, billingAccount: string | null = BILLING_ACCOUNT) =>
    ({ ...GCP_DEV_CONFIG, gcp: { project: (GCP_DEV_CONFIG.gcp as { project: string }).project, ...(billingAccount !== null && { billingAccount }) }, billing });

/** Asserts that loading `settings` reports one problem, on `key` (the full "anycloud:..." form), as expectProblem checks it. */
function onlyProblem(settings: Record<string, unknown>, key: string, allowed: RegExp, value: unknown): void {
    assert.deepEqual(problemsOf(settings).map((p) => p.key), [key]);
    expectProblem(settings, key, allowed, value);
}

describe("GCP billing: budget and alarms", () => {
    let dev: BillingRun;

    before(async () => {
        dev = await recordBilling(gcp(BILLING));
    });

    it("budgets the month on the billing account, in the configured currency", () => {
        const budget = single(dev.recording, BUDGET);
        assert.equal(input(budget, "billingAccount"), BILLING_ACCOUNT);
        assert.equal(input(budget, "displayName"), "acme-transit-dev monthly");
        assert.deepEqual(input(budget, "amount"), { specifiedAmount: { currencyCode: "USD", units: "500" } });
    });

    it("counts only the platform's project and environment", () => {
        assert.deepEqual(input(single(dev.recording, BUDGET), "budgetFilter"), {
            projects: [`projects/${MOCK_GCP_PROJECT_NUMBER}`],
            labels: { environment: "dev" },
            calendarPeriod: "MONTH",
        });
    });

    it("alarms at every threshold on current spend and at the highest on the forecast, as fractions", () => {
        assert.deepEqual(input(single(dev.recording, BUDGET), "thresholdRules"), [
            { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 0.8, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
        ]);
    });

    it("counts the whole spend of a project of its own (billing.accountPerProject), labelled or not", async () => {
        const own = await recordBilling({ ...gcp({ ...BILLING, accountPerProject: true }), gcp: { billingAccount: BILLING_ACCOUNT, folderId: "123456789012" } });
        const filter = input<Record<string, unknown>>(single(own.recording, BUDGET), "budgetFilter");
        assert.equal(filter.labels, undefined);
        assert.equal((filter.projects as string[]).length, 1);
    });

    it("takes the configured thresholds, the forecast rule at the highest", async () => {
        const run = await recordBilling(gcp({ ...BILLING, thresholds: [90, 110] }));
        assert.deepEqual(input(single(run.recording, BUDGET), "thresholdRules"), [
            { thresholdPercent: 0.9, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1.1, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1.1, spendBasis: "FORECASTED_SPEND" },
        ]);
    });

    it("has no forecast rules when forecastAlerts is off", async () => {
        const run = await recordBilling(gcp({ ...BILLING, thresholds: [90, 110], forecastAlerts: false }));
        assert.deepEqual(input(single(run.recording, BUDGET), "thresholdRules"), [
            { thresholdPercent: 0.9, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1.1, spendBasis: "CURRENT_SPEND" },
        ]);
    });

    it("mails every alert address through its own channel, besides the billing account's administrators", () => {
        const channels = ofType(dev.recording, CHANNEL);
        assert.deepEqual(channels.map((c) => [input(c, "type"), input(c, "labels.email_address"), input(c, "project")]), EMAILS.map((address) => ["email", address, "acme-transit-dev"]));
        assert.deepEqual(input(single(dev.recording, BUDGET), "allUpdatesRule"), {
            monitoringNotificationChannels: channels.map((c) => mocked(c).state.name),
            disableDefaultIamRecipients: false,
        });
        for (const channel of channels) {
            assert.equal(input(channel, "userLabels.component"), "billing");
        }
    });

    it("without e-mails, leaves the alarms to the billing account's administrators", async () => {
        const run = await recordBilling(gcp({ monthlyBudget: 500 }));
        assert.equal(ofType(run.recording, CHANNEL).length, 0);
        assert.equal(input(single(run.recording, BUDGET), "allUpdatesRule"), undefined);
    });

    it("calls the Budget API with the platform's project as quota project, once its APIs are on", () => {
        const budget = single(dev.recording, BUDGET);
        const provider = single(dev.recording, PROVIDER, "-budget-gcp");
        assert.ok(budget.options.provider.startsWith(`${provider.urn}::`), budget.options.provider);
        assert.equal(input(provider, "billingProject"), "acme-transit-dev");
        assert.equal(String(input(provider, "userProjectOverride")), "true");
        for (const service of ofType(dev.recording, SERVICE)) {
            assert.ok(budget.dependencies.includes(service.urn), service.name);
        }
    });

    it("gives amounts with cents in units and nanos", () => {
        assert.deepEqual(money(499.95), { units: "499", nanos: 950_000_000 });
        assert.deepEqual(money(1200), { units: "1200" });
    });

    it("outputs the budget and no topic", () => {
        assert.deepEqual(dev.outputs, { budgetId: mocked(single(dev.recording, BUDGET)).state.name });
    });

    it("creates nothing when no monthly budget is set", async () => {
        const run = await recordBilling(gcp({ alertEmails: EMAILS }));
        assert.equal(ofType(run.recording, BUDGET).length, 0);
        assert.equal(ofType(run.recording, CHANNEL).length, 0);
        assert.equal(ofType(run.recording, PROVIDER).filter((p) => p.name.endsWith("-budget-gcp")).length, 0);
        assert.deepEqual(run.outputs, {});
    });
});

describe("GCP billing rules", () => {
    it("accept a budget with a billing account and up to five e-mails", () => {
        assert.deepEqual(problemsOf(gcp({ ...BILLING, alertEmails: EMAILS.concat(["a@acme.example", "b@acme.example", "c@acme.example"]) })), []);
    });

    it("require anycloud:gcp.billingAccount for a budget", () => {
        onlyProblem(gcp(BILLING, null), "anycloud:gcp.billingAccount", /is required when billing.monthlyBudget is set: GCP budgets live on the Cloud Billing account \(XXXXXX-XXXXXX-XXXXXX/, undefined);
    });

    it("refuse more than five alert e-mails", () => {
        const alertEmails = Array.from({ length: 6 }, (_, i) => `person${i}@acme.example`);
        onlyProblem(gcp({ ...BILLING, alertEmails }), "anycloud:billing.alertEmails", /has 6 addresses; a GCP budget notifies at most 5 channels/, alertEmails);
    });

    it("check nothing when no budget is asked for", () => {
        assert.deepEqual(problemsOf(gcp({ alertEmails: Array.from({ length: 6 }, (_, i) => `p${i}@acme.example`) }, null)), []);
    });
});
