import { createHash } from "crypto";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import * as pulumi from "@pulumi/pulumi";
import { CertRequest } from "@pulumi/tls/certRequest";
import { LocallySignedCert } from "@pulumi/tls/locallySignedCert";
import { PrivateKey } from "@pulumi/tls/privateKey";
import { SelfSignedCert } from "@pulumi/tls/selfSignedCert";
import type { PlatformContext } from "../context";
import { kubernetesOptions, NAMES, ObservabilityPartArgs } from "./shared";

/**
 * The observability stack's own private CA, made by Pulumi (state, not the cluster, holds its key):
 * it signs the HTTPS certificates of Elasticsearch, Kibana and Grafana, so every client inside the
 * cluster (Fluent Bit, the lifecycle Job, Kibana, Grafana's data source, Prometheus) and an operator's
 * browser trust one certificate that ECK's own CA rotation never changes.
 *
 * Renewal: the tls provider marks a certificate for replacement at the first `pulumi up` inside its
 * early-renewal window. A new CA replaces every certificate it signed in the same run (their CA inputs
 * change), and the pods that trust it roll (hash annotations, ECK's own config hash); browsers that
 * trusted the old CA must be given the new one.
 */

const HOURS_PER_YEAR = 365 * 24;
/** Ten years, replaced from its eighth year on: a CA that browsers trust should change rarely. */
export const CA_VALIDITY_HOURS = 10 * HOURS_PER_YEAR;
export const CA_EARLY_RENEWAL_HOURS = 2 * HOURS_PER_YEAR;
/**
 * Two years, replaced in the second: macOS and iOS refuse any TLS server certificate valid for more
 * than 825 days, privately trusted ones included, so the three years a private CA would allow are out.
 * A `pulumi up` at least once a year keeps them valid.
 */
export const SERVER_VALIDITY_HOURS = 2 * HOURS_PER_YEAR;
export const SERVER_EARLY_RENEWAL_HOURS = HOURS_PER_YEAR;

/** ECDSA P-256: small, fast, and read by every consumer here (Java, Node.js, Go, OpenSSL, browsers). */
const KEY = { algorithm: "ECDSA", ecdsaCurve: "P256" } as const;
const ORGANIZATION = "anycloud";

export interface CertificateAuthority {
    /** PEM; public: operators may trust it in their browsers (stack output observabilityCaCertificate). */
    certificate: pulumi.Output<string>;
    /** PEM; secret, used only to sign the server certificates. */
    privateKey: pulumi.Output<string>;
    /** SHA-256 of the certificate (hex), for pod annotations: a new CA rolls the pods that read it at start. */
    sha256: pulumi.Output<string>;
}

export function sha256(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\n")).digest("hex");
}

export function createCertificateAuthority(name: string, context: PlatformContext, parent: pulumi.Resource): CertificateAuthority {
    const key = new PrivateKey(`${name}-ca-key`, KEY, { parent });
    const privateKey = pulumi.secret(key.privateKeyPem);
    const certificate = new SelfSignedCert(`${name}-ca`, {
        privateKeyPem: privateKey,
        isCaCertificate: true,
        // Signs certificates only; not a server or client certificate itself.
        allowedUses: ["cert_signing", "crl_signing"],
        setSubjectKeyId: true,
        subject: { commonName: `${context.namePrefix} observability CA`, organization: ORGANIZATION },
        validityPeriodHours: CA_VALIDITY_HOURS,
        earlyRenewalHours: CA_EARLY_RENEWAL_HOURS,
    }, { parent }).certPem;
    return { certificate, privateKey, sha256: certificate.apply((pem) => sha256(pem)) };
}

/** The names a Service answers to inside the cluster, from the short one to the fully qualified one. */
export function serviceDnsNames(service: string, namespace: string): string[] {
    return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

export interface ServerTls {
    /** Secret of type kubernetes.io/tls with keys tls.crt, tls.key and ca.crt (what ECK expects of a custom certificate too). */
    secret: Secret;
    /** The server certificate (PEM), public. */
    certificate: pulumi.Output<string>;
}

/**
 * A server certificate signed by the observability CA, with its key and the CA in one Secret of the
 * server's namespace. The key exists only in Pulumi's state (secret) and in that Secret. The first
 * DNS name is the subject's common name.
 */
export function createServerTlsSecret(
    name: string,
    args: ObservabilityPartArgs,
    server: { secretName: string; namespace: string; dnsNames: string[] },
    parent: pulumi.Resource,
): ServerTls {
    const key = new PrivateKey(`${name}-key`, KEY, { parent });
    const request = new CertRequest(`${name}-request`, {
        privateKeyPem: pulumi.secret(key.privateKeyPem),
        subject: { commonName: server.dnsNames[0], organization: ORGANIZATION },
        dnsNames: server.dnsNames,
    }, { parent });
    const certificate = new LocallySignedCert(name, {
        certRequestPem: request.certRequestPem,
        caCertPem: args.ca.certificate,
        caPrivateKeyPem: args.ca.privateKey,
        // ECDSA keys sign the handshake; key_encipherment is for RSA key exchange only.
        allowedUses: ["digital_signature", "server_auth"],
        setSubjectKeyId: true,
        validityPeriodHours: SERVER_VALIDITY_HOURS,
        earlyRenewalHours: SERVER_EARLY_RENEWAL_HOURS,
    }, { parent }).certPem;
    const secret = new Secret(name, {
        metadata: { name: server.secretName, namespace: server.namespace },
        type: "kubernetes.io/tls",
        stringData: {
            "tls.crt": certificate,
            // PKCS#8: the one private key encoding Elasticsearch, Kibana and Grafana all read.
            "tls.key": pulumi.secret(key.privateKeyPemPkcs8),
            "ca.crt": args.ca.certificate,
        },
    }, kubernetesOptions(args, parent, [args.namespace]));
    return { secret, certificate };
}

/**
 * The CA certificate alone (key ca.crt), for pods that only verify servers. A ConfigMap: it is
 * public, and mounting it instead of a server's Secret keeps that server's private key off nodes
 * that do not run the server (the kubelet fetches every Secret its pods mount).
 */
export function createCaConfigMap(name: string, args: ObservabilityPartArgs, namespace: string, parent: pulumi.Resource): ConfigMap {
    return new ConfigMap(name, {
        metadata: { name: NAMES.caConfigMap, namespace },
        data: { "ca.crt": args.ca.certificate },
    }, kubernetesOptions(args, parent, [args.namespace]));
}
