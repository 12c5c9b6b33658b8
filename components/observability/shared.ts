import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAddonSupport } from "../cluster";
import type { PlatformContext } from "../context";
import type { Exposure, ObservabilitySettings } from "../types";
import type { CertificateAuthority } from "./certificates";
import type { ObservabilityGateway } from "./gateway-routes";

/**
 * Pinned charts and images of the observability stack. The upstream suite (npm run test:upstream)
 * checks every Helm value key the code sets against ../shared/reference/charts/<chart>-<version>/,
 * so a version bump here needs the matching pinned defaults there.
 */
export const CHARTS = {
    kubePrometheusStack: { chart: "kube-prometheus-stack", version: "88.5.3", repo: "https://prometheus-community.github.io/helm-charts" },
    eckOperator: { chart: "eck-operator", version: "3.5.0", repo: "https://helm.elastic.co" },
    fluentBit: { chart: "fluent-bit", version: "0.58.1", repo: "https://fluent.github.io/helm-charts" },
} as const;

/** Elasticsearch and Kibana (ECK 3.5.0 accepts 7.x-9.x; 9.4.3 is what its own samples run). */
export const ELASTIC_STACK_VERSION = "9.4.3";

export const NAMESPACES = { monitoring: "monitoring", logging: "logging" } as const;

/** Names of the objects the components create, and of those ECK derives from them. */
export const NAMES = {
    elasticsearch: "logs",
    kibana: "kibana",
    /** ECK: the Service in front of Elasticsearch's HTTP port. */
    elasticsearchService: "logs-es-http",
    /** ECK: the `elastic` superuser's password (key `elastic`). */
    elasticUserSecret: "logs-es-elastic-user",
    /** ECK: the Service only the operator uses (its certificate covers this name too). */
    elasticsearchInternalService: "logs-es-internal-http",
    kibanaService: "kibana-kb-http",
    /**
     * HTTPS certificates signed by the observability CA (certificates.ts), type kubernetes.io/tls with
     * ca.crt: Elasticsearch's and Kibana's in logging (given to ECK), Grafana's in monitoring.
     */
    elasticsearchTlsSecret: "elasticsearch-http-tls",
    kibanaTlsSecret: "kibana-http-tls",
    grafanaTlsSecret: "grafana-tls",
    /** ConfigMap with the observability CA alone (key `ca.crt`), in logging: what Fluent Bit and the lifecycle Job trust. */
    caConfigMap: "observability-ca",
    /** Index names are `<prefix>-YYYY.MM.DD`; the lifecycle policy and template match `<prefix>-*`. */
    logIndexPrefix: "anycloud-logs",
    grafanaAdminSecret: "grafana-admin",
} as const;

export const ELASTICSEARCH_URL = `https://${NAMES.elasticsearchService}.${NAMESPACES.logging}.svc:9200`;

/** Service ports the two user interfaces are served on, both HTTPS (Grafana on the standard port: https://<address>/). */
export const UI_PORTS = { grafana: 443, kibana: 5601 } as const;

/** What every part of the observability stack gets from the component. */
export interface ObservabilityPartArgs {
    context: PlatformContext;
    settings: ObservabilitySettings;
    support: ClusterAddonSupport;
    provider: KubernetesProvider;
    /** The part's namespace, created by the component. */
    namespace: pulumi.Resource;
    /** Resources an exposed Service waits for (the network's firewall opening, where a cloud needs one). */
    exposureReady: pulumi.Resource[];
    /** The stack's private CA, signing every HTTPS certificate of the observability stack. */
    ca: CertificateAuthority;
    /** With exposure: gateway, the platform Gateway's listeners for the user interfaces. */
    gateway?: ObservabilityGateway;
}

/** The user interfaces' listener names on the platform's Gateway (exposure: gateway): grafana.<domain>, kibana.<domain>. */
export const GATEWAY_HOSTS = { grafana: "grafana", kibana: "kibana" } as const;

/** Options of a Kubernetes object on the cluster: its provider, and deleted with the cluster (never waited on when it goes). */
export function kubernetesOptions(args: Pick<ObservabilityPartArgs, "provider" | "support">, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[] = []): pulumi.CustomResourceOptions {
    return { parent, provider: args.provider, deletedWith: args.support.cluster, dependsOn };
}

/**
 * How a user interface's Service is reached: ClusterIP (exposure internal, and gateway, where the
 * Gateway's route reaches it inside the cluster), or a load balancer admitting exactly the office allowlist.
 */
export interface ServiceExposure {
    type: "ClusterIP" | "LoadBalancer";
    annotations: Record<string, string>;
    loadBalancerSourceRanges?: string[];
}

export function serviceExposure(exposure: Exposure, support: ClusterAddonSupport, allowedCidrs: string[]): ServiceExposure {
    if (exposure === "allowlist") {
        // Validation refuses an empty allowlist here: an empty loadBalancerSourceRanges means the whole internet.
        return { type: "LoadBalancer", annotations: { ...support.loadBalancer.externalAnnotations }, loadBalancerSourceRanges: [...allowedCidrs] };
    }
    return { type: "ClusterIP", annotations: {} };
}
