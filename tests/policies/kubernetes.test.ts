import { strict as assert } from "assert";
import { CheckedResource, SECRET_VALUE, UNKNOWN_VALUE } from "../../policies/rule";
import { KUBERNETES_RULES } from "../../policies/rules/kubernetes";
import { rule as configMapNoCredentials } from "../../policies/rules/kubernetes-configmap-no-credentials";
import { rule as eckHttpTls } from "../../policies/rules/kubernetes-eck-http-tls";
import { rule as helmChartPinned } from "../../policies/rules/kubernetes-helm-chart-pinned";
import { rule as helmHardenedContainers } from "../../policies/rules/kubernetes-helm-hardened-containers";
import { NODE_AGENTS, rule as helmNoPrivilegedValues } from "../../policies/rules/kubernetes-helm-no-privileged-values";
import { rule as helmNonRoot } from "../../policies/rules/kubernetes-helm-non-root";
import { credentialsInText, isCredentialName, rule as helmSecretValues } from "../../policies/rules/kubernetes-helm-secret-values";
import { rule as namespaceNotDefault } from "../../policies/rules/kubernetes-namespace-not-default";
import { rule as namespacePodSecurity } from "../../policies/rules/kubernetes-namespace-pod-security";
import { rule as podImagePinned } from "../../policies/rules/kubernetes-pod-image-pinned";
import { rule as podNoHostNamespaces } from "../../policies/rules/kubernetes-pod-no-host-namespaces";
import { rule as podNoHostPath } from "../../policies/rules/kubernetes-pod-no-host-path";
import { rule as podNoLiteralSecretEnv } from "../../policies/rules/kubernetes-pod-no-literal-secret-env";
import { rule as podNoPrivilegeEscalation } from "../../policies/rules/kubernetes-pod-no-privilege-escalation";
import { POD_TYPES, rule as podNoPrivileged } from "../../policies/rules/kubernetes-pod-no-privileged";
import { rule as podNoServiceAccountToken } from "../../policies/rules/kubernetes-pod-no-service-account-token";
import { rule as podNonRoot } from "../../policies/rules/kubernetes-pod-non-root";
import { rule as podReadOnlyRootDropCapabilities } from "../../policies/rules/kubernetes-pod-read-only-root-drop-capabilities";
import { rule as podResources } from "../../policies/rules/kubernetes-pod-resources";
import { rule as podSeccomp } from "../../policies/rules/kubernetes-pod-seccomp";
import { rule as secretDataSecret } from "../../policies/rules/kubernetes-secret-data-secret";
import { INTERNAL_ANNOTATIONS, rule as serviceLoadBalancerRestricted } from "../../policies/rules/kubernetes-service-load-balancer-restricted";
import { rule as gatewayWebListenersOnly } from "../../policies/rules/kubernetes-gateway-web-listeners-only";
import { evaluate } from "../../policies/evaluate";
import { rule as storageClassEncrypted } from "../../policies/rules/kubernetes-storageclass-encrypted";
import { LOAD_BALANCER_ANNOTATIONS as AWS_LB } from "../../providers/aws/cluster";
import { LOAD_BALANCER_ANNOTATIONS as AZURE_LB } from "../../providers/azure/cluster-load-balancer";
import { LOAD_BALANCER_ANNOTATIONS as GCP_LB } from "../../providers/gcp/cluster";
import { assertException, assertFails, assertNotApplicable, assertPasses, findingsOn, referenceResources, resource, verdictOf } from "./helpers";

const JOB = "kubernetes:batch/v1:Job";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const ELASTICSEARCH = "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch";
const KIBANA = "kubernetes:kibana.k8s.elastic.co/v1:Kibana";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const SERVICE = "kubernetes:core/v1:Service";
const SECRET = "kubernetes:core/v1:Secret";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

type Json = Record<string, unknown>;

/** The container the package writes (the lifecycle Job's), with overrides. */
function container(overrides: Json = {}): Json {
    return {
        name: "main",
        image: "docker.elastic.co/elasticsearch/elasticsearch:9.4.3",
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
        ...overrides,
    };
}

const POD_SECURITY = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } };

/** A Job as the package writes it; `pod` and `main` override the pod spec and its one container. */
function job(pod: Json = {}, main: Json = {}, extra: Partial<CheckedResource> = {}): CheckedResource {
    return resource(JOB, {
        metadata: { name: "lifecycle", namespace: "logging" },
        spec: { template: { spec: { automountServiceAccountToken: false, securityContext: POD_SECURITY, containers: [container(main)], ...pod } } },
    }, extra);
}

/** Kibana as the package writes it, with the given pod template spec. */
function kibana(podSpec: Json | undefined, spec: Json = {}): CheckedResource {
    return resource(KIBANA, {
        metadata: { name: "kibana", namespace: "logging" },
        spec: { version: "9.4.3", ...(podSpec ? { podTemplate: { spec: podSpec } } : {}), ...spec },
    });
}

