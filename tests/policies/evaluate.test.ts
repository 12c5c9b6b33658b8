import { strict as assert } from "assert";
import { evaluate } from "../../policies/evaluate";
import { defineRule, exception, fail, isSet, PASS, Rule, valueAt, coversPort } from "../../policies/rule";
import { resource } from "./helpers";

const base = { description: "d", cloud: "aws" as const, references: {}, remediation: "r" };

const noPublicDb = defineRule({
    ...base, id: "aws-test-no-public", severity: "high", resourceTypes: ["test:db"],
    check: (r) => (r.props.public === true ? fail("the database is public") : PASS),
});
const sshClosed = defineRule({
    ...base, id: "aws-test-ssh-closed", severity: "critical", resourceTypes: ["test:sg"],
    check: (r) => (r.props.openToInternet ? fail("SSH is open to the internet") : PASS),
});
const publicIp = defineRule({
    ...base, id: "aws-test-no-public-ip", severity: "medium", resourceTypes: ["test:vm"],
    check: () => exception("the bastion needs an address the office can reach", ["aws-test-ssh-closed"]),
});
const throwing = defineRule({
    ...base, id: "aws-test-throws", severity: "low", resourceTypes: ["test:db"],
    check: () => { throw new Error("boom"); },
});
const RULES: Rule[] = [noPublicDb, sshClosed, publicIp];

describe("policies: the evaluator", () => {
    it("gives one finding per rule and resource of its types, and a rule without resources is not applicable", () => {
        const report = evaluate([...RULES, { ...noPublicDb, id: "aws-test-other", resourceTypes: ["test:none"] }],
            [resource("test:db", { public: false }, { name: "a" }), resource("test:db", { public: true }, { name: "b" }), resource("test:sg", {})]);
        const db = report.rules.find((r) => r.id === "aws-test-no-public")!;
        assert.deepEqual(db.findings.map((f) => [f.urn.split("::").pop(), f.status]), [["a", "pass"], ["b", "fail"]]);
        assert.equal(db.status, "fail");
        assert.equal(report.rules.find((r) => r.id === "aws-test-other")!.status, "not-applicable");
        assert.deepEqual(report.blocking, ["aws-test-no-public"]);
        assert.deepEqual(report.totals.high, { pass: 0, fail: 1, exception: 0, "not-applicable": 1 });
    });

    it("keeps an exception while its compensating rule passes, and fails it when that rule fails", () => {
        const held = evaluate(RULES, [resource("test:vm", {}), resource("test:sg", { openToInternet: false })]);
        assert.equal(held.rules.find((r) => r.id === "aws-test-no-public-ip")!.status, "exception");
        const broken = evaluate(RULES, [resource("test:vm", {}), resource("test:sg", { openToInternet: true })]);
        const result = broken.rules.find((r) => r.id === "aws-test-no-public-ip")!;
        assert.equal(result.status, "fail");
        assert.match(result.findings[0].message!, /compensating rule aws-test-ssh-closed does not pass/);
    });

    it("breaks exceptions along a chain: a broken exception fails its rule, and with it the exceptions that rule compensates", () => {
        const hostAccess = defineRule({ ...base, id: "aws-test-host-access", severity: "high", resourceTypes: ["test:vm"],
            check: () => exception("a node agent needs the host", ["aws-test-ssh-closed"]) });
        const namespace = defineRule({ ...base, id: "aws-test-namespace", severity: "medium", resourceTypes: ["test:vm"],
            check: () => exception("the namespace runs the agent", ["aws-test-host-access"]) });
        const report = evaluate([sshClosed, hostAccess, namespace], [resource("test:vm", {}), resource("test:sg", { openToInternet: true })]);
        assert.deepEqual(report.rules.map((r) => [r.id, r.status]), [["aws-test-ssh-closed", "fail"], ["aws-test-host-access", "fail"], ["aws-test-namespace", "fail"]]);
    });

    it("never judges an unjudged resource, yet rules still look it up", () => {
        const parentType = defineRule({ ...base, id: "aws-test-parent", severity: "high", resourceTypes: ["test:db", "test:component"],
            check: (r, stack) => (r.type === "test:component" ? fail("judged") : stack.byUrn(r.parent) ? PASS : fail("parent not found")) });
        const component = resource("test:component", {}, { name: "component" });
        const child = resource("test:db", {}, { name: "child", parent: component.urn });
        const report = evaluate([parentType], [component, child], { unjudged: (r) => r.type === "test:component" });
        assert.deepEqual(report.rules[0].findings.map((f) => [f.urn.split("::").pop(), f.status]), [["child", "pass"]]);
    });

    it("fails an exception whose compensating rule is not in the rule set", () => {
        const report = evaluate([publicIp], [resource("test:vm", {})]);
        assert.equal(report.rules[0].status, "fail");
    });

    it("reports a rule that throws as a failure of that resource, not a pass", () => {
        const report = evaluate([throwing], [resource("test:db", {})]);
        assert.equal(report.rules[0].status, "fail");
        assert.match(report.rules[0].findings[0].message!, /could not check this resource: boom/);
    });

    it("keeps only the stack's cloud's rules and the Kubernetes ones when asked", () => {
        const k8s = { ...noPublicDb, id: "kubernetes-test-x", cloud: "kubernetes" as const };
        const gcp = { ...noPublicDb, id: "gcp-test-x", cloud: "gcp" as const };
        assert.deepEqual(evaluate([noPublicDb, k8s, gcp], [], { clouds: ["aws"] }).rules.map((r) => r.id), ["aws-test-no-public", "kubernetes-test-x"]);
    });
});

describe("policies: rule helpers", () => {
    it("valueAt reads dotted and indexed paths", () => {
        const props = { a: { b: [{ c: 1 }] } };
        assert.equal(valueAt(props, "a.b[0].c"), 1);
        assert.equal(valueAt(props, "a.b.0.c"), 1);
        assert.equal(valueAt(props, "a.x.c"), undefined);
    });

    it("isSet accepts a literal or a value wired from another resource, and nothing else", () => {
        assert.ok(isSet(resource("t", { kmsKeyId: "arn:aws:kms:..." }), "kmsKeyId"));
        assert.ok(isSet(resource("t", {}, { propertyDependencies: { kmsKeyId: ["urn:key"] } }), "kmsKeyId"));
        assert.ok(!isSet(resource("t", { kmsKeyId: "" }), "kmsKeyId"));
        assert.ok(!isSet(resource("t", {}), "kmsKeyId"));
    });

    it("coversPort understands single ports, ranges, wildcards and pairs", () => {
        assert.ok(coversPort(22, 22) && coversPort("22", 22) && coversPort("20-25", 22) && coversPort("*", 22) && coversPort(-1, 22) && coversPort([0, 65535], 22));
        assert.ok(!coversPort("23-25", 22) && !coversPort(443, 22) && !coversPort(undefined, 22));
    });
});
