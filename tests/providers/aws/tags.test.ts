import { strict as assert } from "assert";
import { ResourceRecord } from "../../../plan/recorder";
import { AWS_TAGS_BESIDES_USERS } from "../../../providers/aws/validation";
import { AWS_DEV_CONFIG, input, single } from "../../helpers/record";
import { expectationFor, taxonomyProblems } from "../../helpers/tags";
import { tagWalkSuite, USER_TAGS } from "../../helpers/tag-suite";

/** Tags set one key at a time (aws:ec2/tag:Tag, aws:autoscaling/tag:Tag), gathered per tagged resource. */
function handTags(resources: ResourceRecord[], type: string, targetField: string): Map<string, Record<string, string>> {
    const byTarget = new Map<string, Record<string, string>>();
    for (const tag of resources.filter((r) => r.type === type)) {
        const target = input<string>(tag, targetField);
        const entry = input<{ key: string; value: string } | undefined>(tag, "tag") ?? { key: input<string>(tag, "key"), value: input<string>(tag, "value") };
        byTarget.set(target, { ...byTarget.get(target), [entry.key]: entry.value });
    }
    return byTarget;
}

describe("AWS cost tags", () => {
    const stacks = tagWalkSuite("aws", AWS_DEV_CONFIG, { ownTagRoom: AWS_TAGS_BESIDES_USERS, taggableBilling: true });

    it("sets the platform's tags as the provider's default tags, and every AWS resource uses that provider", () => {
        const { recording } = stacks.dev;
        const provider = single(recording, "pulumi:providers:aws");
        // Provider config travels as JSON text, as the engine hands it to the provider plugin.
        assert.deepEqual(JSON.parse(input<string>(provider, "defaultTags")), {
            tags: { ...USER_TAGS, customer: "acme", project: "transit", environment: "dev", "cost-type": "fixed", "managed-by": "anycloud" },
        });
        for (const resource of recording.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
            assert.ok(resource.options.provider.startsWith(`${provider.urn}::`), `${resource.name} (${resource.type}) bypasses the tagged provider`);
        }
    });

    it("tags what AWS creates on the platform's behalf: the cluster security group, Auto Scaling groups, node instances, volumes and interfaces", () => {
        for (const { recording, settings } of [stacks.dev, stacks.prod]) {
            const expected = expectationFor(settings);
            const securityGroups = [...handTags(recording.resources, "aws:ec2/tag:Tag", "resourceId").values()];
            assert.equal(securityGroups.length, 1, "the EKS cluster security group");
            const groups = [...handTags(recording.resources, "aws:autoscaling/tag:Tag", "autoscalingGroupName").values()];
            assert.equal(groups.length, recording.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup").length);
            for (const tags of [...securityGroups, ...groups]) {
                assert.deepEqual(taxonomyProblems(tags, expected, "aws"), []);
            }
            const specs = input<{ resourceType: string; tags: Record<string, string> }[]>(single(recording, "aws:ec2/launchTemplate:LaunchTemplate"), "tagSpecifications");
            assert.deepEqual(specs.map((s) => s.resourceType).sort(), ["instance", "network-interface", "volume"]);
        }
    });

    it("hands the taxonomy to @pulumi/eks, whose children are made at deploy time", () => {
        for (const { recording, settings } of [stacks.dev, stacks.prod]) {
            const eks = single(recording, "eks:index:Cluster");
            for (const field of ["tags", "clusterTags"]) {
                assert.deepEqual(taxonomyProblems(input(eks, field), expectationFor(settings), "aws"), [], field);
            }
        }
        assert.equal(input<Record<string, string>>(single(stacks.prod.recording, "eks:index:Cluster"), "clusterTags")["cost-type"], "project");
    });
});
