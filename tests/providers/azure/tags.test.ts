import { strict as assert } from "assert";
import { Recording } from "../../../plan/recorder";
import { AZURE_DEV_CONFIG, input, recordStack } from "../../helpers/record";
import { SSH_KEY } from "../../helpers/config";

const PLATFORM_TAGS = { customer: "acme", project: "transit", environment: "staging", "cost-type": "fixed", "managed-by": "anycloud" };

/**
 * Whether the azure-native class for `type` takes a `tags` input, read from the installed
 * SDK: "azure-native:network:Subnet" -> require("@pulumi/azure-native/network").Subnet.
 */
function isTaggable(type: string): boolean {
    const [, module, className] = type.split(":");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by the recorded type
    const resourceClass = (require(`@pulumi/azure-native/${module}`) as Record<string, { toString(): string }>)[className];
    assert.ok(resourceClass, `no SDK class for ${type}`);
    return resourceClass.toString().includes('resourceInputs["tags"]');
}

describe("Azure tagging", () => {
    let recording: Recording;

    before(async () => {
        recording = await recordStack({
            ...AZURE_DEV_CONFIG,
            environment: "staging",
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
            database: { enabled: true, size: "medium", replicas: 1 },
        });
    });

    it("tags every taggable Azure resource: no default tags on Azure, so each sets its own", () => {
        const azureResources = recording.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
        const taggable = azureResources.filter((r) => isTaggable(r.type));
        assert.ok(taggable.length > 20, `only ${taggable.length} taggable resources found; is the SDK check broken?`);
        const missing: string[] = [];
        for (const resource of taggable) {
            const tags = input<Record<string, string> | undefined>(resource, "tags") ?? {};
            for (const [key, value] of Object.entries(PLATFORM_TAGS)) {
                if (tags[key] !== value) {
                    missing.push(`${resource.name} (${resource.type}): ${key}=${tags[key]}`);
                }
            }
            if (!tags.component) {
                missing.push(`${resource.name} (${resource.type}): component`);
            }
        }
        assert.deepEqual(missing, []);
    });

    it("puts every Azure resource in the platform's subscription and region through one provider", () => {
        const provider = recording.resources.find((r) => r.type === "pulumi:providers:azure-native")!;
        assert.equal(input(provider, "location"), "westeurope");
        assert.equal(input(provider, "subscriptionId"), "00000000-0000-0000-0000-000000000000");
        for (const resource of recording.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"))) {
            assert.ok(resource.options.provider.startsWith(`${provider.urn}::`), `${resource.name} bypasses the platform's provider`);
        }
    });
});
