import { strict as assert } from "assert";
import { sha256 } from "../../../components/observability/certificates";
import { CA_HASH_ANNOTATION } from "../../../components/observability/log-shipping";
import { GRAFANA_ELASTICSEARCH_SECRET, GRAFANA_TLS_HASH_ANNOTATION } from "../../../components/observability/monitoring";
import { CHARTS, NAMES, NAMESPACES, UI_PORTS } from "../../../components/observability/shared";
import { Recording, ResourceRecord, SECRET_MARKER } from "../../../plan/recorder";
import { input, mocked, ofType, single } from "../../helpers/record";
import {
    allowlist, CLOUD_NAMES, CONFIG_MAP, ELASTICSEARCH, internal, KIBANA, JOB, mustRelease, observabilityResources, recordAll, RELEASE, secretContents,
    secretNamed, StackName, TLS,
} from "./stacks";

const ALL_STACKS: StackName[] = [...CLOUD_NAMES.map(internal), ...CLOUD_NAMES.map(allowlist), "monitoring-off", "logging-off", "both-off"];
const HOURS_PER_DAY = 24;
/** macOS and iOS refuse a TLS server certificate valid for longer, even from a privately trusted CA. */
const APPLE_MAX_DAYS = 825;

/** The HTTPS servers and the names their certificates must carry (what clients and port-forwarding browsers ask for). */
const SERVERS = [
    {
        server: "Elasticsearch", suffix: "-elasticsearch-tls", secret: NAMES.elasticsearchTlsSecret, namespace: NAMESPACES.logging,
        dnsNames: [
            "logs-es-http", "logs-es-http.logging", "logs-es-http.logging.svc", "logs-es-http.logging.svc.cluster.local",
            "logs-es-internal-http", "logs-es-internal-http.logging", "logs-es-internal-http.logging.svc", "logs-es-internal-http.logging.svc.cluster.local",
        ],
    },
    {
        server: "Kibana", suffix: "-kibana-tls", secret: NAMES.kibanaTlsSecret, namespace: NAMESPACES.logging,
        dnsNames: ["kibana-kb-http", "kibana-kb-http.logging", "kibana-kb-http.logging.svc", "kibana-kb-http.logging.svc.cluster.local", "localhost"],
    },
    {
        server: "Grafana", suffix: "-grafana-tls", secret: NAMES.grafanaTlsSecret, namespace: NAMESPACES.monitoring,
        dnsNames: [
            "kube-prometheus-stack-grafana", "kube-prometheus-stack-grafana.monitoring", "kube-prometheus-stack-grafana.monitoring.svc",
            "kube-prometheus-stack-grafana.monitoring.svc.cluster.local", "localhost",
        ],
    },
];

const state = (record: ResourceRecord, key: string) => String(mocked(record).state[key]);
const caCertificate = (recording: Recording) => state(single(recording, TLS.selfSignedCert), "certPem");
/** The server certificate, its signing request and its key, found by the names the code gives them. */
function serverCertificate(recording: Recording, suffix: string) {
    return {
        certificate: single(recording, TLS.locallySignedCert, suffix),
        request: single(recording, TLS.certRequest, `${suffix}-request`),
        key: single(recording, TLS.privateKey, `${suffix}-key`),
    };
}
const kps = (recording: Recording) => mustRelease(recording, CHARTS.kubePrometheusStack.chart);
const grafanaValues = <T = unknown>(recording: Recording, path: string) => input<T>(kps(recording), `values.grafana.${path}`);

function assertEcdsaP256(key: ResourceRecord): void {
    assert.equal(input(key, "algorithm"), "ECDSA", key.name);
    assert.equal(input(key, "ecdsaCurve"), "P256", key.name);
}

/** Every text in a PEM block's body, long enough that finding it elsewhere means the key was copied there. */
const pemBodyLines = (pem: string) => pem.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"));

