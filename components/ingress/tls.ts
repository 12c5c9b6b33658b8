import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import * as pulumi from "@pulumi/pulumi";
import { tlsSecretName } from "./gateway";
import { CHARTS, IngressPartArgs, kubernetesOptions, LETS_ENCRYPT, LISTENERS, NAMES, NAMESPACES } from "./shared";

const CERT_MANAGER_API = "cert-manager.io";

/**
 * cert-manager's controller configuration: Gateway API support on (the ExperimentalGatewayAPISupport
 * feature gate it also needs is on by default since 1.15), which its HTTP-01 solver for Gateways needs.
 */
export const CERT_MANAGER_CONFIG = {
    apiVersion: "controller.config.cert-manager.io/v1alpha1",
    kind: "ControllerConfiguration",
    gatewayAPI: { enabled: true },
};

/**
 * cert-manager with its CRDs as part of the release (crds.enabled: templates, so every upgrade of the
 * release upgrades them; off by default in the chart) and kept when the release is uninstalled
 * (crds.keep: deleting the CRDs would delete every Certificate and issuer). After the Gateway API CRDs:
 * cert-manager looks for them at start. Its post-install check (startupapicheck) waits for the webhook,
 * so the issuer below is admitted.
 */
export function createCertManager(name: string, args: IngressPartArgs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): Release {
    const resources = (memory: string) => ({ requests: { cpu: "20m", memory: "64Mi" }, limits: { memory } });
    return new Release(`${name}-cert-manager`, {
        name: "cert-manager",
        chart: CHARTS.certManager.chart,
        version: CHARTS.certManager.version,
        repositoryOpts: { repo: CHARTS.certManager.repo },
        namespace: NAMESPACES.certManager,
        atomic: true,
        values: {
            crds: { enabled: true, keep: true },
            config: CERT_MANAGER_CONFIG,
            // Its own namespace for the leader election lease, not kube-system.
            global: { leaderElection: { namespace: NAMESPACES.certManager } },
            resources: resources("256Mi"),
            webhook: { resources: resources("128Mi") },
            cainjector: { resources: resources("256Mi") },
            startupapicheck: { resources: resources("128Mi") },
        },
    }, kubernetesOptions(args, parent, [...dependsOn, ...args.support.workloadsReady]));
}

export interface CertificatesArgs extends IngressPartArgs {
    /** The HTTPS listeners and their host names: one certificate each. */
    listeners: { listener: string; hostname: string }[];
}

/**
 * A Let's Encrypt ClusterIssuer answering HTTP-01 challenges through the Gateway's HTTP listener, and
 * a certificate per HTTPS listener (one per host name: one name that does not resolve yet holds up no
 * other), renewed by cert-manager 30 days before expiry with a new key each time.
 */
export function createCertificates(name: string, args: CertificatesArgs, parent: pulumi.Resource, certManager: Release, gateway: pulumi.Resource): CustomResource[] {
    const issuer = new CustomResource(`${name}-cluster-issuer`, {
        apiVersion: `${CERT_MANAGER_API}/v1`,
        kind: "ClusterIssuer",
        metadata: { name: NAMES.clusterIssuer },
        spec: {
            acme: {
                server: LETS_ENCRYPT,
                email: args.settings.tlsEmail,
                privateKeySecretRef: { name: NAMES.acmeAccountSecret },
                solvers: [{
                    http01: {
                        gatewayHTTPRoute: {
                            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: NAMES.gateway, namespace: NAMESPACES.gateway, sectionName: LISTENERS.http }],
                        },
                    },
                }],
            },
        },
    }, kubernetesOptions(args, parent, [certManager]));
    return args.listeners.map(({ listener, hostname }) => new CustomResource(`${name}-certificate-${listener}`, {
        apiVersion: `${CERT_MANAGER_API}/v1`,
        kind: "Certificate",
        metadata: { name: `gateway-${listener}`, namespace: NAMESPACES.gateway },
        spec: {
            secretName: tlsSecretName(listener),
            dnsNames: [hostname],
            issuerRef: { group: CERT_MANAGER_API, kind: "ClusterIssuer", name: NAMES.clusterIssuer },
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        },
    }, kubernetesOptions(args, parent, [issuer, gateway])));
}
