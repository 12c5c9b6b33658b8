import { strict as assert } from "assert";
import { Problem } from "../../../components/errors";
import { Recording } from "../../../plan/recorder";
import { PROJECT_IGNORED_CHANGES } from "../../../providers/gcp/account-per-project";
import { PROJECT_ID_MAX, projectDisplayName, projectIdOf } from "../../../providers/gcp/account-per-project-names";
import { gcpAccountRules } from "../../../providers/gcp/account-validation";
import { PROJECT_SERVICES } from "../../../providers/gcp/foundation";
import { REPLACEMENT_INPUTS } from "../../../providers/gcp/replacement-inputs";
import { GCP_DEV_CONFIG, input, mocked, ofType, recordStack, single } from "../../helpers/record";

const PROJECT = "gcp:organizations/project:Project";
const PROVIDER = "pulumi:providers:gcp";
const DEPLOYER_PROJECT = "acme-transit-dev";
const BILLING_ACCOUNT = "012345-6789AB-CDEF01";
const OWN_PROJECT = {
    ...GCP_DEV_CONFIG,
    billing: { accountPerProject: true },
    gcp: { project: DEPLOYER_PROJECT, billingAccount: BILLING_ACCOUNT, folderId: "123456789012" },
};

const createdWith = (value: boolean) => ({
    "pulumi:index:Stash": (args: { name: string }) => (args.name.endsWith("-account-mode-created-with") ? { output: { "anycloud:billing.accountPerProject": String(value) } } : undefined),
});

function problems(settings: Record<string, unknown>): Problem[] {
    const found: Problem[] = [];
    gcpAccountRules(settings as never, (path, value, message) => found.push({ key: `anycloud:${path.join(".")}`, value, message }));
    return found;
}