describe("Observability: certificates (the stack's private CA)", () => {
    let stacks: Record<StackName, Recording>;
    let secrets: Map<string, Record<string, string>>;

    before(async () => {
        stacks = await recordAll(ALL_STACKS);
        secrets = await secretContents(internal("aws"));
    });

    describe("the CA", () => {
        it("is one ECDSA P-256 key and one self-signed CA certificate naming the platform, for signing certificates only", () => {
            for (const cloud of CLOUD_NAMES) {
                const recording = stacks[internal(cloud)];
                const ca = single(recording, TLS.selfSignedCert);
                assert.equal(input(ca, "isCaCertificate"), true);
                assert.deepEqual([...input<string[]>(ca, "allowedUses")].sort(), ["cert_signing", "crl_signing"]);
                assert.match(input<string>(ca, "subject.commonName"), /acme-transit-dev/, "names the platform (context.namePrefix)");
                assertEcdsaP256(single(recording, TLS.privateKey, "-ca-key"));
                assert.ok(ca.secretInputs.includes("privateKeyPem"), "its key reaches the provider as a secret");
            }
        });

        it("lasts about ten years and is replaced from its eighth, taking every certificate it signed along", () => {
            const ca = single(stacks[internal("aws")], TLS.selfSignedCert);
            const years = (hours: unknown) => Number(hours) / (365 * HOURS_PER_DAY);
            assert.equal(years(input(ca, "validityPeriodHours")), 10);
            assert.equal(years(input(ca, "earlyRenewalHours")), 2);
            for (const { suffix } of SERVERS) {
                const { certificate } = serverCertificate(stacks[internal("aws")], suffix);
                assert.equal(input(certificate, "caCertPem"), caCertificate(stacks[internal("aws")]), `${suffix}: a new CA is a new input, so a new certificate`);
            }
        });

        it("is a stack output, public (not secret), for operators to trust in their browsers; none without observability", () => {
            for (const name of ["internal-aws", "allowlist-gcp", "monitoring-off", "logging-off"] as StackName[]) {
                const recording = stacks[name];
                assert.equal(recording.outputs.observabilityCaCertificate, caCertificate(recording), name);
                assert.ok(!recording.secretOutputs.includes("observabilityCaCertificate"), name);
            }
            assert.ok(!("observabilityCaCertificate" in stacks["both-off"].outputs));
            assert.deepEqual(ofType(stacks["both-off"], TLS.selfSignedCert), []);
        });
    });

    describe("server certificates", () => {
        for (const { server, suffix, dnsNames } of SERVERS) {
            it(`${server}: signed by the CA for exactly its in-cluster names${dnsNames.includes("localhost") ? " and localhost (port-forward)" : ""}, as a TLS server`, () => {
                for (const cloud of CLOUD_NAMES) {
                    const recording = stacks[internal(cloud)];
                    const { certificate, request, key } = serverCertificate(recording, suffix);
                    assert.deepEqual(input(request, "dnsNames"), dnsNames, cloud);
                    assert.equal(input(request, "subject.commonName"), dnsNames[0], cloud);
                    assertEcdsaP256(key);
                    assert.equal(input(certificate, "certRequestPem"), state(request, "certRequestPem"), "signs that request");
                    assert.equal(input(certificate, "caCertPem"), caCertificate(recording), "signed by the stack's CA");
                    assert.equal(input(certificate, "isCaCertificate"), undefined, "no CA itself");
                    assert.deepEqual([...input<string[]>(certificate, "allowedUses")].sort(), ["digital_signature", "server_auth"]);
                }
            });
        }

        it("last two years, renewed in the second: within the 825 days Apple's platforms accept", () => {
            for (const { suffix } of SERVERS) {
                const { certificate } = serverCertificate(stacks[internal("aws")], suffix);
                const validity = Number(input(certificate, "validityPeriodHours"));
                const early = Number(input(certificate, "earlyRenewalHours"));
                assert.ok(validity <= APPLE_MAX_DAYS * HOURS_PER_DAY, `${suffix}: ${validity} hours`);
                assert.ok(validity >= 365 * HOURS_PER_DAY, `${suffix}: a yearly \`pulumi up\` must be enough`);
                assert.ok(early > 0 && early < validity, `${suffix}: renewed early, not on every run`);
            }
        });

        for (const { server, suffix, secret, namespace } of SERVERS) {
            it(`${server}: certificate, key and CA in one kubernetes.io/tls Secret in ${namespace}`, () => {
                const recording = stacks[internal("aws")];
                const record = secretNamed(recording, secret)!;
                assert.ok(record, secret);
                assert.equal(input(record, "metadata.namespace"), namespace);
                assert.equal(input(record, "type"), "kubernetes.io/tls");
                assert.equal(input(record, "stringData"), SECRET_MARKER, "recorded as a secret");
                const { certificate, key } = serverCertificate(recording, suffix);
                assert.deepEqual(secrets.get(`${namespace}/${secret}`), {
                    "tls.crt": state(certificate, "certPem"),
                    "tls.key": state(key, "privateKeyPemPkcs8"),
                    "ca.crt": caCertificate(recording),
                });
            });
        }
    });

    describe("private keys", () => {
        it("guard: appear in no Helm value, custom resource, ConfigMap, Job or stack output of any recorded stack", () => {
            for (const name of ALL_STACKS) {
                const recording = stacks[name];
                const keys = ofType(recording, TLS.privateKey);
                const lines = keys.flatMap((key) => [...pemBodyLines(state(key, "privateKeyPem")), ...pemBodyLines(state(key, "privateKeyPemPkcs8"))]);
                assert.equal(lines.length > 0, keys.length > 0, name);
                const text = JSON.stringify({ resources: recording.resources.map((r) => r.inputs), outputs: recording.outputs });
                for (const line of lines) {
                    assert.ok(!text.includes(line), `${name}: a private key's text is recorded in clear`);
                }
                for (const release of ofType(recording, RELEASE)) {
                    assert.deepEqual(release.secretInputs, [], `${name}: ${release.name} holds a secret (Helm stores values in the release)`);
                }
            }
        });
    });

    describe("Elasticsearch and Kibana", () => {
        it("serve the CA's certificates: ECK is given the Secrets, which exist first", () => {
            for (const cloud of CLOUD_NAMES) {
                const recording = stacks[internal(cloud)];
                for (const [kind, secret] of [[ELASTICSEARCH, NAMES.elasticsearchTlsSecret], [KIBANA, NAMES.kibanaTlsSecret]]) {
                    const resource = single(recording, kind);
                    assert.deepEqual(input(resource, "spec.http.tls.certificate"), { secretName: secret }, `${cloud}: ${kind}`);
                    assert.notEqual(input(resource, "spec.http.tls.selfSignedCertificate.disabled"), true, "TLS stays on");
                    assert.ok(resource.dependencies.includes(secretNamed(recording, secret)!.urn), `${cloud}: ${kind} waits for ${secret}`);
                }
            }
        });

        it("are trusted by Fluent Bit and the lifecycle Job through the CA alone, in a ConfigMap (no server key on their nodes)", () => {
            const recording = stacks[internal("aws")];
            const configMap = single(recording, CONFIG_MAP);
            assert.equal(input(configMap, "metadata.name"), NAMES.caConfigMap);
            assert.equal(input(configMap, "metadata.namespace"), NAMESPACES.logging);
            assert.deepEqual(input(configMap, "data"), { "ca.crt": caCertificate(recording) });
            const fluentBit = mustRelease(recording, CHARTS.fluentBit.chart);
            const volumes = input<{ name: string; configMap?: { name: string } }[]>(fluentBit, "values.extraVolumes");
            const caVolume = volumes.find((v) => v.configMap?.name === NAMES.caConfigMap)!;
            assert.ok(caVolume, "Fluent Bit mounts the CA ConfigMap");
            const mount = input<{ name: string; mountPath: string }[]>(fluentBit, "values.extraVolumeMounts").find((m) => m.name === caVolume.name)!;
            assert.match(input<string>(fluentBit, "values.config.outputs"), new RegExp(`tls\\.ca_file ${mount.mountPath}/ca\\.crt\\n`));
            assert.ok(fluentBit.dependencies.includes(configMap.urn), "Fluent Bit starts after the ConfigMap");
            const job = single(recording, JOB);
            assert.deepEqual(input<{ name: string; configMap?: { name: string } }[]>(job, "spec.template.spec.volumes").map((v) => v.configMap?.name).filter(Boolean), [NAMES.caConfigMap]);
            assert.ok(job.dependencies.includes(configMap.urn));
        });

        it("Fluent Bit rolls when the CA changes: its pods carry the CA's hash (it reads the CA at start only)", () => {
            for (const name of [internal("aws"), allowlist("azure"), "monitoring-off"] as StackName[]) {
                const recording = stacks[name];
                const annotations = input<Record<string, string>>(mustRelease(recording, CHARTS.fluentBit.chart), "values.podAnnotations");
                assert.equal(annotations[CA_HASH_ANNOTATION], sha256(caCertificate(recording)), name);
            }
        });
    });

    describe("Grafana", () => {
        it("serves HTTPS on the Service's port 443, internal or exposed, with its certificate from the mounted Secret", () => {
            for (const name of [...CLOUD_NAMES.map(internal), ...CLOUD_NAMES.map(allowlist), "logging-off"] as StackName[]) {
                const recording = stacks[name];
                // "grafana.ini" is one key (a dotted path would split it).
                const server = input<Record<string, { server: Record<string, string> }>>(kps(recording), "values.grafana")["grafana.ini"];
                assert.equal(server.server.protocol, "https", name);
                const mounts = grafanaValues<{ secretName: string; mountPath: string }[]>(recording, "extraSecretMounts");
                const tls = mounts.find((m) => m.secretName === NAMES.grafanaTlsSecret)!;
                assert.ok(tls, `${name}: the TLS Secret is mounted`);
                assert.equal(server.server.cert_file, `${tls.mountPath}/tls.crt`, name);
                assert.equal(server.server.cert_key, `${tls.mountPath}/tls.key`, name);
                assert.equal(grafanaValues(recording, "service.port"), UI_PORTS.grafana, name);
                assert.equal(UI_PORTS.grafana, 443);
                for (const probe of ["readinessProbe", "livenessProbe"]) {
                    assert.equal(grafanaValues(recording, `${probe}.httpGet.scheme`), "HTTPS", `${name}: ${probe}`);
                }
                assert.ok(kps(recording).dependencies.includes(secretNamed(recording, NAMES.grafanaTlsSecret)!.urn), `${name}: Grafana starts after its Secret`);
            }
        });

        it("rolls when its certificate or the CA changes: its pods carry their hash", () => {
            const recording = stacks[internal("aws")];
            const { certificate } = serverCertificate(recording, "-grafana-tls");
            const annotations = grafanaValues<Record<string, string>>(recording, "podAnnotations");
            assert.equal(annotations[GRAFANA_TLS_HASH_ANNOTATION], sha256(caCertificate(recording), state(certificate, "certPem")));
        });

        it("lets its provisioning sidecars reload it over HTTPS on localhost, trusting the CA file alone", () => {
            const recording = stacks[internal("aws")];
            const volume = grafanaValues<{ name: string; secretName: string }[]>(recording, "extraSecretMounts").find((m) => m.secretName === NAMES.grafanaTlsSecret)!.name;
            for (const sidecar of ["dashboards", "datasources"]) {
                const values = grafanaValues<{ reloadURL: string; env: Record<string, string>; extraMounts: { name: string; mountPath: string; subPath?: string }[] }>(recording, `sidecar.${sidecar}`);
                assert.match(values.reloadURL, new RegExp(`^https://localhost:3000/api/admin/provisioning/${sidecar}/reload$`));
                assert.deepEqual(values.extraMounts, [{ name: volume, mountPath: values.env.REQUESTS_CA_BUNDLE, subPath: "ca.crt", readOnly: true }], sidecar);
            }
        });

        it("is scraped by Prometheus over HTTPS, checking the CA and a name Grafana's certificate carries", () => {
            const recording = stacks[internal("aws")];
            const monitor = grafanaValues<{ scheme: string; tlsConfig: { ca: unknown; serverName: string; insecureSkipVerify?: boolean } }>(recording, "serviceMonitor");
            assert.equal(monitor.scheme, "https");
            assert.deepEqual(monitor.tlsConfig.ca, { secret: { name: NAMES.grafanaTlsSecret, key: "ca.crt" } });
            assert.ok(SERVERS.find((s) => s.server === "Grafana")!.dnsNames.includes(monitor.tlsConfig.serverName));
            assert.equal(monitor.tlsConfig.insecureSkipVerify, undefined);
        });

        it("checks Elasticsearch's certificate against the CA, from its environment's Secret", () => {
            const recording = stacks[internal("aws")];
            const [source] = grafanaValues<{ jsonData: Record<string, unknown>; secureJsonData: Record<string, string> }[]>(recording, "additionalDataSources");
            assert.equal(source.jsonData.tlsAuthWithCACert, true);
            assert.equal(source.jsonData.tlsSkipVerify, undefined);
            const variable = /^\$\{(\w+)\}$/.exec(source.secureJsonData.tlsCACert)?.[1];
            assert.ok(variable, `tlsCACert is an environment variable: ${source.secureJsonData.tlsCACert}`);
            assert.equal(grafanaValues(recording, "envFromSecret"), GRAFANA_ELASTICSEARCH_SECRET);
            assert.equal(secrets.get(`${NAMESPACES.monitoring}/${GRAFANA_ELASTICSEARCH_SECRET}`)?.[variable!], caCertificate(recording));
        });
    });

    it("guard: nothing in any recorded stack skips certificate verification", () => {
        // Grafana's and the sidecars' switches, Prometheus', Fluent Bit's, Elastic's and curl's.
        const skip = /tls_?skip_?verify|skip_?tls_?verify|insecure_?skip_?verify|tls\.verify\s+off|verification_?mode\W+none|--insecure\b|\s-k\s/i;
        for (const name of ALL_STACKS) {
            for (const resource of observabilityResources(stacks[name])) {
                const text = JSON.stringify(resource.inputs);
                assert.ok(!skip.test(text), `${name}: ${resource.name}: ${skip.exec(text)?.[0]}`);
            }
        }
    });
});
