import { strict as assert } from "assert";
import { TAG_KEYS } from "../../components/context";
import { Recording } from "../../plan/recorder";
import { SSH_KEY } from "./config";
import { recordStack } from "./record";
import { expectationFor, mostOwnTags, TaggedCloud, tagFieldsOf, walkTags } from "./tags";

/** Valid on every cloud (lowercase label charset), so the same tags reach all three. */
export const USER_TAGS = { "cost-center": "cc-4711", owner: "platform_team" };

/** Cost types a customer might choose: the database counted as fixed cost, the cluster and bastion as the project's. */
export const OVERRIDDEN_COST_TYPES = { database: "fixed", cluster: "project", bastion: "project" };

export interface TagRecordings {
    dev: { settings: Record<string, unknown>; recording: Recording };
    prod: { settings: Record<string, unknown>; recording: Recording };
}

/**
 * The reference-like stacks of one cloud with every part on (database, bastion, observability
 * exposed through the allowlist, the user's tags), in dev and in prod with overridden cost types,
 * recorded once in `before`, and the checks every cloud shares: the walk finds nothing wrong,
 * the cost types follow the config, and the walker itself fails where it should.
 */
export function tagWalkSuite(cloud: TaggedCloud, devConfig: Record<string, unknown>, options: { ownTagRoom: number; prodExtra?: Record<string, unknown>; taggableBilling: boolean }): TagRecordings {
    const stacks = {} as TagRecordings;
    const budget = { monthlyBudget: 500, alertEmails: ["finance@acme.example"] };
    const everything = { bastion: { enabled: true, sshPublicKey: SSH_KEY }, observability: { exposure: "allowlist" }, billing: budget, tags: USER_TAGS };

    before(async () => {
        const dev = { ...devConfig, ...everything, database: { enabled: true } };
        const prod = { ...devConfig, ...everything, ...options.prodExtra, environment: "prod", database: { enabled: true }, billing: { ...budget, costTypes: OVERRIDDEN_COST_TYPES } };
        stacks.dev = { settings: dev, recording: await recordStack(dev, "dev") };
        stacks.prod = { settings: prod, recording: await recordStack(prod, "prod") };
    });

    it("leaves no taggable resource of the dev stack without the taxonomy and the user's tags", () => {
        // What the walk compares with, spelled out: the expectation must not inherit a bug of the code it checks.
        assert.deepEqual(expectationFor(stacks.dev.settings).everywhere, { ...USER_TAGS, customer: "acme", project: "transit", environment: "dev", "managed-by": "anycloud" });
        const walk = walkTags(stacks.dev.recording, cloud, expectationFor(stacks.dev.settings));
        assert.deepEqual(walk.problems, []);
        assert.ok(walk.checked.length >= 10, `only ${walk.checked.length} tag sets checked; is the SDK reader broken?`);
        // Azure budgets take no tags, so nothing of Azure's billing is taggable.
        for (const component of ["network", "cluster", "database", "bastion", ...(options.taggableBilling ? ["billing"] : [])]) {
            assert.ok(walk.checked.some(({ tags }) => tags.component === component), `no resource tagged component=${component}`);
        }
    });

    it("tags prod after anycloud:billing.costTypes: the database as fixed cost, cluster and bastion as the project's", () => {
        const walk = walkTags(stacks.prod.recording, cloud, expectationFor(stacks.prod.settings));
        assert.deepEqual(walk.problems, []);
        const costTypes = new Map(walk.checked.map(({ tags }) => [tags.component, tags[TAG_KEYS.costType]]));
        assert.equal(costTypes.get("database"), "fixed");
        assert.equal(costTypes.get("cluster"), "project");
        assert.equal(costTypes.get("bastion"), "project");
        assert.equal(costTypes.get("network"), "fixed");
        assert.ok(walk.checked.every(({ tags }) => tags.environment === "prod"));
    });

    it("fails on a resource without tags, on a malformed tag, and on cost types the config did not ask for", () => {
        const broken = structuredClone(stacks.dev.recording);
        const walk = walkTags(broken, cloud, expectationFor(stacks.dev.settings));
        const [first, second] = walk.checked.filter(({ at }) => !at.includes("."));
        // The walk's records are the clone's own: editing them edits the recording walked next.
        delete first.resource.inputs[first.at];
        (second.resource.inputs[second.at] as Record<string, string>).component = "frontend";
        const problems = walkTags(broken, cloud, expectationFor(stacks.dev.settings)).problems;
        assert.ok(problems.some((p) => p.startsWith(`${first.resource.name} (${first.resource.type}) ${first.at}: no tags`)), `no problem for ${first.resource.name}: ${problems.join("\n")}`);
        assert.ok(problems.some((p) => p.startsWith(`${second.resource.name} `) && /component="frontend", expected one of network/.test(p)));
        // The dev stack walked as if the customer had overridden its cost types: every overridden component is reported.
        const wrongCostTypes = walkTags(stacks.dev.recording, cloud, expectationFor({ ...stacks.dev.settings, billing: { costTypes: OVERRIDDEN_COST_TYPES } })).problems;
        for (const component of Object.keys(OVERRIDDEN_COST_TYPES)) {
            assert.ok(wrongCostTypes.some((p) => p.includes(`(billing.costTypes.${component})`)), `the walker missed billing.costTypes.${component}`);
        }
    });

    it("keeps anycloud's own tags on any one resource within the room the config validation leaves", () => {
        for (const { recording, settings } of [stacks.dev, stacks.prod]) {
            const walk = walkTags(recording, cloud, expectationFor(settings));
            assert.ok(mostOwnTags(walk, USER_TAGS) <= options.ownTagRoom, `${mostOwnTags(walk, USER_TAGS)} > ${options.ownTagRoom}`);
        }
    });

    it("deems untaggable only types whose SDK class takes no tags of their own", () => {
        const walk = walkTags(stacks.dev.recording, cloud, expectationFor(stacks.dev.settings));
        assert.ok(walk.untaggable.size > 0);
        for (const type of walk.untaggable) {
            assert.ok(tagFieldsOf(type, cloud).every((field) => field.path.length > 1), `${type} takes top-level tags but was not checked`);
        }
        assert.ok([...walk.outOfScope].every((type) => !type.startsWith(`${cloud === "azure" ? "azure-native" : cloud}:`)));
    });

    return stacks;
}
