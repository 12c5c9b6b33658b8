import { strict as assert } from "assert";
import { listStacks, readStack, SECURE_PLACEHOLDER, StackFileError, UnknownStackError } from "../../plan/stack-files";
import { projectYaml, tempProject } from "./fixtures";

const CIPHERTEXT = "v1:c2VjcmV0LWNpcGhlcnRleHQ=:AAAAtopsecretciphertextAAAA";

describe("plan: reading stack files as pulumi up does", () => {
    it("applies Pulumi.yaml values and defaults to keys the stack does not set, with bare keys in the project namespace", () => {
        const dir = tempProject({
            "Pulumi.yaml": projectYaml("anycloud", {
                environment: { type: "string", default: "dev" },
                "anycloud:region": { type: "string", default: "eu-west-1" },
                zones: 3,
                "aws:skipMetadataApiCheck": { value: false },
                labels: { value: { team: "ops" } },
            }),
            "Pulumi.dev.yaml": "config:\n  anycloud:region: eu-central-1\n",
        });
        const settings = readStack(dir, "dev");
        assert.deepEqual(settings.config, {
            "anycloud:environment": "dev",
            "anycloud:labels": '{"team":"ops"}',
            "anycloud:region": "eu-central-1",
            "anycloud:zones": "3",
            "aws:skipMetadataApiCheck": "false",
        });
        assert.equal(settings.project, "anycloud");
        assert.deepEqual(settings.warnings, []);
    });

    it("turns maps and lists into JSON text (keys sorted, as Pulumi's Go marshaller does) and scalars into text", () => {
        const dir = tempProject({
            "Pulumi.yaml": projectYaml("myinfra"),
            "Pulumi.dev.yaml": [
                "config:",
                "  anycloud:network:",
                "    zones: 2",
                "    cidr: 10.0.0.0/16",
                "  anycloud:allowedCidrs: [198.51.100.0/24, 203.0.113.0/24]",
                "  anycloud:protect: true",
                "  anycloud:config:customer: acme",
                "  size: 17",
                "  version: 1.30",
            ].join("\n"),
        });
        const { config } = readStack(dir, "dev");
        assert.equal(config["anycloud:network"], '{"cidr":"10.0.0.0/16","zones":2}');
        assert.equal(config["anycloud:allowedCidrs"], '["198.51.100.0/24","203.0.113.0/24"]');
        assert.equal(config["anycloud:protect"], "true");
        assert.equal(config["anycloud:customer"], "acme", "legacy <ns>:config:<key> spelling");
        assert.equal(config["myinfra:size"], "17", "bare keys belong to the project's namespace");
        assert.equal(config["myinfra:version"], "1.3", "an unquoted 1.30 is a YAML number, as Pulumi reads it too");
    });

    it("marks secure values (top-level and nested) as secret and never returns their ciphertext", () => {
        const dir = tempProject({
            "Pulumi.yaml": projectYaml(),
            "Pulumi.dev.yaml": `config:\n  aws:secretKey:\n    secure: ${CIPHERTEXT}\n  anycloud:bastion:\n    enabled: true\n    token:\n      secure: ${CIPHERTEXT}\n  anycloud:cloud: aws\n`,
        });
        const settings = readStack(dir, "dev");
        assert.deepEqual(settings.secretKeys, ["anycloud:bastion", "aws:secretKey"]);
        assert.equal(settings.config["aws:secretKey"], SECURE_PLACEHOLDER);
        assert.deepEqual(JSON.parse(settings.config["anycloud:bastion"]), { enabled: true, token: SECURE_PLACEHOLDER });
        assert.ok(!JSON.stringify(settings).includes("topsecret"), "ciphertext leaked");
        assert.equal(settings.warnings.filter((w) => w.includes("not decrypted offline")).length, 2);
    });

    it("reports what pulumi up would refuse: missing declared keys, wrong types, secrets stored in plain text", () => {
        const dir = tempProject({
            "Pulumi.yaml": projectYaml("anycloud", {
                cloud: { type: "string" },
                protect: { type: "boolean" },
                zones: { type: "integer" },
                allowedCidrs: { type: "array", items: { type: "string" } },
                token: { type: "string", secret: true },
            }),
            "Pulumi.dev.yaml": "config:\n  anycloud:zones: two\n  anycloud:allowedCidrs: 10.0.0.0/8\n  anycloud:token: hunter2\n",
        });
        const { warnings } = readStack(dir, "dev");
        assert.deepEqual([...warnings].sort(), [
            "Stack 'dev' is missing configuration values 'anycloud:cloud' and 'anycloud:protect' (declared in Pulumi.yaml without a default, so `pulumi up` stops here)",
            "Stack 'dev' with configuration key 'anycloud:allowedCidrs' must be of type 'array<string>'",
            "Stack 'dev' with configuration key 'anycloud:token' must be encrypted as it's secret",
            "Stack 'dev' with configuration key 'anycloud:zones' must be of type 'integer'",
        ]);
    });

    it("accepts values of the declared types without warnings", () => {
        const dir = tempProject({
            "Pulumi.yaml": projectYaml("anycloud", { zones: { type: "integer" }, protect: { type: "boolean" }, network: { type: "object" }, cidrs: { type: "array", items: { type: "string" } } }),
            "Pulumi.dev.yaml": "config:\n  anycloud:zones: 3\n  anycloud:protect: false\n  anycloud:network: {cidr: 10.0.0.0/16}\n  anycloud:cidrs: [10.0.0.0/8]\n",
        });
        assert.deepEqual(readStack(dir, "dev").warnings, []);
    });

    it("names the stacks there are when the stack file is missing", () => {
        const dir = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.b.yaml": "config: {}\n", "Pulumi.a.yaml": "" });
        assert.deepEqual(listStacks(dir), ["a", "b"]);
        assert.throws(() => readStack(dir, "prod"), (error: Error) => error instanceof UnknownStackError && /unknown stack "prod".*stacks here: a, b/.test(error.message));
        assert.throws(() => readStack(tempProject({}), "dev"), UnknownStackError);
    });

    it("reads the stack file from stackConfigDir", () => {
        const dir = tempProject({ "Pulumi.yaml": `${projectYaml()}stackConfigDir: stacks\n`, "stacks/Pulumi.dev.yaml": "config:\n  anycloud:cloud: aws\n" });
        assert.equal(readStack(dir, "dev").config["anycloud:cloud"], "aws");
        assert.equal(readStack(dir, "acme/anycloud/dev").stack, "acme/anycloud/dev");
    });

    it("rejects stack files Pulumi cannot read", () => {
        const broken = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.dev.yaml": "config:\n  anycloud:cloud: [aws\n" });
        assert.throws(() => readStack(broken, "dev"), (error: Error) => error instanceof StackFileError && error.message.includes("not valid YAML"));
        const badKey = tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.dev.yaml": "config:\n  a:b:c: x\n" });
        assert.throws(() => readStack(badKey, "dev"), /could not parse a:b:c as a configuration key/);
    });
});
