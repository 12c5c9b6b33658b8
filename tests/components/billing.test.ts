import { strict as assert } from "assert";
import { budgetAlarms } from "../../components/billing";
import { recordBilling } from "../helpers/billing";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, GCP_DEV_CONFIG, single } from "../helpers/record";

describe("Billing component", () => {
    it("asks for an alarm per threshold on actual spend and, when forecastAlerts is on, one on the forecast at the highest", () => {
        assert.deepEqual(budgetAlarms({ thresholds: [50, 80, 100], forecastAlerts: true }), [
            { percent: 50, basis: "actual" },
            { percent: 80, basis: "actual" },
            { percent: 100, basis: "actual" },
            { percent: 100, basis: "forecast" },
        ]);
        assert.deepEqual(budgetAlarms({ thresholds: [120], forecastAlerts: true }), [{ percent: 120, basis: "actual" }, { percent: 120, basis: "forecast" }]);
        assert.deepEqual(budgetAlarms({ thresholds: [80], forecastAlerts: false }), [{ percent: 80, basis: "actual" }]);
    });

    for (const [cloud, config, budgetType] of [
        ["aws", AWS_DEV_CONFIG, "aws:budgets/budget:Budget"],
        ["azure", AZURE_DEV_CONFIG, "azure-native:consumption:Budget"],
        ["gcp", { ...GCP_DEV_CONFIG, gcp: { project: "acme-transit-dev", billingAccount: "012345-6789AB-CDEF01" } }, "gcp:billing/budget:Budget"],
    ] as const) {
        it(`on ${cloud}, puts the cloud's budget under the component and outputs its id`, async () => {
            const run = await recordBilling({ ...config, billing: { monthlyBudget: 500, alertEmails: ["finance@acme.example"], thresholds: [80, 100] } });
            const component = single(run.recording, "anycloud:index:Billing");
            const budget = single(run.recording, budgetType);
            assert.ok(budget.urn.includes("anycloud:index:Billing$"), `${budget.urn} is a descendant of the Billing component`);
            assert.ok(component.parent.includes("test:index:PlatformChildren"), "a child of what the Platform passes as parent");
            assert.equal(typeof run.outputs.budgetId, "string");
        });
    }
});
