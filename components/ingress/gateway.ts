import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerService } from "../cluster";
import {
    CHARTS, ENVOY_GATEWAY_CONTROLLER, GatewayListener, IngressPartArgs, kubernetesOptions, LISTENERS, NAMES, NAMESPACES, PORTS,
    RestrictedHost, ROUTE_NAMESPACE_LABEL,
} from "./shared";

const GATEWAY_API = "gateway.networking.k8s.io";
const ENVOY_GATEWAY_API = "gateway.envoyproxy.io";

/** Envoy's container: what one proxy replica asks for and may use. */
export const ENVOY_RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } };

/** Replicas of the Envoy proxy in front of the applications: one in dev, two elsewhere (one per zone at a time, a disruption budget). */
export const envoyReplicas = (environment: string) => (environment === "dev" ? 1 : 2);

/** The TLS Secret of an HTTPS listener (cert-manager writes it, the listener reads it). */
export const tlsSecretName = (listener: string) => `gateway-tls-${listener}`;

/**
 * Envoy Gateway's control plane, with CRDs off: crds.ts applies them deliberately. Its controller
 * creates, per Gateway, an Envoy Deployment and the Service of type LoadBalancer in front of it, in its
 * own namespace.
 */
export function createEnvoyGateway(name: string, args: IngressPartArgs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): Release {
    return new Release(`${name}-envoy-gateway`, {
        name: "envoy-gateway",
        chart: CHARTS.envoyGateway.chart,
        version: CHARTS.envoyGateway.version,
        namespace: NAMESPACES.envoyGateway,
        atomic: true,
        values: {
            crds: { enabled: false },
            deployment: {
                envoyGateway: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1024Mi" } } },
            },
            certgen: { job: { resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } } } },
        },
    }, kubernetesOptions(args, parent, [...dependsOn, ...args.support.workloadsReady]));
}

/** The Service settings of the Gateway's load balancer: the cloud's, for an external or internal one. */
function gatewayService(args: IngressPartArgs): LoadBalancerService {
    return args.settings.internal ? args.support.ingress.service.internal : args.support.ingress.service.external;
}

/**
 * The Gateway's EnvoyProxy: its Service is a LoadBalancer with the cloud's annotations, admitting
 * `sourceRanges` only (the cloud's controller writes them into the load balancer's firewall, for the
 * Service's ports, which are the listeners' ports: 80 and 443); externalTrafficPolicy Local keeps the
 * client's address on the way to Envoy (the restricted hosts' check needs it) and sends traffic only to
 * nodes running Envoy.
 */
export function gatewayProxySpec(args: IngressPartArgs): Record<string, unknown> {
    const service = gatewayService(args);
    const replicas = envoyReplicas(args.context.environment);
    return {
        provider: {
            type: "Kubernetes",
            kubernetes: {
                envoyService: {
                    type: "LoadBalancer",
                    annotations: { ...service.annotations },
                    ...(service.loadBalancerClass ? { loadBalancerClass: service.loadBalancerClass } : {}),
                    loadBalancerSourceRanges: [...args.settings.sourceRanges],
                    externalTrafficPolicy: "Local",
                },
                envoyDeployment: {
                    replicas,
                    container: { resources: ENVOY_RESOURCES },
                },
                ...(replicas > 1 ? { envoyPDB: { minAvailable: 1 } } : {}),
            },
        },
    };
}

export interface GatewayArgs extends IngressPartArgs {
    restricted: RestrictedHost[];
    /** What the Gateway's load balancer must wait for: the network's firewall opening (Azure). */
    loadBalancerReady: pulumi.Resource[];
    /** The Gateway's namespace. */
    namespace: pulumi.Resource;
}

export interface GatewayOutputs {
    gateway: CustomResource;
    /** The HTTPS listeners and their host names (empty without a domain). */
    httpsListeners: { listener: string; hostname: string }[];
    /** Per restricted host, where its route attaches. */
    restrictedListeners: Record<string, GatewayListener>;
}

/** The listeners: 80 always; 443 per host name when the Gateway has a domain (and with it certificates). */
export function gatewayListeners(args: Pick<GatewayArgs, "settings" | "restricted">): Record<string, unknown>[] {
    const { domain } = args.settings;
    const applications = { namespaces: { from: "Selector", selector: { matchLabels: { [ROUTE_NAMESPACE_LABEL]: NAMES.gateway } } } };
    if (!domain) {
        // No certificate: the applications on plain HTTP (dev without a domain); validation keeps restricted hosts out.
        return [{ name: LISTENERS.http, protocol: "HTTP", port: PORTS.http, allowedRoutes: applications }];
    }
    const https = (listener: string, hostname: string, allowedRoutes: Record<string, unknown>) => ({
        name: listener,
        protocol: "HTTPS",
        port: PORTS.https,
        hostname,
        tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(listener) }] },
        allowedRoutes,
    });
    return [
        // Only the Gateway's own namespace: the redirect to HTTPS, and cert-manager's HTTP-01 challenge routes.
        { name: LISTENERS.http, protocol: "HTTP", port: PORTS.http, allowedRoutes: { namespaces: { from: "Same" } } },
        https(LISTENERS.https, domain, applications),
        ...args.restricted.map((host) => https(host.name, `${host.name}.${domain}`, {
            namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": host.namespace } } },
        })),
    ];
}

