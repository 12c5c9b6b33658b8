import { Rule } from "../rule";
import { rule as eckHttpTls } from "./kubernetes-eck-http-tls";
import { rule as configMapNoCredentials } from "./kubernetes-configmap-no-credentials";
import { rule as helmChartPinned } from "./kubernetes-helm-chart-pinned";
import { rule as helmHardenedContainers } from "./kubernetes-helm-hardened-containers";
import { rule as helmNoPrivilegedValues } from "./kubernetes-helm-no-privileged-values";
import { rule as helmNonRoot } from "./kubernetes-helm-non-root";
import { rule as helmSecretValues } from "./kubernetes-helm-secret-values";
import { rule as namespaceNotDefault } from "./kubernetes-namespace-not-default";
import { rule as namespacePodSecurity } from "./kubernetes-namespace-pod-security";
import { rule as podImagePinned } from "./kubernetes-pod-image-pinned";
import { rule as podNoHostNamespaces } from "./kubernetes-pod-no-host-namespaces";
import { rule as podNoHostPath } from "./kubernetes-pod-no-host-path";
import { rule as podNoLiteralSecretEnv } from "./kubernetes-pod-no-literal-secret-env";
import { rule as podNoPrivilegeEscalation } from "./kubernetes-pod-no-privilege-escalation";
import { rule as podNoPrivileged } from "./kubernetes-pod-no-privileged";
import { rule as podNoServiceAccountToken } from "./kubernetes-pod-no-service-account-token";
import { rule as podNonRoot } from "./kubernetes-pod-non-root";
import { rule as podReadOnlyRootDropCapabilities } from "./kubernetes-pod-read-only-root-drop-capabilities";
import { rule as podResources } from "./kubernetes-pod-resources";
import { rule as podSeccomp } from "./kubernetes-pod-seccomp";
import { rule as secretDataSecret } from "./kubernetes-secret-data-secret";
import { rule as serviceLoadBalancerRestricted } from "./kubernetes-service-load-balancer-restricted";
import { rule as gatewayWebListenersOnly } from "./kubernetes-gateway-web-listeners-only";
import { rule as storageClassEncrypted } from "./kubernetes-storageclass-encrypted";

/** Every kubernetes rule, one per file in this folder (policies/rules/kubernetes-<service>-<rule>.ts). */
export const KUBERNETES_RULES: readonly Rule[] = [
    // Pods the package defines itself: the lifecycle Job, ECK's Elasticsearch and Kibana pod templates.
    podNoPrivileged,
    podNoPrivilegeEscalation,
    podNoHostNamespaces,
    podNoHostPath,
    podNonRoot,
    podReadOnlyRootDropCapabilities,
    podSeccomp,
    podNoServiceAccountToken,
    podResources,
    podNoLiteralSecretEnv,
    podImagePinned,
    // Helm releases: what their values turn on.
    helmNoPrivilegedValues,
    helmHardenedContainers,
    helmNonRoot,
    helmSecretValues,
    helmChartPinned,
    // Exposure, credentials, namespaces, storage.
    serviceLoadBalancerRestricted,
    gatewayWebListenersOnly,
    eckHttpTls,
    secretDataSecret,
    configMapNoCredentials,
    namespaceNotDefault,
    namespacePodSecurity,
    storageClassEncrypted,
];
