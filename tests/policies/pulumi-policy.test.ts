import { strict as assert } from "assert";
import { PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import { checkedResourceOfPolicyResource } from "../../policies/pulumi-policy";
import { UNKNOWN_VALUE } from "../../policies/rule";
import { rule as noSshFromInternet } from "../../policies/rules/aws-vpc-no-ssh-from-internet";
import { assertFails } from "./helpers";

// The sentinel the policy SDK's deserializer puts where the engine sent an unknown string (untyped there).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: unknown };

function policyResource(type: string, props: Record<string, unknown>): PolicyResource {
    return {
        type, urn: `urn:pulumi:s::p::${type}::subject`, name: "subject", props: unknownCheckingProxy(props),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [], propertyDependencies: {},
        isType: () => false, asType: () => undefined,
    } as unknown as PolicyResource;
}

describe("policies: the policy-pack adapter", () => {
    it("keeps the known entries of a list with an unknown one, so an open range beside it is still judged", () => {
        const rule = policyResource("aws:ec2/securityGroup:SecurityGroup", {
            description: "bastion", ingress: [{ description: "ssh", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0", unknownStringValue] }],
            name: unknownStringValue,
        });
        const checked = checkedResourceOfPolicyResource(rule);
        assert.deepEqual((checked.props.ingress as { cidrBlocks: unknown[] }[])[0].cidrBlocks, ["0.0.0.0/0", UNKNOWN_VALUE]);
        assert.ok(!("name" in checked.props), "an unknown property is left out");
        assertFails(noSshFromInternet, checked, /0\.0\.0\.0\/0/);
    });
});
