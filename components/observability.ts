import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAddonSupport } from "./cluster";
import { PlatformContext } from "./context";
import { createCertificateAuthority } from "./observability/certificates";
import type { ObservabilityGateway } from "./observability/gateway-routes";
import { createLogShipping } from "./observability/log-shipping";
import { createLogging } from "./observability/logging";
import { createMonitoring } from "./observability/monitoring";
import { GATEWAY_HOSTS, kubernetesOptions, NAMESPACES, NAMES, ObservabilityPartArgs, UI_PORTS } from "./observability/shared";
import type { RestrictedHost } from "./ingress/shared";
import { ObservabilitySettings } from "./types";

export interface ObservabilityArgs {
    context: PlatformContext;
    settings: ObservabilitySettings;
    /** The cluster to install on: its Kubernetes provider and what its cloud adapter says about it. */
    cluster: { kubernetesProvider: KubernetesProvider; addonSupport: ClusterAddonSupport };
    /** With exposure: gateway, the platform Gateway's listeners for Grafana and Kibana (the Ingress component's restrictedHosts). */
    gateway?: ObservabilityGateway;
}

/**
 * The host names Observability asks the Gateway for with exposure: gateway (Ingress restrictedHosts):
 * grafana.<domain> for the monitoring namespace, kibana.<domain> for logging, each admitting only
 * allowedCidrs. None otherwise: Grafana and Kibana are never routed through the Gateway unless asked.
 */
export function observabilityGatewayHosts(settings: ObservabilitySettings, allowedCidrs: string[]): RestrictedHost[] {
    if (settings.exposure !== "gateway") {
        return [];
    }
    return [
        ...(settings.monitoring.enabled ? [{ name: GATEWAY_HOSTS.grafana, namespace: NAMESPACES.monitoring, sources: [...allowedCidrs] }] : []),
        ...(settings.logging.enabled ? [{ name: GATEWAY_HOSTS.kibana, namespace: NAMESPACES.logging, sources: [...allowedCidrs] }] : []),
    ];
}

/**
 * Where an operator finds the user interfaces and their credentials: "<namespace>/<name>" of
 * Kubernetes objects, never a password. Absent when that part is disabled.
 */
export interface ObservabilityOutputs {
    grafanaService?: string;
    /** Secret with keys admin-user and admin-password. */
    grafanaAdminSecret?: string;
    kibanaService?: string;
    /** Secret with the `elastic` user's password (key `elastic`): the Kibana login. */
    kibanaUserSecret?: string;
    /**
     * The stack's private CA (PEM, public), which signed Grafana's, Kibana's and Elasticsearch's HTTPS
     * certificates: trust it in a browser to reach them without warnings.
     */
    observabilityCaCertificate: pulumi.Output<string>;
}

/**
 * Logs (Elasticsearch, Kibana and Fluent Bit: EFK) and metrics (Prometheus, Alertmanager and
 * Grafana) on the cluster, the same code on every cloud: what differs (storage class, load
 * balancer annotations, firewall openings) comes from the cluster adapter's ClusterAddonSupport.
 */
export class Observability extends pulumi.ComponentResource implements ObservabilityOutputs {
    readonly grafanaService?: string;
    readonly grafanaAdminSecret?: string;
    readonly kibanaService?: string;
    readonly kibanaUserSecret?: string;
    readonly observabilityCaCertificate: pulumi.Output<string>;

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Observability", name, {}, opts);
        const { context, settings } = args;
        const { monitoring, logging } = settings;
        const support = args.cluster.addonSupport;
        const provider = args.cluster.kubernetesProvider;

        const uiPorts = [...(monitoring.enabled ? [UI_PORTS.grafana] : []), ...(logging.enabled ? [UI_PORTS.kibana] : [])];
        const exposureReady = settings.exposure === "allowlist" && uiPorts.length > 0
            ? support.loadBalancer.admitExternal(`${name}-ui`, { ports: uiPorts, sources: context.allowedCidrs }, { parent: this })
            : [];
        const ca = createCertificateAuthority(name, context, this);
        if (settings.exposure === "gateway" && !args.gateway) {
            throw new Error("Observability: exposure gateway needs the platform Gateway's listeners (args.gateway)");
        }
        const gateway = settings.exposure === "gateway" ? args.gateway : undefined;
        const part = (namespace: string): ObservabilityPartArgs => ({
            context, settings, support, provider, exposureReady, ca, gateway,
            namespace: new Namespace(`${name}-${namespace}`, {
                metadata: { name: namespace, labels: { "app.kubernetes.io/managed-by": "anycloud" } },
            }, kubernetesOptions({ provider, support }, this, support.workloadsReady)),
        });

        // Logging first: Grafana's Elasticsearch data source needs the reader credentials it creates.
        const loggingPart = logging.enabled ? part(NAMESPACES.logging) : undefined;
        const logs = loggingPart ? createLogging(name, loggingPart, this) : undefined;
        const metrics = monitoring.enabled
            ? createMonitoring(name, { ...part(NAMESPACES.monitoring), elasticsearch: logs?.grafanaReader }, this)
            : undefined;
        if (loggingPart && logs) {
            // After monitoring: Fluent Bit's ServiceMonitor needs the Prometheus Operator's CRDs.
            createLogShipping(name, { ...loggingPart, writerSecretName: logs.writerSecretName, ready: logs.ready, serviceMonitors: metrics?.release }, this);
        }

        this.grafanaService = metrics?.grafanaService;
        this.grafanaAdminSecret = metrics?.grafanaAdminSecret;
        this.kibanaService = logs?.kibanaService;
        this.kibanaUserSecret = logs ? `${NAMESPACES.logging}/${NAMES.elasticUserSecret}` : undefined;
        this.observabilityCaCertificate = ca.certificate;
        this.registerOutputs({
            grafanaService: this.grafanaService,
            grafanaAdminSecret: this.grafanaAdminSecret,
            kibanaService: this.kibanaService,
            kibanaUserSecret: this.kibanaUserSecret,
            observabilityCaCertificate: this.observabilityCaCertificate,
        });
    }
}
