import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { ALL_RULES } from "../../policies/rules/all";
import { referencePath } from "./reference";

/**
 * ../shared/reference/security-rules.md lists the scanner checks anycloud must cover (Checkov and
 * Trivy ids, read from their rule sources at pinned commits). Each id it names for a cloud must be
 * named by one of that cloud's rules, so a user who runs Checkov or Trivy on their own Terraform
 * finds the same check here.
 */
function idsPerSection(): Map<string, { checkov: Set<string>; trivy: Set<string> }> {
    const text = readFileSync(referencePath("security-rules.md"), "utf8");
    const sections = new Map<string, { checkov: Set<string>; trivy: Set<string> }>();
    for (const [, title, body] of text.matchAll(/^## (.+)\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)) {
        const cloud = { AWS: "aws", Azure: "azure", GCP: "gcp" }[title.trim()];
        if (!cloud) {
            continue;
        }
        const checkov = new Set<string>();
        for (const [, base, extra] of body.matchAll(/\b(CKV2?_(?:AWS|AZURE|GCP)_\d+)((?:\s*\/\s*_\d+)*)/g)) {
            checkov.add(base);
            // "CKV_GCP_1 / _8" names CKV_GCP_8 too.
            for (const [, n] of extra.matchAll(/_(\d+)/g)) {
                checkov.add(base.replace(/_\d+$/, `_${n}`));
            }
        }
        const trivy = new Set<string>();
        for (const [, base, extra] of body.matchAll(/\b((?:AWS|AZU|GCP)-\d{4})((?:\/\d{4})*)/g)) {
            trivy.add(base);
            // "GCP-0060/0052" names GCP-0052 too.
            for (const [, n] of extra.matchAll(/\/(\d{4})/g)) {
                trivy.add(base.replace(/\d{4}$/, n));
            }
        }
        sections.set(cloud, { checkov, trivy });
    }
    return sections;
}

describe("upstream: security-rules.md is covered by the rules", () => {
    const sections = idsPerSection();

    it("reads the AWS, Azure and GCP tables", () => {
        assert.deepEqual([...sections.keys()].sort(), ["aws", "azure", "gcp"]);
        for (const [cloud, ids] of sections) {
            assert.ok(ids.checkov.size > 15, `${cloud}: only ${ids.checkov.size} Checkov ids read`);
        }
    });

    for (const [cloud, ids] of sections) {
        it(`every Checkov and Trivy id of the ${cloud} table is named by a ${cloud} rule`, () => {
            const rules = ALL_RULES.filter((r) => r.cloud === cloud);
            const named = new Set(rules.flatMap((r) => [...(r.references.checkov ?? []), ...(r.references.trivy ?? [])]));
            const missing = [...ids.checkov, ...ids.trivy].filter((id) => !named.has(id));
            assert.deepEqual(missing, [], `no ${cloud} rule names ${missing.join(", ")}`);
        });
    }
});
