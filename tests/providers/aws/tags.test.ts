import { strict as assert } from "assert";
import { AWS_DEV_CONFIG, input, recordStack, single } from "../../helpers/record";

describe("AWS tagging", () => {
    it("tags every AWS resource with customer, project, environment and cost type through the platform's provider", async () => {
        const recording = await recordStack({ ...AWS_DEV_CONFIG, environment: "staging" });
        const provider = single(recording, "pulumi:providers:aws");
        // Provider config travels as JSON text, as the engine hands it to the provider plugin.
        assert.deepEqual(JSON.parse(input<string>(provider, "defaultTags")), {
            tags: { customer: "acme", project: "transit", environment: "staging", "cost-type": "fixed", "managed-by": "anycloud" },
        });
        assert.equal(input(provider, "region"), "eu-central-1");
        const providerRef = `${provider.urn}::`;
        const awsResources = recording.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        assert.ok(awsResources.length > 30);
        for (const resource of awsResources) {
            assert.ok(resource.options.provider.startsWith(providerRef), `${resource.name} (${resource.type}) bypasses the tagged provider`);
        }
        // Components that other providers build get the tags explicitly.
        const eks = single(recording, "eks:index:Cluster");
        assert.equal(input<Record<string, string>>(eks, "tags").customer, "acme");
        assert.equal(input<Record<string, string>>(eks, "tags").component, "cluster");
        // Instances launched by Auto Scaling are tagged through the launch template.
        const specs = input<{ resourceType: string; tags: Record<string, string> }[]>(single(recording, "aws:ec2/launchTemplate:LaunchTemplate"), "tagSpecifications");
        assert.ok(specs.some((s) => s.resourceType === "instance" && s.tags.project === "transit" && s.tags.environment === "staging"));
    });
});
