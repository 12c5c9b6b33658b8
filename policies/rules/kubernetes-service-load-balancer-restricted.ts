import { CheckedResource, defineRule, exception, fail, isInternet, listOf, PASS, StackView, UNKNOWN_VALUE, valueAt } from "../rule";
import { GATEWAY } from "./kubernetes-gateway-web-listeners-only";
import { entriesOf, RELEASE, valuesOf } from "./kubernetes-helm-no-privileged-values";
import { ECK_KINDS, isObject, Obj } from "./kubernetes-pod-no-privileged";

export const SERVICE = "kubernetes:core/v1:Service";
/** Envoy Gateway's proxy settings: the Service in front of a Gateway's Envoy (a LoadBalancer unless it says otherwise). */
export const ENVOY_PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";

/**
 * What makes a LoadBalancer Service internal (a private address only), per cloud controller:
 * AWS load balancer controller (aws-load-balancer-scheme; aws-load-balancer-internal, deprecated,
 * also read by the in-tree controller), cloud-provider-azure, GKE (and its older annotation).
 */
export const INTERNAL_ANNOTATIONS: Record<string, string> = {
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
    "networking.gke.io/load-balancer-type": "internal",
    "cloud.google.com/load-balancer-type": "internal",
};
/** GKE's class for an internal passthrough Network Load Balancer (spec.loadBalancerClass). */
const INTERNAL_CLASSES = ["networking.gke.io/l4-regional-internal"];
/** Annotations some controllers read as source ranges besides spec.loadBalancerSourceRanges (comma-separated). */
const SOURCE_RANGE_ANNOTATIONS = ["service.beta.kubernetes.io/load-balancer-source-ranges", "service.beta.kubernetes.io/azure-allowed-ip-ranges"];

/** Ranges wider than these prefixes are treated as the internet: 0.0.0.0/1 + 128.0.0.0/1 is 0.0.0.0/0. */
const NARROWEST_WIDE_PREFIX = { v4: 8, v6: 32 };

/** A Service as written somewhere in a resource's inputs. */
interface ServiceBlock {
    where: string;
    type: unknown;
    annotations: Obj;
    spec: Obj;
}

function block(where: string, metadataOrService: unknown, spec: unknown): ServiceBlock {
    const annotations = valueAt(metadataOrService, "annotations");
    const s = isObject(spec) ? spec : {};
    return { where, type: s.type, annotations: isObject(annotations) ? annotations : {}, spec: s };
}

/** The Services a resource defines: itself, an ECK resource's `spec.http.service`, or service blocks of Helm values. */
function servicesOf(resource: CheckedResource): ServiceBlock[] {
    if (resource.type === SERVICE) {
        return [block("the Service", resource.props.metadata, resource.props.spec)];
    }
    if (resource.type === ENVOY_PROXY) {
        const service = valueAt(resource.props, "spec.provider.kubernetes.envoyService");
        const spec = isObject(service) ? service : {};
        return [block("spec.provider.kubernetes.envoyService", spec, { ...spec, type: spec.type ?? "LoadBalancer" })];
    }
    if (ECK_KINDS[resource.type]) {
        const service = valueAt(resource.props, "spec.http.service");
        return isObject(service) ? [block("spec.http.service", service.metadata, service.spec)] : [];
    }
    const values = { values: valuesOf(resource) };
    const blocks: ServiceBlock[] = [];
    for (const entry of entriesOf(values.values)) {
        if (entry.key === "type" && entry.value === "LoadBalancer") {
            const where = entry.path.slice(0, -".type".length);
            // Chart style { type, annotations, loadBalancerSourceRanges }, or Kubernetes style { metadata, spec: { type } }.
            const metadata = where.endsWith(".spec") ? valueAt(values, `${where.slice(0, -".spec".length)}.metadata`) : entry.parent;
            blocks.push(block(where, metadata, entry.parent));
        } else if (entry.key === "externalIPs" && listOf(entry.value).length > 0 && entry.parent.type !== "LoadBalancer") {
            blocks.push({ where: entry.path.slice(0, -".externalIPs".length), type: undefined, annotations: {}, spec: { externalIPs: entry.value } });
        }
    }
    return blocks;
}

function prefixOf(cidr: string): { v6: boolean; prefix: number } | undefined {
    const [address, prefix] = cidr.trim().split("/");
    const v6 = address.includes(":");
    const valid = v6 ? /^[0-9a-f:.]+$/i.test(address) : /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
    const bits = prefix === undefined ? (v6 ? 128 : 32) : Number(prefix);
    return valid && Number.isInteger(bits) && bits >= 0 && bits <= (v6 ? 128 : 32) ? { v6, prefix: bits } : undefined;
}

