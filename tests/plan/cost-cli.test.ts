import { strict as assert } from "assert";
import { readPriceFile } from "../../plan/cost/price-file";
import { NEAREST_REGIONS, settingsForCloud } from "../../plan/cost/compare";
import { PlanDocument } from "../../plan/document";
import { renderCost } from "../../plan/cost/render";
import { readStack } from "../../plan/stack-files";
import { REGIONS } from "../../components/regions";
import { AWS_DEV_CONFIG, GCP_DEV_CONFIG } from "../helpers/record";
import { projectYaml, REPO_ROOT, run, stackYaml, tempProject } from "./fixtures";
import { readFileSync } from "fs";
import { join } from "path";

/** A small AWS stack (no database, no bastion) with a budget, in a throwaway project. */
function project(billing: Record<string, unknown> = {}, files: Record<string, string> = {}, settings: Record<string, unknown> = AWS_DEV_CONFIG): string {
    return tempProject({ "Pulumi.yaml": projectYaml(), "Pulumi.dev.yaml": stackYaml({ ...settings, billing }), ...files });
}

describe("plan: cost estimate in the CLI", () => {
    it("prints the estimate after the resource tree: totals, formulas, unpriced lines, assumptions and the budget", async () => {
        const { code, stdout } = await run(["plan", "--stack", "aws-dev"]);
        assert.equal(code, 0);
        const cost = stdout.indexOf("\nCost estimate (monthly, USD, list prices)\n");
        assert.ok(cost > stdout.indexOf("\nResources\n"), "the cost section follows the tree");
        const section = stdout.slice(cost);
        assert.match(section, /^ {4}cluster +\$\d+\.\d\d {2}\(\d+ unpriced lines?\)$/m);
        assert.match(section, /^ {4}fixed \(running the platform\) +\$/m);
        assert.match(section, /platform-cluster-eks: EKS control plane \(Kubernetes 1\.35, standard support\): 1 cluster × 730 h × \$0\.10\/h = \$73\.00$/m);
        assert.match(section, /^ {2}Unpriced \(\d+ lines, not in the totals; add prices with --prices FILE/m);
        assert.match(section, /items a price file could price for aws eu-central-1: .*vpc\.natGateway/);
        assert.match(section, /usage per month \(anycloud:billing\.usage\): natGbPerMonth 100, egressGbPerMonth 100/);
        assert.match(section, /^ {2}Budget: /m);
    });

    it("--prices FILE prices what the catalog lacks; the JSON document names the file", async () => {
        const prices = { prices: [{ cloud: "aws", region: "eu-central-1", item: "ec2.instance.m6i.large", usd: 0.2, source: "test" }] };
        const dir = project({}, { "prices/ours.json": JSON.stringify(prices) });
        const { code, stdout, stderr } = await run(["plan", "--stack", "dev", "--json", "--prices", "prices/ours.json"], dir);
        assert.equal(code, 0, stderr);
        const document = JSON.parse(stdout) as PlanDocument;
        assert.equal(document.cost.priceFile?.path, "prices/ours.json");
        const nodes = document.cost.lines.find((l) => l.item === "ec2.instance.m6i.large");
        assert.equal(nodes?.priceSource, "price file");
        assert.match(nodes?.formula ?? "", /^\d+ nodes? × 730 h × \$0\.20\/h = \$/);
        assert.match(renderCost(document.cost).join("\n"), /^ {2}Price file prices\/ours\.json: 1 entry applied$/m);
    });

    it("refuses a bad price file with its problems on stderr, exit 1, before planning", async () => {
        const dir = project({}, { "prices.json": JSON.stringify({ prices: [{ cloud: "aws", region: "eu-central-1", item: "kms.key", usd: -5 }] }) });
        const expected = (() => {
            try {
                readPriceFile(join(dir, "prices.json"), "prices.json");
            } catch (error) {
                return (error as Error).message;
            }
            return "";
        })();
        const { code, stdout, stderr } = await run(["plan", "--stack", "dev", "--prices", "prices.json"], dir);
        assert.equal(code, 1);
        assert.equal(stdout, "");
        assert.equal(stderr, `${expected}\n`);
        assert.match(stderr, /prices\[0\]\.usd: must be 0 or more/);
        assert.doesNotMatch(stderr, /\n\s+at /);
    });

    it("warns when the estimate exceeds anycloud:billing.monthlyBudget, in the text and on stderr with --json", async () => {
        const { stdout, stderr } = await run(["plan", "--stack", "dev", "--json"], project({ monthlyBudget: 10 }));
        const document = JSON.parse(stdout) as PlanDocument;
        assert.equal(document.cost.budget.status, "exceeded");
        assert.match(stderr, /^warning: the estimate .* exceeds the monthly budget \$10\.00/m);
        assert.match(renderCost(document.cost).join("\n"), /^ {2}Budget: WARNING: the estimate \$[\d,.]+ \(a lower bound: some lines are unpriced\) exceeds the monthly budget \$10\.00 by \$/m);
    });

    it("does not compare with a budget in another currency (AWS budgets are USD only, so on GCP)", async () => {
        const { stdout, stderr } = await run(["plan", "--stack", "dev"], project({ monthlyBudget: 10, currency: "EUR" }, {}, { ...GCP_DEV_CONFIG, gcp: { project: "acme-transit-dev", billingAccount: "012345-6789AB-CDEF01" } }));
        assert.match(stdout, /Budget: the budget is 10 EUR and the estimate is in USD list prices: not compared/, stderr);
    });

    it("--compare-clouds prints the three clouds side by side, component by component, with totals", async () => {
        const { code, stdout, stderr } = await run(["plan", "--stack", "dev", "--compare-clouds"], project());
        assert.equal(code, 0, stderr);
        const lines = stdout.split("\n");
        assert.match(lines[0], /^Cost comparison of stack "dev"/);
        assert.match(lines[2], /^ +aws eu-central-1 +azure germanywestcentral +gcp europe-west3$/);
        for (const row of ["network", "cluster", "observability", "fixed", "project", "total"]) {
            const cells = lines.find((line) => line.startsWith(`  ${row} `))?.trim().split(/ {3,}/);
            assert.equal(cells?.length, 4, `${row}: ${cells?.join(" | ")}`);
        }
        assert.match(stdout, /azure germanywestcentral: all three in Frankfurt/);
        assert.doesNotMatch(stdout, /not planned/);
    });

    it("--compare-clouds names a cloud it cannot map the region to, and still plans the others", async () => {
        const { code, stdout } = await run(["plan", "--stack", "dev", "--compare-clouds"], project({}, {}, { ...AWS_DEV_CONFIG, region: "af-south-1" }));
        assert.equal(code, 0);
        assert.match(stdout, /azure: no nearest azure region is known for aws region af-south-1; --compare-clouds knows aws regions eu-central-1, /);
        assert.match(stdout, /^ {2}total +\$[\d,.]+ \+\d+\? +not planned +not planned$/m);
    });

    it("--compare-clouds is a table: --json and --out are usage errors", async () => {
        const { code, stderr } = await run(["plan", "--stack", "aws-dev", "--compare-clouds", "--json"]);
        assert.equal(code, 2);
        assert.match(stderr, /--compare-clouds prints a table; it cannot be combined with --json or --out/);
    });

    it("keeps every setting but cloud and region, and fills only the ids the target cloud lacks", () => {
        const settings = readStack(project(), "dev");
        const result = settingsForCloud(settings, "azure");
        assert.ok("settings" in result);
        const config = result.settings.config;
        assert.equal(config["anycloud:cloud"], "azure");
        assert.equal(config["anycloud:region"], "germanywestcentral");
        assert.equal(config["anycloud:cluster"], settings.config["anycloud:cluster"]);
        assert.equal(config["anycloud:network"], settings.config["anycloud:network"]);
        assert.deepEqual(JSON.parse(config["anycloud:azure"]), { subscriptionId: "00000000-0000-0000-0000-000000000000", tenantId: "11111111-1111-1111-1111-111111111111" });
        const own = settingsForCloud({ ...settings, config: { ...settings.config, "anycloud:gcp": JSON.stringify({ project: "acme-shop-dev" }) } }, "gcp");
        assert.ok("settings" in own);
        assert.equal(JSON.parse(own.settings.config["anycloud:gcp"]).project, "acme-shop-dev");
    });

    it("maps only to regions each cloud offers, and docs/cost-model.md lists every mapping", () => {
        const docs = readFileSync(join(REPO_ROOT, "docs", "cost-model.md"), "utf8");
        for (const row of NEAREST_REGIONS) {
            for (const cloud of ["aws", "azure", "gcp"] as const) {
                assert.ok(REGIONS[cloud].includes(row[cloud]), `${cloud} ${row[cloud]} (${row.why})`);
            }
            assert.ok(docs.includes(`| ${row.aws} | ${row.azure} | ${row.gcp} |`), `docs/cost-model.md lacks ${row.aws} | ${row.azure} | ${row.gcp}`);
        }
    });
});
