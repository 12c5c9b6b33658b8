import { strict as assert } from "assert";
import type { ResourceRecord } from "../../plan/recorder";
import { chartName, HelmRelease, helmReleases, loadPinnedChart, missingValueKeys, releaseProblems } from "./helm-values";
import { referencePath } from "./reference";

/** The checker itself, on hand-made values: it must fail when a key is wrong, or the real check proves nothing. */
describe("upstream: Helm values checker", () => {
    const chartsDir = referencePath("charts");

    describe("missingValueKeys on a hand-made defaults tree", () => {
        const defaults = {
            replicaCount: 1,
            image: { repository: "example/app", tag: null },
            nameOverride: "",
            podAnnotations: {},
            serviceAccount: { create: true, annotations: {} },
            extraArgs: { v: 4 },
            autoscalingGroups: [{ name: "asg1", maxSize: 2 }],
            extraObjects: [],
        };

        it("accepts keys that exist, including null and empty defaults (presence, not truthiness)", () => {
            const values = { replicaCount: 2, image: { tag: "v1" }, nameOverride: "x", serviceAccount: { create: false } };
            assert.deepEqual(missingValueKeys(values, defaults), []);
        });

        it("reports every missing key at once, by dotted path", () => {
            const values = { replicaCount: 2, replicas: 2, image: { tagg: "v1", repository: "r" }, serviceAccount: { name: "x" } };
            assert.deepEqual(missingValueKeys(values, defaults), ["replicas", "image.tagg", "serviceAccount.name"]);
        });

        it("does not descend into free-form maps, but they must exist", () => {
            const values = {
                podAnnotations: { "example.com/anything": "1" },
                serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn" } },
                extraArgs: { "balance-similar-node-groups": true },
                podLabels: { team: "ops" },
            };
            assert.deepEqual(missingValueKeys(values, defaults), ["podLabels"]);
        });

        it("checks list elements against the keys of all the default's elements, and stops at an empty default list", () => {
            const mounts = { volumes: [{ name: "a", hostPath: { path: "/a" } }, { name: "b", hostPath: { path: "/b", type: "Directory" }, readOnly: true }] };
            assert.deepEqual(missingValueKeys({ volumes: [{ name: "x", hostPath: { path: "/x", type: "DirectoryOrCreate" }, readOnly: true }] }, mounts), []);
            assert.deepEqual(missingValueKeys({ volumes: [{ name: "x", hostPath: { path: "/x", kind: "Directory" } }] }, mounts), ["volumes[0].hostPath.kind"]);

            const values = {
                autoscalingGroups: [{ name: "a", maxSize: 3 }, { name: "b", minSize: 1 }],
                extraObjects: [{ apiVersion: "v1", kind: "ConfigMap" }],
            };
            assert.deepEqual(missingValueKeys(values, defaults), ["autoscalingGroups[1].minSize"]);
        });

        it("accepts keys on the comment-only allow-list, and what is below them", () => {
            const values = { image: { digest: "sha256:0" }, adminPassword: { fromSecret: "x" } };
            assert.deepEqual(missingValueKeys(values, defaults, ["image.digest", "adminPassword"]), []);
        });
    });

    describe("against the pinned charts", () => {
        const release = (chart: string, version: string, values: unknown, repo = ""): HelmRelease =>
            ({ resource: "test-release", chart, version, repo, values });

        it("reads chart, version, repositoryOpts.repo and values from recorded Release and Chart resources", () => {
            const record = (type: string, inputs: Record<string, unknown>) => ({ type, name: "ca", inputs }) as unknown as ResourceRecord;
            const found = helmReleases([
                record("kubernetes:helm.sh/v3:Release", { chart: "cluster-autoscaler", version: "9.59.0", repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" }, values: { awsRegion: "eu-central-1" } }),
                record("kubernetes:helm.sh/v4:Chart", { chart: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.9.0" }),
                record("kubernetes:core/v1:Namespace", { metadata: { name: "x" } }),
            ]);
            assert.deepEqual(found.map((r) => [r.chart, r.version, r.repo, r.values]), [
                ["cluster-autoscaler", "9.59.0", "https://kubernetes.github.io/autoscaler", { awsRegion: "eu-central-1" }],
                ["oci://docker.io/envoyproxy/gateway-helm", "v1.9.0", "", {}],
            ]);
            assert.equal(chartName("oci://docker.io/envoyproxy/gateway-helm"), "gateway-helm");
            assert.equal(chartName("autoscaler/cluster-autoscaler"), "cluster-autoscaler");
        });

        it("passes valid cluster-autoscaler 9.59.0 values and names each wrong key", () => {
            const repo = "https://kubernetes.github.io/autoscaler";
            const valid = { cloudProvider: "aws", awsRegion: "eu-central-1", autoDiscovery: { clusterName: "c" }, extraArgs: { "skip-nodes-with-system-pods": false }, rbac: { serviceAccount: { annotations: { a: "b" } } } };
            assert.deepEqual(releaseProblems(chartsDir, release("cluster-autoscaler", "9.59.0", valid, repo)), []);
            const wrong = { ...valid, autoDiscovery: { clusterNme: "c" }, awsregion: "eu-central-1" };
            assert.deepEqual(releaseProblems(chartsDir, release("cluster-autoscaler", "9.59.0", wrong, repo)), [
                "test-release (chart cluster-autoscaler 9.59.0): autoDiscovery.clusterNme is not in the chart's values.yaml",
                "test-release (chart cluster-autoscaler 9.59.0): awsregion is not in the chart's values.yaml",
            ]);
        });

        it("fails when the chart version is not pinned, or comes from another repository", () => {
            const [unpinned] = releaseProblems(chartsDir, release("cluster-autoscaler", "9.58.0", {}));
            assert.match(unpinned, /no pinned chart cluster-autoscaler 9\.58\.0 .*pinned: cluster-autoscaler-9\.59\.0.*pin the same chart versions the code installs/);
            const [fork] = releaseProblems(chartsDir, release("cluster-autoscaler", "9.59.0", {}, "https://charts.example.com"));
            assert.match(fork, /repository https:\/\/charts\.example\.com is not the one pinned/);
        });

        it("checks subchart values against the pinned subchart (kube-prometheus-stack grafana)", () => {
            const chart = loadPinnedChart(chartsDir, "kube-prometheus-stack", "88.5.3");
            assert.deepEqual(missingValueKeys({ grafana: { admin: { existingSecret: "grafana-admin" }, adminUser: "ops" } }, chart.defaults), []);
            assert.deepEqual(missingValueKeys({ grafana: { admin: { existingSecrett: "x" } } }, chart.defaults), ["grafana.admin.existingSecrett"]);
        });

        it("validates against values.schema.json where the chart ships one (cert-manager v1.21.1, also as 1.21.1)", () => {
            assert.deepEqual(releaseProblems(chartsDir, release("cert-manager", "1.21.1", { crds: { enabled: true } }, "https://charts.jetstack.io")), []);
            const problems = releaseProblems(chartsDir, release("cert-manager", "v1.21.1", { crds: { enabled: "yes" } }));
            assert.ok(problems.some((p) => p.includes("values.schema.json: /crds/enabled must be boolean")), problems.join("\n"));
        });
    });
});
