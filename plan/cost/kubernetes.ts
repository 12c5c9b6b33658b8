import { ResourceRecord } from "../recorder";
import { at, gibOf, numberAt, textAt } from "./inputs";
import { CloudCostModel, LineDraft, LoadBalancerShape, RuleContext } from "./types";

/**
 * What the cluster creates at run time for the plan's Kubernetes objects: persistent volumes
 * (cloud disks of the storage class) and Services of type LoadBalancer (the cloud's load
 * balancer), those of Helm values and custom resources and the one Envoy Gateway makes per Gateway. The plan does not register these cloud resources; their cost is attributed to
 * the Helm release or custom resource that asks for them.
 */

interface Volume {
    what: string;
    storageClass: string | undefined;
    size: unknown;
    count: number;
}

interface Site {
    record: ResourceRecord;
    volumes: Volume[];
    /** Names of the Services of type LoadBalancer it asks for. */
    loadBalancers: string[];
    /** Internal or public, and the ports, where the site tells (a Gateway); else one public port. */
    shape?: LoadBalancerShape;
}

const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const GATEWAY_CLASS = "kubernetes:gateway.networking.k8s.io/v1:GatewayClass";
const ENVOY_PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";

/** Annotations (and values) that make a Service's load balancer internal on the three clouds' controllers. */
const INTERNAL_MARKERS: Record<string, string> = {
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
    "networking.gke.io/load-balancer-type": "internal",
};

function isInternal(annotations: unknown): boolean {
    const given = (annotations && typeof annotations === "object" ? annotations : {}) as Record<string, unknown>;
    return Object.entries(INTERNAL_MARKERS).some(([key, value]) => String(given[key] ?? "").toLowerCase() === value);
}

function envoyProxyNamed(resources: ResourceRecord[], name: unknown, namespace: unknown): ResourceRecord | undefined {
    return resources.find((r) => r.type === ENVOY_PROXY && at(r.inputs, "metadata.name") === name && at(r.inputs, "metadata.namespace") === namespace);
}

/**
 * An Envoy Gateway Gateway: Envoy Gateway creates a Service per Gateway, of the type its EnvoyProxy
 * says (the Gateway's own, spec.infrastructure.parametersRef, else its GatewayClass's; LoadBalancer by
 * default), with one port per distinct listener port.
 */
function gateway(record: ResourceRecord, resources: ResourceRecord[]): Site {
    const namespace = at(record.inputs, "metadata.namespace");
    const own = at(record.inputs, "spec.infrastructure.parametersRef");
    const className = at(record.inputs, "spec.gatewayClassName");
    const gatewayClass = resources.find((r) => r.type === GATEWAY_CLASS && at(r.inputs, "metadata.name") === className);
    const classRef = gatewayClass ? at(gatewayClass.inputs, "spec.parametersRef") : undefined;
    const proxy = textAt(own, "kind") === "EnvoyProxy"
        ? envoyProxyNamed(resources, at(own, "name"), namespace)
        : textAt(classRef, "kind") === "EnvoyProxy" ? envoyProxyNamed(resources, at(classRef, "name"), at(classRef, "namespace")) : undefined;
    const service = proxy ? at(proxy.inputs, "spec.provider.kubernetes.envoyService") : undefined;
    const type = textAt(service, "type") ?? "LoadBalancer";
    const listeners = (at(record.inputs, "spec.listeners") as unknown[] | undefined) ?? [];
    const ports = new Set(listeners.map((listener) => numberAt(listener, "port")).filter((port) => port !== undefined));
    const name = `Gateway ${textAt(record.inputs, "metadata.name") ?? record.name}`;
    return {
        record,
        volumes: [],
        loadBalancers: type === "LoadBalancer" ? [name] : [],
        shape: { internal: isInternal(at(service, "annotations")), ports: Math.max(ports.size, 1) },
    };
}

function claimTemplate(spec: unknown, what: string, count: number): Volume | undefined {
    const size = at(spec, "resources.requests.storage");
    return size === undefined ? undefined : { what, storageClass: textAt(spec, "storageClassName"), size, count };
}

function enabled(values: unknown, path: string): boolean {
    return at(values, `${path}.enabled`) !== false;
}

