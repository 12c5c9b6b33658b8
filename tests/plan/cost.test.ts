import { strict as assert } from "assert";
import { compareWithBudget } from "../../plan/cost/budget";
import { estimateCost } from "../../plan/cost/estimate";
import { CostEstimate, CostLine } from "../../plan/cost/types";
import { PRICE_CATALOG, PRICE_SOURCES } from "../../plan/prices/catalog";
import { argsFor, awsFixture, azureFixture, gcpFixture, urnOf } from "./cost-fixtures";
import { AWS_DEV_CONFIG } from "../helpers/record";

function line(estimate: CostEstimate, name: string, item: string): CostLine {
    const found = estimate.lines.filter((l) => l.name === name && l.item === item);
    assert.equal(found.length, 1, `one ${item} line of ${name}; lines: ${estimate.lines.map((l) => `${l.name}/${l.item}`).join(", ")}`);
    return found[0];
}

describe("plan: cost estimate arithmetic", () => {
    describe("AWS (us-east-1 fixture)", () => {
        const { resources, args } = awsFixture();
        const estimate = estimateCost(resources, args);

        it("prices the control plane, nodes at the pool's minimum with the maximum as ceiling, disks, NAT and the address", () => {
            const eks = line(estimate, "platform-cluster-eks", "eks.cluster.standard");
            assert.equal(eks.monthlyUsd, 73);
            assert.equal(eks.formula, "1 cluster × 730 h × $0.10/h = $73.00");
            assert.equal(eks.priceSource, "aws-eks-extended-support");
            const nodes = line(estimate, "platform-cluster-pool-system", "ec2.instance.m6i.large");
            assert.equal(nodes.formula, "2 nodes × 730 h × $0.096/h = $140.16");
            assert.equal(nodes.monthlyUsd, 140.16);
            assert.equal(nodes.ceilingMonthlyUsd, 280.32);
            assert.equal(line(estimate, "platform-cluster-pool-system", "ebs.gp3").formula, "50 GB × 2 nodes × $0.08/GB-month = $8.00");
            assert.equal(line(estimate, "platform-network-nat-0", "vpc.natGateway").monthlyUsd, 32.85);
            assert.equal(line(estimate, "platform-network-nat-0", "vpc.natGateway.data").formula, "100 GB × $0.045/GB = $4.50");
            assert.equal(line(estimate, "platform-network-nat-eip-0", "ec2.publicIpv4").monthlyUsd, 3.65);
        });

        it("a known plan gives a known total, split by component and by cost type", () => {
            assert.equal(estimate.totalUsd, 263.16);
            assert.deepEqual(estimate.byComponent, { network: 41, cluster: 221.16, database: 1 });
            assert.deepEqual(estimate.byCostType, { fixed: 262.16, project: 1 });
        });

        it("takes component and cost type from the tags, else from the parent component and anycloud:billing.costTypes", () => {
            assert.equal(line(estimate, "platform-network-nat-0", "vpc.natGateway").component, "network");
            assert.equal(line(estimate, "platform-database-instance-0", "rds.aurora.instance.db.t4g.medium").costType, "project");
            const overridden = estimateCost(resources, argsFor({ ...AWS_DEV_CONFIG, region: "us-east-1", billing: { costTypes: { network: "project" } } }));
            assert.equal(line(overridden, "platform-network-nat-0", "vpc.natGateway").costType, "project");
            // A tag wins over the configured default: the invoice groups by the tag.
            assert.equal(line(overridden, "platform-cluster-pool-system", "ec2.instance.m6i.large").costType, "fixed");
        });

        it("lists what it cannot price, never as zero: a missing price and a type no rule knows", () => {
            const aurora = line(estimate, "platform-database-instance-0", "rds.aurora.instance.db.t4g.medium");
            assert.equal(aurora.monthlyUsd, null);
            assert.match(aurora.formula, /no price for rds\.aurora\.instance\.db\.t4g\.medium in us-east-1/);
            assert.deepEqual(estimate.unpriced.map((u) => [u.name, u.item]), [["platform-network-mystery", null], ["platform-database-instance-0", "rds.aurora.instance.db.t4g.medium"]]);
            assert.match(estimate.unpriced[0].reason, /no cost rule for this resource type/);
            assert.equal(estimate.complete, false);
            assert.ok(estimate.freeTypes.includes("aws:iam/role:Role"));
            assert.ok(estimate.notEstimated.some((n) => n.name === "platform-database-key" && /KMS requests/.test(n.what)));
        });

        it("charges extended support for a version past EKS standard support", () => {
            const old = awsFixture();
            const eks = old.resources.find((r) => r.type === "eks:index:Cluster");
            (eks as { inputs: Record<string, unknown> }).inputs = { version: "1.33" };
            assert.equal(line(estimateCost(old.resources, old.args), "platform-cluster-eks", "eks.cluster.extended").monthlyUsd, 438);
        });

        it("leaves region-specific prices unpriced in a region the catalog lacks, and uses the prices quoted for every region", () => {
            const frankfurt = estimateCost(resources, argsFor(AWS_DEV_CONFIG));
            assert.equal(line(frankfurt, "platform-network-nat-0", "vpc.natGateway").monthlyUsd, null);
            assert.equal(line(frankfurt, "platform-cluster-eks", "eks.cluster.standard").monthlyUsd, 73);
        });
    });

    describe("Azure (eastus fixture)", () => {
        const estimate = estimateCost(azureFixture().resources, azureFixture().args);

        it("doubles compute and storage of a highly available PostgreSQL server", () => {
            assert.equal(line(estimate, "platform-database-server", "postgres.flexible.Standard_B1ms").formula, "2 servers (primary + standby) × 730 h × $0.017/h = $24.82");
            assert.equal(line(estimate, "platform-database-server", "postgres.flexible.storage").monthlyUsd, 7.68);
        });

        it("prices the Free tier control plane at zero from its source, the pool's VMs and AKS's default OS disks", () => {
            const control = line(estimate, "platform-cluster-aks", "aks.cluster.free");
            assert.equal(control.monthlyUsd, 0);
            assert.equal(control.priceSource, "azure-aks-sku-tier");
            assert.equal(line(estimate, "platform-cluster-aks", "vm.Standard_D2s_v5").monthlyUsd, 70.08);
            assert.equal(line(estimate, "platform-cluster-aks", "disk.premium.P10").monthlyUsd, 19.71);
        });

        it("prices the volumes and load balancer Kubernetes creates for the Helm values and the Elasticsearch resource", () => {
            const volumes = estimate.lines.filter((l) => l.createdBy === "kubernetes" && l.unit === "disk-month");
            assert.deepEqual(volumes.map((l) => [l.name, l.item, l.quantity, l.monthlyUsd]), [
                ["platform-observability-elasticsearch", "disk.premium.P4", 3, 15.84],
                ["platform-observability-kube-prometheus-stack", "disk.premium.P4", 1, 5.28],
            ]);
            const balancer = estimate.lines.filter((l) => l.name === "platform-observability-kube-prometheus-stack" && l.createdBy === "kubernetes" && l.unit !== "disk-month");
            assert.deepEqual(balancer.map((l) => [l.item, l.monthlyUsd]), [["publicIp.standardStatic", 3.65], ["loadBalancer.rules", null], ["loadBalancer.data", 0.5]]);
            assert.ok(balancer.every((l) => l.component === "observability" && /Grafana Service/.test(l.description)));
        });

        it("a known plan gives a known total", () => {
            assert.equal(estimate.totalUsd, 147.56);
            assert.deepEqual(estimate.unpriced.map((u) => u.item), ["loadBalancer.rules"]);
        });
    });

    describe("GCP (us-central1 fixture)", () => {
        const estimate = estimateCost(gcpFixture().resources, gcpFixture().args);

        it("prices a regional Cloud SQL custom tier by vCPU and memory at the HA rates", () => {
            assert.equal(line(estimate, "platform-database-instance", "cloudsql.vcpu.regional").formula, "2 vCPUs × 730 h × $0.0826/h = $120.60");
            assert.equal(line(estimate, "platform-database-instance", "cloudsql.memory.regional").monthlyUsd, 132.86);
            assert.equal(line(estimate, "platform-database-instance", "cloudsql.storage.ssd.regional").monthlyUsd, 10.88);
        });

        it("counts per-zone pool sizes over the cluster's zones, and charges Cloud NAT per node VM", () => {
            assert.equal(line(estimate, "platform-cluster-pool-apps", "gce.instance.n2-standard-4").quantity, 3 * 730);
            assert.equal(line(estimate, "platform-cluster-pool-apps", "pd.pd-balanced").formula, "100 GB × 3 nodes × $0.10/GB-month = $30.00");
            assert.equal(line(estimate, "platform-network-nat", "cloudNat.vm").formula, "6 VMs × 730 h × $0.0014/h = $6.13");
        });

        it("a known plan gives a known total", () => {
            assert.equal(estimate.totalUsd, 1031.04);
            assert.equal(estimate.complete, true);
        });

        it("subtracts Cloud Logging's free 50 GiB from the usage assumption", () => {
            assert.equal(line(estimate, "platform-cluster-gke", "logging.ingestion").monthlyUsd, 0);
            const more = gcpFixture({ cloudLogsGbPerMonth: 80 });
            assert.equal(line(estimateCost(more.resources, more.args), "platform-cluster-gke", "logging.ingestion").formula, "30 GiB × $0.50/GiB = $15.00");
        });
    });

    describe("budget", () => {
        it("warns when the estimate exceeds the budget, and says so when unpriced lines make it a lower bound", () => {
            const over = compareWithBudget(263.16, false, { monthlyBudget: 200, currency: "USD" });
            assert.equal(over.status, "exceeded");
            assert.equal(over.message, "the estimate $263.16 (a lower bound: some lines are unpriced) exceeds the monthly budget $200.00 by $63.16");
            const within = compareWithBudget(150, true, { monthlyBudget: 200, currency: "USD" });
            assert.equal(within.status, "within");
            assert.match(within.message, /75% of the monthly budget \$200\.00$/);
        });

        it("does not compare a budget in another currency, and says when there is none", () => {
            const euro = compareWithBudget(263.16, true, { monthlyBudget: 100, currency: "EUR" });
            assert.equal(euro.status, "not-compared");
            assert.match(euro.message, /100 EUR .* USD list prices: not compared/);
            assert.equal(compareWithBudget(1, true, { currency: "USD" }).status, "none");
        });

        it("the plan's estimate carries the comparison with anycloud:billing.monthlyBudget", () => {
            const { resources } = awsFixture();
            const estimate = estimateCost(resources, argsFor({ ...AWS_DEV_CONFIG, region: "us-east-1", billing: { monthlyBudget: 100 } }));
            assert.equal(estimate.budget.status, "exceeded");
            assert.equal(estimate.budget.amount, 100);
        });
    });

    describe("catalog", () => {
        it("every row names a known source, a positive price or zero, and no item twice for one cloud and region", () => {
            const seen = new Set<string>();
            for (const row of PRICE_CATALOG) {
                assert.ok(PRICE_SOURCES[row.source], `${row.item}: unknown source ${row.source}`);
                assert.ok(row.usd >= 0 && Number.isFinite(row.usd), `${row.item}: ${row.usd}`);
                const key = `${row.cloud} ${row.region} ${row.item}`;
                assert.ok(!seen.has(key), `twice: ${key}`);
                seen.add(key);
            }
        });

        it("covers the reference stacks' regions: node and bastion sizes on Azure and GCP", () => {
            for (const [region, item] of [["westeurope", "vm.Standard_D4s_v5"], ["swedencentral", "vm.Standard_D2s_v5"], ["swedencentral", "vm.Standard_B1s"], ["europe-west3", "gce.instance.n2-standard-4"], ["europe-west3", "pd.pd-balanced"]]) {
                assert.ok(PRICE_CATALOG.some((row) => row.region === region && row.item === item), `${item} in ${region}`);
            }
        });

        it("lines keep the catalog's units (a rule counting in another unit would be a bug)", () => {
            const urn = urnOf("aws:ec2/eip:Eip", "platform-network-nat-eip-0");
            const estimate = estimateCost(awsFixture().resources, awsFixture().args);
            assert.equal(estimate.lines.find((l) => l.resource === urn)?.unit, PRICE_CATALOG.find((r) => r.item === "ec2.publicIpv4")?.unit);
        });
    });
});
