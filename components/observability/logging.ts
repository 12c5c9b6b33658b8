import { createHash } from "crypto";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Job } from "@pulumi/kubernetes/batch/v1/job";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type * as inputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { stringify } from "yaml";
import { createCaConfigMap, createServerTlsSecret, serviceDnsNames } from "./certificates";
import { createUiRoute } from "./gateway-routes";
import {
    CHARTS, ELASTIC_STACK_VERSION, ELASTICSEARCH_URL, GATEWAY_HOSTS, kubernetesOptions, NAMES, NAMESPACES,
    ObservabilityPartArgs, serviceExposure, UI_PORTS,
} from "./shared";

export interface LoggingOutputs {
    /** The Elasticsearch custom resource. */
    elasticsearch: pulumi.Resource;
    /** "<namespace>/<service>" of Kibana's HTTPS Service. */
    kibanaService: string;
    /** Read-only credentials for Grafana's data source (password secret). */
    grafanaReader: { username: string; password: pulumi.Output<string> };
    /** The Secret (in the logging namespace) holding Fluent Bit's writer credentials, keys "username"/"password". */
    writerSecretName: string;
    /** What log shipping must wait for (the lifecycle policy and index template in place, Elasticsearch up, the CA ConfigMap). */
    ready: pulumi.Resource[];
}

/** Users of ECK's file realm: a Secret each (keys username, password, roles), named in the Elasticsearch resource. */
const USERS = {
    writer: { username: "fluent-bit", role: "anycloud_log_writer", secretName: "logs-writer-user" },
    reader: { username: "grafana", role: "anycloud_log_reader", secretName: "logs-reader-user" },
} as const;
const ROLES_SECRET = "logs-roles";
const LOG_INDICES = `${NAMES.logIndexPrefix}-*`;
/** Name of both the lifecycle policy and the index template. */
const LIFECYCLE_NAME = NAMES.logIndexPrefix;

/** The image at the stack version: ECK already pulls it, and it has curl, so the lifecycle Job needs no image of its own. */
const ELASTICSEARCH_IMAGE = `docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_STACK_VERSION}`;
/** Where ECK's Kibana listens (its Service's default port, named "https"). */
const KIBANA_CONTAINER_PORT = 5601;
/** UID and GID of the Elastic images' own user. */
const ELASTIC_UID = 1000;