describe("GCP project per customer project (billing.accountPerProject)", () => {
    let off: Recording;
    let own: Recording;
    let newProjectId: string;
    before(async () => {
        // One at a time: the mock runtime is global.
        off = await recordStack(GCP_DEV_CONFIG);
        own = await recordStack(OWN_PROJECT);
        newProjectId = projectIdOf("acme-transit-dev", String(mocked(single(own, "random:index/randomId:RandomId", "-project-suffix")).state.hex));
    });

    it("is off by default: no project, and the platform's provider in anycloud:gcp.project", () => {
        assert.equal(ofType(off, PROJECT).length, 0);
        const providers = ofType(off, PROVIDER);
        assert.deepEqual(providers.map((p) => p.name), ["platform-gcp"]);
        assert.equal(input(providers[0], "project"), DEPLOYER_PROJECT);
    });

    it("creates the project in the folder, billed to the billing account, under an id with a suffix kept in the state", () => {
        const project = single(own, PROJECT);
        assert.equal(input(project, "projectId"), newProjectId);
        assert.match(newProjectId, /^acme-transit-dev-[0-9a-f]{4}$/);
        assert.equal(input(project, "name"), "acme-transit-dev");
        assert.equal(input(project, "folderId"), "123456789012");
        assert.equal(input(project, "orgId"), undefined);
        assert.equal(input(project, "billingAccount"), BILLING_ACCOUNT);
        assert.equal(input<Record<string, string>>(project, "labels").component, "billing");
        const organization = single(own, PROVIDER, "-gcp-organization");
        assert.ok(project.options.provider.startsWith(`${organization.urn}::`));
        assert.equal(input(organization, "project"), DEPLOYER_PROJECT, "the deployer's own project is where their API calls are accounted");
    });

    it("removes the default network, whose firewall rules admit SSH and RDP from anywhere", () => {
        assert.equal(input(single(own, PROJECT), "autoCreateNetwork"), false);
    });

    it("never deletes or replaces the project", () => {
        const project = single(own, PROJECT);
        assert.equal(input(project, "deletionPolicy"), "PREVENT");
        assert.equal(project.options.protect, true);
        assert.deepEqual([...project.options.ignoreChanges].sort(), ["projectId", "tags"]);
        assert.deepEqual([...PROJECT_IGNORED_CHANGES].sort(), [...REPLACEMENT_INPUTS[PROJECT].inputs].sort());
    });

    it("creates the project at the top of the organization when no folder is given", async () => {
        const atTop = await recordStack({ ...OWN_PROJECT, gcp: { project: DEPLOYER_PROJECT, billingAccount: BILLING_ACCOUNT, organizationId: "987654321098" } });
        const project = single(atTop, PROJECT);
        assert.equal(input(project, "orgId"), "987654321098");
        assert.equal(input(project, "folderId"), undefined);
    });

    it("points the platform's provider and the project's APIs at the new project", () => {
        const platform = single(own, PROVIDER, "platform-gcp");
        assert.equal(input(platform, "project"), newProjectId);
        const services = ofType(own, "gcp:projects/service:Service");
        assert.deepEqual(services.map((s) => input(s, "service")).sort(), [...PROJECT_SERVICES].sort());
        for (const service of services) {
            assert.equal(input(service, "project"), newProjectId, `${input(service, "service")} is enabled in another project`);
        }
    });

    it("builds every component in the new project: the network and the cluster go through its provider, into it", () => {
        const platform = single(own, PROVIDER, "platform-gcp");
        for (const type of ["gcp:compute/network:Network", "gcp:container/cluster:Cluster", "gcp:serviceaccount/account:Account"]) {
            const resources = ofType(own, type);
            assert.ok(resources.length > 0, type);
            for (const resource of resources) {
                assert.ok(resource.options.provider.startsWith(`${platform.urn}::`), `${resource.name} bypasses the project's provider`);
                // Where a resource names no project, the provider's applies.
                assert.equal(input(resource, "project") ?? input(platform, "project"), newProjectId, `${resource.name} lands in another project`);
            }
        }
    });

    it("refuses to turn the project on (or off) for a stack that exists, before anything is created", async () => {
        await assert.rejects(recordStack(OWN_PROJECT, "test", { priorState: createdWith(false) }),
            /anycloud:billing\.accountPerProject = "true": was "false" when the platform was created/);
        assert.ok(single(own, PROJECT).dependencies.some((urn) => urn.endsWith("-account-mode-created-with")));
        // The provider waits for the check in both modes, so turning it off touches nothing either.
        for (const recording of [off, own]) {
            assert.ok(single(recording, PROVIDER, "platform-gcp").dependencies.some((urn) => urn.endsWith("-account-mode-created-with")));
        }
    });

    it("keeps every id within GCP's rules, the longest stem included", () => {
        const longest = `${"c".repeat(20)}-${"p".repeat(20)}-staging`;
        const id = projectIdOf(longest, "0a1b");
        assert.ok(id.length <= PROJECT_ID_MAX, id);
        assert.match(id, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
        assert.notEqual(projectIdOf(`${longest}x`, "0a1b"), id, "a shortened stem keeps a hash of the whole");
        assert.ok(projectDisplayName(longest).length <= 30);
        assert.ok(projectDisplayName("ab-cd-dev").length >= 4);
    });

    describe("validation", () => {
        it("asks for the billing account and for where the project goes, naming both keys", () => {
            const found = problems({ billing: { accountPerProject: true }, gcp: {}, customer: "acme", project: "transit", environment: "dev" });
            assert.deepEqual(found.map((p) => p.key), ["anycloud:gcp.billingAccount", "anycloud:gcp.folderId"]);
            assert.match(found[0].message, /required when billing\.accountPerProject is on: the Cloud Billing account the new project is billed to, XXXXXX-XXXXXX-XXXXXX/);
            assert.match(found[1].message, /or anycloud:gcp\.organizationId is required when billing\.accountPerProject is on: where the new project is created, a folder/);
        });

        it("refuses names that would put a restricted word into the project id", () => {
            const found = problems({ billing: { accountPerProject: true }, gcp: { billingAccount: BILLING_ACCOUNT, organizationId: "987654321098" }, customer: "acme", project: "googlemaps", environment: "dev" });
            assert.deepEqual(found.map((p) => [p.key, p.value]), [["anycloud:project", "googlemaps"]]);
            assert.match(found[0].message, /contains "google", which GCP refuses in a project id/);
        });

        it("asks nothing when the platform stays in the deployer's project", () => {
            assert.deepEqual(problems({ billing: { accountPerProject: false }, gcp: {}, customer: "acme", project: "googlemaps", environment: "dev" }), []);
            assert.deepEqual(problems({ billing: { accountPerProject: true }, gcp: { billingAccount: BILLING_ACCOUNT, folderId: "123456789012" }, customer: "acme", project: "transit", environment: "dev" }), []);
        });
    });
});
