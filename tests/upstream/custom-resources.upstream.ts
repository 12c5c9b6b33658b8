import { strict as assert } from "assert";
import type { ResourceRecord } from "../../plan/recorder";
import { join } from "path";
import { crdSources, customResourceKind, customResourceProblems } from "./custom-resources";
import { referencePath } from "./reference";

function recorded(type: string, inputs: Record<string, unknown>): ResourceRecord {
    return { type, name: "test", inputs } as unknown as ResourceRecord;
}

const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";

/** A cert-manager v1.21.1 Certificate the API server would accept. */
const validCertificate = {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "web", namespace: "apps" },
    spec: {
        secretName: "web-tls",
        dnsNames: ["web.example.com"],
        duration: "2160h",
        issuerRef: { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" },
        privateKey: { algorithm: "ECDSA", size: 256 },
    },
};

/** The checker itself, on hand-made resources: it must fail when a resource is wrong. */
describe("upstream: custom resource checker", () => {
    const chartsDir = referencePath("charts");

    it("tells CRD-backed kinds from built-in Kubernetes and Pulumi types", () => {
        assert.deepEqual(customResourceKind(CERTIFICATE), { group: "cert-manager.io", version: "v1", kind: "Certificate" });
        assert.deepEqual(customResourceKind("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"), { group: "gateway.networking.k8s.io", version: "v1", kind: "HTTPRoute" });
        for (const builtIn of ["kubernetes:core/v1:Namespace", "kubernetes:apps/v1:Deployment", "kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:helm.sh/v3:Release", "kubernetes:yaml/v2:ConfigGroup", "aws:eks/cluster:Cluster", "pulumi:providers:kubernetes"]) {
            assert.equal(customResourceKind(builtIn), undefined, builtIn);
        }
    });

    it("accepts a valid cert-manager Certificate and ignores built-in kinds", () => {
        assert.deepEqual(customResourceProblems(chartsDir, recorded(CERTIFICATE, validCertificate)), []);
        assert.deepEqual(customResourceProblems(chartsDir, recorded("kubernetes:core/v1:ConfigMap", { data: { anything: "1" } })), []);
    });

    it("rejects a Certificate with a missing required field, a wrong enum value and an unknown field", () => {
        const spec: Record<string, unknown> = { ...validCertificate.spec, privateKey: { algorithm: "DSA" }, dnsName: "web.example.com" };
        delete spec.secretName;
        const invalid = { ...validCertificate, spec };
        const problems = customResourceProblems(chartsDir, recorded(CERTIFICATE, invalid));
        const expected = [/\/spec must have required property 'secretName'/, /\/spec\/privateKey\/algorithm must be equal to one of the allowed values/, /\/spec must NOT have additional properties \{"additionalProperty":"dnsName"\}/];
        for (const pattern of expected) {
            assert.ok(problems.some((p) => pattern.test(p)), `${pattern} not in:\n${problems.join("\n")}`);
        }
    });

    it("fails a custom kind or version that has no pinned CRD", () => {
        const [missingKind] = customResourceProblems(chartsDir, recorded("kubernetes:example.com/v1:Widget", { spec: {} }));
        assert.match(missingKind, /no pinned CRD serves example\.com\/v1 Widget/);
        const [missingVersion] = customResourceProblems(chartsDir, recorded("kubernetes:cert-manager.io/v1alpha2:Certificate", validCertificate));
        assert.match(missingVersion, /no pinned CRD serves cert-manager\.io\/v1alpha2 Certificate/);
    });

    it("looks only in the chart versions the plan installs, and in CRD bundles that are no chart", () => {
        const certManager = join(chartsDir, "cert-manager-v1.21.1");
        const onlyEck = crdSources(chartsDir, [join(chartsDir, "eck-operator-3.5.0")]);
        assert.ok(onlyEck.some((dir) => dir.endsWith("gateway-api-crds-v1.6.1")), onlyEck.join(", "));
        assert.ok(!onlyEck.includes(certManager));
        const [notInstalled] = customResourceProblems(chartsDir, recorded(CERTIFICATE, validCertificate), onlyEck);
        assert.match(notInstalled, /no pinned CRD serves cert-manager\.io\/v1 Certificate in .*eck-operator-3\.5\.0/);
        assert.deepEqual(customResourceProblems(chartsDir, recorded(CERTIFICATE, validCertificate), crdSources(chartsDir, [certManager])), []);
    });
});
