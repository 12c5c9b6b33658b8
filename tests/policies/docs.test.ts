import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { withGeneratedBlocks } from "../../policies/docs";
import { ALL_RULES } from "../../policies/rules/all";
import { listStacks } from "../../plan/stack-files";
import { referencePlan } from "../helpers/reference-plans";
import { REPO_ROOT } from "../plan/fixtures";

describe("policies: docs/security.md", () => {
    it("holds the rule table and the reference stacks' exceptions as the rules generate them (npm run docs:security)", async () => {
        const path = join(REPO_ROOT, "docs", "security.md");
        const text = readFileSync(path, "utf8");
        const reports = [];
        for (const stack of listStacks(REPO_ROOT)) {
            reports.push({ stack, report: (await referencePlan(stack)).compliance });
        }
        assert.equal(text, withGeneratedBlocks(text, ALL_RULES, reports), "docs/security.md is stale: run npm run docs:security");
        for (const rule of ALL_RULES) {
            assert.ok(text.includes(`\`${rule.id}\``), `${rule.id} missing from docs/security.md`);
        }
    });
});