/** The hardened container context ECK sets by default, written out so it holds whatever the operator's detection concludes. */
const CONTAINER_SECURITY: inputs.core.v1.SecurityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
};
/** fsGroup: the Elastic images run as 1000 and write to volumes mounted root-owned. */
const POD_SECURITY: inputs.core.v1.PodSecurityContext = { fsGroup: ELASTIC_UID, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/** Privileges in Elasticsearch: Fluent Bit only appends to the log indices, Grafana only reads them. */
export function logRoles(): Record<string, unknown> {
    return {
        [USERS.writer.role]: {
            // create_doc: bulk "create" of new documents only, never overwriting or deleting. auto_configure:
            // the daily index and mapping updates for new fields, created on write (create_doc alone loses
            // the mapping update in Elasticsearch's next major, which already warns about it).
            indices: [{ names: [LOG_INDICES], privileges: ["create_doc", "auto_configure"] }],
        },
        [USERS.reader.role]: {
            // monitor is read-only cluster information; Grafana's data source asks for the cluster's version.
            cluster: ["monitor"],
            indices: [{ names: [LOG_INDICES], privileges: ["read", "view_index_metadata"] }],
        },
    };
}

/** Deletes a daily index `retentionDays` after its creation (indices are never rolled over, so min_age counts from creation). */
export function lifecyclePolicy(retentionDays: number): Record<string, unknown> {
    return {
        policy: {
            _meta: { managed_by: "anycloud" },
            phases: { delete: { min_age: `${retentionDays}d`, actions: { delete: {} } } },
        },
    };
}

/**
 * Settings of every log index. Priority 200 is above Elasticsearch's built-in templates (100), so
 * nothing else shapes these indices. One node cannot hold a replica: the cluster would stay yellow.
 */
export function indexTemplate(elasticsearchNodes: number): Record<string, unknown> {
    return {
        index_patterns: [LOG_INDICES],
        priority: 200,
        _meta: { managed_by: "anycloud" },
        template: {
            settings: {
                "index.lifecycle.name": LIFECYCLE_NAME,
                "index.number_of_shards": 1,
                "index.number_of_replicas": elasticsearchNodes === 1 ? 0 : 1,
            },
        },
    };
}

/** ECK operator, Elasticsearch and Kibana in the logging namespace, users and roles, and the index lifecycle. */
export function createLogging(name: string, args: ObservabilityPartArgs, parent: pulumi.Resource): LoggingOutputs {
    const { settings, support } = args;
    const operator = new Release(`${name}-eck-operator`, {
        name: "eck-operator",
        chart: CHARTS.eckOperator.chart,
        version: CHARTS.eckOperator.version,
        repositoryOpts: { repo: CHARTS.eckOperator.repo },
        namespace: NAMESPACES.logging,
        atomic: true,
        values: {
            // The operator watches and reconciles only the logging namespace. Its RBAC stays a ClusterRole:
            // the validating webhook and storage-class validation are cluster-scoped and need it.
            managedNamespaces: [NAMESPACES.logging],
            // ECK's CRDs are templates of its eck-operator-crds subchart, not a crds/ folder, so every Helm
            // upgrade of this release upgrades them too (and they carry helm.sh/resource-policy: keep).
            installCRDs: true,
            telemetry: { disabled: true },
            config: {
                // "auto-detect" looks for OpenShift; set, ECK always adds the hardened pod defaults and the
                // writable emptyDirs Kibana needs with a read-only root filesystem.
                setDefaultSecurityContext: "true",
            },
            resources: { requests: { cpu: "100m", memory: "150Mi" }, limits: { memory: "512Mi" } },
            podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: CONTAINER_SECURITY,
        },
    }, kubernetesOptions(args, parent, [args.namespace, ...support.workloadsReady]));

    const writerPassword = userPassword(`${name}-log-writer-password`, parent);
    const readerPassword = userPassword(`${name}-log-reader-password`, parent);
    const secretOptions = kubernetesOptions(args, parent, [args.namespace]);
    const users = ([[USERS.writer, writerPassword], [USERS.reader, readerPassword]] as const).map(([user, password]) =>
        new Secret(`${name}-${user.secretName}`, {
            metadata: { name: user.secretName, namespace: NAMESPACES.logging },
            type: "kubernetes.io/basic-auth",
            stringData: { username: user.username, password, roles: user.role },
        }, secretOptions));
    const roles = new Secret(`${name}-${ROLES_SECRET}`, {
        metadata: { name: ROLES_SECRET, namespace: NAMESPACES.logging },
        stringData: { "roles.yml": stringify(logRoles()) },
    }, secretOptions);

    // Certificates of the stack's CA instead of ECK's self-signed ones: clients trust one CA, which
    // ECK's yearly CA rotation never changes. Elasticsearch reloads a renewed certificate by itself;
    // ECK rolls Kibana when its certificate changes.
    const elasticsearchTls = createServerTlsSecret(`${name}-elasticsearch-tls`, args, {
        secretName: NAMES.elasticsearchTlsSecret,
        namespace: NAMESPACES.logging,
        // The names of ECK's own certificate: the Service clients use, and the one the operator uses.
        dnsNames: [...serviceDnsNames(NAMES.elasticsearchService, NAMESPACES.logging), ...serviceDnsNames(NAMES.elasticsearchInternalService, NAMESPACES.logging)],
    }, parent);
    const kibanaTls = createServerTlsSecret(`${name}-kibana-tls`, args, {
        secretName: NAMES.kibanaTlsSecret,
        namespace: NAMESPACES.logging,
        // localhost: what a browser asks for through `kubectl port-forward`.
        dnsNames: [...serviceDnsNames(NAMES.kibanaService, NAMESPACES.logging), "localhost"],
    }, parent);
    const caConfigMap = createCaConfigMap(`${name}-logging-ca`, args, NAMESPACES.logging, parent);

    const elasticsearch = new CustomResource(`${name}-elasticsearch`, {
        apiVersion: "elasticsearch.k8s.elastic.co/v1",
        kind: "Elasticsearch",
        metadata: {
            name: NAMES.elasticsearch,
            namespace: NAMESPACES.logging,
            // Pulumi does not wait for custom resources on its own; ECK reports Ready once the cluster runs the spec.
            annotations: { "pulumi.com/waitFor": "jsonpath={.status.phase}=Ready" },
        },
        spec: elasticsearchSpec(args),
    }, {
        ...kubernetesOptions(args, parent, [operator, ...users, roles, elasticsearchTls.secret, ...support.storage.ready]),
        // Three nodes with volumes, or a rolling restart of them, outlast the provider's default wait.
        customTimeouts: { create: "30m", update: "30m" },
    });

    const exposure = serviceExposure(settings.exposure, support, args.context.allowedCidrs);
    const publicHost = args.gateway?.listeners[GATEWAY_HOSTS.kibana]?.hostname;
    const kibana = new CustomResource(`${name}-kibana`, {
        apiVersion: "kibana.k8s.elastic.co/v1",
        kind: "Kibana",
        metadata: { name: NAMES.kibana, namespace: NAMESPACES.logging },
        spec: {
            version: ELASTIC_STACK_VERSION,
            count: 1,
            elasticsearchRef: { name: NAMES.elasticsearch },
            config: {
                "telemetry.optIn": false,
                "telemetry.allowChangingOptInStatus": false,
                // Through the Gateway, the address users see: Kibana builds links (shared URLs, reports) from it.
                ...(publicHost ? { "server.publicBaseUrl": `https://${publicHost}` } : {}),
            },
            http: {
                tls: { certificate: { secretName: NAMES.kibanaTlsSecret } },
                service: {
                    metadata: { annotations: exposure.annotations },
                    spec: {
                        type: exposure.type,
                        ...(exposure.loadBalancerSourceRanges ? { loadBalancerSourceRanges: exposure.loadBalancerSourceRanges } : {}),
                        ports: [{ name: "https", port: UI_PORTS.kibana, targetPort: KIBANA_CONTAINER_PORT, protocol: "TCP" }],
                    },
                },
            },
            podTemplate: podTemplate({
                securityContext: POD_SECURITY,
                containers: [{
                    name: "kibana",
                    // Kibana 9 needs 2Gi (ECK's own default since its V8 heap grew to 75% of the limit).
                    resources: { requests: { cpu: "250m", memory: "2Gi" }, limits: { memory: "2Gi" } },
                    securityContext: { ...CONTAINER_SECURITY, runAsUser: ELASTIC_UID, runAsGroup: ELASTIC_UID },
                }],
            }),
        },
    }, kubernetesOptions(args, parent, [operator, kibanaTls.secret, ...args.exposureReady]));

    if (args.gateway) {
        createUiRoute(name, { ...args, gateway: args.gateway }, NAMESPACES.logging, {
            ui: GATEWAY_HOSTS.kibana, service: NAMES.kibanaService, port: UI_PORTS.kibana, dependsOn: [kibana, caConfigMap],
        }, parent);
    }

    const lifecycle = createIndexLifecycleJob(name, args, parent, [elasticsearch, caConfigMap]);
    return {
        elasticsearch,
        kibanaService: `${NAMESPACES.logging}/${NAMES.kibanaService}`,
        grafanaReader: { username: USERS.reader.username, password: readerPassword },
        writerSecretName: USERS.writer.secretName,
        ready: [elasticsearch, lifecycle, caConfigMap],
    };
}

/** Letters and digits only: the password goes through YAML, env variables and HTTP basic auth unquoted. */
function userPassword(name: string, parent: pulumi.Resource): pulumi.Output<string> {
    return pulumi.secret(new RandomPassword(name, { length: 32, special: false }, { parent }).result);
}

function elasticsearchSpec({ settings, support }: ObservabilityPartArgs): Record<string, unknown> {
    const { elasticsearchNodes, storageGb } = settings.logging;
    return {
        version: ELASTIC_STACK_VERSION,
        // HTTPS with the observability CA's certificate (ECK keeps making its own CA, unused).
        http: { tls: { certificate: { secretName: NAMES.elasticsearchTlsSecret } } },
        // The disruption budget is ECK's default: with 3+ nodes one at a time and only while the cluster is
        // green; a single node may be evicted (ECK allows one disruption there), so drains never block.
        auth: {
            fileRealm: [{ secretName: USERS.writer.secretName }, { secretName: USERS.reader.secretName }],
            roles: [{ secretName: ROLES_SECRET }],
        },
        nodeSets: [{
            name: "default",
            count: elasticsearchNodes,
            config: {
                "node.roles": ["master", "data", "ingest"],
                // No vm.max_map_count sysctl, so no privileged init container: Elasticsearch uses NIO instead of mmap.
                "node.store.allow_mmap": false,
            },
            // ECK spreads the nodes evenly over zones (topology spread, maxSkew 1, DoNotSchedule) and turns on
            // shard allocation awareness, so a replica never sits in its primary's zone.
            ...(elasticsearchNodes >= 3 ? { zoneAwareness: { topologyKey: "topology.kubernetes.io/zone" } } : {}),
            podTemplate: podTemplate({
                securityContext: POD_SECURITY,
                containers: [{
                    name: "elasticsearch",
                    // Elasticsearch sizes its heap from the memory limit (half of it here, 1Gi).
                    resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "2Gi" } },
                    securityContext: CONTAINER_SECURITY,
                }],
            }),
            volumeClaimTemplates: [dataVolumeClaim(support.storage.className, storageGb)],
        }],
    };
}

