import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type * as pulumi from "@pulumi/pulumi";
import { CHARTS, kubernetesOptions, NAMES, NAMESPACES, ObservabilityPartArgs } from "./shared";

export interface LogShippingArgs extends ObservabilityPartArgs {
    /** The Secret in the logging namespace with the Elasticsearch writer's "username" and "password". */
    writerSecretName: string;
    /** Elasticsearch up, and the lifecycle policy and index template in place before the first index is made. */
    ready: pulumi.Resource[];
    /** The monitoring release, when monitoring is on: it brings the ServiceMonitor CRD. */
    serviceMonitors?: pulumi.Resource;
}

/**
 * Tail positions, on the node so that a restarted or upgraded pod resumes where the last one stopped
 * (an emptyDir would lose them: every restart would skip or repeat logs). The one path written on the host.
 */
const STATE_DIR = "/var/lib/fluent-bit";
const CA_DIR = "/fluent-bit/elasticsearch-ca";
/** Pod annotation holding the SHA-256 of the CA certificate Fluent Bit trusts. */
export const CA_HASH_ANNOTATION = "anycloud.io/ca-sha256";
/** Env variables Fluent Bit expands in its config, filled from the writer Secret, so no credential is in the ConfigMap. */
const ENV = { user: "ES_WRITER_USER", password: "ES_WRITER_PASSWORD" } as const;

/** Classic-format config sections, exported for tests. Every container's log, from the files the kubelet writes. */
export const FLUENT_BIT_INPUTS = [
    "[INPUT]",
    "    Name tail",
    "    Path /var/log/containers/*.log",
    "    multiline.parser docker, cri",
    "    Tag kube.*",
    `    DB ${STATE_DIR}/containers.db`,
    "    DB.locking true",
    // Past this much unsent data the input pauses and resumes from its position: back-pressure, not loss,
    // while the kubelet still keeps the file.
    "    Mem_Buf_Limit 16MB",
    "    Skip_Long_Lines On",
    // A file first seen is read from its start (positions are kept in DB, so nothing is read twice):
    // otherwise whatever a node logged before Fluent Bit started there would never be shipped.
    "    Read_from_Head On",
].join("\n");

/** Pod, namespace, labels and container of each line; annotations left out (many, large, rarely searched). */
export const FLUENT_BIT_FILTERS = [
    "[FILTER]",
    "    Name kubernetes",
    "    Match kube.*",
    "    Merge_Log On",
    // Every application's JSON fields under one key: two applications using one field name with different
    // types would otherwise conflict in the shared daily index, and Elasticsearch would reject their lines.
    "    Merge_Log_Key log_processed",
    "    Keep_Log Off",
    "    K8S-Logging.Parser On",
    "    K8S-Logging.Exclude On",
    "    Annotations Off",
    // The default 32k drops metadata of pods with large specs.
    "    Buffer_Size 256k",
].join("\n");

/**
 * To ECK's Elasticsearch over HTTPS, verifying its certificate and host name against the observability
 * CA, as the writer user. Daily indices <prefix>-YYYY.MM.DD, which the lifecycle policy deletes.
 */
export const FLUENT_BIT_OUTPUTS = [
    "[OUTPUT]",
    "    Name es",
    "    Match kube.*",
    `    Host ${NAMES.elasticsearchService}.${NAMESPACES.logging}.svc`,
    "    Port 9200",
    "    tls On",
    "    tls.verify On",
    "    tls.verify_hostname On",
    `    tls.ca_file ${CA_DIR}/ca.crt`,
    `    HTTP_User \${${ENV.user}}`,
    `    HTTP_Passwd \${${ENV.password}}`,
    // Bulk "create": what the writer role (create_doc) permits; explicit because the role depends on it.
    "    Write_Operation create",
    "    Logstash_Format On",
    `    Logstash_Prefix ${NAMES.logIndexPrefix}`,
    // Elasticsearch 8 and later reject mapping types.
    "    Suppress_Type_Name On",
    // Kubernetes label keys hold dots, which Elasticsearch would read as object paths.
    "    Replace_Dots On",
    // Shows why Elasticsearch refused a bulk request (a mapping conflict, say) in the pod's log.
    "    Trace_Error On",
    // Finite: a chunk Elasticsearch keeps refusing is dropped instead of blocking the pipeline for good.
    "    Retry_Limit 10",
].join("\n");

/** Fluent Bit as a DaemonSet on every node, shipping every container's log with its Kubernetes metadata to Elasticsearch. */
export function createLogShipping(name: string, args: LogShippingArgs, parent: pulumi.Resource): Release {
    const monitored = args.serviceMonitors !== undefined;
    const secretEnv = (variable: string, key: string) => ({ name: variable, valueFrom: { secretKeyRef: { name: args.writerSecretName, key } } });
    return new Release(`${name}-fluent-bit`, {
        name: "fluent-bit",
        chart: CHARTS.fluentBit.chart,
        version: CHARTS.fluentBit.version,
        repositoryOpts: { repo: CHARTS.fluentBit.repo },
        namespace: NAMESPACES.logging,
        atomic: true,
        values: {
            kind: "DaemonSet",
            // The chart's test pod runs busybox:latest, an unpinned image.
            testFramework: { enabled: false },
            env: [secretEnv(ENV.user, "username"), secretEnv(ENV.password, "password")],
            // The chart's defaults send to a host "elasticsearch-master" without TLS or credentials, and also
            // read the kubelet's journal into indices the writer may not create; the service section stays.
            config: { inputs: FLUENT_BIT_INPUTS, filters: FLUENT_BIT_FILTERS, outputs: FLUENT_BIT_OUTPUTS },
            // Replaces the chart's host mounts (/var/log read-write, Docker's directory, which containerd nodes
            // lack, /etc/machine-id for the journal): /var/log read-only, and only the position directory writable.
            // /var/log/containers links into /var/log/pods, so that one mount reaches every container's log.
            daemonSetVolumes: [
                { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
                { name: "state", hostPath: { path: STATE_DIR, type: "DirectoryOrCreate" } },
            ],
            daemonSetVolumeMounts: [
                { name: "varlog", mountPath: "/var/log", readOnly: true },
                { name: "state", mountPath: STATE_DIR },
            ],
            extraVolumes: [
                { name: "elasticsearch-ca", configMap: { name: NAMES.caConfigMap, items: [{ key: "ca.crt", path: "ca.crt" }] } },
            ],
            extraVolumeMounts: [
                { name: "elasticsearch-ca", mountPath: CA_DIR, readOnly: true },
            ],
            // Fluent Bit reads its CA file at start only: a new CA changes the pod template, so the DaemonSet rolls.
            podAnnotations: { [CA_HASH_ANNOTATION]: args.ca.sha256 },
            podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
            // Root only as the owner of the root-owned log files (mode 0640): with every capability dropped,
            // root cannot bypass file permissions, gain privileges or write outside the position directory.
            securityContext: {
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
            // Every node ships its logs, tainted pools included: a skipped node's logs would be lost.
            tolerations: [{ operator: "Exists" }],
            resources: { requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "256Mi" } },
            serviceMonitor: { enabled: monitored },
        },
    }, kubernetesOptions(args, parent, [
        args.namespace,
        ...args.support.workloadsReady,
        ...args.ready,
        ...(args.serviceMonitors ? [args.serviceMonitors] : []),
    ]));
}
