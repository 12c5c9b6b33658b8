import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { HOST_NAME } from "../../../components/config-schema";
import { expectProblem, problemsOf } from "../../helpers/config";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, GCP_DEV_CONFIG, toStackConfig } from "../../helpers/record";

const withIngress = (ingress: unknown, extra: Record<string, unknown> = {}) => ({ ...AWS_DEV_CONFIG, ...extra, ingress });
const TLS = { domain: "transit.acme.example", tlsEmail: "ops@acme.example" };
const AZURE_ZONE = "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example";

describe("anycloud:ingress config", () => {
    it("turns the edge on by default, public, on plain HTTP, open to the internet", () => {
        const { ingress } = loadPlatformArgs(toStackConfig(AWS_DEV_CONFIG));
        assert.deepEqual(ingress, { enabled: true, internal: false, sourceRanges: ["0.0.0.0/0"] });
    });

    it("defaults an internal Gateway's sources to the network's own range", () => {
        const { ingress } = loadPlatformArgs(toStackConfig(withIngress({ internal: true }, { network: { cidr: "10.40.0.0/16" } })));
        assert.deepEqual(ingress.sourceRanges, ["10.40.0.0/16"]);
    });

    it("needs a domain and an e-mail together, and says why", () => {
        expectProblem(withIngress({ domain: TLS.domain }), "anycloud:ingress.tlsEmail", /required with ingress\.domain: .*Let's Encrypt certificate.*registers an account by e-mail/);
        expectProblem(withIngress({ tlsEmail: TLS.tlsEmail }), "anycloud:ingress.domain", /required with ingress\.tlsEmail/);
        assert.deepEqual(problemsOf(withIngress(TLS)), []);
    });

    it("checks host names as Let's Encrypt needs them: lowercase DNS labels, no wildcard, no IP address, room for grafana.", () => {
        for (const good of ["transit.acme.example", "api.eu-1.acme.co", "x1.example"]) {
            assert.ok(HOST_NAME.test(good), good);
        }
        const tooLong = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example`;
        for (const bad of ["*.acme.example", "localhost", "Transit.Acme.Example", "203.0.113.7", "-api.acme.example", "api..acme.example", "https://acme.example", tooLong]) {
            assert.ok(!HOST_NAME.test(bad), bad);
        }
        expectProblem(withIngress({ ...TLS, domain: "*.acme.example" }), "anycloud:ingress.domain", /DNS host name in lowercase.*no wildcard/, "*.acme.example");
        expectProblem(withIngress({ ...TLS, tlsEmail: "ops" }), "anycloud:ingress.tlsEmail", /e-mail address/, "ops");
    });

    it("checks source ranges like the allowlist: CIDRs, public ones for a public Gateway, private ones for an internal one, no overlaps", () => {
        const malformed = problemsOf(withIngress({ sourceRanges: ["203.0.113.0/24", "192.0.2.1/24", "nonsense"] }));
        assert.deepEqual(malformed.map((p) => [p.key, p.value]), [["anycloud:ingress.sourceRanges[1]", "192.0.2.1/24"], ["anycloud:ingress.sourceRanges[2]", "nonsense"]]);
        assert.match(malformed[0].message, /host bits/);
        assert.match(malformed[1].message, /not an IPv4 CIDR/);
        const problems = problemsOf(withIngress({ sourceRanges: ["203.0.113.0/24", "10.0.0.0/8", "203.0.113.128/25"] }));
        assert.deepEqual(problems.map((p) => p.key), ["anycloud:ingress.sourceRanges[1]", "anycloud:ingress.sourceRanges[2]"]);
        assert.match(problems[0].message, /not a public range.*internet-facing load balancer/);
        assert.match(problems[1].message, /overlaps sourceRanges\[0\] 203\.0\.113\.0\/24/);
        expectProblem(withIngress({ internal: true, sourceRanges: ["203.0.113.0/24"] }), "anycloud:ingress.sourceRanges[0]", /not a private range, but ingress\.internal is true/);
        expectProblem(withIngress({ sourceRanges: [] }), "anycloud:ingress.sourceRanges", /at least 1/);
        assert.deepEqual(problemsOf(withIngress({ sourceRanges: ["0.0.0.0/0"] })), [], "everyone, explicitly");
    });

    it("refuses a certificate on an internal Gateway (Let's Encrypt's HTTP-01 never reaches it) and external-dns without a domain", () => {
        expectProblem(withIngress({ ...TLS, internal: true }), "anycloud:ingress.internal", /HTTP-01.*never reaches an internal load balancer/);
        expectProblem(withIngress({ externalDns: { zone: "Z0123456789ABCDEFGHIJ" } }), "anycloud:ingress.externalDns", /needs ingress\.domain/);
    });

    it("checks the DNS zone in each cloud's terms", () => {
        expectProblem(withIngress({ ...TLS, externalDns: { zone: "acme.example" } }), "anycloud:ingress.externalDns.zone", /Route 53 public hosted zone id/);
        assert.deepEqual(problemsOf(withIngress({ ...TLS, externalDns: { zone: "Z0123456789ABCDEFGHIJ" } })), []);

        const azure = (zone: string, domain = TLS.domain) => ({ ...AZURE_DEV_CONFIG, ingress: { ...TLS, domain, externalDns: { zone } } });
        expectProblem(azure("Z0123456789ABCDEFGHIJ"), "anycloud:ingress.externalDns.zone", /Azure DNS zone's resource id/);
        expectProblem(azure(AZURE_ZONE, "transit.other.example"), "anycloud:ingress.domain", /not in the DNS zone acme\.example/);
        assert.deepEqual(problemsOf(azure(AZURE_ZONE)), []);

        const gcp = (zone: string) => ({ ...GCP_DEV_CONFIG, ingress: { ...TLS, externalDns: { zone } } });
        expectProblem(gcp("Acme.Example"), "anycloud:ingress.externalDns.zone", /Cloud DNS managed zone's name/);
        assert.deepEqual(problemsOf(gcp("acme-example")), []);
        assert.deepEqual(problemsOf(gcp("projects/acme-dns-prod/managedZones/acme-example")), []);
    });

    it("holds AWS to the source ranges the load balancer's security group can take", () => {
        const ranges = Array.from({ length: 31 }, (_, i) => `198.51.${i}.0/24`);
        expectProblem(withIngress({ sourceRanges: ranges }), "anycloud:ingress.sourceRanges", /at most 30/);
        assert.deepEqual(problemsOf({ ...GCP_DEV_CONFIG, ingress: { sourceRanges: ranges } }), [], "an AWS quota");
    });

    it("routes Grafana and Kibana through the Gateway only with a domain, a public Gateway and an allowlist", () => {
        const gateway = (ingress: unknown, extra: Record<string, unknown> = {}) => withIngress(ingress, { ...extra, observability: { exposure: "gateway" } });
        assert.deepEqual(problemsOf(gateway(TLS)), []);
        expectProblem(gateway({}), "anycloud:observability.exposure", /needs ingress\.domain.*grafana\.<domain> and kibana\.<domain>/);
        expectProblem(gateway({ enabled: false }), "anycloud:observability.exposure", /ingress\.enabled is false/);
        expectProblem(gateway({ internal: true }), "anycloud:observability.exposure", /internal load balancer.*never sees/);
        expectProblem(gateway(TLS, { allowedCidrs: [], cluster: { apiAccess: "private" } }), "anycloud:observability.exposure", /admitting only allowedCidrs, which is empty/);
    });

    it("turns the edge off, and then checks nothing of it", () => {
        const { ingress } = loadPlatformArgs(toStackConfig(withIngress({ enabled: false, domain: TLS.domain })));
        assert.equal(ingress.enabled, false);
        expectProblem(withIngress({ enabeld: true }), "anycloud:ingress.enabeld", /not a known setting/);
    });
});
