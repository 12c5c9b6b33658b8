import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAddonSupport } from "./cluster";
import { PlatformContext } from "./context";
import { createCrds } from "./ingress/crds";
import { createExternalDns } from "./ingress/external-dns";
import { createEnvoyGateway, createGateway } from "./ingress/gateway";
import { GatewayListener, IngressPartArgs, kubernetesOptions, NAMES, NAMESPACE_LABELS, NAMESPACES, PORTS, RestrictedHost } from "./ingress/shared";
import { createCertManager, createCertificates } from "./ingress/tls";
import { IngressSettings } from "./types";

export interface IngressArgs {
    context: PlatformContext;
    settings: IngressSettings;
    /** The cluster to install on: its Kubernetes provider and what its cloud adapter says about it. */
    cluster: { kubernetesProvider: KubernetesProvider; addonSupport: ClusterAddonSupport };
    /**
     * Host names under the domain served to some sources only (Grafana and Kibana with
     * observability.exposure: gateway): each gets its own HTTPS listener, admitting routes of one
     * namespace, and an Envoy Gateway SecurityPolicy admitting only its sources.
     */
    restrictedHosts?: RestrictedHost[];
}

export interface IngressOutputs {
    /** "<namespace>/<name>" of the shared Gateway applications attach their HTTPRoutes to. */
    gateway: string;
    /** Where applications are served: https://<domain>, or absent without a domain (plain HTTP on the load balancer's address). */
    url?: string;
}

/**
 * The edge, the same code on every cloud: Gateway API CRDs (standard channel), Envoy Gateway, a
 * GatewayClass and one shared Gateway with listeners on 80 and 443 only, behind the cloud's layer-4 load
 * balancer admitting `sourceRanges`; with a domain, cert-manager and Let's Encrypt certificates (HTTP-01
 * through the Gateway) and HTTP redirected to HTTPS; optionally external-dns for the cloud's DNS zone.
 * What differs per cloud (load balancer annotations and class, firewall openings, CRDs the managed service
 * brings, external-dns's identity) comes from the cluster adapter's ClusterAddonSupport.
 */
export class Ingress extends pulumi.ComponentResource implements IngressOutputs {
    readonly gateway: string;
    readonly url?: string;
    /** Per restricted host: the Gateway listener its HTTPRoute names as parent. */
    readonly restrictedListeners: Record<string, GatewayListener>;
    /** What an HTTPRoute on this Gateway must wait for: the Gateway API CRDs and the Gateway. */
    readonly routesReady: pulumi.Resource[];

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Ingress", name, {}, opts);
        const { context, settings } = args;
        const support = args.cluster.addonSupport;
        const provider = args.cluster.kubernetesProvider;
        const part: IngressPartArgs = { context, settings, support, provider };
        const restricted = args.restrictedHosts ?? [];
        const tls = settings.domain !== undefined && settings.tlsEmail !== undefined;

        const namespace = (key: keyof typeof NAMESPACES) => new Namespace(`${name}-${NAMESPACES[key]}`, {
            metadata: { name: NAMESPACES[key], labels: { ...NAMESPACE_LABELS } },
        }, kubernetesOptions(part, this, support.workloadsReady));

        const crds = createCrds(name, part, this);
        const envoyGateway = createEnvoyGateway(name, part, this, [namespace("envoyGateway"), ...crds]);
        const gatewayNamespace = namespace("gateway");
        // The network's firewall opened for the sources on exactly 80 and 443, where the cloud's controller does not.
        const loadBalancerReady = support.loadBalancer.admitExternal(`${name}-gateway`, { ports: tls ? [PORTS.http, PORTS.https] : [PORTS.http], sources: settings.sourceRanges }, { parent: this });
        const gateway = createGateway(name, { ...part, restricted, loadBalancerReady, namespace: gatewayNamespace }, this, envoyGateway);
        const routesReady: pulumi.Resource[] = [...crds, gateway.gateway];

        if (tls) {
            const certManager = createCertManager(name, part, this, [namespace("certManager"), ...crds]);
            createCertificates(name, { ...part, listeners: gateway.httpsListeners }, this, certManager, gateway.gateway);
        }
        if (settings.externalDns) {
            createExternalDns(name, part, this, [namespace("externalDns"), ...crds]);
        }

        this.gateway = `${NAMESPACES.gateway}/${NAMES.gateway}`;
        this.url = tls ? `https://${settings.domain}` : undefined;
        this.restrictedListeners = gateway.restrictedListeners;
        this.routesReady = routesReady;
        this.registerOutputs({ gateway: this.gateway, url: this.url });
    }
}
