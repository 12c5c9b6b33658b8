import { strict as assert } from "assert";
import { recordProgram } from "../plan/recorder";
import stackProgram from "../index";
import { AWS_DEV_CONFIG, toStackConfig } from "./helpers/record";

describe("index.ts (the program `pulumi up` runs)", () => {
    it("reads the stack config Pulumi provides and exports the outputs contract", async () => {
        assert.equal(typeof stackProgram, "function");
        const config = toStackConfig(AWS_DEV_CONFIG);
        const recording = await recordProgram(stackProgram, { project: "anycloud", stack: "aws-dev", config, region: "eu-central-1" });
        for (const key of ["cloud", "region", "networkId", "publicSubnetIds", "privateSubnetIds", "dataSubnetIds", "clusterName", "clusterEndpoint", "kubeconfig", "oidcIssuer"]) {
            assert.ok(key in recording.outputs, `stack output ${key} missing`);
        }
        assert.equal(recording.outputs.clusterName, "acme-transit-dev");
        assert.equal(recording.outputs.kubeconfig, "[secret]");
    });

    it("fails with the ConfigError message on invalid config", async () => {
        const config = toStackConfig({ ...AWS_DEV_CONFIG, region: "us-central1" });
        await assert.rejects(
            recordProgram(stackProgram, { project: "anycloud", stack: "bad", config, region: "eu-central-1" }),
            /anycloud:region = "us-central1": is a region of gcp/,
        );
    });
});
