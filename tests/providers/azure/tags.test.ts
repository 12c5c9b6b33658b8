import { strict as assert } from "assert";
import { AZURE_TAGS_BESIDES_USERS } from "../../../providers/azure/validation";
import { AZURE_DEV_CONFIG, input, ofType } from "../../helpers/record";
import { tagWalkSuite } from "../../helpers/tag-suite";

describe("Azure cost tags", () => {
    // Azure has no default tags: every resource sets all of its own, which the walk checks.
    const stacks = tagWalkSuite("azure", AZURE_DEV_CONFIG, { ownTagRoom: AZURE_TAGS_BESIDES_USERS, taggableBilling: false, prodExtra: { database: { enabled: true, size: "medium", replicas: 1 } } });

    it("puts every Azure resource in the platform's subscription and region through one provider", () => {
        const { recording } = stacks.dev;
        const [provider] = ofType(recording, "pulumi:providers:azure-native");
        assert.equal(input(provider, "location"), "westeurope");
        assert.equal(input(provider, "subscriptionId"), "00000000-0000-0000-0000-000000000000");
        for (const resource of recording.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"))) {
            assert.ok(resource.options.provider.startsWith(`${provider.urn}::`), `${resource.name} bypasses the platform's provider`);
        }
    });

    it("tags the AKS pools' scale sets through each pool's tags: cluster tags do not reach node pools", () => {
        const { recording } = stacks.prod;
        const profiles = input<{ tags?: Record<string, string> }[]>(ofType(recording, "azure-native:containerservice:ManagedCluster")[0], "agentPoolProfiles");
        const pools = ofType(recording, "azure-native:containerservice:AgentPool").map((pool) => input<Record<string, string>>(pool, "tags"));
        for (const tags of [...profiles.map((p) => p.tags ?? {}), ...pools]) {
            assert.equal(tags.component, "cluster");
            assert.equal(tags["cost-type"], "project");
        }
    });
});