/**
 * ECK's CRDs leave pod templates unchecked (preserve-unknown-fields), so they are typed here as the
 * core PodSpec they become: a misspelt field fails compilation instead of vanishing in the cluster.
 */
function podTemplate(spec: inputs.core.v1.PodSpec): inputs.core.v1.PodTemplateSpec {
    return { spec };
}

function dataVolumeClaim(storageClassName: string, storageGb: number): inputs.core.v1.PersistentVolumeClaim {
    return {
        // ECK mounts this name as the data path.
        metadata: { name: "elasticsearch-data" },
        spec: {
            accessModes: ["ReadWriteOnce"],
            storageClassName,
            resources: { requests: { storage: `${storageGb}Gi` } },
        },
    };
}

/**
 * ILM needs no paid licence, but ECK manages no policies on a basic one: a Job PUTs the lifecycle
 * policy and the index template through Elasticsearch's API as `elastic`, checking the server
 * against the observability CA. Both PUTs are idempotent.
 *
 * A Job's pod template is immutable and pulumi-kubernetes replaces a Job whose template changes.
 * The name carries a hash of what the Job writes, so a new policy is a new Job (created before the
 * old one goes). No ttlSecondsAfterFinished: a Job that deletes itself would show as drift.
 */
function createIndexLifecycleJob(name: string, args: ObservabilityPartArgs, parent: pulumi.Resource, ready: pulumi.Resource[]): Job {
    const policy = JSON.stringify(lifecyclePolicy(args.settings.logging.retentionDays));
    const template = JSON.stringify(indexTemplate(args.settings.logging.elasticsearchNodes));
    const hash = createHash("sha256").update(`${ELASTIC_STACK_VERSION}\n${policy}\n${template}`).digest("hex").slice(0, 10);
    const caDir = "/etc/elasticsearch-ca";
    return new Job(`${name}-index-lifecycle`, {
        metadata: {
            name: `${LIFECYCLE_NAME}-lifecycle-${hash}`,
            namespace: NAMESPACES.logging,
            // A Job that failed (Elasticsearch unreachable for its whole deadline) is replaced on the next `up`,
            // instead of standing in the state as done.
            annotations: { "pulumi.com/replaceUnready": "true" },
        },
        spec: {
            backoffLimit: 3,
            activeDeadlineSeconds: 1200,
            template: {
                spec: {
                    restartPolicy: "Never",
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: { runAsNonRoot: true, runAsUser: ELASTIC_UID, runAsGroup: ELASTIC_UID, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [{
                        name: "put-lifecycle",
                        image: ELASTICSEARCH_IMAGE,
                        imagePullPolicy: "IfNotPresent",
                        command: ["/bin/sh", "-c", LIFECYCLE_SCRIPT],
                        env: [
                            { name: "ES_URL", value: ELASTICSEARCH_URL },
                            { name: "ES_CA", value: `${caDir}/ca.crt` },
                            { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: NAMES.elasticUserSecret, key: "elastic" } } },
                            { name: "POLICY_PATH", value: `_ilm/policy/${LIFECYCLE_NAME}` },
                            { name: "POLICY_BODY", value: policy },
                            { name: "TEMPLATE_PATH", value: `_index_template/${LIFECYCLE_NAME}` },
                            { name: "TEMPLATE_BODY", value: template },
                        ],
                        volumeMounts: [{ name: "ca", mountPath: caDir, readOnly: true }, { name: "tmp", mountPath: "/tmp" }],
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                        securityContext: CONTAINER_SECURITY,
                    }],
                    volumes: [
                        { name: "ca", configMap: { name: NAMES.caConfigMap, items: [{ key: "ca.crt", path: "ca.crt" }] } },
                        { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
                    ],
                },
            },
        },
    }, {
        ...kubernetesOptions(args, parent, ready),
        customTimeouts: { create: "25m", update: "25m" },
    });
}

