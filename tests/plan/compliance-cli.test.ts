import { strict as assert } from "assert";
import { runPlan } from "../../cli/plan";
import { Io } from "../../cli/main";
import { EXIT_NONCOMPLIANT, EXIT_OK } from "../../cli/usage";
import { defineRule, fail, PASS } from "../../policies/rule";
import { REPO_ROOT, run } from "./fixtures";

function capture(): { io: Io; out: () => string; err: () => string } {
    let stdout = "";
    let stderr = "";
    return { io: { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd: REPO_ROOT }, out: () => stdout, err: () => stderr };
}

const failsOnNatGateways = (severity: "high" | "medium") => defineRule({
    id: "aws-vpc-test-no-nat", description: "A rule that fails on every NAT gateway, for this test.", severity, cloud: "aws",
    references: {}, remediation: "None: the rule exists only in this test.", resourceTypes: ["aws:ec2/natGateway:NatGateway", "aws:ec2/vpc:Vpc"],
    check: (r) => (r.type === "aws:ec2/natGateway:NatGateway" ? fail("a NAT gateway") : PASS),
});

describe("plan: the compliance section and --strict", () => {
    it("prints the Compliance section with every rule and exits 0 with --strict on a reference stack", async () => {
        const { code, stdout, stderr } = await run(["plan", "--stack", "aws-prod", "--strict"]);
        assert.equal(code, EXIT_OK, stderr);
        assert.match(stdout, /^Compliance \(\d+ rules: \d+ pass, 0 fail, \d+ exception, \d+ not applicable; docs\/security\.md\)$/m);
        assert.match(stdout, /^ {2}critical {2}\d+ pass {2}0 fail/m);
    });

    it("exits 3 under --strict when a rule of high severity fails, naming it, and prints the plan all the same", async () => {
        const { io, out, err } = capture();
        const code = await runPlan({ stack: "aws-dev", json: false, cwd: ".", strict: true, rules: [failsOnNatGateways("high")] }, io, "anycloud test");
        assert.equal(code, EXIT_NONCOMPLIANT);
        assert.match(err(), /--strict: rules of high or critical severity fail: aws-vpc-test-no-nat/);
        assert.match(out(), /^ {2}FAIL {7}high {6}aws-vpc-test-no-nat/m);
        assert.match(out(), /^ {6}FAIL platform-network-nat-\d: a NAT gateway$/m);
    });

    it("exits 0 under --strict when only a medium rule fails, and 0 without --strict whatever fails", async () => {
        const medium = capture();
        assert.equal(await runPlan({ stack: "aws-dev", json: false, cwd: ".", strict: true, rules: [failsOnNatGateways("medium")] }, medium.io, "t"), EXIT_OK);
        const lenient = capture();
        assert.equal(await runPlan({ stack: "aws-dev", json: false, cwd: ".", rules: [failsOnNatGateways("high")] }, lenient.io, "t"), EXIT_OK);
    });
});