/**
 * The GatewayClass (its own EnvoyProxy gives a Gateway no load balancer, so another Gateway of the class
 * is not exposed by accident), the shared Gateway with its EnvoyProxy, the redirect of HTTP to HTTPS, and
 * per restricted host a SecurityPolicy on its listener admitting only its sources.
 */
export function createGateway(name: string, args: GatewayArgs, parent: pulumi.Resource, envoyGateway: Release): GatewayOutputs {
    const afterController = kubernetesOptions(args, parent, [envoyGateway, args.namespace]);
    const classProxy = new CustomResource(`${name}-class-proxy`, {
        apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
        kind: "EnvoyProxy",
        metadata: { name: NAMES.classProxy, namespace: NAMESPACES.envoyGateway },
        spec: { provider: { type: "Kubernetes", kubernetes: { envoyService: { type: "ClusterIP" } } } },
    }, afterController);
    const gatewayClass = new CustomResource(`${name}-gateway-class`, {
        apiVersion: `${GATEWAY_API}/v1`,
        kind: "GatewayClass",
        metadata: { name: NAMES.gatewayClass },
        spec: {
            controllerName: ENVOY_GATEWAY_CONTROLLER,
            parametersRef: { group: ENVOY_GATEWAY_API, kind: "EnvoyProxy", name: NAMES.classProxy, namespace: NAMESPACES.envoyGateway },
            // At most 64 characters (the CRD).
            description: "Envoy Gateway (anycloud): a load balancer only by own EnvoyProxy",
        },
    }, kubernetesOptions(args, parent, [envoyGateway, classProxy]));
    const proxy = new CustomResource(`${name}-gateway-proxy`, {
        apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
        kind: "EnvoyProxy",
        metadata: { name: NAMES.gatewayProxy, namespace: NAMESPACES.gateway },
        spec: gatewayProxySpec(args),
    }, afterController);

    const { domain } = args.settings;
    // Before the Gateway: a restricted listener never serves without its check.
    const policies = (domain ? args.restricted : []).map((host) => new CustomResource(`${name}-restrict-${host.name}`, {
        apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
        kind: "SecurityPolicy",
        metadata: { name: `restrict-${host.name}`, namespace: NAMESPACES.gateway },
        spec: {
            targetRefs: [{ group: GATEWAY_API, kind: "Gateway", name: NAMES.gateway, sectionName: host.name }],
            authorization: {
                defaultAction: "Deny",
                rules: [{ name: "allowed-sources", action: "Allow", principal: { clientCIDRs: [...host.sources] } }],
            },
        },
    }, afterController));

    const gateway = new CustomResource(`${name}-gateway`, {
        apiVersion: `${GATEWAY_API}/v1`,
        kind: "Gateway",
        metadata: {
            name: NAMES.gateway,
            namespace: NAMESPACES.gateway,
            // Programmed: Envoy runs and the load balancer has an address. Pulumi does not wait for custom resources on its own.
            annotations: { "pulumi.com/waitFor": "condition=Programmed" },
        },
        spec: {
            gatewayClassName: NAMES.gatewayClass,
            infrastructure: { parametersRef: { group: ENVOY_GATEWAY_API, kind: "EnvoyProxy", name: NAMES.gatewayProxy } },
            listeners: gatewayListeners(args),
        },
    }, {
        ...kubernetesOptions(args, parent, [gatewayClass, proxy, ...policies, ...args.loadBalancerReady]),
        // A new load balancer takes minutes (an NLB's provisioning, a public IP's).
        customTimeouts: { create: "20m", update: "20m" },
    });

    if (domain) {
        const parentRef = { group: GATEWAY_API, kind: "Gateway", name: NAMES.gateway, namespace: NAMESPACES.gateway, sectionName: LISTENERS.http };
        new CustomResource(`${name}-https-redirect`, {
            apiVersion: `${GATEWAY_API}/v1`,
            kind: "HTTPRoute",
            metadata: { name: NAMES.redirect, namespace: NAMESPACES.gateway },
            spec: {
                parentRefs: [parentRef],
                // Every host name; cert-manager's challenge routes name theirs and an exact path, so they take precedence.
                rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
            },
        }, kubernetesOptions(args, parent, [gateway]));
    }
    const httpsListeners = domain
        ? [{ listener: LISTENERS.https, hostname: domain }, ...args.restricted.map((host) => ({ listener: host.name, hostname: `${host.name}.${domain}` }))]
        : [];
    const restrictedListeners = Object.fromEntries(args.restricted.map((host) => [host.name, {
        gateway: { name: NAMES.gateway, namespace: NAMESPACES.gateway },
        sectionName: host.name,
        hostname: `${host.name}.${domain}`,
    }]));
    return { gateway, httpsListeners, restrictedListeners };
}