/** kube-prometheus-stack: Prometheus and Alertmanager volume claim templates, Grafana's persistence, and Services exposed by type. */
function prometheusStack(record: ResourceRecord): Site {
    const values = at(record.inputs, "values");
    const volumes: (Volume | undefined)[] = [];
    if (enabled(values, "prometheus")) {
        volumes.push(claimTemplate(at(values, "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec"), "Prometheus volume", numberAt(values, "prometheus.prometheusSpec.replicas") ?? 1));
    }
    if (enabled(values, "alertmanager")) {
        volumes.push(claimTemplate(at(values, "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec"), "Alertmanager volume", numberAt(values, "alertmanager.alertmanagerSpec.replicas") ?? 1));
    }
    if (enabled(values, "grafana") && at(values, "grafana.persistence.enabled") === true) {
        volumes.push({ what: "Grafana volume", storageClass: textAt(values, "grafana.persistence.storageClassName"), size: at(values, "grafana.persistence.size") ?? "10Gi", count: 1 });
    }
    const services = [["grafana.service.type", "Grafana"], ["prometheus.service.type", "Prometheus"], ["alertmanager.service.type", "Alertmanager"]];
    return {
        record,
        volumes: volumes.filter((v): v is Volume => v !== undefined),
        loadBalancers: services.filter(([path]) => textAt(values, path) === "LoadBalancer").map(([, name]) => name),
    };
}

function elasticsearch(record: ResourceRecord): Site {
    const nodeSets = (at(record.inputs, "spec.nodeSets") as unknown[] | undefined) ?? [];
    const volumes = nodeSets.flatMap((set) => ((at(set, "volumeClaimTemplates") as unknown[] | undefined) ?? [])
        .map((template) => claimTemplate(at(template, "spec"), `Elasticsearch volume, node set ${textAt(set, "name") ?? ""}`.trim(), numberAt(set, "count") ?? 1)))
        .filter((v): v is Volume => v !== undefined);
    return { record, volumes, loadBalancers: textAt(record.inputs, "spec.http.service.spec.type") === "LoadBalancer" ? ["Elasticsearch"] : [] };
}

function sitesOf(resources: ResourceRecord[]): Site[] {
    return resources.flatMap((record): Site[] => {
        switch (record.type) {
            case "kubernetes:helm.sh/v3:Release":
            case "kubernetes:helm.sh/v4:Chart":
                return textAt(record.inputs, "chart") === "kube-prometheus-stack" ? [prometheusStack(record)] : [];
            case "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch":
                return [elasticsearch(record)];
            case "kubernetes:kibana.k8s.elastic.co/v1:Kibana":
                return [{ record, volumes: [], loadBalancers: textAt(record.inputs, "spec.http.service.spec.type") === "LoadBalancer" ? ["Kibana"] : [] }];
            case "kubernetes:core/v1:Service":
                return [{ record, volumes: [], loadBalancers: textAt(record.inputs, "spec.type") === "LoadBalancer" ? [textAt(record.inputs, "metadata.name") ?? record.name] : [] }];
            case GATEWAY:
                return [gateway(record, resources)];
            case "kubernetes:core/v1:PersistentVolumeClaim": {
                const volume = claimTemplate(at(record.inputs, "spec"), `volume ${textAt(record.inputs, "metadata.name") ?? record.name}`, 1);
                return [{ record, volumes: volume ? [volume] : [], loadBalancers: [] }];
            }
            default:
                return [];
        }
    }).filter((site) => site.volumes.length > 0 || site.loadBalancers.length > 0);
}

/** Line drafts per resource for the volumes and load balancers its Kubernetes objects create. */
export function kubernetesDrafts(context: RuleContext, model: CloudCostModel): { record: ResourceRecord; lines: LineDraft[]; notEstimated: string[] }[] {
    const sites = sitesOf(context.resources);
    const balancers = sites.reduce((sum, site) => sum + site.loadBalancers.length, 0);
    return sites.map((site) => {
        const notEstimated: string[] = [];
        const lines: LineDraft[] = [];
        for (const volume of site.volumes) {
            const gib = gibOf(volume.size);
            if (gib === undefined) {
                notEstimated.push(`${volume.what}: size ${JSON.stringify(volume.size)} is not a storage quantity`);
            } else {
                lines.push(model.volume(context, volume.storageClass, gib, volume.count, volume.what));
            }
        }
        for (const name of site.loadBalancers) {
            const drafts = model.serviceLoadBalancer(context, context.usage.loadBalancerGbPerMonth / balancers, site.shape);
            lines.push(...drafts.map((draft) => ({ ...draft, description: `${name} Service: ${draft.description}` })));
        }
        return { record: site.record, lines, notEstimated };
    });
}
