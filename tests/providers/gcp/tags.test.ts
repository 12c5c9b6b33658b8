import { strict as assert } from "assert";
import { gcpLabels } from "../../../providers/gcp/foundation";
import { GCP_LABELS_BESIDES_USERS } from "../../../providers/gcp/validation";
import { GCP_DEV_CONFIG, input, ofType, single } from "../../helpers/record";
import { tagWalkSuite, USER_TAGS } from "../../helpers/tag-suite";

describe("GCP cost labels", () => {
    const stacks = tagWalkSuite("gcp", GCP_DEV_CONFIG, { ownTagRoom: GCP_LABELS_BESIDES_USERS, taggableBilling: true, prodExtra: { gcp: { project: "acme-transit-prd", billingAccount: "012345-6789AB-CDEF01" } } });

    it("sets the platform's labels as the provider's defaultLabels, and every GCP resource uses that provider", () => {
        const { recording } = stacks.dev;
        const provider = single(recording, "pulumi:providers:gcp", "platform-gcp");
        assert.deepEqual(JSON.parse(input<string>(provider, "defaultLabels")), {
            ...USER_TAGS, customer: "acme", project: "transit", environment: "dev", "cost-type": "fixed", "managed-by": "anycloud",
        });
        // The budget alone goes through its own provider (the platform's project as quota project); it takes no labels.
        for (const resource of recording.resources.filter((r) => r.custom && r.type.startsWith("gcp:") && r.type !== "gcp:billing/budget:Budget")) {
            assert.ok(resource.options.provider.startsWith(`${provider.urn}::`), `${resource.name} bypasses the labelled provider`);
        }
    });

    it("labels what defaultLabels do not reach: node pools' VMs, the bastion's boot disk, the Cloud SQL instance", () => {
        const { recording } = stacks.prod;
        const pools = ofType(recording, "gcp:container/nodePool:NodePool");
        assert.ok(pools.length > 0);
        for (const pool of pools) {
            assert.equal(input(pool, "nodeConfig.resourceLabels.cost-type"), "project");
            assert.equal(input(pool, "nodeConfig.resourceLabels.customer"), "acme");
        }
        assert.equal(input(single(recording, "gcp:compute/instance:Instance"), "bootDisk.initializeParams.labels.component"), "bastion");
        assert.equal(input(single(recording, "gcp:sql/databaseInstance:DatabaseInstance", "-instance"), "settings.userLabels.cost-type"), "fixed");
    });

    it("normalises anycloud's own values into the label charset; the user's tags are refused by validation instead", () => {
        assert.deepEqual(gcpLabels({ "Cost-Type": "Fixed", "9lives": "a.b/c", ["x".repeat(70)]: "y".repeat(70) }), {
            "cost-type": "fixed",
            k_9lives: "a_b_c",
            ["x".repeat(63)]: "y".repeat(63),
        });
    });
});
