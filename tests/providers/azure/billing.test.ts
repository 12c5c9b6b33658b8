import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { Problem } from "../../../components/errors";
import { checkAzureBudget } from "../../../providers/azure/billing-validation";
import { firstOfMonth } from "../../../providers/azure/billing";
import { REPLACEMENT_INPUTS } from "../../../providers/azure/replacement-inputs";
import { BillingRun, recordBilling } from "../../helpers/billing";
import { expectProblem, problemsOf } from "../../helpers/config";
import { AZURE_DEV_CONFIG, input, mocked, ofType, single, toStackConfig } from "../../helpers/record";

const BUDGET = "azure-native:consumption:Budget";
const STASH = "pulumi:index:Stash";
const START = "-budget-start";
const EMAILS = ["finance@acme.example", "ops@acme.example"];
/** The default thresholds [50, 80, 100] on actual spend and one forecast alarm: four notifications, within Azure's five. */
const BILLING = { monthlyBudget: 500, alertEmails: EMAILS };
const azure = (billing: Record<string, unknown>) => ({ ...AZURE_DEV_CONFIG, billing });

/** Asserts that loading `settings` reports one problem, on `key` (the full "anycloud:..." form), as expectProblem checks it. */
function onlyProblem(settings: Record<string, unknown>, key: string, allowed: RegExp, value: unknown): void {
    assert.deepEqual(problemsOf(settings).map((p) => p.key), [key]);
    expectProblem(settings, key, allowed, value);
}

/**
 * The problems checkAzureBudget reports for `startDate` on a fixed `today`, which loading the
 * config cannot pin (the wired rule takes the real date).
 */
function startDateProblems(startDate: string, today = new Date(Date.UTC(2026, 4, 17))): Problem[] {
    const args = loadPlatformArgs(toStackConfig(azure(BILLING)));
    const problems: Problem[] = [];
    checkAzureBudget({ ...args, billing: { ...args.billing, startDate } }, (path, value, message) => problems.push({ key: path.join("."), value, message }), today);
    return problems;
}

/** "YYYY-MM-01", `months` after the current month (UTC). */
function monthsFromNow(months: number): string {
    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
    return first.toISOString().slice(0, 10);
}

describe("Azure billing: budget and alarms", () => {
    let dev: BillingRun;

    before(async () => {
        dev = await recordBilling(azure(BILLING));
    });

    it("budgets the platform's two resource groups by the month (its own and AKS's node group), under a name unique to the platform", () => {
        const budget = single(dev.recording, BUDGET);
        assert.equal(input(budget, "budgetName"), "budget-acme-transit-dev");
        assert.equal(input(budget, "scope"), "/subscriptions/00000000-0000-0000-0000-000000000000");
        assert.deepEqual(input(budget, "filter"), {
            dimensions: { name: "ResourceGroupName", operator: "In", values: ["rg-acme-transit-dev", "rg-aks-nodes-acme-transit-dev"] },
        });
        assert.equal(input(budget, "category"), "Cost");
        assert.equal(input(budget, "timeGrain"), "Monthly");
        assert.equal(input(budget, "amount"), 500);
    });

    it("alarms at every threshold on actual spend and at the highest on the forecast, to the e-mails", () => {
        const notifications = input<Record<string, Record<string, unknown>>>(single(dev.recording, BUDGET), "notifications");
        const expected = (thresholdType: string, threshold: number) => ({ enabled: true, operator: "GreaterThan", threshold, thresholdType, contactEmails: EMAILS });
        assert.deepEqual(notifications, {
            Actual_GreaterThan_50_Percent: expected("Actual", 50),
            Actual_GreaterThan_80_Percent: expected("Actual", 80),
            Actual_GreaterThan_100_Percent: expected("Actual", 100),
            Forecasted_GreaterThan_100_Percent: expected("Forecasted", 100),
        });
    });

    it("takes the configured thresholds, the forecast alarm at the highest", async () => {
        const run = await recordBilling(azure({ ...BILLING, thresholds: [75, 90, 110, 120] }));
        const notifications = input<Record<string, { thresholdType: string; threshold: number }>>(single(run.recording, BUDGET), "notifications");
        const expected = { Actual: [75, 90, 110, 120], Forecasted: [120] };
        assert.deepEqual(Object.keys(notifications).sort(), Object.entries(expected).flatMap(([type, percents]) => percents.map((p) => `${type}_GreaterThan_${p}_Percent`)).sort());
        for (const [key, notification] of Object.entries(notifications)) {
            assert.equal(key, `${notification.thresholdType}_GreaterThan_${notification.threshold}_Percent`);
        }
    });

    it("has no forecast alarms when forecastAlerts is off", async () => {
        const run = await recordBilling(azure({ ...BILLING, thresholds: [50, 75, 90, 100, 120], forecastAlerts: false }));
        const notifications = input<Record<string, { thresholdType: string }>>(single(run.recording, BUDGET), "notifications");
        assert.deepEqual(Object.keys(notifications).sort(), [50, 75, 90, 100, 120].map((p) => `Actual_GreaterThan_${p}_Percent`).sort());
    });

    describe("start date", () => {
        it("is the first of the current month (UTC) on the first deploy, kept in a Stash", () => {
            const stash = single(dev.recording, STASH, START);
            assert.equal(input(stash, "input"), firstOfMonth(new Date()));
            assert.match(firstOfMonth(new Date()), /^\d{4}-\d{2}-01T00:00:00Z$/);
            assert.equal(input(single(dev.recording, BUDGET), "timePeriod.startDate"), firstOfMonth(new Date()));
        });

        it("stays the month of the first deploy on later runs", async () => {
            const later = await recordBilling(azure(BILLING), { priorState: { [STASH]: ({ name }) => (name.endsWith(START) ? { output: "2024-03-01T00:00:00Z" } : undefined) } });
            assert.equal(input(single(later.recording, BUDGET), "timePeriod.startDate"), "2024-03-01T00:00:00Z");
        });

        it("is billing.startDate when given, and then nothing is stashed", async () => {
            const run = await recordBilling(azure({ ...BILLING, startDate: "2026-09-01" }));
            assert.equal(input(single(run.recording, BUDGET), "timePeriod.startDate"), "2026-09-01T00:00:00Z");
            assert.equal(ofType(run.recording, STASH).filter((s) => s.name.endsWith(START)).length, 0);
        });

        it("is never sent again after creation, which Azure would refuse", () => {
            assert.deepEqual(single(dev.recording, BUDGET).options.ignoreChanges, ["timePeriod.startDate"]);
            assert.deepEqual(REPLACEMENT_INPUTS[BUDGET].createOnly, ["timePeriod.startDate"], "listed where the docs find it");
        });

        it("is the first day of a month for any day of it", () => {
            assert.equal(firstOfMonth(new Date(Date.UTC(2026, 0, 31, 23, 59))), "2026-01-01T00:00:00Z");
            assert.equal(firstOfMonth(new Date(Date.UTC(2026, 11, 1))), "2026-12-01T00:00:00Z");
        });
    });

    it("outputs the budget and no topic", () => {
        assert.deepEqual(dev.outputs, { budgetId: mocked(single(dev.recording, BUDGET)).id });
    });

    it("creates nothing when no monthly budget is set", async () => {
        const run = await recordBilling(azure({ alertEmails: EMAILS }));
        assert.equal(ofType(run.recording, BUDGET).length, 0);
        assert.equal(ofType(run.recording, STASH).filter((s) => s.name.endsWith(START)).length, 0);
        assert.deepEqual(run.outputs, {});
    });
});

