import { strict as assert } from "assert";
import type { ResourceRecord } from "../../plan/recorder";
import { planStack } from "../../plan/run";
import { listStacks } from "../../plan/stack-files";
import { crdSources, customResourceProblems } from "./custom-resources";
import { helmReleases, loadPinnedChart, releaseProblems } from "./helm-values";
import { referencePath, REPO_ROOT } from "./reference";

/** The reference stacks' plans, checked against the pinned upstream charts and CRDs. */
describe("upstream: what the reference stacks install", () => {
    const chartsDir = referencePath("charts");
    const resources: ResourceRecord[] = [];

    before(async () => {
        // One after the other: Pulumi's mock runtime is process-wide state.
        for (const stack of listStacks(REPO_ROOT)) {
            const { document } = await planStack(REPO_ROOT, stack, "anycloud 0.0.0-upstream");
            resources.push(...document.resources.map((r) => ({ ...r, name: `${r.name} (stack ${stack})` })));
        }
    });

    it("planned at least one reference stack", () => {
        assert.ok(resources.length > 0, "no reference stack recorded any resource");
    });

    it("sets only Helm value keys the pinned chart version has, in every release", () => {
        const releases = helmReleases(resources);
        // What the reference stacks install; finding one missing means the walk is broken, not that all is well.
        const found = new Set(releases.map((release) => release.chart));
        for (const chart of ["cluster-autoscaler", "kube-prometheus-stack", "eck-operator", "fluent-bit"]) {
            assert.ok(found.has(chart), `no ${chart} release; releases found: ${[...found].join(", ") || "none"}`);
        }
        const problems = releases.flatMap((release) => releaseProblems(chartsDir, release));
        assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    });

    it("creates only custom resources that match their pinned CRD schema", () => {
        const kinds = new Set(resources.map((r) => r.type));
        for (const kind of ["kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "kubernetes:kibana.k8s.elastic.co/v1:Kibana"]) {
            assert.ok(kinds.has(kind), `no ${kind} recorded: the check below would pass on nothing`);
        }
        // Only the CRDs of the chart versions this plan installs (a stale pinned version must not pass for the current one).
        const installed = helmReleases(resources).map((release) => loadPinnedChart(chartsDir, release.chart, release.version).dir);
        const sources = crdSources(chartsDir, [...new Set(installed)]);
        const problems = resources.flatMap((resource) => customResourceProblems(chartsDir, resource, sources));
        assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    });
});
