import { platformStack } from "../../../components/stack";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { LOAD_BALANCER_ANNOTATIONS as AWS_LOAD_BALANCER } from "../../../providers/aws/cluster";
import { STORAGE_CLASS_NAME as AWS_STORAGE_CLASS } from "../../../providers/aws/cluster-addons";
import { STORAGE_CLASS_NAME as AZURE_STORAGE_CLASS } from "../../../providers/azure/cluster";
import { LOAD_BALANCER_ANNOTATIONS as AZURE_LOAD_BALANCER } from "../../../providers/azure/cluster-load-balancer";
import { LOAD_BALANCER_ANNOTATIONS as GCP_LOAD_BALANCER, STORAGE_CLASS_NAME as GCP_STORAGE_CLASS } from "../../../providers/gcp/cluster";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, descendantsOf, GCP_DEV_CONFIG, input, mocked, ofType, recordStack, toStackConfig } from "../../helpers/record";

/**
 * The observability stacks the tests look at, recorded once per mocha run (each recording takes a
 * second or two) and shared by every file of this folder.
 */

export type CloudName = "aws" | "azure" | "gcp";
export const CLOUD_NAMES: CloudName[] = ["aws", "azure", "gcp"];

/** What each cloud's adapter says, as the tests expect to find it in the charts and custom resources. */
export const CLOUDS: Record<CloudName, { config: Record<string, unknown>; clusterType: string; storageClass: string; externalAnnotations: Record<string, string>; clusterDns: "coreDns" | "kubeDns" }> = {
    aws: { config: AWS_DEV_CONFIG, clusterType: "eks:index:Cluster", storageClass: AWS_STORAGE_CLASS, externalAnnotations: AWS_LOAD_BALANCER.external, clusterDns: "coreDns" },
    azure: { config: AZURE_DEV_CONFIG, clusterType: "azure-native:containerservice:ManagedCluster", storageClass: AZURE_STORAGE_CLASS, externalAnnotations: AZURE_LOAD_BALANCER.external, clusterDns: "coreDns" },
    gcp: { config: GCP_DEV_CONFIG, clusterType: "gcp:container/cluster:Cluster", storageClass: GCP_STORAGE_CLASS, externalAnnotations: GCP_LOAD_BALANCER.external, clusterDns: "kubeDns" },
};

/** Two office ranges, so "exactly the allowlist" is not satisfied by its first entry alone. */
export const OFFICE = ["198.51.100.0/24", "192.0.2.8/29"];
/** Credentials set in config that must reach Alertmanager's Secret and nothing else. */
export const WEBHOOK_URL = "https://hooks.example.com/services/T000/B000/webhook-token-must-not-leak";
export const SMTP_PASSWORD = "smtp-password-must-not-leak";

/** Numbers no default has, so finding them in a chart proves they came from config. */
export const MONITORING = {
    retentionDays: 9,
    storageGb: 40,
    alertEmails: ["ops@acme.example"],
    alertWebhookUrl: WEBHOOK_URL,
    smtp: { smarthost: "smtp.acme.example:587", from: "alerts@acme.example", username: "alerts", password: SMTP_PASSWORD },
};
export const LOGGING = { retentionDays: 11, storageGb: 60 };

/**
 * internal-<cloud>: both stacks on, internal, one Elasticsearch node, credentials in config.
 * allowlist-<cloud>: both stacks on behind the load balancer, three Elasticsearch nodes, defaults otherwise.
 * The disabled ones are allowlisted too, so a part that is off must also open nothing.
 */
const STACKS = {
    "internal-aws": () => ({ ...CLOUDS.aws.config, observability: { monitoring: MONITORING, logging: LOGGING } }),
    "internal-azure": () => ({ ...CLOUDS.azure.config, observability: { monitoring: MONITORING, logging: LOGGING } }),
    "internal-gcp": () => ({ ...CLOUDS.gcp.config, observability: { monitoring: MONITORING, logging: LOGGING } }),
    "allowlist-aws": () => allowlisted("aws", {}),
    "allowlist-azure": () => allowlisted("azure", {}),
    "allowlist-gcp": () => allowlisted("gcp", {}),
    "monitoring-off": () => allowlisted("azure", { monitoring: { enabled: false } }),
    "logging-off": () => allowlisted("gcp", { logging: { enabled: false } }),
    "both-off": () => allowlisted("azure", { monitoring: { enabled: false }, logging: { enabled: false } }),
} satisfies Record<string, () => Record<string, unknown>>;
export type StackName = keyof typeof STACKS;

function allowlisted(cloud: CloudName, parts: Record<string, unknown>): Record<string, unknown> {
    return {
        ...CLOUDS[cloud].config,
        allowedCidrs: OFFICE,
        observability: { exposure: "allowlist", logging: { elasticsearchNodes: 3 }, ...parts },
    };
}

export const internal = (cloud: CloudName) => `internal-${cloud}` as StackName;
export const allowlist = (cloud: CloudName) => `allowlist-${cloud}` as StackName;

const recordings = new Map<StackName, Promise<Recording>>();

/** The recording of a stack, made on first use. */
export function recorded(name: StackName): Promise<Recording> {
    let recording = recordings.get(name);
    if (!recording) {
        recording = recordStack(STACKS[name]());
        recordings.set(name, recording);
    }
    return recording;
}

/** Pulumi's wire marker of a secret value, as a mock sees inputs: { [SIG]: SECRET_SIG, value }. */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        return record[SIG] === SECRET_SIG
            ? unwrapSecrets(record.value)
            : Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item)]));
    }
    return value;
}

const contents = new Map<StackName, Promise<Map<string, Record<string, string>>>>();

/**
 * The stringData of every Kubernetes Secret of a stack, by "<namespace>/<name>", as the cluster would
 * get it: a recording shows a Secret's data only as [secret]. Recorded separately, once per mocha run.
 */