describe("Azure billing rules", () => {
    it("accept up to five notifications with e-mails", () => {
        assert.deepEqual(problemsOf(azure(BILLING)), [], "the default thresholds and a forecast alarm: four");
        assert.deepEqual(problemsOf(azure({ ...BILLING, thresholds: [50, 75, 90, 100] })), [], "four thresholds and a forecast alarm: five");
        assert.deepEqual(problemsOf(azure({ ...BILLING, thresholds: [50, 75, 90, 100, 120], forecastAlerts: false })), []);
    });

    it("refuse more than five notifications, counting the forecast alarm", () => {
        const thresholds = [50, 75, 90, 100, 120];
        onlyProblem(azure({ ...BILLING, thresholds }), "anycloud:billing.thresholds", /makes 6 budget notifications \(5 thresholds on actual spend and one on the forecast\); an Azure budget holds at most 5: use fewer thresholds or set forecastAlerts to false/, thresholds);
        assert.deepEqual(problemsOf(azure({ ...BILLING, thresholds, forecastAlerts: false })), []);
    });

    it("refuse a budget with no e-mail to notify", () => {
        onlyProblem(azure({ monthlyBudget: 500 }), "anycloud:billing.alertEmails", /is empty; an Azure budget on a resource group needs at least one e-mail address/, []);
    });

    it("refuse a start date more than twelve months ahead, and accept past ones", () => {
        assert.deepEqual(startDateProblems("2027-05-01"), [], "twelve months ahead of May 2026");
        const [problem, ...rest] = startDateProblems("2027-06-01");
        assert.deepEqual(rest, []);
        assert.equal(problem.key, "billing.startDate");
        assert.equal(problem.value, "2027-06-01");
        assert.match(problem.message, /is 13 months ahead; Azure starts a budget at most 12 months ahead/);
        assert.deepEqual(startDateProblems("2024-01-01"), [], "a budget created back then keeps it");
    });

    it("check the start date against the current month when the config is loaded", () => {
        assert.deepEqual(problemsOf(azure({ ...BILLING, startDate: monthsFromNow(11) })), []);
        assert.deepEqual(problemsOf(azure({ ...BILLING, startDate: "2024-01-01" })), []);
        const far = monthsFromNow(24);
        onlyProblem(azure({ ...BILLING, startDate: far }), "anycloud:billing.startDate", /is 2[34] months ahead; Azure starts a budget at most 12 months ahead/, far);
    });

    it("check nothing when no budget is asked for", () => {
        assert.deepEqual(problemsOf(azure({ thresholds: [50, 60, 70, 80, 90, 100], startDate: "2030-01-01" })), []);
    });
});

describe("Azure billing with a subscription of its own", () => {
    it("counts the whole subscription, which holds only this platform", async () => {
        const own = await recordBilling({ ...AZURE_DEV_CONFIG, azure: { tenantId: "11111111-1111-1111-1111-111111111111", billingScope: "/providers/Microsoft.Billing/billingAccounts/1234/enrollmentAccounts/5678" }, billing: { monthlyBudget: 500, alertEmails: ["finance@acme.example"], accountPerProject: true } });
        const budget = single(own.recording, BUDGET);
        assert.equal(input(budget, "filter"), undefined);
        assert.match(String(input(budget, "scope")), /^\/subscriptions\/[^/]+$/);
    });
});
