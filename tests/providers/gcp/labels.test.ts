import { strict as assert } from "assert";
import { gcpLabels } from "../../../providers/gcp/foundation";
import { Recording } from "../../../plan/recorder";
import { GCP_DEV_CONFIG, input, recordStack, single } from "../../helpers/record";
import { SSH_KEY } from "../../helpers/config";

const PLATFORM_LABELS = { customer: "acme", project: "transit", environment: "staging", "cost-type": "fixed", "managed-by": "anycloud" };
const LABEL = /^[a-z][a-z0-9_-]{0,62}$/;
const VALUE = /^[a-z0-9_-]{0,63}$/;

/**
 * The label input a @pulumi/gcp resource class takes ("labels", "resourceLabels" on clusters,
 * "userLabels" on Cloud SQL settings), read from the installed SDK: none when it takes none.
 */
function labelInput(type: string): string | undefined {
    const [, modulePath, className] = type.split(":");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by the recorded type
    const resourceClass = (require(`@pulumi/gcp/${modulePath.split("/")[0]}`) as Record<string, { toString(): string }>)[className];
    assert.ok(resourceClass, `no SDK class for ${type}`);
    const source = resourceClass.toString();
    return ["labels", "resourceLabels"].find((key) => source.includes(`resourceInputs["${key}"] = args`));
}

describe("GCP labels", () => {
    let recording: Recording;

    before(async () => {
        recording = await recordStack({
            ...GCP_DEV_CONFIG,
            environment: "staging",
            gcp: { project: "acme-transit-stg", clusterLocation: "regional" },
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
            database: { enabled: true, size: "medium", replicas: 1 },
        });
    });

    it("labels every resource through the provider's defaultLabels, valid under GCP's label rules", () => {
        const provider = single(recording, "pulumi:providers:gcp");
        const labels = JSON.parse(input<string>(provider, "defaultLabels")) as Record<string, string>;
        assert.deepEqual(labels, PLATFORM_LABELS);
        for (const [key, value] of Object.entries(labels)) {
            assert.match(key, LABEL);
            assert.match(value, VALUE);
        }
        for (const resource of recording.resources.filter((r) => r.custom && r.type.startsWith("gcp:"))) {
            assert.ok(resource.options.provider.startsWith(`${provider.urn}::`), `${resource.name} bypasses the labelled provider`);
        }
    });

    it("adds the component label on every labelable resource", () => {
        const missing = recording.resources
            .filter((r) => r.custom && r.type.startsWith("gcp:"))
            .map((r) => ({ r, key: labelInput(r.type) }))
            .filter(({ r, key }) => key !== undefined && !input<Record<string, string> | undefined>(r, key!)?.component)
            .map(({ r }) => `${r.name} (${r.type})`);
        assert.deepEqual(missing, []);
        const sql = recording.resources.find((r) => r.type === "gcp:sql/databaseInstance:DatabaseInstance")!;
        assert.equal(input<Record<string, string>>(sql, "settings.userLabels").component, "database");
    });

    it("normalises tags from other clouds' vocabulary into valid labels", () => {
        assert.deepEqual(gcpLabels({ "Cost-Type": "Fixed", "9lives": "a.b/c", ["x".repeat(70)]: "y".repeat(70) }), {
            "cost-type": "fixed",
            k_9lives: "a_b_c",
            ["x".repeat(63)]: "y".repeat(63),
        });
    });
});
