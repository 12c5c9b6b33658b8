import { strict as assert } from "assert";
import { Recording, ResourceRecord } from "../../../plan/recorder";
import { AWS_DEV_CONFIG, input, recordStack, single } from "../../helpers/record";
import { SSH_KEY } from "../../helpers/config";

const PLATFORM_TAGS = { customer: "acme", project: "transit", environment: "staging", "cost-type": "fixed", "managed-by": "anycloud" };

/**
 * Whether the AWS SDK's resource class for `type` takes a `tags` input, read from the
 * installed SDK itself so a new resource type is covered without a list to keep up.
 * "aws:ec2/vpc:Vpc" -> require("@pulumi/aws/ec2").Vpc.
 */
function isTaggable(type: string): boolean {
    const [, modulePath, className] = type.split(":");
    const module = modulePath.split("/")[0];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by the recorded type
    const sdk = require(module === "index" ? "@pulumi/aws" : `@pulumi/aws/${module}`) as Record<string, { toString(): string }>;
    const resourceClass = sdk[className];
    assert.ok(resourceClass, `no SDK class for ${type}`);
    return resourceClass.toString().includes('resourceInputs["tags"]');
}

describe("AWS tagging", () => {
    let recording: Recording;

    before(async () => {
        recording = await recordStack({
            ...AWS_DEV_CONFIG,
            environment: "staging",
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
            database: { enabled: true },
        });
    });

    it("tags through the platform's provider: customer, project, environment, cost type, managed-by", () => {
        const provider = single(recording, "pulumi:providers:aws");
        // Provider config travels as JSON text, as the engine hands it to the provider plugin.
        assert.deepEqual(JSON.parse(input<string>(provider, "defaultTags")), { tags: PLATFORM_TAGS });
        assert.equal(input(provider, "region"), "eu-central-1");
        const providerRef = `${provider.urn}::`;
        const awsResources = recording.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        assert.ok(awsResources.length > 60);
        for (const resource of awsResources) {
            assert.ok(resource.options.provider.startsWith(providerRef), `${resource.name} (${resource.type}) bypasses the tagged provider`);
        }
    });

    it("leaves no taggable AWS resource without the platform's tags, nor overrides one with another value", () => {
        const defaults = JSON.parse(input<string>(single(recording, "pulumi:providers:aws"), "defaultTags")).tags as Record<string, string>;
        const taggable = recording.resources.filter((r) => r.custom && r.type.startsWith("aws:") && isTaggable(r.type));
        assert.ok(taggable.length > 40, `only ${taggable.length} taggable resources found; is the SDK check broken?`);
        const missing: string[] = [];
        for (const resource of taggable) {
            const effective = { ...defaults, ...input<Record<string, string> | undefined>(resource, "tags") };
            for (const [key, value] of Object.entries(PLATFORM_TAGS)) {
                if (effective[key] !== value) {
                    missing.push(`${resource.name} (${resource.type}): ${key}=${effective[key]}`);
                }
            }
        }
        assert.deepEqual(missing, []);
    });

    it("tags what AWS creates on the platform's behalf: the cluster security group, Auto Scaling groups, instances, the EKS component", () => {
        const handTagged = (type: string, idField: string): Map<string, Record<string, string>> => {
            const byTarget = new Map<string, Record<string, string>>();
            for (const tag of recording.resources.filter((r: ResourceRecord) => r.type === type)) {
                const target = input<string>(tag, idField);
                const entry = input<{ key: string; value: string } | undefined>(tag, "tag") ?? { key: input<string>(tag, "key"), value: input<string>(tag, "value") };
                byTarget.set(target, { ...byTarget.get(target), [entry.key]: entry.value });
            }
            return byTarget;
        };
        const securityGroupTags = [...handTagged("aws:ec2/tag:Tag", "resourceId").values()];
        assert.equal(securityGroupTags.length, 1, "the EKS cluster security group");
        const autoScalingGroupTags = [...handTagged("aws:autoscaling/tag:Tag", "autoscalingGroupName").values()];
        assert.equal(autoScalingGroupTags.length, recording.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup").length);
        for (const tags of [...securityGroupTags, ...autoScalingGroupTags]) {
            assert.deepEqual(Object.fromEntries(Object.keys(PLATFORM_TAGS).map((k) => [k, tags[k]])), PLATFORM_TAGS);
        }
        const specs = input<{ resourceType: string; tags: Record<string, string> }[]>(single(recording, "aws:ec2/launchTemplate:LaunchTemplate"), "tagSpecifications");
        assert.deepEqual(specs.map((s) => s.resourceType).sort(), ["instance", "network-interface", "volume"]);
        for (const spec of specs) {
            assert.equal(spec.tags.customer, "acme");
            assert.equal(spec.tags.environment, "staging");
        }
        const eks = single(recording, "eks:index:Cluster");
        assert.equal(input<Record<string, string>>(eks, "tags").customer, "acme");
        assert.equal(input<Record<string, string>>(eks, "clusterTags").component, "cluster");
    });
});
