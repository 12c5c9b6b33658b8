import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { Platform } from "../../components/platform";
import { expectProblem, problemsOf, SSH_KEY } from "../helpers/config";
import { AWS_DEV_CONFIG, toStackConfig } from "../helpers/record";

const withSetting = (key: string, value: unknown) => ({ ...AWS_DEV_CONFIG, [key]: value });

describe("stack config validation", () => {
    it("accepts the reference dev settings and fills environment defaults", () => {
        const args = loadPlatformArgs(toStackConfig(AWS_DEV_CONFIG));
        assert.equal(args.network.zones, 2);
        assert.equal(args.network.natGateways, "single");
        assert.equal(args.protect, false);
        assert.equal(args.cluster.apiAccess, "allowlist");
        assert.deepEqual(args.cluster.nodePools.map((p) => p.name), ["system"]);
    });

    it("defaults prod to three zones, a NAT gateway per zone and protection that config cannot turn off", () => {
        const args = loadPlatformArgs(toStackConfig({ ...AWS_DEV_CONFIG, environment: "prod", protect: false }));
        assert.equal(args.network.zones, 3);
        assert.equal(args.network.natGateways, "perZone");
        assert.equal(args.protect, true);
        assert.equal(args.database.backupRetentionDays, 30);
    });

    it("requires a cloud and names the allowed ones", () => {
        const problem = expectProblem({ ...AWS_DEV_CONFIG, cloud: undefined }, "anycloud:cloud", /required/);
        assert.equal(problem.value, undefined);
        expectProblem(withSetting("cloud", "oracle"), "anycloud:cloud", /one of: aws, azure, gcp/);
    });

    it("rejects a region of another cloud and says whose it is", () => {
        const problem = expectProblem(withSetting("region", "westeurope"), "anycloud:region", /region of azure, but cloud is aws/);
        assert.equal(problem.value, "westeurope");
        expectProblem(withSetting("region", "mars-north-1"), "anycloud:region", /not a aws region/);
    });

    it("rejects malformed CIDRs and ones with host bits", () => {
        expectProblem(withSetting("network", { cidr: "10.0.0.0/33" }), "anycloud:network.cidr", /not an IPv4 CIDR/);
        expectProblem(withSetting("network", { cidr: "10.0.1.0/16" }), "anycloud:network.cidr", /host bits set; the network address is 10\.0\.0\.0\/16/);
        expectProblem(withSetting("allowedCidrs", ["198.51.100.7"]), "anycloud:allowedCidrs[0]", /not an IPv4 CIDR/);
    });

    it("rejects a network too small for the zones and tiers", () => {
        expectProblem(withSetting("network", { cidr: "10.0.0.0/24" }), "anycloud:network.cidr", /too small.*\/20 or larger/);
    });

    it("rejects a public network range and a service range that overlaps the network", () => {
        expectProblem(withSetting("network", { cidr: "8.8.0.0/16" }), "anycloud:network.cidr", /not a private range/);
        expectProblem({ ...AWS_DEV_CONFIG, network: { cidr: "172.20.0.0/16" } }, "anycloud:cluster.serviceCidr", /overlaps network\.cidr 172\.20\.0\.0\/16/);
    });

    it("rejects 0.0.0.0/0, private and overlapping ranges in the allowlist", () => {
        expectProblem(withSetting("allowedCidrs", ["0.0.0.0/0"]), "anycloud:allowedCidrs[0]", /whole internet/);
        expectProblem(withSetting("allowedCidrs", ["192.168.1.0/24"]), "anycloud:allowedCidrs[0]", /not a public range/);
        expectProblem(withSetting("allowedCidrs", ["198.51.100.0/24", "198.51.100.128/25"]), "anycloud:allowedCidrs[1]", /overlaps allowedCidrs\[0\]/);
    });

    it("requires an allowlist when the API is reachable from it", () => {
        expectProblem(withSetting("allowedCidrs", []), "anycloud:allowedCidrs", /cluster\.apiAccess is allowlist/);
        assert.deepEqual(problemsOf({ ...AWS_DEV_CONFIG, allowedCidrs: [], cluster: { apiAccess: "private" } }), []);
    });

    it("rejects a node pool with min > max, an unknown size and duplicate names", () => {
        const pools = [{ name: "system", min: 5, max: 2 }, { name: "apps", size: "huge" }, { name: "apps" }];
        const problems = problemsOf(withSetting("cluster", { nodePools: pools }));
        const byKey = Object.fromEntries(problems.map((p) => [p.key, p]));
        assert.match(byKey["anycloud:cluster.nodePools[0].min"].message, /greater than max \(2\)/);
        assert.match(byKey["anycloud:cluster.nodePools[1].size"].message, /one of: small, medium, large, xlarge/);
        assert.equal(byKey["anycloud:cluster.nodePools[1].size"].value, "huge");
        assert.match(byKey["anycloud:cluster.nodePools[2].name"].message, /unique/);
    });

    it("rejects a malformed or unsupported Kubernetes version", () => {
        expectProblem(withSetting("cluster", { version: "1.34.2" }), "anycloud:cluster.version", /"1\.<minor>"/);
        expectProblem(withSetting("cluster", { version: "1.24" }), "anycloud:cluster.version", /past the end of support.*1\.32 or newer/);
    });

    it("rejects an unknown environment", () => {
        expectProblem(withSetting("environment", "production"), "anycloud:environment", /one of: dev, staging, prod/);
    });

    it("rejects customer and project names that cannot become resource names or tags", () => {
        const problem = expectProblem(withSetting("customer", "ACME Corp"), "anycloud:customer", /lowercase letters, digits and hyphens/);
        assert.equal(problem.value, "ACME Corp");
        expectProblem(withSetting("project", "transit-"), "anycloud:project", /not ending with a hyphen/);
        expectProblem(withSetting("project", "a".repeat(21)), "anycloud:project", /2-20 characters/);
    });

    it("reports unknown keys and typos inside objects", () => {
        expectProblem(withSetting("network", { cidrr: "10.0.0.0/16" }), "anycloud:network.cidrr", /not a known setting/);
        const config = { ...toStackConfig(AWS_DEV_CONFIG), "anycloud:regoin": "eu-west-1" };
        assert.throws(() => loadPlatformArgs(config), (e: ConfigError) => e.problems.some((p) => p.key === "anycloud:regoin"));
        expectProblem(withSetting("billing", { budget: 100 }), "anycloud:billing.budget", /not a known setting/);
        expectProblem(withSetting("observabilty", {}), "anycloud:observabilty", /not an anycloud setting; known settings: .*observability/);
        assert.deepEqual(problemsOf(withSetting("billing", {})), [], "the empty default Pulumi.yaml supplies is fine");
        assert.deepEqual(problemsOf(withSetting("tags", {})), [], "the empty default Pulumi.yaml supplies is fine");
    });

    it("asks, when only the cloud and region change, for exactly what the new cloud alone needs", () => {
        const gcp = problemsOf({ ...AWS_DEV_CONFIG, cloud: "gcp", region: "europe-west3" });
        assert.deepEqual(gcp.map((p) => p.key), ["anycloud:gcp.project"]);
        const azure = problemsOf({ ...AWS_DEV_CONFIG, cloud: "azure", region: "westeurope" });
        assert.deepEqual(azure.map((p) => p.key).sort(), ["anycloud:azure.subscriptionId", "anycloud:azure.tenantId"]);
    });

    it("reports every problem at once, in one message naming key, value and rule", () => {
        const settings = { ...AWS_DEV_CONFIG, cloud: "aws", region: "westeurope", environment: "qa", network: { cidr: "10.0.0.0/8x" } };
        try {
            loadPlatformArgs(toStackConfig(settings));
            assert.fail("expected a ConfigError");
        } catch (error) {
            assert.ok(error instanceof ConfigError);
            assert.equal(error.problems.length, 3);
            assert.match(error.message, /3 problems/);
            assert.match(error.message, /anycloud:region = "westeurope"/);
            assert.match(error.message, /anycloud:environment = "qa": must be one of: dev, staging, prod/);
            assert.equal(error.stack, error.message, "a user mistake must print without a stack trace");
        }
    });

    it("names the bad value of a non-JSON structured key", () => {
        const config = { ...toStackConfig(AWS_DEV_CONFIG), "anycloud:network": "cidr=10.0.0.0/16" };
        assert.throws(() => loadPlatformArgs(config), (e: ConfigError) => e.problems[0].key === "anycloud:network" && /YAML map/.test(e.problems[0].message));
    });

    it("validates library input with the same rules and registers nothing on error", () => {
        assert.throws(
            () => new Platform("p", { cloud: "aws", region: "eu-central-1", customer: "acme", project: "transit", allowedCidrs: ["0.0.0.0/0"], bastion: { enabled: false } }),
            (e: ConfigError) => e.problems.length === 1 && e.problems[0].key === "allowedCidrs[0]",
        );
    });

    it("requires a well-formed SSH key when the bastion is enabled", () => {
        expectProblem(withSetting("bastion", { enabled: true }), "anycloud:bastion.sshPublicKey", /required when the bastion is enabled/);
        expectProblem(withSetting("bastion", { enabled: true, sshPublicKey: "ssh-ed25519 AAAAB3NzaC1yc2E=" }), "anycloud:bastion.sshPublicKey", /not a valid ssh-ed25519 key/);
        assert.deepEqual(problemsOf(withSetting("bastion", { enabled: true, sshPublicKey: SSH_KEY })), []);
    });
});