const KIBANA_POD = {
    securityContext: { fsGroup: 1000, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containers: [{ name: "kibana", resources: { requests: { cpu: "250m", memory: "2Gi" }, limits: { memory: "2Gi" } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, privileged: false, readOnlyRootFilesystem: true } }],
};

function release(chart: string, values: Json, extra: Partial<CheckedResource> = {}, props: Json = {}): CheckedResource {
    return resource(RELEASE, { chart, version: "1.2.3", namespace: "logging", repositoryOpts: { repo: "https://charts.example.com" }, values, ...props },
        { name: chart, ...extra });
}

const CONFINED = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

/** Fluent Bit's values as the package writes them. */
function fluentBit(overrides: Json = {}): Json {
    return {
        daemonSetVolumes: [
            { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
            { name: "state", hostPath: { path: "/var/lib/fluent-bit", type: "DirectoryOrCreate" } },
        ],
        daemonSetVolumeMounts: [{ name: "varlog", mountPath: "/var/log", readOnly: true }, { name: "state", mountPath: "/var/lib/fluent-bit" }],
        securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, privileged: false, ...CONFINED },
        resources: { requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "256Mi" } },
        ...overrides,
    };
}

describe("policies: kubernetes rules", () => {
    describe("pods the package defines (Job, workloads, ECK pod templates)", () => {
        it("kubernetes-pod-no-privileged: fails a privileged container, init containers included", () => {
            assertPasses(podNoPrivileged, job());
            assertPasses(podNoPrivileged, kibana(KIBANA_POD));
            assertFails(podNoPrivileged, job({}, { securityContext: { privileged: true } }), /container "main" .* runs privileged/);
            assertFails(podNoPrivileged, job({ initContainers: [container({ name: "sysctl", securityContext: { privileged: true } })] }), /"sysctl" .*initContainers\[0\]/);
            assertFails(podNoPrivileged, resource(ELASTICSEARCH, { spec: { nodeSets: [{ name: "a", podTemplate: { spec: { containers: [{ name: "elasticsearch", securityContext: { privileged: true } }] } } }] } }),
                /spec\.nodeSets\[0\]\.podTemplate\.spec\.containers\[0\]/);
            assertPasses(podNoPrivileged, resource("kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { spec: { containers: [container()] } } } } } }));
            assertFails(podNoPrivileged, resource("kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { spec: { containers: [container({ securityContext: { privileged: true } })] } } } } } }), /privileged/);
        });

        it("judges nothing it cannot see: a pod template computed during the deployment is not applicable", () => {
            assertNotApplicable(podNoPrivileged, resource(DEPLOYMENT, { spec: { template: { spec: UNKNOWN_VALUE } } }), /computed/);
            for (const type of ["kubernetes:core/v1:Pod", DEPLOYMENT, "kubernetes:apps/v1:DaemonSet", "kubernetes:apps/v1:StatefulSet", JOB, "kubernetes:batch/v1:CronJob", ELASTICSEARCH, KIBANA]) {
                assert.ok(POD_TYPES.includes(type), type);
            }
        });

        it("kubernetes-pod-no-privilege-escalation: fails unless every container says false, and an ECK template that leaves out its main container", () => {
            assertPasses(podNoPrivilegeEscalation, job());
            assertPasses(podNoPrivilegeEscalation, kibana(KIBANA_POD));
            assertFails(podNoPrivilegeEscalation, job({}, { securityContext: { readOnlyRootFilesystem: true } }), /"main" .*allowPrivilegeEscalation: false/);
            assertFails(podNoPrivilegeEscalation, job({}, { securityContext: { allowPrivilegeEscalation: true } }), /allowPrivilegeEscalation/);
            assertFails(podNoPrivilegeEscalation, kibana(undefined), /does not list the "kibana" container, so ECK's defaults decide/);
        });

        it("kubernetes-pod-no-host-namespaces: fails hostNetwork, hostPID, hostIPC and hostPort", () => {
            assertPasses(podNoHostNamespaces, job());
            assertFails(podNoHostNamespaces, job({ hostNetwork: true }), /hostNetwork is true/);
            assertFails(podNoHostNamespaces, job({ hostPID: true, hostIPC: true }), /hostPID is true; .*hostIPC is true/);
            assertFails(podNoHostNamespaces, job({}, { ports: [{ containerPort: 9100, hostPort: 9100 }] }), /binds hostPort 9100/);
            assertPasses(podNoHostNamespaces, job({ hostNetwork: false }, { ports: [{ containerPort: 9100 }] }));
        });

        it("kubernetes-pod-no-host-path: fails a hostPath volume, and says when it gives the container the node", () => {
            assertPasses(podNoHostPath, job({ volumes: [{ name: "tmp", emptyDir: {} }, { name: "ca", configMap: { name: "observability-ca" } }] }));
            assertFails(podNoHostPath, job({ volumes: [{ name: "logs", hostPath: { path: "/var/log" } }] }), /mounts the node's \/var\/log$/);
            assertFails(podNoHostPath, job({ volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }] }), /gives the container the node/);
        });

        it("kubernetes-pod-non-root: fails root by runAsUser 0 or runAsNonRoot unset or false, on the pod or the container", () => {
            assertPasses(podNonRoot, job());
            assertPasses(podNonRoot, kibana(KIBANA_POD));
            assertFails(podNonRoot, job({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } }, { securityContext: CONFINED }), /may run as root: runAsNonRoot is not set/);
            assertFails(podNonRoot, job({}, { securityContext: { ...CONFINED, runAsUser: 0 } }), /sets runAsUser 0/);
            assertFails(podNonRoot, job({}, { securityContext: { ...CONFINED, runAsNonRoot: false } }), /runAsNonRoot is false/);
            assertFails(podNonRoot, kibana({}), /does not list the "kibana" container.*does not set runAsNonRoot/);
            assertPasses(podNonRoot, kibana({ securityContext: { runAsNonRoot: true } }));
        });

        it("kubernetes-pod-read-only-root-drop-capabilities: fails a writable root, capabilities kept, or one added", () => {
            assertPasses(podReadOnlyRootDropCapabilities, job());
            assertPasses(podReadOnlyRootDropCapabilities, job({}, { securityContext: { ...CONFINED, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } }));
            assertFails(podReadOnlyRootDropCapabilities, job({}, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }), /root filesystem is writable/);
            assertFails(podReadOnlyRootDropCapabilities, job({}, { securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ["NET_RAW"] } } }), /does not drop ALL/);
            assertFails(podReadOnlyRootDropCapabilities, job({}, { securityContext: { ...CONFINED, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } } }), /adds SYS_ADMIN/);
            assertFails(podReadOnlyRootDropCapabilities, kibana({ securityContext: { runAsNonRoot: true } }), /does not list the "kibana" container/);
        });

        it("kubernetes-pod-seccomp: passes RuntimeDefault on the pod or every container, fails none or Unconfined", () => {
            assertPasses(podSeccomp, job());
            assertPasses(podSeccomp, job({ securityContext: { runAsNonRoot: true } }, { securityContext: { ...CONFINED, seccompProfile: { type: "RuntimeDefault" } } }));
            assertFails(podSeccomp, job({ securityContext: { runAsNonRoot: true } }), /"main" .*has no seccomp profile/);
            assertFails(podSeccomp, job({ securityContext: { seccompProfile: { type: "Unconfined" } } }), /seccompProfile\.type is Unconfined/);
            assertFails(podSeccomp, job({}, { securityContext: { ...CONFINED, seccompProfile: { type: "Unconfined" } } }), /"main" .*sets seccompProfile Unconfined/);
        });

        it("kubernetes-pod-no-service-account-token: fails a mounted default token; ECK's Elasticsearch and Kibana leave it out unless told", () => {
            assertPasses(podNoServiceAccountToken, job());
            assertFails(podNoServiceAccountToken, job({ automountServiceAccountToken: undefined }), /mounts the namespace's default service account's token \(automountServiceAccountToken is not false\)/);
            assertFails(podNoServiceAccountToken, job({ automountServiceAccountToken: true, serviceAccountName: "default" }), /"default" service account/);
            assertPasses(podNoServiceAccountToken, job({ automountServiceAccountToken: true, serviceAccountName: "lifecycle" }));
            assertPasses(podNoServiceAccountToken, kibana(KIBANA_POD));
            assertFails(podNoServiceAccountToken, kibana({ ...KIBANA_POD, automountServiceAccountToken: true }), /automountServiceAccountToken is true/);
            // ECK's Agent calls the Kubernetes API and gets the token by default.
            assertFails(podNoServiceAccountToken, resource("kubernetes:agent.k8s.elastic.co/v1alpha1:Agent", { spec: { daemonSet: { podTemplate: { spec: {} } } } }), /spec\.daemonSet\.podTemplate\.spec mounts/);
        });

        it("kubernetes-pod-resources: fails a container without CPU and memory requests or a memory limit; no CPU limit needed", () => {
            assertPasses(podResources, job());
            assertPasses(podResources, kibana(KIBANA_POD));
            assertFails(podResources, job({}, { resources: { requests: { cpu: "50m" }, limits: { cpu: "1" } } }), /lacks resources\.requests\.memory, resources\.limits\.memory/);
            assertFails(podResources, job({}, { resources: undefined }), /lacks resources\.requests\.cpu/);
            assertFails(podResources, kibana({ securityContext: { runAsNonRoot: true } }), /does not list the "kibana" container/);
        });

        it("kubernetes-pod-resources: a Helm release sizes its containers in every `resources` block of its values", () => {
            const sized = { requests: { cpu: "100m", memory: "150Mi" }, limits: { memory: "512Mi" } };
            assertPasses(podResources, release("eck-operator", { resources: sized }));
            // A volume's storage request is no container's size.
            assertPasses(podResources, release("x", { resources: sized, persistence: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "10Gi" } } } } } }));
            assertFails(podResources, release("x", { resources: sized, grafana: { resources: { limits: { memory: "1Gi" } } } }), /values\.grafana\.resources lacks requests\.cpu, requests\.memory/);
            assertFails(podResources, release("x", { replicas: 1 }), /no `resources` block/);
        });

        it("kubernetes-pod-no-literal-secret-env: passes secretKeyRef, fails a literal credential, one from a ConfigMap, or a key in any variable", () => {
            const env = (variables: Json[]) => job({}, { env: variables });
            assertPasses(podNoLiteralSecretEnv, env([
                { name: "ES_URL", value: "https://logs-es-http.logging.svc:9200" },
                { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: "logs-es-elastic-user", key: "elastic" } } },
                { name: "AUTH_TOKEN", value: "$(TOKEN_FROM_FILE)" },
            ]));
            assertFails(podNoLiteralSecretEnv, env([{ name: "ES_PASSWORD", value: "hunter2" }]), /env ES_PASSWORD holds its credential as a literal value/);
            // A Pulumi secret hides it in the state, not in the pod spec.
            assertFails(podNoLiteralSecretEnv, env([{ name: "api-key", value: SECRET_VALUE }]), /env api-key holds/);
            assertFails(podNoLiteralSecretEnv, env([{ name: "DB_PASSWORD", valueFrom: { configMapKeyRef: { name: "settings", key: "password" } } }]), /from a ConfigMap/);
            assertFails(podNoLiteralSecretEnv, env([{ name: "CONFIG", value: "-----BEGIN PRIVATE KEY-----\nMIG..." }]), /env CONFIG holds a PEM private key/);
        });

        it("kubernetes-pod-image-pinned: fails `latest` and untagged images, in pods and Helm values; ECK takes the image of its version", () => {
            assertPasses(podImagePinned, job());
            assertPasses(podImagePinned, job({}, { image: "registry.local:5000/tools/curl@sha256:0123abcd" }));
            assertPasses(podImagePinned, kibana(KIBANA_POD));
            assertFails(podImagePinned, job({}, { image: "busybox:latest" }), /uses the `latest` tag/);
            assertFails(podImagePinned, job({}, { image: "registry.local:5000/busybox" }), /has no tag/);
            assertPasses(podImagePinned, release("kube-prometheus-stack", { crds: { upgradeJob: { image: { busybox: { tag: "1.37.0" } } } } }));
            assertFails(podImagePinned, release("kube-prometheus-stack", { crds: { upgradeJob: { image: { busybox: { tag: "latest" } } } } }), /busybox\.tag is latest/);
            assertFails(podImagePinned, release("x", { sidecar: { image: "quay.io/kiwigrid/k8s-sidecar" } }), /values\.sidecar\.image .* has no tag/);
        });
    });

    describe("Helm releases", () => {
        it("kubernetes-helm-no-privileged-values: fails privileged, escalation, host namespaces, hostPort, added capabilities and host paths", () => {
            assertPasses(helmNoPrivilegedValues, release("eck-operator", { securityContext: { privileged: false, ...CONFINED }, hostNetwork: false }));
            assertFails(helmNoPrivilegedValues, release("x", { securityContext: { privileged: true } }), /values\.securityContext\.privileged is true/);
            assertFails(helmNoPrivilegedValues, release("x", { controller: { securityContext: { allowPrivilegeEscalation: true } } }), /allowPrivilegeEscalation is true/);
            assertFails(helmNoPrivilegedValues, release("x", { hostNetwork: true, agent: { hostPID: true } }), /values\.hostNetwork is true; values\.agent\.hostPID is true/);
            assertFails(helmNoPrivilegedValues, release("x", { ports: [{ containerPort: 80, hostPort: 80 }] }), /hostPort binds port 80/);
            assertFails(helmNoPrivilegedValues, release("x", { securityContext: { capabilities: { add: ["NET_ADMIN"] } } }), /capabilities\.add has NET_ADMIN/);
            assertFails(helmNoPrivilegedValues, release("x", { extraVolumes: [{ name: "root", hostPath: { path: "/" } }] }), /mounts the node's \//);
        });

        it("kubernetes-helm-no-privileged-values: Fluent Bit's host paths are an exception while read-only where documented and confined", () => {
            const compensatedBy = ["kubernetes-helm-hardened-containers", "kubernetes-helm-non-root"];
            assertException(helmNoPrivilegedValues, release("fluent-bit", fluentBit()), compensatedBy);
            // /var/log writable, or a path nobody documented, or the chart's own mounts, or an unconfined container.
            assertFails(helmNoPrivilegedValues, release("fluent-bit", fluentBit({ daemonSetVolumeMounts: [{ name: "varlog", mountPath: "/var/log" }] })), /may only mount read-only/);
            assertFails(helmNoPrivilegedValues, release("fluent-bit", fluentBit({ extraVolumes: [{ name: "etc", hostPath: { path: "/etc" } }] })), /mounts the node's \/etc/);
            const withoutVolumes = fluentBit();
            delete withoutVolumes.daemonSetVolumes;
            assertFails(helmNoPrivilegedValues, release("fluent-bit", withoutVolumes), /daemonSetVolumes is not set, so the chart's own host mounts apply/);
            assertFails(helmNoPrivilegedValues, release("fluent-bit", fluentBit({ securityContext: { runAsUser: 0 } })), /not confined: allowPrivilegeEscalation is not false/);
            // Another chart may not mount what Fluent Bit may.
            assertFails(helmNoPrivilegedValues, release("vector", fluentBit()), /mounts the node's \/var\/log/);
        });

        it("kubernetes-helm-no-privileged-values: node-exporter's host access (a chart default) is an exception only with its container confined", () => {
            const kps = (nodeExporter: Json, extra: Json = {}) => release("kube-prometheus-stack", { "prometheus-node-exporter": nodeExporter, ...extra });
            assertException(helmNoPrivilegedValues, kps({ containerSecurityContext: CONFINED }), ["kubernetes-helm-hardened-containers", "kubernetes-helm-non-root"]);
            assertFails(helmNoPrivilegedValues, kps({}), /node-exporter .* has host access, but its container context .* is not confined/);
            assertPasses(helmNoPrivilegedValues, kps({}, { nodeExporter: { enabled: false } }));
            // Stating the chart's defaults changes nothing; sharing the IPC namespace too, or elsewhere, does.
            assertException(helmNoPrivilegedValues, kps({ containerSecurityContext: CONFINED, hostNetwork: true, hostPID: true }), ["kubernetes-helm-hardened-containers", "kubernetes-helm-non-root"]);
            assertFails(helmNoPrivilegedValues, kps({ containerSecurityContext: CONFINED, hostIPC: true }), /prometheus-node-exporter\.hostIPC is true/);
            assertFails(helmNoPrivilegedValues, kps({ containerSecurityContext: CONFINED }, { grafana: { hostNetwork: true } }), /values\.grafana\.hostNetwork is true/);
            assert.ok(NODE_AGENTS["kube-prometheus-stack"].chartDefaults?.includes("hostNetwork"));
        });

        it("kubernetes-helm-hardened-containers: every container security context of the values is complete; pod contexts are left alone", () => {
            assertPasses(helmHardenedContainers, release("cluster-autoscaler", {
                // cluster-autoscaler calls the pod's context `securityContext`, the container's `containerSecurityContext`.
                securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
                containerSecurityContext: CONFINED,
            }));
            assertFails(helmHardenedContainers, release("x", { containerSecurityContext: { allowPrivilegeEscalation: false } }), /values\.containerSecurityContext: readOnlyRootFilesystem is not true, capabilities\.drop does not include ALL/);
            assertFails(helmHardenedContainers, release("fluent-bit", { securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } }), /allowPrivilegeEscalation is not false/);
        });

        it("kubernetes-helm-non-root: fails root anywhere; Fluent Bit's root is an exception while its container is confined", () => {
            assertPasses(helmNonRoot, release("eck-operator", { podSecurityContext: { runAsNonRoot: true }, securityContext: CONFINED }));
            assertFails(helmNonRoot, release("grafana", { securityContext: { runAsUser: 0 } }), /runs as root: values\.securityContext\.runAsUser is 0/);
            assertException(helmNonRoot, release("fluent-bit", fluentBit()), ["kubernetes-helm-hardened-containers", "kubernetes-helm-no-privileged-values"]);
            assertFails(helmNonRoot, release("fluent-bit", fluentBit({ securityContext: { runAsUser: 0, runAsNonRoot: false } })), /runs as root without being confined/);
            assertFails(helmNonRoot, release("fluent-bit", fluentBit({ hotReload: { securityContext: { runAsUser: 0 } } })), /outside Fluent Bit .* values\.hotReload\.securityContext\.runAsUser is 0/);
        });

        it("kubernetes-helm-secret-values: fails a plain credential, passes a Pulumi secret or a reference, and cannot tell in a policy pack", () => {
            const secretPlan = { secretPaths: ["values.grafana.adminPassword"] };
            assertPasses(helmSecretValues, release("kube-prometheus-stack", {
                grafana: {
                    admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
                    envFromSecret: "grafana-elasticsearch",
                    additionalDataSources: [{ secureJsonData: { basicAuthPassword: "${ELASTICSEARCH_PASSWORD}" } }],
                },
                alertmanager: { alertmanagerSpec: { useExistingSecret: true, configSecret: "alertmanager-config" } },
            }));
            assertPasses(helmSecretValues, release("grafana", { grafana: { adminPassword: SECRET_VALUE } }, secretPlan));
            assertFails(helmSecretValues, release("grafana", { grafana: { adminPassword: "hunter2" } }), /values\.grafana\.adminPassword is not a Pulumi secret, and adminPassword holds a value/);
            assertFails(helmSecretValues, release("fluent-bit", { config: { outputs: "[OUTPUT]\n    Name es\n    HTTP_User fluent-bit\n    HTTP_Passwd hunter2" } }), /config\.outputs .*a literal HTTP_Passwd/);
            assertFails(helmSecretValues, release("x", { env: [{ name: "SLACK_TOKEN", value: "abc" }] }), /values\.env\[0\]\.value is not a Pulumi secret/);
            assertPasses(helmSecretValues, release("fluent-bit", { config: { outputs: "[OUTPUT]\n    HTTP_Passwd ${ES_WRITER_PASSWORD}" } }));
            // In a policy pack secrets arrive unwrapped: whether it was a Pulumi secret cannot be seen, so no verdict.
            assertNotApplicable(helmSecretValues, release("grafana", { grafana: { adminPassword: "unwrapped" } }, { secretPaths: undefined }), /policy SDK hands rules secret values unwrapped.*values\.grafana\.adminPassword/);
        });

        it("recognises credentials by name and by shape, and leaves references alone", () => {
            for (const name of ["password", "ES_PASSWORD", "adminPassword", "smtp_auth_password", "api-key", "clientSecret", "AWS_SECRET_ACCESS_KEY", "token", "HTTP_Passwd"]) {
                assert.ok(isCredentialName(name), name);
            }
            for (const name of ["existingSecret", "envFromSecret", "configSecret", "useExistingSecret", "passwordKey", "secretName", "tokenFile", "ES_CA"]) {
                assert.ok(!isCredentialName(name), name);
            }
            assert.deepEqual(credentialsInText("tls.ca_file /ca.crt\nHTTP_Passwd ${ES_WRITER_PASSWORD}\npassword: |"), []);
            assert.deepEqual(credentialsInText("key: AKIAABCDEFGHIJKLMNOP"), ["an AWS access key id"]);
        });

        it("kubernetes-helm-chart-pinned: fails a missing or ranged chart version and a plain-HTTP repository", () => {
            assertPasses(helmChartPinned, release("fluent-bit", {}));
            assertPasses(helmChartPinned, release("local", {}, {}, { chart: "./charts/local", version: undefined }));
            assertFails(helmChartPinned, release("fluent-bit", {}, {}, { version: undefined }), /no chart version/);
            assertFails(helmChartPinned, release("fluent-bit", {}, {}, { version: "^0.58.0" }), /not one exact version/);
            assertFails(helmChartPinned, release("fluent-bit", {}, {}, { repositoryOpts: { repo: "http://charts.example.com" } }), /plain HTTP/);
        });
    });

    describe("exposure, credentials, namespaces and storage", () => {
        const lb = (annotations: Json, spec: Json) => resource(SERVICE, { metadata: { name: "ui", namespace: "monitoring", annotations }, spec: { type: "LoadBalancer", ...spec } });

        it("kubernetes-service-load-balancer-restricted: a LoadBalancer is internal or admits an allowlist", () => {
            assertPasses(serviceLoadBalancerRestricted, lb({ "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" }, { loadBalancerSourceRanges: ["203.0.113.0/24"] }));
            assertPasses(serviceLoadBalancerRestricted, lb({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" }, {}));
            assertPasses(serviceLoadBalancerRestricted, resource(SERVICE, { spec: { type: "ClusterIP" } }));
            assertFails(serviceLoadBalancerRestricted, lb({}, {}), /the Service is an internet-facing LoadBalancer open to everyone/);
            assertFails(serviceLoadBalancerRestricted, lb({}, { loadBalancerSourceRanges: ["203.0.113.0/24", "0.0.0.0/0"] }), /0\.0\.0\.0\/0 is the internet/);
            // Two halves of the internet are the internet.
            assertFails(serviceLoadBalancerRestricted, lb({}, { loadBalancerSourceRanges: ["0.0.0.0/1", "128.0.0.0/1"] }), /0\.0\.0\.0\/1 is wider than a \/8/);
            assertFails(serviceLoadBalancerRestricted, resource(SERVICE, { spec: { type: "ClusterIP", externalIPs: ["198.51.100.7"] } }), /externalIPs 198\.51\.100\.7/);
            assertPasses(serviceLoadBalancerRestricted, lb({ "service.beta.kubernetes.io/load-balancer-source-ranges": "203.0.113.0/24" }, {}));
        });

        it("kubernetes-service-load-balancer-restricted: reads Helm values' service blocks and ECK's http.service", () => {
            const grafana = (service: Json) => release("kube-prometheus-stack", { grafana: { service } });
            assertPasses(serviceLoadBalancerRestricted, grafana({ type: "LoadBalancer", annotations: {}, loadBalancerSourceRanges: ["203.0.113.0/24"], port: 443 }));
            assertPasses(serviceLoadBalancerRestricted, grafana({ type: "ClusterIP" }));
            assertFails(serviceLoadBalancerRestricted, grafana({ type: "LoadBalancer", annotations: {}, port: 443 }), /values\.grafana\.service is an internet-facing LoadBalancer open to everyone/);
            assertPasses(serviceLoadBalancerRestricted, release("x", { controller: { service: { metadata: { annotations: { "networking.gke.io/load-balancer-type": "Internal" } }, spec: { type: "LoadBalancer" } } } }));
            const kibanaService = (service: Json) => kibana(KIBANA_POD, { http: { service } });
            assertPasses(serviceLoadBalancerRestricted, kibanaService({ metadata: { annotations: {} }, spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] } }));
            assertFails(serviceLoadBalancerRestricted, kibanaService({ metadata: { annotations: {} }, spec: { type: "LoadBalancer" } }), /spec\.http\.service is an internet-facing LoadBalancer/);
        });

        const GATEWAY_TYPE = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
        const https = { name: "https", port: 443, protocol: "HTTPS", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "tls" }] } };
        const gateway = (...listeners: Json[]) => resource(GATEWAY_TYPE, {
            metadata: { name: "platform", namespace: "gateway" },
            spec: { gatewayClassName: "anycloud", infrastructure: { parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "platform" } }, listeners },
        }, { name: "gateway" });
        const proxy = (envoyService: Json) => resource("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", {
            metadata: { name: "platform", namespace: "gateway" }, spec: { provider: { type: "Kubernetes", kubernetes: { envoyService } } },
        }, { name: "proxy" });

        it("kubernetes-gateway-web-listeners-only: HTTP on 80 for the redirect, HTTPS on 443 with a certificate, nothing else", () => {
            const redirect = { name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } };
            assertPasses(gatewayWebListenersOnly, gateway(redirect, https));
            assertPasses(gatewayWebListenersOnly, gateway({ name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "All" } } }));
            assertFails(gatewayWebListenersOnly, gateway(redirect, https, { name: "ssh", port: 22, protocol: "TCP" }), /listener ssh is TCP on port 22/);
            assertFails(gatewayWebListenersOnly, gateway({ ...redirect, allowedRoutes: { namespaces: { from: "All" } } }, https), /serves plaintext HTTP to routes from All namespaces/);
            assertFails(gatewayWebListenersOnly, gateway(redirect, { ...https, tls: { mode: "Passthrough" } }), /does not terminate TLS/);
        });

        it("kubernetes-service-load-balancer-restricted: the public Gateway's proxy is an exception held by its web-only listeners", () => {
            const open = proxy({ type: "LoadBalancer", loadBalancerSourceRanges: ["0.0.0.0/0"] });
            const redirect = { name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } };
            assert.equal(verdictOf(serviceLoadBalancerRestricted, open, [gateway(redirect, https)]).status, "exception");
            // Not the proxy of any Gateway: a plain public load balancer.
            assertFails(serviceLoadBalancerRestricted, open, /envoyService is an internet-facing LoadBalancer admitting more than an allowlist/);
            // The default type is LoadBalancer.
            assertFails(serviceLoadBalancerRestricted, proxy({}), /open to everyone/);
            assertPasses(serviceLoadBalancerRestricted, proxy({ type: "ClusterIP" }));
            // The exception falls when the Gateway serves more than the web.
            const report = evaluate([serviceLoadBalancerRestricted, gatewayWebListenersOnly], [open, gateway(redirect, https, { name: "db", port: 5432, protocol: "TCP" })]);
            assert.equal(report.rules[0].status, "fail");
        });

        it("knows every cloud adapter's internal load balancer annotation", () => {
            for (const [cloud, internal] of Object.entries({ aws: AWS_LB.internal, azure: AZURE_LB.internal, gcp: GCP_LB.internal })) {
                const recognised = Object.entries(internal as Record<string, string>)
                    .some(([key, value]) => INTERNAL_ANNOTATIONS[key] === value.toLowerCase());
                assert.ok(recognised, `${cloud}'s internal annotations ${JSON.stringify(internal)}`);
                assertPasses(serviceLoadBalancerRestricted, lb(internal as Json, {}));
            }
        });

        it("kubernetes-eck-http-tls: fails ECK's HTTP TLS turned off without a certificate of one's own", () => {
            assertPasses(eckHttpTls, kibana(KIBANA_POD, { http: { tls: { certificate: { secretName: "kibana-http-tls" } } } }));
            assertPasses(eckHttpTls, kibana(KIBANA_POD, { http: { tls: { selfSignedCertificate: { disabled: true }, certificate: { secretName: "kibana-http-tls" } } } }));
            assertFails(eckHttpTls, resource(ELASTICSEARCH, { spec: { http: { tls: { selfSignedCertificate: { disabled: true } } } } }), /serves plain HTTP/);
        });

        it("kubernetes-secret-data-secret: a Secret's data and stringData are Pulumi secrets; a policy pack cannot tell", () => {
            assertPasses(secretDataSecret, resource(SECRET, { type: "Opaque", stringData: SECRET_VALUE }, { secretPaths: ["stringData"] }));
            assertPasses(secretDataSecret, resource(SECRET, { data: { password: SECRET_VALUE } }, { secretPaths: ["data.password"] }));
            assertPasses(secretDataSecret, resource(SECRET, { type: "Opaque" }, { secretPaths: undefined }));
            assertFails(secretDataSecret, resource(SECRET, { stringData: { username: "admin", password: "hunter2" } }), /stringData \(username, password\) in clear/);
            assertNotApplicable(secretDataSecret, resource(SECRET, { stringData: { password: "unwrapped" } }, { secretPaths: undefined }), /policy SDK/);
        });

        it("kubernetes-configmap-no-credentials: fails a credential key, assignment or private key; a CA certificate may stay", () => {
            const pem = "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n";
            assertPasses(configMapNoCredentials, resource(CONFIG_MAP, { data: { "ca.crt": pem } }));
            assertFails(configMapNoCredentials, resource(CONFIG_MAP, { data: { password: "hunter2" } }), /data\.password is named as a credential/);
            assertFails(configMapNoCredentials, resource(CONFIG_MAP, { data: { "app.ini": "[db]\nuser = app\npassword = hunter2\n" } }), /data\.app\.ini holds a literal password/);
            assertFails(configMapNoCredentials, resource(CONFIG_MAP, { data: { "tls.key": "-----BEGIN EC PRIVATE KEY-----\nMHc..." } }), /a PEM private key/);
        });

        it("kubernetes-namespace-not-default: fails an object or release in `default` or with no namespace", () => {
            assertPasses(namespaceNotDefault, job());
            assertPasses(namespaceNotDefault, release("fluent-bit", {}));
            assertFails(namespaceNotDefault, resource(CONFIG_MAP, { metadata: { name: "x", namespace: "default" } }), /metadata\.namespace is default/);
            assertFails(namespaceNotDefault, resource(SECRET, { metadata: { name: "x" } }), /no metadata\.namespace/);
            assertFails(namespaceNotDefault, release("fluent-bit", {}, {}, { namespace: undefined }), /no namespace/);
            // In a preview the namespace may come from the Namespace resource's output.
            assertPasses(namespaceNotDefault, resource(SECRET, { metadata: { name: "x" } }, { propertyDependencies: { metadata: ["urn:pulumi:s::p::kubernetes:core/v1:Namespace::logging"] } }));
        });

        it("kubernetes-namespace-pod-security: a namespace enforces baseline or restricted, unless it runs a node agent", () => {
            const namespace = (labels: Json) => resource(NAMESPACE, { metadata: { name: "logging", labels } }, { urn: "urn:pulumi:test::anycloud::kubernetes:core/v1:Namespace::logging" });
            assertPasses(namespacePodSecurity, namespace({ "pod-security.kubernetes.io/enforce": "restricted" }));
            assertFails(namespacePodSecurity, namespace({ "app.kubernetes.io/managed-by": "anycloud" }), /enforces no Pod Security Standard \(pod-security\.kubernetes\.io\/enforce is not set\)/);
            assertFails(namespacePodSecurity, namespace({ "pod-security.kubernetes.io/enforce": "privileged" }), /is privileged/);
            assertException(namespacePodSecurity, namespace({}), ["kubernetes-helm-no-privileged-values", "kubernetes-helm-hardened-containers"], [release("fluent-bit", fluentBit())]);
            // A node agent in another namespace is no reason.
            assertFails(namespacePodSecurity, namespace({}), /enforces no Pod Security Standard/, [release("fluent-bit", fluentBit(), {}, { namespace: "agents" })]);
        });

        it("kubernetes-storageclass-encrypted: EBS volumes ask for encryption; Azure and GCP disks always have it", () => {
            assertPasses(storageClassEncrypted, resource(STORAGE_CLASS, { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true", kmsKeyId: "arn:aws:kms:eu-central-1:1:key/x" } }));
            assertFails(storageClassEncrypted, resource(STORAGE_CLASS, { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } }), /parameters\.encrypted is not set/);
            assertPasses(storageClassEncrypted, resource(STORAGE_CLASS, { provisioner: "pd.csi.storage.gke.io", parameters: { type: "pd-balanced" } }));
            assertNotApplicable(storageClassEncrypted, resource(STORAGE_CLASS, { provisioner: "example.com/nfs" }), /not one this rule knows/);
        });
    });

    it("every reference stack passes every kubernetes rule (exceptions aside), and each rule judges something", async () => {
        const judged = new Set<string>();
        const failures: string[] = [];
        for (const stack of ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"]) {
            for (const finding of await findingsOn(stack, KUBERNETES_RULES)) {
                judged.add(finding.rule);
                if (finding.status === "fail") {
                    failures.push(`${stack} ${finding.rule} ${finding.urn}: ${finding.message}`);
                }
            }
        }
        assert.deepEqual(failures, [], `failing findings:\n${failures.join("\n")}`);
        assert.deepEqual(KUBERNETES_RULES.map((r) => r.id).filter((id) => !judged.has(id)), [], "rules that match nothing in any reference stack");
    });

    it("records the documented exceptions on the reference stacks, and a prod stack's exposed UIs admit only the allowlist", async () => {
        const findings = await findingsOn("aws-prod", KUBERNETES_RULES);
        const exceptions = findings.filter((f) => f.status === "exception").map((f) => `${f.rule} ${f.urn.split("::").pop()}`).sort();
        assert.deepEqual(exceptions, [
            "kubernetes-helm-no-privileged-values platform-observability-fluent-bit",
            "kubernetes-helm-no-privileged-values platform-observability-kube-prometheus-stack",
            "kubernetes-helm-non-root platform-observability-fluent-bit",
            "kubernetes-namespace-pod-security platform-observability-logging",
            "kubernetes-namespace-pod-security platform-observability-monitoring",
            "kubernetes-service-load-balancer-restricted platform-ingress-gateway-proxy",
        ]);
        // `observability.exposure: allowlist`: Grafana's and Kibana's load balancers pass because of their source ranges.
        const resources = await referenceResources("aws-prod");
        const grafana = resources.find((r) => r.type === RELEASE && r.props.chart === "kube-prometheus-stack")!;
        const kibanaUi = resources.find((r) => r.type === KIBANA)!;
        assertPasses(serviceLoadBalancerRestricted, grafana);
        assertPasses(serviceLoadBalancerRestricted, kibanaUi);
        const opened = structuredClone(grafana);
        delete (opened.props as { values: { grafana: { service: Json } } }).values.grafana.service.loadBalancerSourceRanges;
        assertFails(serviceLoadBalancerRestricted, opened, /values\.grafana\.service is an internet-facing LoadBalancer open to everyone/);
        const openedKibana = structuredClone(kibanaUi);
        (openedKibana.props as { spec: { http: { service: { spec: Json } } } }).spec.http.service.spec.loadBalancerSourceRanges = ["0.0.0.0/0"];
        assertFails(serviceLoadBalancerRestricted, openedKibana, /0\.0\.0\.0\/0 is the internet/);
    });
});
