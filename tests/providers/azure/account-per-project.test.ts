import { strict as assert } from "assert";
import { Problem } from "../../../components/errors";
import { Recording } from "../../../plan/recorder";
import { ALIAS_IGNORED_CHANGES } from "../../../providers/azure/account-per-project";
import { azureAccountRules } from "../../../providers/azure/account-validation";
import { REPLACEMENT_INPUTS } from "../../../providers/azure/replacement-inputs";
import { AZURE_DEV_CONFIG, input, mocked, ofType, recordStack, single } from "../../helpers/record";

const ALIAS = "azure-native:subscription:Alias";
const PROVIDER = "pulumi:providers:azure-native";
const BILLING_SCOPE = "/providers/Microsoft.Billing/billingAccounts/5e98e158-xxxx:0a1b2c3d_2019-05-31/billingProfiles/AB12-CD34-EF5-GH6/invoiceSections/IJ78-KL90-MN1-OP2";
const DEPLOYER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const TENANT = "11111111-1111-1111-1111-111111111111";
const OWN_SUBSCRIPTION = {
    ...AZURE_DEV_CONFIG,
    billing: { accountPerProject: true },
    azure: { subscriptionId: DEPLOYER_SUBSCRIPTION, tenantId: TENANT, billingScope: BILLING_SCOPE },
};

const createdWith = (value: boolean) => ({
    "pulumi:index:Stash": (args: { name: string }) => (args.name.endsWith("-account-mode-created-with") ? { output: { "anycloud:billing.accountPerProject": String(value) } } : undefined),
});

function problems(settings: Record<string, unknown>): Problem[] {
    const found: Problem[] = [];
    azureAccountRules(settings as never, (path, value, message) => found.push({ key: `anycloud:${path.join(".")}`, value, message }));
    return found;
}

describe("Azure subscription per customer project (billing.accountPerProject)", () => {
    let off: Recording;
    let own: Recording;
    before(async () => {
        // One at a time: the mock runtime is global.
        off = await recordStack(AZURE_DEV_CONFIG);
        own = await recordStack(OWN_SUBSCRIPTION);
    });

    it("is off by default: no alias, and the platform's provider in anycloud:azure.subscriptionId", () => {
        assert.equal(ofType(off, ALIAS).length, 0);
        const providers = ofType(off, PROVIDER);
        assert.deepEqual(providers.map((p) => p.name), ["platform-azure"]);
        assert.equal(input(providers[0], "subscriptionId"), DEPLOYER_SUBSCRIPTION);
    });

    it("creates the subscription in the billing scope, named after the platform, with the deployer's credentials in the tenant", () => {
        const alias = single(own, ALIAS);
        assert.equal(input(alias, "aliasName"), "acme-transit-dev");
        assert.deepEqual(
            { billingScope: input(alias, "properties.billingScope"), displayName: input(alias, "properties.displayName"), workload: input(alias, "properties.workload") },
            { billingScope: BILLING_SCOPE, displayName: "acme-transit-dev", workload: "Production" },
        );
        assert.equal(input<Record<string, string>>(alias, "properties.additionalProperties.tags").component, "billing");
        const billing = single(own, PROVIDER, "-azure-billing");
        assert.ok(alias.options.provider.startsWith(`${billing.urn}::`));
        assert.equal(input(billing, "tenantId"), TENANT);
    });

    it("protects the subscription and never sends a change to the alias, which Azure would not apply", () => {
        const alias = single(own, ALIAS);
        assert.equal(alias.options.protect, true);
        assert.deepEqual([...alias.options.ignoreChanges].sort(), ["aliasName", "properties"]);
        const entry = REPLACEMENT_INPUTS[ALIAS];
        assert.deepEqual([...ALIAS_IGNORED_CHANGES].sort(), [...entry.inputs, ...(entry.createOnly ?? [])].sort());
    });

    it("points the platform's provider at the new subscription, in the same tenant", () => {
        const alias = single(own, ALIAS);
        const platform = single(own, PROVIDER, "platform-azure");
        const created = (mocked(alias).state.properties as { subscriptionId: string }).subscriptionId;
        assert.match(created, /^[0-9a-f-]{36}$/);
        assert.notEqual(created, DEPLOYER_SUBSCRIPTION);
        assert.equal(input(platform, "subscriptionId"), created);
        assert.equal(input(platform, "tenantId"), TENANT);
        assert.equal(input(platform, "location"), "westeurope");
    });

    it("builds every component in the new subscription: the group, the network and the cluster go through its provider", () => {
        const platform = single(own, PROVIDER, "platform-azure");
        const placed = ["azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:containerservice:ManagedCluster"];
        for (const type of placed) {
            const resources = ofType(own, type);
            assert.ok(resources.length > 0, type);
            for (const resource of resources) {
                assert.ok(resource.options.provider.startsWith(`${platform.urn}::`), `${resource.name} lands outside the project's subscription`);
            }
        }
    });

    it("refuses to turn the subscription on (or off) for a stack that exists, before anything is created", async () => {
        await assert.rejects(recordStack(OWN_SUBSCRIPTION, "test", { priorState: createdWith(false) }),
            /anycloud:billing\.accountPerProject = "true": was "false" when the platform was created/);
        assert.ok(single(own, ALIAS).dependencies.some((urn) => urn.endsWith("-account-mode-created-with")));
        // The provider waits for the check in both modes, so turning it off touches nothing either.
        for (const recording of [off, own]) {
            assert.ok(single(recording, PROVIDER, "platform-azure").dependencies.some((urn) => urn.endsWith("-account-mode-created-with")));
        }
    });

    describe("validation", () => {
        it("asks for the billing scope, naming both agreements' forms and the tenant it is created in", () => {
            const [problem, ...rest] = problems({ billing: { accountPerProject: true }, azure: { tenantId: TENANT } });
            assert.deepEqual(rest, []);
            assert.equal(problem.key, "anycloud:azure.billingScope");
            assert.match(problem.message, /required when billing\.accountPerProject is on: the billing scope the new subscription is billed to/);
            assert.match(problem.message, /enrollmentAccounts\/<enrollment account> \(Enterprise Agreement\)/);
            assert.match(problem.message, /invoiceSections\/<section> \(Microsoft Customer Agreement\)/);
            assert.match(problem.message, /tenant of anycloud:azure\.tenantId/);
        });

        it("asks nothing when the platform stays in the deployer's subscription", () => {
            assert.deepEqual(problems({ billing: { accountPerProject: false }, azure: {} }), []);
            assert.deepEqual(problems({ billing: { accountPerProject: true }, azure: { billingScope: BILLING_SCOPE } }), []);
        });
    });
});
