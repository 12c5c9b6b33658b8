/* eslint-disable @typescript-eslint/no-require-imports -- a plain script: the bench measures it without a compiler */
// `node bench/child/platforms.js N`: one program with N customer platforms (the built library), planned
// under the mock runtime as `anycloud plan` plans one stack: recorded, then checked by the security rules.
const { join } = require("path");

const dist = join(__dirname, "..", "..", "dist");
require(join(dist, "cli", "defer-modules.js"));
const { Platform } = require(join(dist, "lib.js"));
const { recordProgram } = require(join(dist, "plan", "recorder.js"));
const { complianceOf } = require(join(dist, "plan", "compliance.js"));

const count = Number(process.argv[2] ?? 1);
const customers = Array.from({ length: count }, (_, i) => `customer-${String(i + 1).padStart(3, "0")}`);

function program() {
    const outputs = {};
    for (const [i, customer] of customers.entries()) {
        const platform = new Platform(customer, {
            cloud: "aws",
            region: "eu-central-1",
            customer,
            project: "shop",
            environment: "dev",
            allowedCidrs: ["198.51.100.0/24"],
            network: { cidr: `10.${i % 250}.0.0/16` },
            bastion: { sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHf3O0VHO6ZqQnFZ4cLw0aT5mWcI4l1o2x0ExaMPLEKEY ops@acme.example" },
        });
        outputs[`${customer}Endpoint`] = platform.cluster.endpoint;
    }
    return outputs;
}

recordProgram(program, { project: "fleet", stack: "bench", config: {}, region: "eu-central-1" }).then((recording) => {
    const compliance = complianceOf(recording.resources, "aws");
    globalThis.benchExtra = { resources: recording.resources.length, findings: compliance.findings?.length };
});