/** Why a source range opens more than an allowlist, or undefined. */
function tooWide(range: string): string | undefined {
    if (isInternet(range)) {
        return `${range} is the internet`;
    }
    const parsed = prefixOf(range);
    if (!parsed) {
        return `${range} is not an address range`;
    }
    const narrowest = parsed.v6 ? NARROWEST_WIDE_PREFIX.v6 : NARROWEST_WIDE_PREFIX.v4;
    return parsed.prefix < narrowest ? `${range} is wider than a /${narrowest}` : undefined;
}

function isInternal(service: ServiceBlock): boolean {
    const annotated = Object.entries(INTERNAL_ANNOTATIONS).some(([key, internal]) =>
        String(service.annotations[key] ?? "").trim().toLowerCase() === internal);
    return annotated || INTERNAL_CLASSES.includes(String(service.spec.loadBalancerClass ?? ""));
}

function problemsOf(service: ServiceBlock): string[] {
    const problems: string[] = [];
    const externalIPs = listOf(service.spec.externalIPs);
    if (externalIPs.length > 0) {
        problems.push(`${service.where} sets externalIPs ${externalIPs.join(", ")}, which bypass the cloud's load balancer and its source ranges (CVE-2020-8554)`);
    }
    if (service.type !== "LoadBalancer" || isInternal(service)) {
        return problems;
    }
    const declared = service.spec.loadBalancerSourceRanges;
    if (declared === UNKNOWN_VALUE) {
        // Computed from another resource (the allowlist of a config or an output): not a literal opening.
        return problems;
    }
    const ranges = [...listOf(declared), ...SOURCE_RANGE_ANNOTATIONS.flatMap((key) =>
        typeof service.annotations[key] === "string" ? (service.annotations[key] as string).split(",").map((r) => r.trim()).filter(Boolean) : [])];
    if (ranges.length === 0) {
        problems.push(`${service.where} is an internet-facing LoadBalancer open to everyone: no loadBalancerSourceRanges and no internal-load-balancer annotation`);
    }
    const wide = ranges.map(tooWide).filter((why): why is string => why !== undefined);
    if (wide.length > 0) {
        problems.push(`${service.where} is an internet-facing LoadBalancer admitting more than an allowlist: ${wide.join(", ")}`);
    }
    return problems;
}

/** The Gateways whose proxy an EnvoyProxy configures (spec.infrastructure.parametersRef in the same namespace). */
function gatewaysServedBy(resource: CheckedResource, stack: StackView): string[] {
    if (resource.type !== ENVOY_PROXY) {
        return [];
    }
    const name = valueAt(resource.props, "metadata.name");
    const namespace = valueAt(resource.props, "metadata.namespace");
    return stack.ofType(GATEWAY).filter((gateway) => valueAt(gateway.props, "spec.infrastructure.parametersRef.kind") === "EnvoyProxy"
        && valueAt(gateway.props, "spec.infrastructure.parametersRef.name") === name
        && valueAt(gateway.props, "metadata.namespace") === namespace)
        .map((gateway) => `${String(valueAt(gateway.props, "metadata.namespace"))}/${String(valueAt(gateway.props, "metadata.name"))}`);
}

export const rule = defineRule({
    id: "kubernetes-service-load-balancer-restricted",
    description: "Every LoadBalancer Service the package defines (a Service, an ECK resource's http.service, a service block of Helm values, an EnvoyProxy's envoyService) is internal or admits only an allowlist (non-empty loadBalancerSourceRanges, none the internet), and no Service sets externalIPs; the public Gateway's is a documented exception.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        trivy: ["KSV-0108"],
    },
    remediation: "Keep `observability.exposure: internal` (ClusterIP, reached with kubectl port-forward), or with `allowlist` keep "
        + "`allowedCidrs` to the office's ranges: anycloud copies them into loadBalancerSourceRanges. A fork's own LoadBalancer "
        + "Service sets the cloud's internal annotation or loadBalancerSourceRanges.",
    resourceTypes: [SERVICE, RELEASE, ENVOY_PROXY, ...Object.keys(ECK_KINDS)],
    check(resource, stack) {
        const problems = servicesOf(resource).flatMap(problemsOf);
        if (problems.length === 0) {
            return PASS;
        }
        const gateways = gatewaysServedBy(resource, stack);
        if (gateways.length > 0 && listOf(valueAt(resource.props, "spec.provider.kubernetes.envoyService.externalIPs")).length === 0) {
            return exception(`the load balancer of Gateway ${gateways.join(", ")} is the platform's public entrance (anycloud:ingress.sourceRanges, `
                + "by default the internet): it carries the web only, on 80 and 443, with TLS", ["kubernetes-gateway-web-listeners-only"]);
        }
        return fail(problems.join("; "));
    },
});
