import { strict as assert } from "assert";
import { readdirSync, readFileSync } from "fs";
import { basename, join } from "path";
import { Rule } from "../../policies/rule";
import { ALL_RULES } from "../../policies/rules/all";
import { AWS_RULES } from "../../policies/rules/aws";
import { AZURE_RULES } from "../../policies/rules/azure";
import { GCP_RULES } from "../../policies/rules/gcp";
import { KUBERNETES_RULES } from "../../policies/rules/kubernetes";
import { REPO_ROOT } from "../plan/fixtures";

const RULES_DIR = join(REPO_ROOT, "policies", "rules");
const REGISTRIES = new Set(["aws.ts", "azure.ts", "gcp.ts", "kubernetes.ts", "all.ts"]);
const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts") && !REGISTRIES.has(f));

describe("policies: the rule set", () => {
    it("has one rule per file, named by its id, and every file is registered once", () => {
        const ids = ALL_RULES.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(", ")}`);
        for (const file of ruleFiles) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = require(join(RULES_DIR, file)) as { rule?: Rule };
            assert.ok(exported.rule, `${file} exports no \`rule\``);
            assert.equal(exported.rule.id, basename(file, ".ts"), `${file}: the id is the file name`);
            assert.ok(ALL_RULES.includes(exported.rule), `${file} is not in its cloud's registry`);
        }
        assert.equal(ruleFiles.length, ALL_RULES.length, "a registered rule lives outside policies/rules/");
        for (const [cloud, rules] of Object.entries({ aws: AWS_RULES, azure: AZURE_RULES, gcp: GCP_RULES, kubernetes: KUBERNETES_RULES })) {
            assert.deepEqual(rules.filter((r) => r.cloud !== cloud).map((r) => r.id), [], `the ${cloud} registry holds only ${cloud} rules`);
        }
    });

    for (const rule of ALL_RULES) {
        it(`${rule.id}: named <cloud>-<service>-<rule>, says what must hold and how to fix it, and names its scanner ids correctly`, () => {
            assert.match(rule.id, new RegExp(`^${rule.cloud}-[a-z0-9]+(-[a-z0-9]+)+$`));
            assert.ok(rule.description.length > 20 && rule.remediation.length > 20, "description and remediation are sentences");
            assert.ok(rule.description.endsWith("."), "the description is one sentence");
            assert.ok(rule.resourceTypes.length > 0);
            for (const id of rule.references.checkov ?? []) {
                assert.match(id, /^CKV2?_(AWS|AZURE|GCP|K8S)_\d+$/);
            }
            for (const cis of rule.references.cis ?? []) {
                assert.match(cis, /^CIS (EKS 1\.8\.0|AKS 1\.8|GKE 1\.9\.0|Azure 3\.0) \d+(\.\d+)+$/, "a CIS item names its benchmark and version");
            }
            for (const id of rule.references.trivy ?? []) {
                assert.match(id, /^(AWS|AZU|GCP)-\d{4}$|^KSV-?\d{3,4}$/);
            }
            const tests = readFileSync(join(REPO_ROOT, "tests", "policies", `${rule.cloud}.test.ts`), "utf8");
            assert.ok(tests.includes(rule.id), `tests/policies/${rule.cloud}.test.ts never names ${rule.id}: every rule has a failing and a passing test`);
        });
    }
});
