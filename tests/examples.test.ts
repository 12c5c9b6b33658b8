import { strict as assert } from "assert";
import { loadPlatformArgs } from "../components/config";
import { recordProgram } from "../plan/recorder";
import { customerConfig } from "../examples/automation-api";
import { program } from "../examples/library";

describe("examples", () => {
    it("the library example builds a platform under the mock runtime and keeps the kubeconfig secret", async () => {
        const recording = await recordProgram(program, { project: "consumer", stack: "dev", config: {}, region: "eu-central-1" });
        assert.ok(recording.resources.some((r) => r.type === "anycloud:index:Platform" && r.name === "transit"));
        assert.ok(recording.resources.some((r) => r.type === "eks:index:Cluster"));
        assert.deepEqual(recording.secretOutputs, ["kubeconfig"]);
    });

    it("the Automation API example's config is valid stack config", () => {
        const config = Object.fromEntries(Object.entries(customerConfig("acme", "prod")).map(([key, { value }]) => [key, value]));
        const args = loadPlatformArgs(config);
        assert.equal(args.environment, "prod");
        assert.equal(args.protect, true);
    });
});
