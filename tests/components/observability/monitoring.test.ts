import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { ALERTMANAGER_CONFIG_SECRET, alertmanagerConfig, GRAFANA_ELASTICSEARCH_SECRET, NODE_EXPORTER_SECURITY, prometheusRetentionSize } from "../../../components/observability/monitoring";
import { CHARTS, ELASTICSEARCH_URL, NAMES, NAMESPACES } from "../../../components/observability/shared";
import { MonitoringSettings } from "../../../components/types";
import { Recording, ResourceRecord, SECRET_MARKER } from "../../../plan/recorder";
import { input, ofType, toStackConfig } from "../../helpers/record";
import {
    assertRequestsAndMemoryLimit, bytes, CLOUD_NAMES, CLOUDS, generatedPasswords, internal, MONITORING, mustRelease, RELEASE,
    recordAll, secretNamed, SMTP_PASSWORD, StackName, WEBHOOK_URL,
} from "./stacks";

const KPS = CHARTS.kubePrometheusStack;
const values = <T = unknown>(release: ResourceRecord, path: string) => input<T>(release, `values.${path}`);

describe("Observability: monitoring (kube-prometheus-stack)", () => {
    let stacks: Record<StackName, Recording>;
    const kps = (cloud: (typeof CLOUD_NAMES)[number]) => mustRelease(stacks[internal(cloud)], KPS.chart);

    before(async () => {
        stacks = await recordAll(CLOUD_NAMES.map(internal));
    });

    for (const cloud of CLOUD_NAMES) {
        describe(`on ${cloud}`, () => {
            it("installs the pinned chart from its repository, atomically, in the monitoring namespace", () => {
                const release = kps(cloud);
                assert.equal(input(release, "version"), KPS.version);
                assert.equal(input(release, "repositoryOpts.repo"), KPS.repo);
                assert.equal(input(release, "namespace"), NAMESPACES.monitoring);
                assert.equal(input(release, "atomic"), true);
            });

            it(`keeps Prometheus, Alertmanager and Grafana on the adapter's class (${CLOUDS[cloud].storageClass})`, () => {
                const release = kps(cloud);
                const storageClass = CLOUDS[cloud].storageClass;
                assert.equal(values(release, "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName"), storageClass);
                assert.equal(values(release, "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName"), storageClass);
                assert.equal(values(release, "grafana.persistence.storageClassName"), storageClass);
                assert.equal(values(release, "grafana.persistence.enabled"), true);
            });

            it("turns off the control-plane scrapes a managed cluster cannot serve, and scrapes the DNS it runs", () => {
                const release = kps(cloud);
                for (const target of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
                    assert.equal(values(release, `${target}.enabled`), false, `${target} would alert forever`);
                }
                const dns = { coreDns: values(release, "coreDns.enabled"), kubeDns: values(release, "kubeDns.enabled") };
                assert.deepEqual(Object.entries(dns).filter(([, on]) => on === true).map(([name]) => name), [CLOUDS[cloud].clusterDns]);
                assert.equal(Object.values(dns).filter((on) => on === false).length, 1, "the other one explicitly off");
            });

            it("upgrades the CRDs with the chart's job on images pinned to versions", () => {
                const job = values<{ enabled: boolean; image: { busybox: { tag: string }; kubectl: { tag: string } } }>(kps(cloud), "crds.upgradeJob");
                assert.equal(job.enabled, true);
                assert.match(job.image.busybox.tag, /^\d+\.\d+\.\d+$/);
                // kubectl of the control plane's minor: it is supported one minor either side of the server.
                const minor = loadPlatformArgs(toStackConfig(CLOUDS[cloud].config)).cluster.version;
                assert.match(job.image.kubectl.tag, new RegExp(`^v${minor.replace(".", "\\.")}\\.\\d+$`));
                assert.ok(!JSON.stringify(job).includes("latest"));
            });
        });
    }

    it("gives Prometheus the configured retention, and deletes by size before its volume fills", () => {
        const release = kps("aws");
        assert.equal(values(release, "prometheus.prometheusSpec.retention"), `${MONITORING.retentionDays}d`);
        const volume = bytes(values(release, "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage"));
        assert.equal(volume, MONITORING.storageGb * 2 ** 30);
        const retentionSize = bytes(values(release, "prometheus.prometheusSpec.retentionSize"));
        assert.ok(retentionSize < volume && retentionSize >= volume * 0.7, `retentionSize ${retentionSize} for a ${volume}-byte volume`);
        assert.ok(bytes(prometheusRetentionSize(5)) < 5 * 2 ** 30, "the smallest volume too");
    });

    it("selects every ServiceMonitor, PodMonitor, rule, probe and scrape config, not only those labelled with its release", () => {
        const spec = values<Record<string, unknown>>(kps("aws"), "prometheus.prometheusSpec");
        for (const kind of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
            assert.equal(spec[`${kind}SelectorNilUsesHelmValues`], false, kind);
        }
    });

    describe("credentials", () => {
        it("gives Grafana its admin login from a Secret the code creates, never in the Helm values", () => {
            for (const cloud of CLOUD_NAMES) {
                const release = kps(cloud);
                assert.equal(values(release, "grafana.adminPassword"), undefined);
                assert.equal(values(release, "grafana.adminUser"), undefined);
                assert.deepEqual(values(release, "grafana.admin"), { existingSecret: NAMES.grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" });
                const secret = secretNamed(stacks[internal(cloud)], NAMES.grafanaAdminSecret)!;
                assert.ok(secret, "the Secret the chart is pointed at exists");
                assert.equal(input(secret, "metadata.namespace"), NAMESPACES.monitoring);
                assert.ok(release.dependencies.includes(secret.urn), "Grafana starts after its Secret");
            }
        });

        it("records every Secret's data as a secret", () => {
            for (const cloud of CLOUD_NAMES) {
                const names = [NAMES.grafanaAdminSecret, ALERTMANAGER_CONFIG_SECRET, GRAFANA_ELASTICSEARCH_SECRET];
                for (const name of names) {
                    const secret = secretNamed(stacks[internal(cloud)], name)!;
                    assert.ok(secret, name);
                    assert.ok(secret.secretInputs.includes("stringData"), `${name} on ${cloud}`);
                    assert.equal(input(secret, "stringData"), SECRET_MARKER);
                }
            }
        });

        it("hands Alertmanager its whole configuration as a Secret, so the webhook and SMTP password are in no Helm value", () => {
            const recording = stacks[internal("aws")];
            const release = kps("aws");
            assert.equal(values(release, "alertmanager.alertmanagerSpec.useExistingSecret"), true);
            assert.equal(values(release, "alertmanager.alertmanagerSpec.configSecret"), ALERTMANAGER_CONFIG_SECRET);
            assert.equal(values(release, "alertmanager.config"), undefined);
            assert.ok(release.dependencies.includes(secretNamed(recording, ALERTMANAGER_CONFIG_SECRET)!.urn));
            for (const chart of ofType(recording, RELEASE)) {
                const text = JSON.stringify(chart.inputs);
                assert.ok(!text.includes(WEBHOOK_URL) && !text.includes(SMTP_PASSWORD), `${chart.name} carries a credential`);
                assert.deepEqual(chart.secretInputs, [], `${chart.name}: a secret in Helm values is stored in the release`);
            }
            // Not in any resource or output either: only inside the Secret's (secret) data.
            assert.ok(!JSON.stringify(recording).includes(WEBHOOK_URL) && !JSON.stringify(recording).includes(SMTP_PASSWORD));
        });

        it("puts the receivers, the relay's password and the webhook into that configuration", () => {
            const config = alertmanagerConfig({ enabled: true, ...MONITORING } as MonitoringSettings) as {
                global: Record<string, string>; route: { receiver: string }; receivers: { name: string; email_configs?: { to: string }[]; webhook_configs?: { url: string }[] }[];
            };
            assert.equal(config.global.smtp_auth_password, SMTP_PASSWORD);
            assert.equal(config.global.smtp_smarthost, MONITORING.smtp.smarthost);
            const receiver = config.receivers.find((r) => r.name === config.route.receiver)!;
            assert.deepEqual(receiver.webhook_configs?.map((w) => w.url), [WEBHOOK_URL]);
            assert.deepEqual(receiver.email_configs?.map((e) => e.to), MONITORING.alertEmails);
        });

        it("reads Elasticsearch as Grafana's reader user, its password from a Secret in Grafana's environment", () => {
            const release = kps("aws");
            const sources = values<Record<string, unknown>[]>(release, "grafana.additionalDataSources");
            assert.equal(sources.length, 1);
            assert.equal(sources[0].type, "elasticsearch");
            assert.equal(sources[0].url, ELASTICSEARCH_URL);
            assert.equal((sources[0].secureJsonData as Record<string, string>).basicAuthPassword, "${ELASTICSEARCH_PASSWORD}");
            assert.equal(values(release, "grafana.envFromSecret"), GRAFANA_ELASTICSEARCH_SECRET);
            const passwords = generatedPasswords(stacks[internal("aws")]);
            assert.equal(passwords.length, 3, "Grafana's admin, the log writer and the log reader");
            for (const chart of ofType(stacks[internal("aws")], RELEASE)) {
                const text = JSON.stringify(chart.inputs);
                assert.ok(passwords.every((password) => !text.includes(password)), `${chart.name} carries a generated password`);
            }
        });
    });

    it("confines node-exporter, the one container with host access: no privilege escalation, no capability, read-only root", () => {
        const context = values<Record<string, unknown>>(kps("aws"), "prometheus-node-exporter.containerSecurityContext");
        assert.deepEqual(context, NODE_EXPORTER_SECURITY);
        assert.deepEqual(context, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        // Left to the chart: node-exporter itself (hostNetwork, hostPID, the node's file systems read-only, user nobody).
        assert.equal(values(kps("aws"), "nodeExporter"), undefined);
    });

    it("requests CPU and memory, and caps memory, for every component it configures", () => {
        const release = kps("aws");
        for (const path of [
            "prometheusOperator.resources",
            "prometheusOperator.admissionWebhooks.patch.resources",
            "prometheusOperator.prometheusConfigReloader.resources",
            "prometheus.prometheusSpec.resources",
            "alertmanager.alertmanagerSpec.resources",
            "grafana.resources",
            "grafana.sidecar.resources",
            "kube-state-metrics.resources",
            "prometheus-node-exporter.resources",
            "crds.upgradeJob.resources",
        ]) {
            assertRequestsAndMemoryLimit(values(release, path), path);
        }
    });
});
