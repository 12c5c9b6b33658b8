import { platformStack } from "../../../components/stack";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, descendantsOf, GCP_DEV_CONFIG, input, ofType, toStackConfig } from "../../helpers/record";

/**
 * The edge's stacks the tests look at, recorded once per mocha run and shared by every file of this folder.
 *
 * tls-<cloud>: a public Gateway with a domain (cert-manager, Let's Encrypt), external-dns for the cloud's zone,
 *   Grafana and Kibana through the Gateway (observability.exposure: gateway).
 * internal-<cloud>: an internal Gateway, no domain; observability internal.
 * plain-aws: the defaults (a public Gateway on plain HTTP); off: ingress.enabled false.
 */
export type CloudName = "aws" | "azure" | "gcp";
export const CLOUD_NAMES: CloudName[] = ["aws", "azure", "gcp"];

export const DOMAIN = "transit.acme.example";
export const TLS_EMAIL = "ops@acme.example";
/** Two office ranges, so "exactly the allowlist" is not satisfied by its first entry alone. */
export const OFFICE = ["198.51.100.0/24", "192.0.2.8/29"];
export const NETWORK_CIDR = "10.40.0.0/16";

export const ZONES: Record<CloudName, string> = {
    aws: "Z0123456789ABCDEFGHIJ",
    azure: "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example",
    gcp: "projects/acme-dns-prod/managedZones/acme-example",
};

const BASE: Record<CloudName, Record<string, unknown>> = { aws: AWS_DEV_CONFIG, azure: AZURE_DEV_CONFIG, gcp: GCP_DEV_CONFIG };

const tls = (cloud: CloudName) => ({
    ...BASE[cloud],
    allowedCidrs: OFFICE,
    ingress: { domain: DOMAIN, tlsEmail: TLS_EMAIL, externalDns: { zone: ZONES[cloud] } },
    observability: { exposure: "gateway" },
});
const internal = (cloud: CloudName) => ({ ...BASE[cloud], network: { cidr: NETWORK_CIDR }, ingress: { internal: true } });

const STACKS = {
    "tls-aws": () => tls("aws"),
    "tls-azure": () => tls("azure"),
    "tls-gcp": () => tls("gcp"),
    "internal-aws": () => internal("aws"),
    "internal-azure": () => internal("azure"),
    "internal-gcp": () => internal("gcp"),
    "plain-aws": () => ({ ...AWS_DEV_CONFIG }),
    "off": () => ({ ...AZURE_DEV_CONFIG, ingress: { enabled: false } }),
} satisfies Record<string, () => Record<string, unknown>>;
export type StackName = keyof typeof STACKS;

export const settingsOf = (name: StackName) => STACKS[name]();

const recordings = new Map<StackName, Promise<{ recording: Recording; outputs: Record<string, unknown> }>>();

/** The recording of a stack and what its program returned, made on first use. */
export function recorded(name: StackName): Promise<{ recording: Recording; outputs: Record<string, unknown> }> {
    let result = recordings.get(name);
    if (!result) {
        const settings: Record<string, unknown> = STACKS[name]();
        const config = toStackConfig(settings);
        let outputs: Record<string, unknown> = {};
        result = recordProgram(() => (outputs = { ...platformStack(config) }), { project: "anycloud", stack: "test", config, region: String(settings.region) })
            .then((recording) => ({ recording, outputs }));
        recordings.set(name, result);
    }
    return result;
}

export async function recordAll(names: StackName[]): Promise<Record<StackName, Recording>> {
    const result = {} as Record<StackName, Recording>;
    for (const name of names) {
        result[name] = (await recorded(name)).recording;
    }
    return result;
}

export const INGRESS = "anycloud:index:Ingress";
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
export const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
export const GATEWAY_CLASS = "kubernetes:gateway.networking.k8s.io/v1:GatewayClass";
export const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
export const BACKEND_TLS_POLICY = "kubernetes:gateway.networking.k8s.io/v1:BackendTLSPolicy";
export const ENVOY_PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";
export const SECURITY_POLICY = "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy";
export const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
export const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
export const NSG_RULE = "azure-native:network:SecurityRule";

/** Everything the Ingress component created, directly or below a child. */
export const ingressResources = (recording: Recording): ResourceRecord[] => descendantsOf(recording, INGRESS);

/** The Helm release of `chart`, or undefined. */
export function releaseOf(recording: Recording, chart: string): ResourceRecord | undefined {
    return ofType(recording, RELEASE).find((r) => input(r, "chart") === chart);
}

/** The one resource of `type` whose metadata.name is `name`. */
export function named(recording: Recording, type: string, name: string): ResourceRecord {
    const matches = ofType(recording, type).filter((r) => input(r, "metadata.name") === name);
    if (matches.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
    }
    return matches[0];
}
