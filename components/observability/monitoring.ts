import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { stringify } from "yaml";
import type { MonitoringSettings } from "../types";
import { createCaConfigMap, createServerTlsSecret, serviceDnsNames, sha256 } from "./certificates";
import { createUiRoute } from "./gateway-routes";
import {
    CHARTS,
    ELASTICSEARCH_URL,
    GATEWAY_HOSTS,
    kubernetesOptions,
    NAMES,
    NAMESPACES,
    ObservabilityPartArgs,
    serviceExposure,
    UI_PORTS,
} from "./shared";

export interface MonitoringArgs extends ObservabilityPartArgs {
    /** Present when logging is on: Grafana gets an Elasticsearch data source reading the log indices. */
    elasticsearch?: { username: string; password: pulumi.Output<string> };
}

export interface MonitoringOutputs {
    release: Release;
    /** "<namespace>/<service>": Grafana's Service (reach it with kubectl port-forward, or its load balancer). */
    grafanaService: string;
    /** "<namespace>/<secret>": Grafana's admin user and password (keys admin-user, admin-password). */
    grafanaAdminSecret: string;
}

/** Helm release name; with `fullnameOverride` set to the same, every object name below is fixed. */
export const MONITORING_RELEASE = "kube-prometheus-stack";
/** The grafana subchart names its objects "<release>-grafana" (it has no fullnameOverride of its own in values.yaml). */
export const GRAFANA_SERVICE = `${MONITORING_RELEASE}-grafana`;
/** Alertmanager's whole configuration (key alertmanager.yaml), since it carries SMTP and webhook credentials. */
export const ALERTMANAGER_CONFIG_SECRET = "alertmanager-config";
/** Grafana's environment (keys ELASTICSEARCH_PASSWORD, ELASTICSEARCH_CA_CERT) for the Elasticsearch data source. */
export const GRAFANA_ELASTICSEARCH_SECRET = "grafana-elasticsearch";
/** Pod annotation with the SHA-256 of Grafana's CA and certificate: Grafana reads both at start only. */
export const GRAFANA_TLS_HASH_ANNOTATION = "anycloud.io/tls-sha256";

const ELASTICSEARCH_PASSWORD_ENV = "ELASTICSEARCH_PASSWORD";
const ELASTICSEARCH_CA_ENV = "ELASTICSEARCH_CA_CERT";
/** Where Grafana's TLS Secret (tls.crt, tls.key, ca.crt) is mounted; the sidecars see ca.crt alone. */
const GRAFANA_TLS_DIR = "/etc/grafana/tls";
const GRAFANA_TLS_VOLUME = "grafana-tls";
/** Grafana's own port (the chart's service.targetPort), serving HTTPS; the Service maps UI_PORTS.grafana to it. */
const GRAFANA_CONTAINER_PORT = 3000;
const GRAFANA_ADMIN_USER = "admin";
// 10 GiB: the smallest pd-balanced disk GKE provisions; asking for less would not be what is billed.
const ALERTMANAGER_VOLUME = "10Gi";
const GRAFANA_VOLUME = "10Gi";
/** Images of the CRD upgrade job, pinned: the chart defaults to busybox:latest. */
const CRD_JOB_BUSYBOX_TAG = "1.37.0";

/**
 * node-exporter's container: no privilege escalation, no capability (it runs as nobody and listens on
 * 9100, so it needs none), a read-only root filesystem.
 */
export const NODE_EXPORTER_SECURITY = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
};

/** Receiver of alerts that exist only to prove the pipeline works (Watchdog) or to inhibit others (InfoInhibitor). */
const NULL_RECEIVER = "null";
const DEFAULT_RECEIVER = "default";

/**
 * Alertmanager's configuration: everything to the default receiver (mail and/or webhook as configured),
 * the always-firing Watchdog and InfoInhibitor to a receiver that notifies nobody. The result carries the
 * SMTP password and webhook URL: keep it secret.
 */
