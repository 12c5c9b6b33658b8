import { strict as assert } from "assert";
import { existsSync } from "fs";
import { join } from "path";
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
        for (const chart of ["cluster-autoscaler", "kube-prometheus-stack", "eck-operator", "fluent-bit", "aws-load-balancer-controller", "oci://docker.io/envoyproxy/gateway-helm", "cert-manager"]) {
            assert.ok(found.has(chart), `no ${chart} release; releases found: ${[...found].join(", ") || "none"}`);
        }
        const problems = releases.flatMap((release) => releaseProblems(chartsDir, release));
        assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    });

    it("creates only custom resources that match their pinned CRD schema", () => {
        const kinds = new Set(resources.map((r) => r.type));
        const expected = [
            "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "kubernetes:kibana.k8s.elastic.co/v1:Kibana",
            // The edge: Gateway API (standard channel), Envoy Gateway, cert-manager; a prod stack routes Grafana and Kibana through the Gateway.
            "kubernetes:gateway.networking.k8s.io/v1:GatewayClass", "kubernetes:gateway.networking.k8s.io/v1:Gateway",
            "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "kubernetes:gateway.networking.k8s.io/v1:BackendTLSPolicy",
            "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy",
            "kubernetes:cert-manager.io/v1:ClusterIssuer", "kubernetes:cert-manager.io/v1:Certificate",
        ];
        for (const kind of expected) {
            assert.ok(kinds.has(kind), `no ${kind} recorded: the check below would pass on nothing`);
        }
        // Only the CRDs of the chart versions this plan installs (a stale pinned version must not pass for the current one).
        const installed = helmReleases(resources).map((release) => loadPinnedChart(chartsDir, release.chart, release.version).dir);
        const sources = crdSources(chartsDir, [...new Set(installed)]);
        const problems = resources.flatMap((resource) => customResourceProblems(chartsDir, resource, sources));
        assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    });

    it("applies CRD manifests of exactly the pinned releases (Gateway API standard channel, Envoy Gateway's own CRDs)", () => {
        const files = resources.filter((r) => r.type === "kubernetes:yaml/v2:ConfigFile").map((r) => String(r.inputs.file));
        assert.ok(files.length > 0, "no CRD manifest applied: the check below would pass on nothing");
        const pinnedFolder = (file: string): string | undefined => {
            const gatewayApi = /^https:\/\/github\.com\/kubernetes-sigs\/gateway-api\/releases\/download\/(v[\d.]+)\/standard-install\.yaml$/.exec(file);
            const envoyGateway = /^https:\/\/github\.com\/envoyproxy\/gateway\/releases\/download\/(v[\d.]+)\/envoy-gateway-crds\.yaml$/.exec(file);
            return gatewayApi ? `gateway-api-crds-${gatewayApi[1]}` : envoyGateway ? `gateway-helm-${envoyGateway[1]}` : undefined;
        };
        for (const file of new Set(files)) {
            const folder = pinnedFolder(file);
            assert.ok(folder, `${file} is no release manifest this suite knows`);
            assert.ok(existsSync(join(chartsDir, folder)), `${file}: no pinned ${folder} in ${chartsDir}; pin the CRDs of the version the code applies`);
        }
        // Envoy Gateway's CRDs come from the same release as its chart.
        const envoyGatewayCharts = helmReleases(resources).filter((r) => r.chart.endsWith("/gateway-helm")).map((r) => r.version);
        for (const file of files.filter((f) => f.includes("envoyproxy"))) {
            assert.ok(envoyGatewayCharts.every((version) => file.includes(`/${version}/`)), `${file} is not the release of gateway-helm ${envoyGatewayCharts.join(", ")}`);
        }
    });
});
