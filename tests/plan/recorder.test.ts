import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { recordProgram, ResourceRecord, SECRET_MARKER } from "../../plan/recorder";
import { AWS_DEV_CONFIG, recordStack } from "../helpers/record";
import { SSH_KEY } from "../helpers/config";

const PLAINTEXT = "correct-horse-battery-staple";

class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("test:index:Thing", name, props, opts);
    }
}

class Box extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Box", name, {}, opts);
        const first = new Thing(`${name}-first`, { size: 1 }, { parent: this });
        new Thing(`${name}-second`, {
            size: 2,
            password: pulumi.secret(PLAINTEXT),
            nested: { token: pulumi.secret(PLAINTEXT), plain: "visible" },
        }, { parent: this, dependsOn: [first], ignoreChanges: ["size"], protect: true });
        this.registerOutputs({});
    }
}

function find(records: ResourceRecord[], name: string): ResourceRecord {
    const record = records.find((r) => r.name === name);
    assert.ok(record, `no record named ${name} among ${records.map((r) => r.name).join(", ")}`);
    return record;
}

describe("plan: recorder", () => {
    it("records parent, dependencies, options and redacted secrets exactly as registered", async () => {
        const recording = await recordProgram(() => {
            new Box("box");
            return { visible: "yes", hidden: pulumi.secret(PLAINTEXT) };
        }, { project: "proj", stack: "dev", config: {}, region: "eu-central-1" });
        const box = find(recording.resources, "box");
        const first = find(recording.resources, "box-first");
        const second = find(recording.resources, "box-second");

        assert.equal(box.urn, "urn:pulumi:dev::proj::pulumi:pulumi:Stack$test:index:Box::box");
        assert.equal(box.parent, "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
        assert.equal(box.custom, false);
        assert.equal(second.urn, "urn:pulumi:dev::proj::test:index:Box$test:index:Thing::box-second");
        assert.equal(second.parent, box.urn);
        assert.equal(second.custom, true);
        assert.ok(second.dependencies.includes(first.urn), `dependencies: ${second.dependencies.join(", ")}`);
        assert.deepEqual(first.dependencies, []);
        assert.deepEqual(second.options.ignoreChanges, ["size"]);
        assert.equal(second.options.protect, true);
        assert.equal(first.options.protect, false);
        assert.equal(second.inputs.password, SECRET_MARKER);
        assert.deepEqual(second.inputs.nested, { token: SECRET_MARKER, plain: "visible" });
        assert.deepEqual([...second.secretInputs].sort(), ["nested.token", "password"]);
        assert.deepEqual(recording.outputs, { visible: "yes", hidden: SECRET_MARKER });
        assert.deepEqual(recording.secretOutputs, ["hidden"]);
        assert.ok(!JSON.stringify(recording).includes(PLAINTEXT), "a secret reached the recording in clear");
    });

    it("records the real stack program's registrations: node pools under the cluster, ignored changes, secrets", async () => {
        const recording = await recordStack({ ...AWS_DEV_CONFIG, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        const cluster = recording.resources.find((r) => r.type === "anycloud:index:Cluster");
        assert.ok(cluster);
        const pools = recording.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup");
        assert.ok(pools.length > 0);
        const nodeRole = recording.resources.find((r) => r.type === "aws:iam/role:Role" && r.parent === cluster.urn && r.name.endsWith("-node-role"));
        assert.ok(nodeRole, "the cluster's node role");
        for (const pool of pools) {
            assert.equal(pool.parent, cluster.urn);
            assert.ok(pool.dependencies.includes(nodeRole.urn), `${pool.name} should depend on the node role it uses`);
        }
        const bastionHost = recording.resources.find((r) => r.type === "aws:ec2/instance:Instance");
        assert.deepEqual(bastionHost?.options.ignoreChanges, ["ami"]);
        const kubernetes = recording.resources.find((r) => r.type === "pulumi:providers:kubernetes");
        assert.ok(kubernetes);
        assert.equal(kubernetes.inputs.kubeconfig, SECRET_MARKER);
        assert.equal(recording.outputs.kubeconfig, SECRET_MARKER);
        assert.ok(!JSON.stringify(recording).includes("certificate-authority-data"));
    });
});
