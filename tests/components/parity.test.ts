import { strict as assert } from "assert";
import { IMPLEMENTED_CLOUDS } from "../../providers";
import { Recording } from "../../plan/recorder";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, GCP_DEV_CONFIG, recordStack } from "../helpers/record";
import { SSH_KEY } from "../helpers/config";

/** One platform's settings, the same on every cloud; only what a cloud alone needs differs. */
const SHARED = {
    customer: "acme",
    project: "transit",
    environment: "prod",
    allowedCidrs: ["198.51.100.0/24"],
    network: { cidr: "10.40.0.0/16", zones: 3, natGateways: "perZone" },
    cluster: { version: "1.35", apiAccess: "allowlist", nodePools: [{ name: "system", size: "medium", min: 3, max: 6 }] },
    database: { enabled: true, size: "medium", replicas: 1, highAvailability: true, backupRetentionDays: 30, databaseName: "transit", username: "transit_admin" },
    bastion: { enabled: true, sshPublicKey: SSH_KEY },
};

const PER_CLOUD: Record<string, Record<string, unknown>> = {
    aws: { cloud: "aws", region: AWS_DEV_CONFIG.region },
    azure: { cloud: "azure", region: AZURE_DEV_CONFIG.region, azure: AZURE_DEV_CONFIG.azure },
    gcp: { cloud: "gcp", region: GCP_DEV_CONFIG.region, gcp: { project: "acme-transit-prod" } },
};

const typeOf = (value: unknown) => (Array.isArray(value) ? `array of ${[...new Set(value.map((v) => typeof v))].join("|")}` : typeof value);

describe("parity across clouds", () => {
    const recordings: Record<string, Recording> = {};

    before(async () => {
        for (const cloud of IMPLEMENTED_CLOUDS) {
            recordings[cloud] = await recordStack({ ...SHARED, ...PER_CLOUD[cloud] }, `parity-${cloud}`);
        }
    });

    it("covers every implemented cloud", () => {
        assert.deepEqual(Object.keys(recordings).sort(), [...IMPLEMENTED_CLOUDS].sort());
        assert.deepEqual([...IMPLEMENTED_CLOUDS].sort(), ["aws", "azure", "gcp"]);
    });

    it("exposes the whole outputs contract on every cloud, with the same types and the same secrets", () => {
        const [first, ...others] = IMPLEMENTED_CLOUDS;
        const shape = (recording: Recording) => Object.fromEntries(Object.entries(recording.outputs).map(([key, value]) => [key, recording.secretOutputs.includes(key) ? "secret" : typeOf(value)]));
        for (const cloud of others) {
            assert.deepEqual(shape(recordings[cloud]), shape(recordings[first]), `${cloud} differs from ${first}`);
        }
        assert.deepEqual(recordings[first].secretOutputs, ["kubeconfig"]);
    });

    it("reports endpoints and the OIDC issuer as https URLs on every cloud", () => {
        for (const cloud of IMPLEMENTED_CLOUDS) {
            assert.match(String(recordings[cloud].outputs.clusterEndpoint), /^https:\/\//, cloud);
            assert.match(String(recordings[cloud].outputs.oidcIssuer), /^https:\/\//, cloud);
        }
    });

    it("builds the same components on every cloud", () => {
        const components = (recording: Recording) => recording.resources.filter((r) => r.type.startsWith("anycloud:")).map((r) => `${r.type} ${r.name}`).sort();
        for (const cloud of IMPLEMENTED_CLOUDS) {
            assert.deepEqual(components(recordings[cloud]), components(recordings.aws), cloud);
        }
    });

    it("publishes no password and no private key on any cloud", () => {
        for (const cloud of IMPLEMENTED_CLOUDS) {
            const text = JSON.stringify(recordings[cloud].outputs);
            assert.ok(!/password|PRIVATE KEY/i.test(text), `${cloud} outputs: ${text}`);
            assert.ok(!/:[^@/]+@/.test(String(recordings[cloud].outputs.databaseConnectionString)), "no credentials in the connection string");
        }
    });
});