export function secretContents(name: StackName): Promise<Map<string, Record<string, string>>> {
    let result = contents.get(name);
    if (!result) {
        const found = new Map<string, Record<string, string>>();
        const watchSecrets = {
            [SECRET]: (args: { inputs: Record<string, unknown> }) => {
                const secret = unwrapSecrets(args.inputs) as { metadata: { name: string; namespace: string }; stringData?: Record<string, string> };
                found.set(`${secret.metadata.namespace}/${secret.metadata.name}`, secret.stringData ?? {});
                return undefined;
            },
        };
        result = recordStack(STACKS[name](), "test", { priorState: watchSecrets }).then(() => found);
        contents.set(name, result);
    }
    return result;
}

/** The object the stack program returned (the recording holds only what survived serialisation). */
export function programOutputs(name: StackName): Promise<Record<string, unknown>> {
    const settings: Record<string, unknown> = STACKS[name]();
    const config = toStackConfig(settings);
    let outputs: Record<string, unknown> = {};
    return recordProgram(() => (outputs = { ...platformStack(config) }), { project: "anycloud", stack: "test", config, region: String(settings.region) })
        .then(() => outputs);
}

export async function recordAll(names: StackName[]): Promise<Record<StackName, Recording>> {
    const result = {} as Record<StackName, Recording>;
    for (const name of names) {
        result[name] = await recorded(name);
    }
    return result;
}

export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const SECRET = "kubernetes:core/v1:Secret";
export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const ELASTICSEARCH = "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch";
export const KIBANA = "kubernetes:kibana.k8s.elastic.co/v1:Kibana";
export const JOB = "kubernetes:batch/v1:Job";
export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
export const TLS = {
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    certRequest: "tls:index/certRequest:CertRequest",
    locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
} as const;
export const OBSERVABILITY = "anycloud:index:Observability";

/** Everything the Observability component created, directly or below a child. */
export const observabilityResources = (recording: Recording): ResourceRecord[] => descendantsOf(recording, OBSERVABILITY);

export const kubernetesObjects = (recording: Recording) => observabilityResources(recording).filter((r) => r.type.startsWith("kubernetes:"));

/** The Helm release of `chart`, or undefined. */
export function releaseOf(recording: Recording, chart: string): ResourceRecord | undefined {
    const matches = ofType(recording, RELEASE).filter((r) => input(r, "chart") === chart);
    if (matches.length > 1) {
        throw new Error(`${matches.length} releases of ${chart}`);
    }
    return matches[0];
}

export function mustRelease(recording: Recording, chart: string): ResourceRecord {
    const release = releaseOf(recording, chart);
    if (!release) {
        throw new Error(`no release of ${chart}`);
    }
    return release;
}

/** The Kubernetes Secret with this metadata.name, or undefined. */
export const secretNamed = (recording: Recording, name: string) => ofType(recording, SECRET).find((s) => input(s, "metadata.name") === name);

/** Passwords the mock runtime generated for the stack: none of them may appear outside a Secret. */
export const generatedPasswords = (recording: Recording) =>
    ofType(recording, "random:index/randomPassword:RandomPassword").map((r) => String(mocked(r).state.result));

/**
 * Every object with `type: "LoadBalancer"` anywhere in a resource's inputs (Helm values and custom
 * resources included), with the path it sits at.
 */
export function loadBalancersIn(resource: ResourceRecord): { path: string; service: Record<string, unknown> }[] {
    const found: { path: string; service: Record<string, unknown> }[] = [];
    const walk = (value: unknown, path: string) => {
        if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${path}[${i}]`));
        } else if (value && typeof value === "object") {
            const object = value as Record<string, unknown>;
            if (object.type === "LoadBalancer") {
                found.push({ path, service: object });
            }
            Object.entries(object).forEach(([key, item]) => walk(item, `${path}.${key}`));
        }
    };
    walk(resource.inputs, resource.name);
    return found;
}

/**
 * Every `resources` block in a resource's inputs that belongs to a container (a volume claim's
 * requests storage instead), with the path it sits at.
 */
export function containerResourcesIn(resource: ResourceRecord): { path: string; resources: unknown }[] {
    const found: { path: string; resources: unknown }[] = [];
    const walk = (value: unknown, path: string) => {
        if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${path}[${i}]`));
        } else if (value && typeof value === "object") {
            for (const [key, item] of Object.entries(value)) {
                const storage = (item as { requests?: { storage?: unknown } } | undefined)?.requests?.storage;
                if (key === "resources" && item && typeof item === "object" && !Array.isArray(item) && storage === undefined) {
                    found.push({ path: `${path}.${key}`, resources: item });
                } else {
                    walk(item, `${path}.${key}`);
                }
            }
        }
    };
    walk(resource.inputs, resource.name);
    return found;
}

/** Container resources must request CPU and memory and cap memory; a volume's `resources` requests storage only. */
export function assertRequestsAndMemoryLimit(resources: unknown, where: string): void {
    const r = resources as { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } } | undefined;
    if (!r?.requests?.cpu || !r.requests.memory || !r.limits?.memory) {
        throw new Error(`${where}: needs requests.cpu, requests.memory and limits.memory, has ${JSON.stringify(resources)}`);
    }
}

/** Kubernetes quantities as bytes ("2Gi", "17408MiB", "512Mi"). */
export function bytes(quantity: string): number {
    const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|KiB|MiB|GiB|TiB)?$/.exec(quantity);
    if (!match) {
        throw new Error(`not a quantity: ${quantity}`);
    }
    const unit = (match[2] ?? "").replace(/B$/, "");
    const scale: Record<string, number> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
    return Number(match[1]) * scale[unit];
}
