import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { ConfigError } from "../../../components/errors";
import { amiTypeFor } from "../../../providers/aws/instance-types";
import { expectProblem, problemsOf } from "../../helpers/config";
import { AWS_DEV_CONFIG, toStackConfig } from "../../helpers/record";

/** The AWS dev config with `overrides` on top (top-level keys replace, as in a stack file). */
const aws = (overrides: Record<string, unknown>) => ({ ...AWS_DEV_CONFIG, ...overrides });
const OFFICE = (count: number) => Array.from({ length: count }, (_, i) => `198.51.${i}.0/24`);

describe("AWS config rules", () => {
    it("accepts the reference dev config", () => {
        assert.deepEqual(problemsOf(AWS_DEV_CONFIG), []);
    });

    describe("names", () => {
        it("refuses two consecutive hyphens (RDS identifiers)", () => {
            expectProblem(aws({ customer: "acme--x" }), "anycloud:customer", /must not contain two consecutive hyphens \(RDS identifiers refuse them\)/, "acme--x");
            expectProblem(aws({ project: "tran--sit" }), "anycloud:project", /must not contain two consecutive hyphens/, "tran--sit");
        });

        it("refuses a leading sg- (EC2 security-group names)", () => {
            expectProblem(aws({ project: "sg-transit" }), "anycloud:project", /must not start with "sg-" \(EC2 refuses security-group names that look like group ids\)/, "sg-transit");
            expectProblem(aws({ customer: "sg-acme" }), "anycloud:customer", /must not start with "sg-"/, "sg-acme");
        });

        it("accepts single hyphens and sg elsewhere in the name", () => {
            assert.deepEqual(problemsOf(aws({ customer: "acme-sg", project: "trans-it" })), []);
        });
    });

    it("refuses natGateways none and names the strategies AWS allows", () => {
        expectProblem(aws({ network: { natGateways: "none" } }), "anycloud:network.natGateways", /is not supported on AWS: .*use single \(one NAT gateway\) or perZone/, "none");
        assert.deepEqual(problemsOf(aws({ network: { natGateways: "single" } })), []);
        assert.deepEqual(problemsOf(aws({ network: { natGateways: "perZone" } })), []);
    });

    it("refuses a Kubernetes version newer than the add-ons and autoscaler are pinned for", () => {
        expectProblem(aws({ cluster: { version: "1.36" } }), "anycloud:cluster.version", /newer than this release of anycloud supports on EKS.*supported: 1\.32, 1\.33, 1\.34, 1\.35/, "1.36");
        assert.deepEqual(problemsOf(aws({ cluster: { version: "1.35" } })), []);
    });

    it("asks for extended support on a version past EKS standard support", () => {
        expectProblem(aws({ cluster: { version: "1.32" } }), "anycloud:cluster.version", /past EKS standard support.*set anycloud:aws\.upgradeSupport to extended, or use 1\.34 or 1\.35/, "1.32");
        assert.deepEqual(problemsOf(aws({ cluster: { version: "1.32" }, aws: { upgradeSupport: "extended" } })), []);
        expectProblem(aws({ cluster: { version: "1.31" } }), "anycloud:cluster.version", /past the end of support.*1\.32 or newer/, "1.31");
    });

    describe("cluster.serviceCidr (EKS: RFC 1918, /12../24)", () => {
        // The network is moved out of 10.0.0.0/8 so no overlap problem joins in.
        const withService = (serviceCidr: string) => aws({ network: { cidr: "192.168.0.0/16" }, cluster: { serviceCidr } });
        const ALLOWED = /must be inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16 and between \/12 and \/24/;

        it("refuses a range outside RFC 1918", () => {
            expectProblem(withService("100.64.0.0/16"), "anycloud:cluster.serviceCidr", ALLOWED, "100.64.0.0/16");
        });

        it("refuses ranges larger than /12 or smaller than /24", () => {
            expectProblem(withService("10.0.0.0/11"), "anycloud:cluster.serviceCidr", ALLOWED, "10.0.0.0/11");
            expectProblem(withService("172.20.0.0/25"), "anycloud:cluster.serviceCidr", ALLOWED, "172.20.0.0/25");
        });

        it("accepts both ends", () => {
            assert.deepEqual(problemsOf(withService("10.0.0.0/12")), []);
            assert.deepEqual(problemsOf(withService("172.20.0.0/24")), []);
        });
    });

    it("refuses more allowedCidrs than the public network ACL's rule quota leaves room for", () => {
        const problem = expectProblem(aws({ allowedCidrs: OFFICE(16) }), "anycloud:allowedCidrs", /has 16 entries; AWS allows at most 15 .*network ACL.*20 inbound rules.*merge ranges/);
        assert.deepEqual(problem.value, OFFICE(16));
        assert.deepEqual(problemsOf(aws({ allowedCidrs: OFFICE(15) })), []);
    });

    describe("nodePools[i].instanceType", () => {
        const withTypes = (...types: string[]) => aws({ cluster: { nodePools: types.map((instanceType, i) => ({ name: `pool${i}`, instanceType })) } });

        it("refuses types EKS cannot run nodes on, naming the pool's key", () => {
            expectProblem(withTypes("mac2.metal"), "anycloud:cluster.nodePools[0].instanceType", /Amazon Linux 2023 EKS AMIs do not support; pick a current generation \(e\.g\. m7i, m7g, c7i\)/, "mac2.metal");
            expectProblem(withTypes("m7i.large", "a1.large"), "anycloud:cluster.nodePools[1].instanceType", /do not support; pick a current generation/, "a1.large");
            expectProblem(withTypes("garbage"), "anycloud:cluster.nodePools[0].instanceType", /is not an EC2 instance type \(expected <family><generation>\[attributes\]\.<size>, e\.g\. m7i\.large or m7g\.large\)/, "garbage");
        });

        it("accepts Graviton types and picks the Arm AMI for them", () => {
            assert.deepEqual(problemsOf(withTypes("m7g.large", "c6gn.xlarge", "t4g.medium")), []);
            assert.equal(amiTypeFor("m7g.large"), "AL2023_ARM_64_STANDARD");
            assert.equal(amiTypeFor("m7i.large"), "AL2023_x86_64_STANDARD");
        });
    });

    it("refuses a cluster admin listed twice", () => {
        const arn = "arn:aws:iam::123456789012:role/ops";
        expectProblem(aws({ aws: { clusterAdminArns: [arn, "arn:aws:iam::123456789012:role/dev", arn] } }), "anycloud:aws.clusterAdminArns[2]", /is listed twice; EKS refuses a second access entry for one principal/, arn);
    });

    it("refuses a public apiAccessCidrs range and points to allowedCidrs", () => {
        expectProblem(aws({ aws: { apiAccessCidrs: ["10.20.0.0/16", "203.0.113.0/24"] } }), "anycloud:aws.apiAccessCidrs[1]", /must be a private range .*public sources reach the API through allowedCidrs/, "203.0.113.0/24");
        assert.deepEqual(problemsOf(aws({ aws: { apiAccessCidrs: ["10.20.0.0/16", "192.168.8.0/24"] } })), []);
    });

    describe("aws.zoneIds", () => {
        it("refuses a zone ID of another region and shows what this region's look like", () => {
            expectProblem(aws({ aws: { zoneIds: ["use1-az1", "euc1-az2"] } }), "anycloud:aws.zoneIds[0]", /is not a zone of eu-central-1; its zone IDs look like euc1-az1/, "use1-az1");
        });

        it("refuses the zone EKS refuses (use1-az3 in us-east-1) and lists those zones", () => {
            expectProblem(aws({ region: "us-east-1", aws: { zoneIds: ["use1-az1", "use1-az3"] } }), "anycloud:aws.zoneIds[1]", /is a zone where EKS does not place control planes \(use1-az3, usw1-az2, cac1-az3\); pick another/, "use1-az3");
        });

        it("refuses a list whose length is not network.zones", () => {
            expectProblem(aws({ network: { zones: 3 }, aws: { zoneIds: ["euc1-az1", "euc1-az2"] } }), "anycloud:aws.zoneIds", /lists 2 zones but network.zones is 3; list exactly one zone ID per zone/, ["euc1-az1", "euc1-az2"]);
        });

        it("refuses a zone listed twice", () => {
            expectProblem(aws({ aws: { zoneIds: ["euc1-az2", "euc1-az2"] } }), "anycloud:aws.zoneIds[1]", /is listed twice/, "euc1-az2");
        });

        it("refuses a zone name where an ID belongs", () => {
            expectProblem(aws({ aws: { zoneIds: ["eu-central-1a", "euc1-az1"] } }), "anycloud:aws.zoneIds[0]", /must be an availability zone ID such as euc1-az1/, "eu-central-1a");
        });

        it("accepts one valid zone ID per zone, in any order", () => {
            assert.deepEqual(problemsOf(aws({ region: "us-east-1", network: { zones: 3 }, aws: { zoneIds: ["use1-az6", "use1-az1", "use1-az4"] } })), []);
        });
    });

    it("reports every problem at once, from the schema and from the AWS rules, each with key and value", () => {
        const settings = aws({
            region: "us-east-1",
            customer: "acme--x",
            allowedCidrs: OFFICE(16),
            network: { natGateways: "none", zones: 2 },
            cluster: { serviceCidr: "100.64.0.0/16", nodePools: [{ name: "system", instanceType: "mac2.metal" }] },
            aws: { zoneIds: ["use1-az1", "use1-az3"], apiAccessCidrs: ["203.0.113.0/24"] },
        });
        const problems = problemsOf(settings);
        assert.deepEqual(problems.map((p) => p.key).sort(), [
            "anycloud:allowedCidrs",
            "anycloud:aws.apiAccessCidrs[0]",
            "anycloud:aws.zoneIds[1]",
            "anycloud:cluster.nodePools[0].instanceType",
            "anycloud:cluster.serviceCidr",
            "anycloud:customer",
            "anycloud:network.natGateways",
        ]);
        assert.throws(() => loadPlatformArgs(toStackConfig(settings)), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.match(error.message, /invalid configuration \(7 problems\)/);
            for (const line of ['anycloud:customer = "acme--x"', 'anycloud:network.natGateways = "none"', 'anycloud:cluster.serviceCidr = "100.64.0.0/16"', 'anycloud:cluster.nodePools[0].instanceType = "mac2.metal"', 'anycloud:aws.zoneIds[1] = "use1-az3"', 'anycloud:aws.apiAccessCidrs[0] = "203.0.113.0/24"']) {
                assert.ok(error.message.includes(line), `message lists ${line}:\n${error.message}`);
            }
            return true;
        });
    });

    it("still runs the AWS rules on the keys that parsed when another key fails its schema", () => {
        const problems = problemsOf(aws({ aws: { zoneIds: ["not-a-zone"] }, network: { natGateways: "none" } }));
        // The bad zone id leaves the list's length judged: one zone id for two zones.
        assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:aws.zoneIds", "anycloud:aws.zoneIds[0]", "anycloud:network.natGateways"]);
    });

    describe("a bad field hides none of its siblings' AWS rules", () => {
        it("judges a pool's instance type and the Service range beside a bad Kubernetes version", () => {
            const problems = problemsOf(aws({ network: { cidr: "192.168.0.0/16" }, cluster: { version: "latest", serviceCidr: "100.64.0.0/16", nodePools: [{ name: "system", instanceType: "mac2.metal" }] } }));
            assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:cluster.nodePools[0].instanceType", "anycloud:cluster.serviceCidr", "anycloud:cluster.version"], JSON.stringify(problems, null, 1));
        });

        it("judges Aurora's backup range and replicas beside a bad database size", () => {
            const problems = problemsOf(aws({ database: { enabled: true, size: "huge", backupRetentionDays: "40", highAvailability: true, replicas: "0" } }));
            assert.deepEqual(problems.map((p) => [p.key, p.value]).sort(), [
                ["anycloud:database.backupRetentionDays", "40"],
                ["anycloud:database.replicas", "0"],
                ["anycloud:database.size", "huge"],
            ]);
        });

        it("judges a budget's currency and notifications when its amount is bad", () => {
            const problems = problemsOf(aws({ billing: { monthlyBudget: "lots", currency: "EUR", thresholds: [10, 20, 30, 40, 50, 60, 70, 80, 90, "100"] } }));
            assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:billing.currency", "anycloud:billing.monthlyBudget", "anycloud:billing.thresholds"], JSON.stringify(problems, null, 1));
            assert.match(problems.find((p) => p.key === "anycloud:billing.thresholds")!.message, /makes 11 budget notifications/);
        });

        it("leaves a list that breaks its own rule to that rule: eleven thresholds are not also too many notifications", () => {
            const thresholds = Array.from({ length: 11 }, (_, i) => String((i + 1) * 10));
            expectProblem(aws({ billing: { monthlyBudget: 100, thresholds } }), "anycloud:billing.thresholds", /at most 10 item/, thresholds);
        });

        it("asks for the account e-mail only when none is given, not when the given one is bad", () => {
            expectProblem(aws({ billing: { accountPerProject: true }, aws: { accountEmail: "root" } }), "anycloud:aws.accountEmail", /must be an e-mail address/, "root");
        });
    });

    it("takes a taint without a value (key:Effect): EKS accepts one", () => {
        const pools = [{ name: "system" }, { name: "batch", min: "0", max: "4", taints: ["batch:NoSchedule", "dedicated=gpu:NoExecute"] }];
        assert.deepEqual(problemsOf(aws({ cluster: { nodePools: pools } })), []);
        assert.deepEqual(loadPlatformArgs(toStackConfig(aws({ cluster: { nodePools: pools } }))).cluster.nodePools[1].taints, [{ key: "batch", effect: "NoSchedule" }, { key: "dedicated", value: "gpu", effect: "NoExecute" }]);
    });
});
