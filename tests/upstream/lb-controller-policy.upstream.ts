import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { CLUSTER_TAG, LOAD_BALANCER_CONTROLLER_CHART, loadBalancerControllerPolicy } from "../../providers/aws/load-balancer-controller";
import { referencePath } from "./reference";

type Statement = { Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };

/**
 * The AWS Load Balancer Controller's IAM policy against the upstream one of the pinned release
 * (docs/install/iam_policy.json): the same actions statement by statement, never a `*` resource where
 * upstream names resources, and every upstream condition kept, with "the cluster tag exists" (Null:
 * false) narrowed to "the cluster tag is this cluster's name".
 */
describe("upstream: the load balancer controller's IAM policy", () => {
    const upstream = JSON.parse(readFileSync(referencePath("charts", `${LOAD_BALANCER_CONTROLLER_CHART.chart}-${LOAD_BALANCER_CONTROLLER_CHART.version}`, "iam_policy.json"), "utf8")) as { Statement: Statement[] };
    const ours = JSON.parse(loadBalancerControllerPolicy("acme-transit-dev", "aws", "eu-central-1", "123456789012")) as { Statement: Statement[] };

    it("has upstream's actions, statement by statement, and no other", () => {
        assert.equal(ours.Statement.length, upstream.Statement.length);
        upstream.Statement.forEach((statement, i) => {
            assert.deepEqual([...ours.Statement[i].Action].sort(), [...statement.Action].sort(), `statement ${i}`);
        });
    });

    it("has no `*` resource where upstream scopes one, and holds upstream's ARN patterns to this partition, region and account", () => {
        upstream.Statement.forEach((statement, i) => {
            const theirs = [statement.Resource].flat();
            const mine = [ours.Statement[i].Resource].flat();
            if (theirs.includes("*")) {
                assert.deepEqual(mine, ["*"], `statement ${i}: upstream grants * here`);
                return;
            }
            assert.deepEqual(mine, theirs.map((arn) => arn.replace(/^arn:aws:([a-z0-9-]+):\*:\*:/, "arn:aws:$1:eu-central-1:123456789012:")), `statement ${i}`);
        });
    });

    it("keeps every upstream condition, with the cluster tag's presence narrowed to this cluster's name", () => {
        upstream.Statement.forEach((statement, i) => {
            const mine = ours.Statement[i].Condition ?? {};
            for (const [operator, values] of Object.entries(statement.Condition ?? {})) {
                for (const [key, value] of Object.entries(values)) {
                    if (operator === "Null" && value === "false" && key.endsWith(CLUSTER_TAG)) {
                        assert.equal(mine.StringEquals?.[key], "acme-transit-dev", `statement ${i}: ${key}`);
                        assert.equal(mine.Null?.[key], undefined, `statement ${i}: ${key}`);
                    } else {
                        assert.deepEqual(mine[operator]?.[key], value, `statement ${i}: ${operator} ${key}`);
                    }
                }
            }
        });
    });
});
