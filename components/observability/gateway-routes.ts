import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import type { GatewayListener } from "../ingress/shared";
import { kubernetesOptions, NAMES, ObservabilityPartArgs } from "./shared";

const GATEWAY_API = "gateway.networking.k8s.io";

/** The user interfaces' listeners on the platform's Gateway (observability.exposure: gateway), and what a route waits for. */
export interface ObservabilityGateway {
    /** By user interface: "grafana", "kibana". */
    listeners: Record<string, GatewayListener>;
    /** The Gateway API CRDs and the Gateway. */
    ready: pulumi.Resource[];
}

export interface UiRoute {
    /** "grafana" or "kibana": the listener's name on the Gateway. */
    ui: string;
    /** The user interface's HTTPS Service (ClusterIP) and port. */
    service: string;
    port: number;
    /** Waited for: the Service's owner (release, custom resource) and the CA ConfigMap. */
    dependsOn: pulumi.Resource[];
}

/**
 * A user interface published through the Gateway: an HTTPRoute on its own listener (host name
 * <ui>.<domain>, where the Gateway admits only allowedCidrs and only this namespace's routes), and a
 * BackendTLSPolicy, so Envoy speaks HTTPS to the interface and checks its certificate against the
 * observability CA (ConfigMap NAMES.caConfigMap in the same namespace) for the Service's name.
 */
export function createUiRoute(name: string, args: ObservabilityPartArgs & { gateway: ObservabilityGateway }, namespace: string, route: UiRoute, parent: pulumi.Resource): CustomResource {
    const listener = args.gateway.listeners[route.ui];
    if (!listener) {
        throw new Error(`observability: the Gateway has no listener for ${route.ui}`);
    }
    const backendTls = new CustomResource(`${name}-${route.ui}-backend-tls`, {
        apiVersion: `${GATEWAY_API}/v1`,
        kind: "BackendTLSPolicy",
        metadata: { name: route.ui, namespace },
        spec: {
            targetRefs: [{ group: "", kind: "Service", name: route.service }],
            validation: {
                caCertificateRefs: [{ group: "", kind: "ConfigMap", name: NAMES.caConfigMap }],
                hostname: `${route.service}.${namespace}.svc`,
            },
        },
    }, kubernetesOptions(args, parent, [...args.gateway.ready, ...route.dependsOn]));
    // After the policy: Envoy never speaks plain HTTP to the interface's HTTPS port.
    return new CustomResource(`${name}-${route.ui}-route`, {
        apiVersion: `${GATEWAY_API}/v1`,
        kind: "HTTPRoute",
        metadata: { name: route.ui, namespace },
        spec: {
            parentRefs: [{ group: GATEWAY_API, kind: "Gateway", name: listener.gateway.name, namespace: listener.gateway.namespace, sectionName: listener.sectionName }],
            hostnames: [listener.hostname],
            rules: [{ backendRefs: [{ group: "", kind: "Service", name: route.service, port: route.port }] }],
        },
    }, kubernetesOptions(args, parent, [...args.gateway.ready, ...route.dependsOn, backendTls]));
}
