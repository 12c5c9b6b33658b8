import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAddonSupport } from "../cluster";
import type { PlatformContext } from "../context";
import type { IngressSettings } from "../types";

/**
 * Pinned charts and manifests of the edge. The upstream suite (npm run test:upstream) checks every Helm
 * value key the code sets against ../shared/reference/charts/<chart>-<version>/ and every custom
 * resource against the pinned CRDs, so a version bump here needs the matching pinned copies there.
 */
export const CHARTS = {
    /** Envoy Gateway's control plane; published as an OCI chart only. */
    envoyGateway: { chart: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.9.0" },
    certManager: { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" },
    /** Not among ../shared/reference/charts: its value keys were checked by hand against the chart at tag external-dns-helm-chart-1.21.1. */
    externalDns: { chart: "external-dns", version: "1.21.1", repo: "https://kubernetes-sigs.github.io/external-dns/" },
} as const;

/**
 * The CRDs installed and upgraded deliberately, by Pulumi with server-side apply, before anything that
 * uses them: a chart's crds/ folder is installed once and never upgraded by Helm, and Envoy Gateway's
 * chart would bring the experimental channel. Gateway API: the standard channel of the version Envoy
 * Gateway v1.9 is built against (its chart bundles v1.6.1, experimental). Envoy Gateway's own CRDs: the
 * release's envoy-gateway-crds.yaml (its gateway-crds-helm chart rendered with only those enabled).
 */
export const CRD_MANIFESTS = {
    gatewayApi: { version: "v1.6.1", url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml" },
    envoyGateway: { version: "v1.9.0", url: "https://github.com/envoyproxy/gateway/releases/download/v1.9.0/envoy-gateway-crds.yaml" },
} as const;

export const NAMESPACES = {
    /** Envoy Gateway's controller and the Envoy proxies it runs for each Gateway. */
    envoyGateway: "envoy-gateway-system",
    /** The shared Gateway, its EnvoyProxy, certificates and the HTTP-to-HTTPS redirect. */
    gateway: "gateway",
    certManager: "cert-manager",
    externalDns: "external-dns",
} as const;

export const NAMES = {
    gatewayClass: "anycloud",
    /** EnvoyProxy of the GatewayClass: no load balancer for a Gateway that does not bring its own. */
    classProxy: "no-load-balancer",
    gateway: "platform",
    /** The Gateway's own EnvoyProxy: its Service, replicas and disruption budget. */
    gatewayProxy: "platform",
    redirect: "https-redirect",
    clusterIssuer: "letsencrypt",
    acmeAccountSecret: "letsencrypt-account-key",
    externalDnsServiceAccount: "external-dns",
    externalDnsConfig: "external-dns-config",
} as const;

/** The Gateway's only ports: HTTP (the redirect to HTTPS, and ACME HTTP-01), HTTPS. */
export const PORTS = { http: 80, https: 443 } as const;

/** Listener names (Gateway API sectionName) of the shared Gateway. */
export const LISTENERS = { http: "http", https: "https" } as const;

/**
 * The namespace label that lets a namespace's HTTPRoutes attach to the application listener: publishing
 * on the internet is a decision, so the platform team labels the namespaces that may.
 */
export const ROUTE_NAMESPACE_LABEL = "anycloud.io/gateway";

/** Let's Encrypt's production ACME directory. */
export const LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

/** Controller name Envoy Gateway's chart configures (config.envoyGateway.gateway.controllerName). */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";

/** A host name served to some sources only (Grafana, Kibana): its own HTTPS listener, admitting routes of one namespace, and a client address check. */
export interface RestrictedHost {
    /** The listener's name and the host name's first label: <name>.<domain>. */
    name: string;
    /** The only namespace whose HTTPRoutes may attach to the listener. */
    namespace: string;
    /** Client ranges admitted (Envoy Gateway SecurityPolicy clientCIDRs); every other client gets 403. */
    sources: string[];
}

/** Where a restricted host is published: the Gateway and listener its HTTPRoute names as parent. */
export interface GatewayListener {
    gateway: { name: string; namespace: string };
    sectionName: string;
    hostname: string;
}

export interface IngressPartArgs {
    context: PlatformContext;
    settings: IngressSettings;
    support: ClusterAddonSupport;
    provider: KubernetesProvider;
}

/** Options of a Kubernetes object on the cluster: its provider, and deleted with the cluster (never waited on when it goes). */
export function kubernetesOptions(args: Pick<IngressPartArgs, "provider" | "support">, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[] = []): pulumi.CustomResourceOptions {
    return { parent, provider: args.provider, deletedWith: args.support.cluster, dependsOn };
}

/** Labels every namespace of the edge carries: managed by anycloud, the restricted Pod Security Standard enforced. */
export const NAMESPACE_LABELS = {
    "app.kubernetes.io/managed-by": "anycloud",
    "pod-security.kubernetes.io/enforce": "restricted",
} as const;

/** The host names the Gateway serves with TLS: the domain, and <name>.<domain> per restricted host. */
export function hostNames(domain: string, restricted: RestrictedHost[]): string[] {
    return [domain, ...restricted.map((host) => `${host.name}.${domain}`)];
}
