import { strict as assert } from "assert";
import { zonesOf } from "../../../providers/gcp/zones";
import { customTierProblem, DATABASE_TIERS } from "../../../providers/gcp/sizes";
import { REGIONS } from "../../../components/regions";
import { expectProblem, problemsOf } from "../../helpers/config";
import { GCP_DEV_CONFIG } from "../../helpers/record";

/** The GCP dev config with `overrides` on top (top-level keys replace, as in a stack file). */
const gcp = (overrides: Record<string, unknown>) => ({ ...GCP_DEV_CONFIG, ...overrides });

describe("GCP config rules", () => {
    it("accepts the reference dev config", () => {
        assert.deepEqual(problemsOf(GCP_DEV_CONFIG), []);
    });

    it("requires the project, naming how to find it, and checks its form", () => {
        expectProblem(gcp({ gcp: {} }), "anycloud:gcp.project", /required when cloud is gcp.*gcloud config get-value project/);
        expectProblem(gcp({ gcp: { project: "Acme_Transit" } }), "anycloud:gcp.project", /must be a GCP project id/, "Acme_Transit");
    });

    it("refuses more zones than the region has, and a region of another cloud", () => {
        expectProblem(gcp({ network: { zones: 4 } }), "anycloud:network.zones", /more than europe-west3 has \(europe-west3-a, europe-west3-b, europe-west3-c\)/, 4);
        assert.deepEqual(problemsOf(gcp({ region: "us-central1", network: { zones: 4 } })), []);
        expectProblem(gcp({ region: "westeurope" }), "anycloud:region", /region of azure, but cloud is gcp/);
    });

    it("knows the zones of every GCP region it accepts", () => {
        for (const region of REGIONS.gcp) {
            assert.ok(zonesOf(region).length >= 3, region);
            assert.ok(zonesOf(region).every((zone) => zone.startsWith(`${region}-`)), region);
        }
    });

    it("refuses natGateways: none and a zonal cluster outside dev", () => {
        expectProblem(gcp({ network: { natGateways: "none" } }), "anycloud:network.natGateways", /not supported on GCP.*Cloud NAT/, "none");
        expectProblem(gcp({ environment: "prod", gcp: { project: "acme-transit-prod", clusterLocation: "zonal" } }), "anycloud:gcp.clusterLocation", /dev only.*prod needs regional/, "zonal");
        assert.deepEqual(problemsOf(gcp({ gcp: { project: "acme-transit-dev", clusterLocation: "zonal" } })), []);
    });

    it("refuses a Cloud SQL tier of the other edition, and what is no tier at all", () => {
        const db = { enabled: true, instanceClass: "db-perf-optimized-N-4" };
        expectProblem(gcp({ database: db }), "anycloud:database.instanceClass", /tier of the enterprisePlus edition, but gcp\.databaseEdition is enterprise/, "db-perf-optimized-N-4");
        assert.deepEqual(problemsOf(gcp({ database: db, gcp: { project: "acme-transit-dev", databaseEdition: "enterprisePlus" } })), []);
        expectProblem(gcp({ database: { enabled: true, instanceClass: "db.r6g.large" } }), "anycloud:database.instanceClass", /not a Cloud SQL tier/);
    });

    it("refuses a network too small for Private Service Access and a Service range larger than GKE takes", () => {
        expectProblem(gcp({ network: { cidr: "10.0.0.0/20" } }), "anycloud:network.cidr", /too small on GCP.*\/24/, "10.0.0.0/20");
        expectProblem(gcp({ cluster: { serviceCidr: "172.16.0.0/14" } }), "anycloud:cluster.serviceCidr", /larger than GKE takes for Services/, "172.16.0.0/14");
    });

    it("refuses a regional pool whose min cannot be spread evenly over its zones within max", () => {
        const prod = { environment: "prod", gcp: { project: "acme-transit-prod" } };
        expectProblem(gcp({ ...prod, cluster: { nodePools: [{ name: "system", min: 4, max: 5 }] } }), "anycloud:cluster.nodePools[0].max", /below 6: .*3 zones, so min 4 becomes 6/, 5);
        assert.deepEqual(problemsOf(gcp({ ...prod, cluster: { nodePools: [{ name: "system", min: 3, max: 6 }] } })), []);
        assert.deepEqual(problemsOf(gcp({ cluster: { nodePools: [{ name: "system", min: 4, max: 5 }] } })), [], "a zonal dev cluster has one zone");
    });

    it("refuses custom tiers Cloud SQL cannot build, and the size tables hold only buildable ones", () => {
        expectProblem(gcp({ database: { enabled: true, instanceClass: "db-custom-2-16384" } }), "anycloud:database.instanceClass", /921-6656 MiB per vCPU/, "db-custom-2-16384");
        expectProblem(gcp({ database: { enabled: true, instanceClass: "db-custom-3-12288" } }), "anycloud:database.instanceClass", /odd number of vCPUs/);
        for (const tier of Object.values(DATABASE_TIERS.enterprise)) {
            assert.equal(customTierProblem(tier), undefined, tier);
        }
    });

    it("refuses node pools the pods range cannot hold, and Hyperdisk-only machine series", () => {
        expectProblem(gcp({ network: { cidr: "10.0.0.0/19" }, cluster: { nodePools: [{ name: "system", min: 2, max: 8 }] } }), "anycloud:cluster.nodePools", /need up to 9 nodes .* holds 8 nodes/);
        assert.deepEqual(problemsOf(gcp({ network: { cidr: "10.0.0.0/19" }, cluster: { nodePools: [{ name: "system", min: 2, max: 7 }] } })), []);
        expectProblem(gcp({ cluster: { nodePools: [{ name: "system", instanceType: "c4-standard-4" }] } }), "anycloud:cluster.nodePools[0].instanceType", /Hyperdisk only/, "c4-standard-4");
    });

    it("accepts IAP TCP forwarding to the bastion as an option", () => {
        assert.deepEqual(problemsOf(gcp({ gcp: { project: "acme-transit-dev", bastionIapTunnel: true } })), []);
    });

    it("asks for taint values and GCP machine types", () => {
        expectProblem(gcp({ cluster: { nodePools: [{ name: "system" }, { name: "batch", min: 0, taints: [{ key: "batch", effect: "NoSchedule" }] }] } }), "anycloud:cluster.nodePools[1].taints[0].value", /required on GCP/);
        expectProblem(gcp({ cluster: { nodePools: [{ name: "system" }, { name: "batch", min: 0, taints: ["batch:NoSchedule"] }] } }), "anycloud:cluster.nodePools[1].taints[0].value", /required on GCP: GKE takes taints as key=value:effect/);
        assert.deepEqual(problemsOf(gcp({ cluster: { nodePools: [{ name: "system" }, { name: "batch", min: "0", max: "3", taints: ["batch=jobs:NoSchedule"] }] } })), []);
        expectProblem(gcp({ cluster: { nodePools: [{ name: "system", instanceType: "Standard_D4s_v5" }] } }), "anycloud:cluster.nodePools[0].instanceType", /not a GCP machine type/);
    });

    it("judges GKE's rules on the pools and fields that parsed beside those that failed", () => {
        const problems = problemsOf(gcp({
            network: { zones: "3" },
            gcp: { ...(GCP_DEV_CONFIG.gcp as object), clusterLocation: "regional" },
            cluster: { apiAccess: "public", nodePools: [{ name: "system", min: "4", max: "5" }, { name: "batch", size: "giant", min: 0, instanceType: "c4-standard-4", taints: ["batch:NoSchedule"] }] },
            database: { enabled: true, version: "18", instanceClass: "db-f1" },
        }));
        assert.deepEqual(problems.map((p) => p.key).sort(), [
            "anycloud:cluster.apiAccess",
            "anycloud:cluster.nodePools[0].max",
            "anycloud:cluster.nodePools[1].instanceType",
            "anycloud:cluster.nodePools[1].size",
            "anycloud:cluster.nodePools[1].taints[0].value",
            "anycloud:database.instanceClass",
            "anycloud:database.version",
        ], JSON.stringify(problems, null, 1));
        assert.equal(problems.find((p) => p.key === "anycloud:cluster.nodePools[0].max")!.value, "5", "shown as written");
    });

    it("checks a Cloud SQL tier even when the gcp block failed, and asks for a billing account only when none is given", () => {
        expectProblem(gcp({ gcp: { project: "acme-transit-dev", databaseEdition: "premium" }, database: { enabled: true, instanceClass: "db-f1" } }), "anycloud:database.instanceClass", /not a Cloud SQL tier/, "db-f1");
        const problems = problemsOf(gcp({ gcp: { project: "acme-transit-dev", billingAccount: "not-an-account" }, billing: { monthlyBudget: "500" } }));
        assert.deepEqual(problems.map((p) => p.key), ["anycloud:gcp.billingAccount"]);
        assert.match(problems[0].message, /must be a Cloud Billing account id/);
        const account = problemsOf(gcp({ gcp: { project: "acme-transit-dev", billingAccount: "012345-6789AB-CDEF01", organizationId: "acme" }, billing: { accountPerProject: true } }));
        assert.deepEqual(account.map((p) => p.key), ["anycloud:gcp.organizationId"], "a bad organization id is not a missing folder");
    });
});

