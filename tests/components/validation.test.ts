import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../components/config";
import { ENVIRONMENT_DEFAULTS, settingSchemas } from "../../components/config-schema";
import { ConfigError } from "../../components/errors";
import { Platform } from "../../components/platform";
import { readStack } from "../../plan/stack-files";
import { expectProblem, problemsOf, SSH_KEY } from "../helpers/config";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, toStackConfig } from "../helpers/record";
import { projectYaml, tempProject } from "../plan/fixtures";

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

    describe("what YAML users write", () => {
        /** Every numeric setting, once as numbers and once quoted as a YAML user may write them. */
        const NUMBERS = {
            network: { zones: 3 },
            cluster: { nodePools: [{ name: "system", min: 2, max: 4 }, { name: "batch", min: 0, max: 10 }] },
            database: { enabled: true, version: 16, replicas: 2, storageGb: 64, maxStorageGb: 512, backupRetentionDays: 14 },
            observability: {
                monitoring: { retentionDays: 10, storageGb: 40 },
                logging: { retentionDays: 12, storageGb: 60, elasticsearchNodes: 3 },
            },
            billing: { monthlyBudget: 1500.5, thresholds: [50, 80.5, 100], usage: { natGbPerMonth: 10, egressGbPerMonth: 20, loadBalancerGbPerMonth: 30, cloudLogsGbPerMonth: 0.5 } },
            aws: { flowLogRetentionDays: 30, logRetentionDays: 365 },
        };
        const quoted = (value: unknown): unknown => {
            if (typeof value === "number") {
                return String(value);
            }
            if (Array.isArray(value)) {
                return value.map(quoted);
            }
            return value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, quoted(v)])) : value;
        };

        it("accepts a quoted number wherever a number is meant, as the number", () => {
            const plain = loadPlatformArgs(toStackConfig({ ...AWS_DEV_CONFIG, ...NUMBERS }));
            const text = loadPlatformArgs(toStackConfig({ ...AWS_DEV_CONFIG, ...(quoted(NUMBERS) as object) }));
            assert.deepEqual(text, plain);
            assert.equal(text.database.version, 16);
            assert.equal(text.billing.monthlyBudget, 1500.5);
            const azure = loadPlatformArgs(toStackConfig({ ...AZURE_DEV_CONFIG, azure: { ...(AZURE_DEV_CONFIG.azure as object), logRetentionDays: "60" } }));
            assert.equal(azure.azure.logRetentionDays, 60);
            assert.equal(loadPlatformArgs(toStackConfig(withSetting("database", { enabled: true, replicas: " 2 " }))).database.replicas, 2, "surrounding spaces are trimmed");
        });

        it("accepts a quoted PostgreSQL version, which it used to refuse listing that same version as allowed", () => {
            // As a person writes it in the stack file, read the way the plan reads it.
            const dir = tempProject({
                "Pulumi.yaml": projectYaml(),
                "Pulumi.dev.yaml": [
                    "config:",
                    ...Object.entries(toStackConfig(AWS_DEV_CONFIG)).filter(([key]) => key !== "anycloud:database").map(([key, value]) => `  ${key}: ${value}`),
                    "  anycloud:database:",
                    "    version: \"16\"",
                    "    replicas: '2'",
                    "",
                ].join("\n"),
            });
            const args = loadPlatformArgs(readStack(dir, "dev").config);
            assert.equal(args.database.version, 16);
            assert.equal(args.database.replicas, 2);
        });

        it("refuses text that is not a plain decimal number, showing it as written", () => {
            for (const junk of ["", "1e3", " 16abc", "0x10", "016", "1_000", "2.", ".5", "+2", "NaN", "Infinity", "2 3"]) {
                const problem = expectProblem(withSetting("database", { enabled: true, replicas: junk }), "anycloud:database.replicas", /must be a number: digits, quoted or not/, junk);
                assert.ok(problem.message.length > 0);
                expectProblem(withSetting("database", { enabled: true, version: junk }), "anycloud:database.version", /supported PostgreSQL major version: 14, 15, 16, 17/, junk);
            }
            expectProblem(withSetting("database", { enabled: true, replicas: null }), "anycloud:database.replicas", /must be a number/, null);
        });

        it("judges a quoted number by its value and shows it as the user wrote it", () => {
            expectProblem(withSetting("database", { enabled: true, replicas: "-1" }), "anycloud:database.replicas", /at least 0/, "-1");
            expectProblem(withSetting("database", { enabled: true, replicas: "1.5" }), "anycloud:database.replicas", /whole number/, "1.5");
            expectProblem(withSetting("database", { enabled: true, version: "13" }), "anycloud:database.version", /14, 15, 16, 17/, "13");
            // Cross-field and per-cloud rules, too, show the text.
            expectProblem(withSetting("database", { enabled: true, storageGb: "100", maxStorageGb: "50" }), "anycloud:database.maxStorageGb", /below storageGb \(100\)/, "50");
            expectProblem(withSetting("database", { enabled: true, backupRetentionDays: "40" }), "anycloud:database.backupRetentionDays", /Aurora PostgreSQL's range for automatic backups: 1\.\.35/, "40");
            expectProblem(withSetting("billing", { monthlyBudget: 100, thresholds: ["80", "50"] }), "anycloud:billing.thresholds", /ascending/, ["80", "50"]);
            expectProblem(withSetting("cluster", { nodePools: [{ name: "system", min: "5", max: "2" }] }), "anycloud:cluster.nodePools[0].min", /greater than max \(2\)/, "5");
        });

        it("keeps text that is really text: the Kubernetes version stays \"1.35\", and unquoted it is refused with why", () => {
            assert.equal(loadPlatformArgs(toStackConfig(withSetting("cluster", { version: "1.35" }))).cluster.version, "1.35");
            expectProblem(withSetting("cluster", { version: 1.35 }), "anycloud:cluster.version", /must be quoted, "1\.<minor>".*1\.30 becomes 1\.3/, 1.35);
            expectProblem(withSetting("cluster", { version: 1.3 }), "anycloud:cluster.version", /must be quoted/, 1.3);
            expectProblem(withSetting("customer", "12"), "anycloud:customer", /starting with a letter/, "12");
        });

        it("runs every numeric setting through the quoted-number reading (a new one cannot forget it)", () => {
            const unguarded: string[] = [];
            const walk = (schema: ZodNode, path: string, guarded: boolean): void => {
                const def = schema._zod.def;
                switch (def.type) {
                    case "number":
                        if (!guarded) {
                            unguarded.push(path);
                        }
                        return;
                    case "literal":
                        if (!guarded && (def.values as unknown[]).some((v) => typeof v === "number")) {
                            unguarded.push(path);
                        }
                        return;
                    case "pipe":
                        walk(def.out as ZodNode, path, (def.in as ZodNode)._zod.def.type === "transform");
                        return;
                    case "union":
                        (def.options as ZodNode[]).forEach((option) => walk(option, path, guarded));
                        return;
                    case "object":
                        Object.entries(def.shape as Record<string, ZodNode>).forEach(([key, field]) => walk(field, `${path}.${key}`, false));
                        return;
                    case "array":
                        walk(def.element as ZodNode, `${path}[]`, false);
                        return;
                    case "record":
                        walk(def.valueType as ZodNode, `${path}{}`, false);
                        return;
                    case "optional":
                    case "nullable":
                    case "default":
                    case "prefault":
                        walk(def.innerType as ZodNode, path, guarded);
                        return;
                    default:
                        return;
                }
            };
            const schemas = settingSchemas(ENVIRONMENT_DEFAULTS.dev);
            Object.entries(schemas).forEach(([key, schema]) => walk(schema as unknown as ZodNode, key, false));
            assert.deepEqual(unguarded, []);
        });

        it("takes node pool taints in kubectl's form as well as the object form", () => {
            const pools = (taints: unknown[]) => withSetting("cluster", { nodePools: [{ name: "system" }, { name: "batch", min: 0, taints }] });
            const taintsOf = (taints: unknown[]) => loadPlatformArgs(toStackConfig(pools(taints))).cluster.nodePools[1].taints;
            assert.deepEqual(taintsOf(["dedicated=gpu:NoSchedule", "spot:PreferNoSchedule", " example.com/role=db:NoExecute ", "empty=:NoSchedule"]), [
                { key: "dedicated", value: "gpu", effect: "NoSchedule" },
                { key: "spot", effect: "PreferNoSchedule" },
                { key: "example.com/role", value: "db", effect: "NoExecute" },
                { key: "empty", effect: "NoSchedule" },
            ]);
            assert.deepEqual(taintsOf(["dedicated=gpu:NoSchedule"]), taintsOf([{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]));
            assert.deepEqual(taintsOf(["dedicated=gpu:NoSchedule", { key: "spot", effect: "NoExecute" }])?.map((t) => t.key), ["dedicated", "spot"], "the forms mix");
            // A kubectl taint keeps the system pool's add-on rule: tainted, it is no place for DNS.
            expectProblem(withSetting("cluster", { nodePools: [{ name: "system", taints: ["dedicated=gpu:NoSchedule"] }] }), "anycloud:cluster.nodePools", /untainted pool/);
        });

        it("refuses a taint string in neither form, naming the forms and the effects", () => {
            const pools = (taints: unknown[]) => withSetting("cluster", { nodePools: [{ name: "system" }, { name: "batch", min: 0, taints }] });
            for (const text of ["dedicated=gpu", "dedicated", "=gpu:NoSchedule", "a=b=c:NoSchedule", "a:b:NoSchedule", "", "dedicated = gpu:NoSchedule"]) {
                expectProblem(pools([text]), "anycloud:cluster.nodePools[1].taints[0]", /is not a taint; write it as "key=value:Effect", "key:Effect".*\{ key, value, effect \}.*NoSchedule, PreferNoSchedule, NoExecute/, text);
            }
            expectProblem(pools(["dedicated=gpu:noschedule"]), "anycloud:cluster.nodePools[1].taints[0]", /has the effect "noschedule"; the effect is one of NoSchedule, PreferNoSchedule, NoExecute/, "dedicated=gpu:noschedule");
            expectProblem(pools(["Bad_=x:NoSchedule"]), "anycloud:cluster.nodePools[1].taints[0].key", /Kubernetes taint key/, "Bad_");
            expectProblem(pools([{ key: "dedicated", effect: "Never" }]), "anycloud:cluster.nodePools[1].taints[0].effect", /one of: NoSchedule, PreferNoSchedule, NoExecute/, "Never");
        });

        it("lists every problem in one pass, a bad field hiding none of its siblings' rules", () => {
            const problems = problemsOf({
                ...AWS_DEV_CONFIG,
                network: { zones: "three", cidr: "10.0.0.0/24" },
                cluster: { version: "1.3x", serviceCidr: "10.0.0.0/16", nodePools: [{ name: "system", size: "huge", min: "4", max: "2" }, { name: "system" }] },
                database: { enabled: true, size: "huge", storageGb: "100", maxStorageGb: "50", backupRetentionDays: "40" },
                observability: { exposure: "gateway", monitoring: { storageGb: "lots" } },
                ingress: { enabled: "yes", domain: "shop.example.com" },
            });
            assert.deepEqual(problems.map((p) => p.key).sort(), [
                "anycloud:cluster.nodePools[0].min",
                "anycloud:cluster.nodePools[0].size",
                "anycloud:cluster.nodePools[1].name",
                "anycloud:cluster.serviceCidr",
                "anycloud:cluster.version",
                "anycloud:database.backupRetentionDays",
                "anycloud:database.maxStorageGb",
                "anycloud:database.size",
                "anycloud:ingress.enabled",
                "anycloud:network.cidr",
                "anycloud:network.zones",
                "anycloud:observability.monitoring.storageGb",
            ], JSON.stringify(problems, null, 1));
        });

        it("does not call a value that failed its schema missing", () => {
            // A bad e-mail is reported as bad, not also as a missing tlsEmail; a bad domain is not a missing one either.
            const problems = problemsOf(withSetting("ingress", { domain: "Shop.Example.com", tlsEmail: "ops", externalDns: { zone: "Z0123456789ABCDEFGHIJ" } }));
            assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:ingress.domain", "anycloud:ingress.tlsEmail"], JSON.stringify(problems, null, 1));
            expectProblem(withSetting("bastion", { enabled: true, sshPublicKey: 42 }), "anycloud:bastion.sshPublicKey", /must be of type string/, 42);
            // A pool whose min failed might be the one the add-ons run on: no "needs an untainted pool" on a guess.
            assert.deepEqual(problemsOf(withSetting("cluster", { nodePools: [{ name: "system", min: "one" }] })).map((p) => p.key), ["anycloud:cluster.nodePools[0].min"]);
        });
    });
});

interface ZodNode {
    _zod: { def: Record<string, unknown> & { type: string } };
}