export function alertmanagerConfig(monitoring: MonitoringSettings): Record<string, unknown> {
    const smtp = monitoring.smtp;
    const mail = smtp && monitoring.alertEmails.length > 0;
    const defaultReceiver: Record<string, unknown> = { name: DEFAULT_RECEIVER };
    if (mail) {
        defaultReceiver.email_configs = [{ to: monitoring.alertEmails.join(", "), send_resolved: true }];
    }
    if (monitoring.alertWebhookUrl) {
        defaultReceiver.webhook_configs = [{ url: monitoring.alertWebhookUrl, send_resolved: true }];
    }
    // With neither mail nor webhook configured the default receiver has no integrations: alerts are
    // still listed in Alertmanager and Grafana, but nobody is notified.
    return {
        global: {
            resolve_timeout: "5m",
            ...(mail ? {
                smtp_smarthost: smtp.smarthost,
                smtp_from: smtp.from,
                ...(smtp.username ? { smtp_auth_username: smtp.username } : {}),
                ...(smtp.password ? { smtp_auth_password: smtp.password } : {}),
            } : {}),
        },
        route: {
            receiver: DEFAULT_RECEIVER,
            group_by: ["namespace"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: [
                { receiver: NULL_RECEIVER, matchers: ["alertname = \"Watchdog\""] },
                { receiver: NULL_RECEIVER, matchers: ["alertname = \"InfoInhibitor\""] },
            ],
        },
        // The chart's own inhibitions: a critical alert silences the warning and info alerts of the same cause.
        inhibit_rules: [
            { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: ["namespace", "alertname"] },
            { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: ["namespace", "alertname"] },
            { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
            { target_matchers: ["alertname = InfoInhibitor"] },
        ],
        receivers: [{ name: NULL_RECEIVER }, defaultReceiver],
    };
}

/** Prometheus deletes old blocks past this size, before the volume fills (WAL and compaction need the rest). */
export function prometheusRetentionSize(storageGb: number): string {
    return `${Math.floor(storageGb * 1024 * 0.85)}MiB`;
}

/**
 * Grafana serving HTTPS with its certificate from the observability CA (Secret NAMES.grafanaTlsSecret),
 * and what talks to it following: the kubelet's probes, and Prometheus scraping its metrics, which
 * checks the certificate against the CA for the Service's name (it connects to the pod's address).
 */
function grafanaHttps(certificate: pulumi.Output<string>, ca: pulumi.Output<string>, publicHost?: string): Record<string, unknown> {
    // Merged by Helm into the chart's probes (GET /api/health on the port named grafana).
    const probe = { httpGet: { scheme: "HTTPS" } };
    // Through the Gateway, the address users see: Grafana builds absolute links and redirects from root_url.
    const published = publicHost ? { domain: publicHost, root_url: `https://${publicHost}/` } : {};
    return {
        "grafana.ini": { server: { protocol: "https", cert_file: `${GRAFANA_TLS_DIR}/tls.crt`, cert_key: `${GRAFANA_TLS_DIR}/tls.key`, ...published } },
        // 0440 with the pod's fsGroup: readable by Grafana's group only.
        extraSecretMounts: [{ name: GRAFANA_TLS_VOLUME, secretName: NAMES.grafanaTlsSecret, mountPath: GRAFANA_TLS_DIR, readOnly: true, defaultMode: 0o440 }],
        readinessProbe: probe,
        livenessProbe: probe,
        podAnnotations: { [GRAFANA_TLS_HASH_ANNOTATION]: pulumi.all([ca, certificate]).apply(([caPem, certificatePem]) => sha256(caPem, certificatePem)) },
        serviceMonitor: {
            scheme: "https",
            tlsConfig: {
                ca: { secret: { name: NAMES.grafanaTlsSecret, key: "ca.crt" } },
                serverName: `${GRAFANA_SERVICE}.${NAMESPACES.monitoring}.svc`,
            },
        },
    };
}

/**
 * A provisioning sidecar calling Grafana's reload API over HTTPS, on localhost (a name in Grafana's
 * certificate), trusting the observability CA: requests, which the sidecar uses, reads
 * REQUESTS_CA_BUNDLE, and then trusts that CA alone (a dashboard ConfigMap's `.url` entry must be
 * served with one of its certificates); the Kubernetes API keeps its own CA. The CA file comes alone
 * (subPath) from Grafana's TLS volume; a new CA restarts the pod anyway (GRAFANA_TLS_HASH_ANNOTATION).
 */
function sidecarReloadOverHttps(kind: "dashboards" | "datasources"): Record<string, unknown> {
    const caFile = "/etc/grafana/observability-ca/ca.crt";
    return {
        reloadURL: `https://localhost:${GRAFANA_CONTAINER_PORT}/api/admin/provisioning/${kind}/reload`,
        env: { REQUESTS_CA_BUNDLE: caFile },
        extraMounts: [{ name: GRAFANA_TLS_VOLUME, mountPath: caFile, subPath: "ca.crt", readOnly: true }],
    };
}

/** A PersistentVolumeClaim template (prometheus-operator StorageSpec) on the cluster's encrypted storage class. */
function volumeClaimTemplate(storageClassName: string, size: string) {
    return { volumeClaimTemplate: { spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } } };
}

/**
 * kube-prometheus-stack: Prometheus, Alertmanager, Grafana, the Prometheus operator, kube-state-metrics
 * and node-exporter in the monitoring namespace. Credentials live in Secrets created here; the Helm
 * values hold none.
 */
export function createMonitoring(name: string, args: MonitoringArgs, parent: pulumi.Resource): MonitoringOutputs {
    const { settings, support } = args;
    const monitoring = settings.monitoring;
    const namespace = NAMESPACES.monitoring;
    const secretOptions = kubernetesOptions(args, parent, [args.namespace]);

    const adminPassword = new RandomPassword(`${name}-grafana-admin-password`, { length: 32, special: false }, { parent });
    // Grafana writes the admin password into its database on first start only; a new password here
    // does not change the one of a running Grafana with its volume (reset it with grafana cli).
    const adminSecret = new Secret(`${name}-grafana-admin`, {
        metadata: { name: NAMES.grafanaAdminSecret, namespace },
        type: "Opaque",
        stringData: { "admin-user": GRAFANA_ADMIN_USER, "admin-password": adminPassword.result },
    }, secretOptions);

    const alertmanagerSecret = new Secret(`${name}-alertmanager-config`, {
        metadata: { name: ALERTMANAGER_CONFIG_SECRET, namespace },
        type: "Opaque",
        stringData: { "alertmanager.yaml": pulumi.secret(stringify(alertmanagerConfig(monitoring))) },
    }, secretOptions);

    // Grafana serves HTTPS always, exposed or not: one behaviour, and a login never crosses a network
    // in clear. localhost: what the browser asks for through `kubectl port-forward`, and what the
    // sidecars call to reload provisioning.
    const grafanaTls = createServerTlsSecret(`${name}-grafana-tls`, args, {
        secretName: NAMES.grafanaTlsSecret,
        namespace,
        dnsNames: [...serviceDnsNames(GRAFANA_SERVICE, namespace), "localhost"],
    }, parent);

    const secrets: pulumi.Resource[] = [adminSecret, alertmanagerSecret, grafanaTls.secret];
    let elasticsearchDataSource: Record<string, unknown>[] = [];
    if (args.elasticsearch) {
        secrets.push(new Secret(`${name}-grafana-elasticsearch`, {
            metadata: { name: GRAFANA_ELASTICSEARCH_SECRET, namespace },
            type: "Opaque",
            stringData: {
                [ELASTICSEARCH_PASSWORD_ENV]: pulumi.secret(args.elasticsearch.password),
                // Public, but beside the password rather than in the Helm values: the data source text stays
                // the same when the CA is renewed, and the release carries no certificate.
                [ELASTICSEARCH_CA_ENV]: args.ca.certificate,
            },
        }, secretOptions));
        elasticsearchDataSource = [{
            name: "Elasticsearch (logs)",
            uid: "elasticsearch-logs",
            type: "elasticsearch",
            access: "proxy",
            url: ELASTICSEARCH_URL,
            editable: false,
            basicAuth: true,
            basicAuthUser: args.elasticsearch.username,
            jsonData: {
                index: `${NAMES.logIndexPrefix}-*`,
                timeField: "@timestamp",
                // Elasticsearch's certificate and host name checked against the observability CA.
                tlsAuthWithCACert: true,
            },
            // Grafana expands ${VAR} in provisioning files from its environment (envFromSecret below),
            // so the password is in neither the Helm values nor the data source ConfigMap.
            secureJsonData: {
                basicAuthPassword: `\${${ELASTICSEARCH_PASSWORD_ENV}}`,
                tlsCACert: `\${${ELASTICSEARCH_CA_ENV}}`,
            },
        }];
    }

    const exposure = serviceExposure(settings.exposure, support, args.context.allowedCidrs);
    const storageClass = support.storage.className;

    const values = {
        fullnameOverride: MONITORING_RELEASE,
        crds: {
            // Helm installs a chart's crds/ on first install and never again, so an upgrade of the chart would
            // run a new operator against old CRDs. The chart's job applies the CRDs of this version before every
            // install, upgrade and rollback, server-side: a client-side apply fails on their size (the
            // last-applied annotation exceeds 256 KiB). Images pinned (the chart defaults to busybox:latest).
            upgradeJob: {
                enabled: true,
                image: {
                    busybox: { tag: CRD_JOB_BUSYBOX_TAG },
                    kubectl: { tag: `v${support.kubernetesVersion}.0` },
                },
                resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                containerSecurityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                },
                podSecurityContext: {
                    runAsNonRoot: true,
                    runAsUser: 65534,
                    runAsGroup: 65534,
                    fsGroup: 65534,
                    seccompProfile: { type: "RuntimeDefault" },
                },
            },
        },
        // Managed control planes expose no controller manager, scheduler or etcd to scrape, and kube-proxy is
        // absent (AKS with Cilium, GKE Dataplane V2) or serves metrics on 127.0.0.1 only (EKS add-on,
        // aws/containers-roadmap#657). Left on, their "...Down" alerts would fire forever.
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },
        // Exactly one DNS scrape: the one the managed service runs (GKE: kube-dns).
        coreDns: { enabled: support.clusterDns === "coreDns" },
        kubeDns: { enabled: support.clusterDns === "kubeDns" },
        prometheusOperator: {
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            admissionWebhooks: {
                patch: { resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } } },
            },
            // The config-reloader sidecar of Prometheus and Alertmanager.
            prometheusConfigReloader: { resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } } },
        },
        prometheus: {
            prometheusSpec: {
                retention: `${monitoring.retentionDays}d`,
                retentionSize: prometheusRetentionSize(monitoring.storageGb),
                storageSpec: volumeClaimTemplate(storageClass, `${monitoring.storageGb}Gi`),
                resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "3Gi" } },
                // By default Prometheus selects only monitors labelled `release: kube-prometheus-stack`, so those
                // of other charts and of the applications would be ignored: select every one in the cluster.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                scrapeConfigSelectorNilUsesHelmValues: false,
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                // The configuration carries credentials, so it is a Secret created above rather than
                // `alertmanager.config` (which the chart would render into its own Secret from the Helm values,
                // stored in the release). With useExistingSecret the chart ignores `config` and creates none.
                useExistingSecret: true,
                configSecret: ALERTMANAGER_CONFIG_SECRET,
                storage: volumeClaimTemplate(storageClass, ALERTMANAGER_VOLUME),
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
            },
        },
        grafana: {
            admin: { existingSecret: NAMES.grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
            persistence: { enabled: true, storageClassName: storageClass, size: GRAFANA_VOLUME },
            // A ReadWriteOnce volume: the old pod must let go of it before the new one starts.
            deploymentStrategy: { type: "Recreate" },
            // The volume's group comes from the pod's fsGroup; the chart's chown init container would run as root.
            initChownData: { enabled: false },
            service: {
                type: exposure.type,
                port: UI_PORTS.grafana,
                annotations: exposure.annotations,
                ...(exposure.loadBalancerSourceRanges ? { loadBalancerSourceRanges: exposure.loadBalancerSourceRanges } : {}),
            },
            ...grafanaHttps(grafanaTls.certificate, args.ca.certificate, args.gateway?.listeners[GATEWAY_HOSTS.grafana]?.hostname),
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "768Mi" } },
            sidecar: {
                resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                // The two sidecars kube-prometheus-stack turns on; each asks Grafana to reload what it wrote.
                dashboards: sidecarReloadOverHttps("dashboards"),
                datasources: sidecarReloadOverHttps("datasources"),
            },
            // Prometheus and Alertmanager data sources come from the chart (sidecar.datasources defaults).
            additionalDataSources: elasticsearchDataSource,
            ...(args.elasticsearch ? { envFromSecret: GRAFANA_ELASTICSEARCH_SECRET } : {}),
        },
        "kube-state-metrics": {
            resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        },
        "prometheus-node-exporter": {
            resources: { requests: { cpu: "50m", memory: "48Mi" }, limits: { memory: "128Mi" } },
            // The chart shares the node's network and PID namespaces and mounts its /, /proc and /sys read-only (what
            // node metrics need), and runs as nobody; its own container context sets only readOnlyRootFilesystem.
            // Written out in full, so a container with host access can gain no privilege whatever the chart's defaults.
            containerSecurityContext: NODE_EXPORTER_SECURITY,
        },
    };

    const release = new Release(`${name}-kube-prometheus-stack`, {
        name: MONITORING_RELEASE,
        chart: CHARTS.kubePrometheusStack.chart,
        version: CHARTS.kubePrometheusStack.version,
        repositoryOpts: { repo: CHARTS.kubePrometheusStack.repo },
        namespace,
        atomic: true,
        // Volumes to provision, the CRD job, and a load balancer where Grafana is exposed: more than the default 5 minutes.
        timeout: 900,
        values,
    }, kubernetesOptions(args, parent, [
        args.namespace,
        ...support.workloadsReady,
        ...support.storage.ready,
        ...args.exposureReady,
        ...secrets,
    ]));

    if (args.gateway) {
        // The observability CA alone, which the Gateway checks Grafana's certificate against (a BackendTLSPolicy names a ConfigMap of its namespace).
        const caConfigMap = createCaConfigMap(`${name}-monitoring-ca`, args, namespace, parent);
        createUiRoute(name, { ...args, gateway: args.gateway }, namespace, {
            ui: GATEWAY_HOSTS.grafana, service: GRAFANA_SERVICE, port: UI_PORTS.grafana, dependsOn: [release, caConfigMap],
        }, parent);
    }

    return {
        release,
        grafanaService: `${namespace}/${GRAFANA_SERVICE}`,
        grafanaAdminSecret: `${namespace}/${NAMES.grafanaAdminSecret}`,
    };
}