/**
 * PUTs POLICY_BODY and TEMPLATE_BODY, retrying while Elasticsearch is unreachable or not ready
 * (no answer, 401 before the file realm loads, 429, 5xx); a request Elasticsearch refuses as wrong
 * fails at once. Plain curl options only, whatever curl the image ships.
 */
const LIFECYCLE_SCRIPT = `set -u
put() {
  attempt=1
  while :; do
    rm -f /tmp/response
    code=$(curl --silent --show-error --connect-timeout 10 --max-time 30 --cacert "$ES_CA" \\
      --user "elastic:$ES_PASSWORD" --header "Content-Type: application/json" --request PUT \\
      --data "$2" --output /tmp/response --write-out "%{http_code}" "$ES_URL/$1") || code=000
    case "$code" in
      200) echo "PUT $1: done"; return 0 ;;
      400|404|405|409|413) echo "PUT $1: HTTP $code"; cat /tmp/response; echo; return 1 ;;
    esac
    echo "PUT $1: HTTP $code, attempt $attempt"
    [ "$attempt" -ge 30 ] && { cat /tmp/response 2>/dev/null; echo; return 1; }
    attempt=$((attempt + 1))
    sleep 10
  done
}
put "$POLICY_PATH" "$POLICY_BODY" && put "$TEMPLATE_PATH" "$TEMPLATE_BODY"
`;
