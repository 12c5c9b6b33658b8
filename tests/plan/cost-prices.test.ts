import { strict as assert } from "assert";
import { join } from "path";
import { writeFileSync } from "fs";
import { estimateCost } from "../../plan/cost/estimate";
import { PriceFileError, readPriceFile, validatePriceFile } from "../../plan/cost/price-file";
import { CostEstimate } from "../../plan/cost/types";
import { awsFixture } from "./cost-fixtures";
import { tempProject } from "./fixtures";

function monthly(estimate: CostEstimate, name: string, item: string): number | null | undefined {
    return estimate.lines.find((l) => l.name === name && l.item === item)?.monthlyUsd;
}

function problemsOf(value: unknown): string {
    try {
        validatePriceFile(value, "prices.json");
    } catch (error) {
        assert.ok(error instanceof PriceFileError);
        return error.message;
    }
    assert.fail("the file was accepted");
}

describe("plan: cost estimate with a price file (--prices)", () => {
    const { resources, args } = awsFixture();

    it("a price of the file replaces the catalog's; a \"*\" price fills a region the catalog lacks", () => {
        const file = validatePriceFile({
            prices: [
                { cloud: "aws", region: "us-east-1", item: "ec2.instance.m6i.large", usd: 0.1, source: "our contract" },
                { cloud: "aws", region: "*", item: "rds.aurora.instance.db.t4g.medium", usd: 0.073 },
            ],
        }, "prices.json");
        const estimate = estimateCost(resources, args, file);
        assert.equal(monthly(estimate, "platform-cluster-pool-system", "ec2.instance.m6i.large"), 146);
        const aurora = estimate.lines.find((l) => l.item === "rds.aurora.instance.db.t4g.medium");
        assert.equal(aurora?.monthlyUsd, 53.29);
        assert.equal(aurora?.priceSource, "price file");
        assert.deepEqual(estimate.unpriced.map((u) => u.item), [null], "only the type no rule knows is left");
        assert.equal(estimate.totalUsd, 263.16 + 5.84 + 53.29);
    });

    it("applies one discount per line: the item's, else the longest prefix, else the cloud's", () => {
        const file = validatePriceFile({
            discounts: [{ cloud: "aws", percent: 10 }, { cloud: "aws", item: "ec2.*", percent: 15 }, { cloud: "aws", item: "ec2.instance.*", percent: 20 }, { cloud: "gcp", percent: 50 }],
        }, "prices.json");
        const estimate = estimateCost(resources, args, file);
        const nodes = estimate.lines.find((l) => l.item === "ec2.instance.m6i.large");
        assert.equal(nodes?.discountPercent, 20);
        assert.equal(nodes?.formula, "2 nodes × 730 h × $0.096/h × (1 − 20%) = $112.13");
        assert.equal(monthly(estimate, "platform-network-nat-eip-0", "ec2.publicIpv4"), 3.1);
        assert.equal(monthly(estimate, "platform-cluster-eks", "eks.cluster.standard"), 65.7);
        assert.deepEqual(estimate.priceFile?.applied, ["discounts[0] aws (whole cloud) -10%", "discounts[1] aws ec2.* -15%", "discounts[2] aws ec2.instance.* -20%"]);
    });

    it("reports entries for this cloud and region that priced nothing: a typo in an item key shows", () => {
        const file = validatePriceFile({ prices: [{ cloud: "aws", region: "us-east-1", item: "ec2.instance.m6i.larg", usd: 0.1 }, { cloud: "azure", region: "westeurope", item: "natGateway", usd: 0.05 }] }, "prices.json");
        const estimate = estimateCost(resources, args, file);
        assert.deepEqual(estimate.priceFile?.unused, ["prices[0] aws us-east-1 ec2.instance.m6i.larg = 0.1"]);
        assert.equal(monthly(estimate, "platform-cluster-pool-system", "ec2.instance.m6i.large"), 140.16);
    });

    it("refuses a file that is not the format, naming every problem at once", () => {
        const message = problemsOf({
            prices: [{ cloud: "ibm", region: "eu-central-1", item: "ec2.instance.m6i.large", usd: -1 }, { cloud: "aws", region: "EU Central", item: "EC2 instance", usd: "0.1" }],
            discounts: [{ cloud: "aws", percent: 0 }, { cloud: "aws", item: "ec2.instance.*", percent: 120 }],
            currency: "EUR",
        });
        assert.match(message, /^anycloud: invalid price file prices\.json \(8 problems\):/);
        for (const expected of [
            /prices\[0\]\.cloud: must be one of aws, azure, gcp \(got "ibm"\)/,
            /prices\[0\]\.usd: must be 0 or more/,
            /prices\[1\]\.region: must be a region name of that cloud/,
            /prices\[1\]\.item: must be an item key such as ec2\.instance\.m6i\.large/,
            /prices\[1\]\.usd: must be a number/,
            /discounts\[0\]\.percent: must be more than 0/,
            /discounts\[1\]\.percent: must be at most 100/,
            /\(the file\): has unknown key currency; allowed: prices, discounts/,
        ]) {
            assert.match(message, expected);
        }
    });

    it("says what is missing, and what shape the file and its lists must have", () => {
        assert.match(problemsOf({ prices: [{ cloud: "aws" }] }), /prices\[0\]\.region: is required\n {2}- prices\[0\]\.item: is required\n {2}- prices\[0\]\.usd: is required/);
        assert.match(problemsOf([]), /\(the file\): must be a JSON object: \{ "prices": \[\.\.\.\], "discounts": \[\.\.\.\] \}/);
        assert.match(problemsOf({ discounts: {} }), /discounts: must be a list/);
    });

    it("refuses two prices for one cloud, region and item, and two discounts for one target", () => {
        const message = problemsOf({
            prices: [{ cloud: "aws", region: "us-east-1", item: "kms.key", usd: 1 }, { cloud: "aws", region: "us-east-1", item: "kms.key", usd: 2 }],
            discounts: [{ cloud: "aws", percent: 5 }, { cloud: "aws", percent: 7 }],
        });
        assert.match(message, /prices\[1\]: repeats prices\[0\] \(aws us-east-1 kms\.key\)/);
        assert.match(message, /discounts\[1\]: repeats discounts\[0\] \(aws \(whole cloud\)\)/);
    });

    it("says when the file is missing or not JSON", () => {
        const dir = tempProject({ "broken.json": "{ prices: [" });
        assert.throws(() => readPriceFile(join(dir, "broken.json"), "broken.json"), /the price file broken\.json is not valid JSON/);
        assert.throws(() => readPriceFile(join(dir, "none.json"), "none.json"), /cannot read the price file none\.json: ENOENT/);
        writeFileSync(join(dir, "empty.json"), "{}");
        assert.deepEqual(readPriceFile(join(dir, "empty.json")).prices, []);
    });
});
