import { strict as assert } from "assert";
import { expectProblem, problemsOf } from "../../helpers/config";
import { AZURE_DEV_CONFIG } from "../../helpers/record";
import { REGIONS } from "../../../components/regions";
import { AZURE_ZONE_REGIONS } from "../../../providers/azure/validation";

/** The Azure dev config with `overrides` on top (top-level keys replace, as in a stack file). */
const azure = (overrides: Record<string, unknown>) => ({ ...AZURE_DEV_CONFIG, ...overrides });
const IDS = { subscriptionId: "00000000-0000-0000-0000-000000000000", tenantId: "11111111-1111-1111-1111-111111111111" };

describe("Azure config rules", () => {
    it("accepts the reference dev config", () => {
        assert.deepEqual(problemsOf(AZURE_DEV_CONFIG), []);
    });

    it("requires the subscription and tenant, naming how to find them", () => {
        const problems = problemsOf(azure({ azure: {} }));
        assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:azure.subscriptionId", "anycloud:azure.tenantId"]);
        assert.match(problems.find((p) => p.key === "anycloud:azure.subscriptionId")!.message, /required when cloud is azure.*az account show/);
        expectProblem(azure({ azure: { ...IDS, tenantId: "contoso.onmicrosoft.com" } }), "anycloud:azure.tenantId", /must be a tenant id: a GUID/, "contoso.onmicrosoft.com");
    });

    it("refuses a region without availability zones, and a region of another cloud", () => {
        expectProblem(azure({ region: "westcentralus" }), "anycloud:region", /has no availability zones.*use a region with zones/, "westcentralus");
        expectProblem(azure({ region: "eu-central-1" }), "anycloud:region", /region of aws, but cloud is azure/);
    });

    it("knows zones only for Azure regions it accepts", () => {
        assert.deepEqual(AZURE_ZONE_REGIONS.filter((region) => !REGIONS.azure.includes(region)), []);
    });

    it("refuses natGateways: none, since the nodes' only way out is the NAT gateway", () => {
        expectProblem(azure({ network: { natGateways: "none" } }), "anycloud:network.natGateways", /not supported on Azure.*userAssignedNATGateway/, "none");
    });

    it("refuses a pod range that overlaps the network or the Service range", () => {
        expectProblem(azure({ network: { cidr: "10.244.0.0/16" }, azure: { ...IDS } }), "anycloud:azure.podCidr", /overlaps network\.cidr 10\.244\.0\.0\/16/, "10.244.0.0/16");
        expectProblem(azure({ azure: { ...IDS, podCidr: "172.20.0.0/16" } }), "anycloud:azure.podCidr", /overlaps cluster\.serviceCidr/, "172.20.0.0/16");
    });

    it("refuses zone-redundant HA on a Burstable database, and storage sizes Flexible Server does not offer", () => {
        expectProblem(azure({ database: { enabled: true, size: "small", highAvailability: true } }), "anycloud:database.highAvailability", /not available on Burstable servers \(Standard_B2s\)/, true);
        assert.deepEqual(problemsOf(azure({ database: { enabled: true, size: "medium", highAvailability: true } })), []);
        expectProblem(azure({ database: { enabled: true, storageGb: 100 } }), "anycloud:database.storageGb", /not a Flexible Server storage size; use one of 32, 64, 128/, 100);
    });

    it("refuses read replicas on Burstable, and prod in a region without a pair for geo-redundant backups", () => {
        expectProblem(azure({ database: { enabled: true, size: "small", replicas: 1 } }), "anycloud:database.replicas", /not available on Burstable servers/, 1);
        expectProblem(azure({ environment: "prod", region: "italynorth", database: { enabled: true, size: "medium" } }), "anycloud:region", /no paired region.*geo-redundant backups/, "italynorth");
        assert.deepEqual(problemsOf(azure({ environment: "prod", region: "swedencentral", database: { enabled: true, size: "medium" } })), []);
    });

    it("refuses sizes that are not Azure's", () => {
        expectProblem(azure({ cluster: { nodePools: [{ name: "system", instanceType: "m7g.large" }] } }), "anycloud:cluster.nodePools[0].instanceType", /not an Azure VM size/, "m7g.large");
        expectProblem(azure({ database: { enabled: true, instanceClass: "db.r6g.large" } }), "anycloud:database.instanceClass", /not a Flexible Server compute size/, "db.r6g.large");
    });

    it("asks for a taint value, which AKS requires", () => {
        expectProblem(azure({ cluster: { nodePools: [{ name: "system" }, { name: "batch", min: 0, taints: [{ key: "batch", effect: "NoSchedule" }] }] } }), "anycloud:cluster.nodePools[1].taints[0].value", /required on Azure.*key=value:Effect/);
        // The same in kubectl's form: "key:Effect" parses, and AKS's rule asks for the value.
        expectProblem(azure({ cluster: { nodePools: [{ name: "system" }, { name: "batch", min: 0, taints: ["batch=jobs:NoSchedule", "spot:NoSchedule"] }] } }), "anycloud:cluster.nodePools[1].taints[1].value", /required on Azure.*key=value:Effect/);
        assert.deepEqual(problemsOf(azure({ cluster: { nodePools: [{ name: "system" }, { name: "batch", min: "0", taints: ["batch=jobs:NoSchedule"] }] } })), []);
    });

    it("judges storage sizes, Burstable limits and the pod range beside fields that failed", () => {
        const problems = problemsOf(azure({
            database: { enabled: true, version: "sixteen", storageGb: "100", size: "small", replicas: "1" },
            azure: { ...IDS, logRetentionDays: "7", podCidr: "10.0.0.0/16" },
        }));
        assert.deepEqual(problems.map((p) => [p.key, p.value]).sort(), [
            ["anycloud:azure.logRetentionDays", "7"],
            ["anycloud:azure.podCidr", "10.0.0.0/16"],
            ["anycloud:database.replicas", "1"],
            ["anycloud:database.storageGb", "100"],
            ["anycloud:database.version", "sixteen"],
        ], JSON.stringify(problems, null, 1));
    });

    it("does not ask for a subscription whose given id is bad, nor judge Burstable limits by a size that failed", () => {
        const problems = problemsOf(azure({ azure: { ...IDS, subscriptionId: "my-subscription" }, database: { enabled: true, size: "tiny", replicas: 1 } }));
        assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:azure.subscriptionId", "anycloud:database.size"], JSON.stringify(problems, null, 1));
        assert.match(problems[0].message + problems[1].message, /must be a subscription id: a GUID/);
        // An instanceClass that failed decides the compute, so the size's Burstable default is no ground for a problem.
        const unknownSku = problemsOf(azure({ database: { enabled: true, size: "small", instanceClass: "", highAvailability: true, replicas: 1 } }));
        assert.deepEqual(unknownSku.map((p) => p.key), ["anycloud:database.instanceClass"], JSON.stringify(unknownSku, null, 1));
    });

    it("keeps AWS rules off Azure and Azure rules off AWS", () => {
        // natGateways none is refused by both clouds, each with its own reason.
        assert.match(problemsOf(azure({ network: { natGateways: "none" } }))[0].message, /Azure/);
        assert.deepEqual(problemsOf(azure({ allowedCidrs: Array.from({ length: 16 }, (_, i) => `198.51.${i}.0/24`) })), [], "the NACL quota is AWS's");
    });
});
