import { resolve } from "path";
import { stringify } from "yaml";
import { readStack } from "../../plan/stack-files";
import { reportingUserErrors } from "../automation/command";
import { automationIo } from "../automation/context";
import { guardEnvironment, PRODUCTION } from "../automation/environment";
import type { Io } from "../main";
import { EXIT_OK, UsageError } from "../usage";
import { fleetStacks, FleetOptions } from "./run";

/**
 * Pulumi Kubernetes Operator (v2) custom resources for a fleet: one `pulumi.com/v1` Stack per
 * customer stack, all reading this repository (git source). The program is the project's own
 * TypeScript (Pulumi.yaml `main`), which a `Program` resource cannot hold (it carries Pulumi
 * YAML only), and each Stack names just its stack: the operator runs it with the stack file
 * committed next to Pulumi.yaml, so the config the plan and CI validated is the config it deploys.
 */

export interface OperatorOptions extends FleetOptions {
    /** Git URL of the repository holding Pulumi.yaml and the stack files. */
    repo: string;
    branch?: string;
    commit?: string;
    /** The project's directory inside the repository, where Pulumi.yaml is. */
    repoDir?: string;
    namespace: string;
    /** Pulumi Cloud organisation: spec.stack becomes ORG/STACK. */
    org?: string;
    /** How often the operator polls the branch for new commits (seconds, at least 60). */
    resyncSeconds: number;
    /**
     * The workspace image (Pulumi CLI, Node.js 22+, the cloud's Kubernetes auth plugin). The
     * operator's default `restricted` security profile runs it as user 1000, non-root: the image
     * must work so (a writable HOME, tools readable by that user).
     */
    image?: string;
    /** Destroy a non-production stack when its Stack resource is deleted. Production never. */
    destroyOnFinalize: boolean;
    /** Cloud credentials come from the ServiceAccount's workload identity, not from stored keys. */
    workloadIdentity: boolean;
}

export const DEFAULT_NAMESPACE = "anycloud";
export const DEFAULT_RESYNC_SECONDS = 600;
/** The operator treats anything below 60 s as 60 s. */
export const MIN_RESYNC_SECONDS = 60;
/** The operator's documented Secret for the Pulumi Cloud token. */
export const PULUMI_TOKEN_SECRET = { name: "pulumi-api-secret", key: "accessToken" };

type ResourceRef = { type: "Secret"; secret: { name: string; key: string } } | { type: "Literal"; literal: { value: string } };

const fromSecret = (name: string, key: string): ResourceRef => ({ type: "Secret", secret: { name, key } });
const literal = (value: string): ResourceRef => ({ type: "Literal", literal: { value } });

/**
 * Environment variable -> key in the cloud's credentials Secret (one Secret per cloud and
 * environment, credentialsSecretName). Azure's provider reads ARM_*, kubelogin (the AKS
 * kubeconfig's exec plugin) AZURE_* with AAD_LOGIN_METHOD=spn; both come from the same keys. GCP's
 * key file is mounted instead (GCP_KEY_FILE): gke-gcloud-auth-plugin, which the GKE kubeconfig runs
 * with --use_application_default_credentials, reads Application Default Credentials, that is
 * GOOGLE_APPLICATION_CREDENTIALS naming a file, and the Google provider reads the same.
 */
export const CLOUD_CREDENTIALS: Record<string, Record<string, string>> = {
    aws: { AWS_ACCESS_KEY_ID: "AWS_ACCESS_KEY_ID", AWS_SECRET_ACCESS_KEY: "AWS_SECRET_ACCESS_KEY" },
    azure: {
        ARM_CLIENT_ID: "ARM_CLIENT_ID",
        ARM_CLIENT_SECRET: "ARM_CLIENT_SECRET",
        ARM_TENANT_ID: "ARM_TENANT_ID",
        ARM_SUBSCRIPTION_ID: "ARM_SUBSCRIPTION_ID",
        AZURE_CLIENT_ID: "ARM_CLIENT_ID",
        AZURE_CLIENT_SECRET: "ARM_CLIENT_SECRET",
        AZURE_TENANT_ID: "ARM_TENANT_ID",
    },
    gcp: {},
};

/** The GCP key file: the key of the credentials Secret, and where the workspace pod mounts it. */
export const GCP_KEY_FILE = { key: "credentials.json", volume: "gcp-credentials", dir: "/var/run/secrets/anycloud/gcp" };

/**
 * Azure workload identity (--workload-identity): the webhook (azure-workload-identity) mutates
 * only pods labelled `azure.workload.identity/use: "true"`, projecting the ServiceAccount's token
 * to AZURE_FEDERATED_TOKEN_FILE (this path) and setting AZURE_CLIENT_ID and AZURE_TENANT_ID from
 * the ServiceAccount's annotations. kubelogin reads those with AAD_LOGIN_METHOD=workloadidentity;
 * the azure-native provider reads ARM_* only, and with ARM_USE_OIDC=true it reads the token from
 * ARM_OIDC_TOKEN_FILE_PATH once, when it starts: the pod annotation asks for a token valid 24 h
 * (the webhook's maximum; its default is 1 h), so a long first deploy does not outlive it.
 */
export const AZURE_WORKLOAD_IDENTITY = {
    label: { "azure.workload.identity/use": "true" },
    annotations: { "azure.workload.identity/service-account-token-expiration": "86400" },
    tokenFile: "/var/run/secrets/azure/tokens/azure-identity-token",
    /** The identifiers the provider needs, from the credentials Secret (no secret value in it). */
    identifiers: ["ARM_CLIENT_ID", "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"],
};

/** One deploy identity per cloud and environment: a dev stack never runs as the prod deployer. */
export function serviceAccountName(cloud: string, environment: string): string {
    return `anycloud-${cloud}-${environment}-deployer`;
}

export function credentialsSecretName(cloud: string, environment: string): string {
    return `anycloud-${cloud}-${environment}-credentials`;
}

/** The operator's CRD refuses longer Stack names (a CEL rule: size(self.metadata.name) <= 42). */
export const MAX_STACK_RESOURCE_NAME = 42;

/** A Stack resource name for a stack name: lowercase alphanumerics and '-', at most MAX_STACK_RESOURCE_NAME. */
export function resourceName(stack: string): string {
    const name = stack.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, MAX_STACK_RESOURCE_NAME).replace(/-+$/g, "");
    return name === "" ? "stack" : name;
}

function envRefs(cloud: string, environment: string, options: OperatorOptions): Record<string, ResourceRef> {
    const refs: Record<string, ResourceRef> = {
        PULUMI_ACCESS_TOKEN: fromSecret(PULUMI_TOKEN_SECRET.name, PULUMI_TOKEN_SECRET.key),
        // CI type-checks; the workspace only runs the program.
        PULUMI_NODEJS_TRANSPILE_ONLY: literal("true"),
    };
    const secret = credentialsSecretName(cloud, environment);
    if (options.workloadIdentity) {
        if (cloud === "azure") {
            for (const variable of AZURE_WORKLOAD_IDENTITY.identifiers) {
                refs[variable] = fromSecret(secret, variable);
            }
            refs.ARM_USE_OIDC = literal("true");
            refs.ARM_OIDC_TOKEN_FILE_PATH = literal(AZURE_WORKLOAD_IDENTITY.tokenFile);
            refs.AAD_LOGIN_METHOD = literal("workloadidentity");
        }
        return refs;
    }
    for (const [variable, key] of Object.entries(CLOUD_CREDENTIALS[cloud] ?? {})) {
        refs[variable] = fromSecret(secret, key);
    }
    if (cloud === "azure") {
        refs.AAD_LOGIN_METHOD = literal("spn");
    }
    if (cloud === "gcp") {
        refs.GOOGLE_APPLICATION_CREDENTIALS = literal(`${GCP_KEY_FILE.dir}/${GCP_KEY_FILE.key}`);
    }
    return refs;
}

/**
 * What the workspace pod needs beyond envRefs, as the Workspace's podTemplate (merged into the
 * operator's pod by strategic merge: the `pulumi` container by name, volumes by name): the GCP key
 * file, or the Azure workload identity label.
 */
function podTemplate(cloud: string, environment: string, options: OperatorOptions): Record<string, unknown> | undefined {
    if (cloud === "gcp" && !options.workloadIdentity) {
        return {
            spec: {
                containers: [{ name: "pulumi", volumeMounts: [{ name: GCP_KEY_FILE.volume, mountPath: GCP_KEY_FILE.dir, readOnly: true }] }],
                volumes: [{ name: GCP_KEY_FILE.volume, secret: { secretName: credentialsSecretName(cloud, environment), items: [{ key: GCP_KEY_FILE.key, path: GCP_KEY_FILE.key }] } }],
            },
        };
    }
    if (cloud === "azure" && options.workloadIdentity) {
        return { metadata: { labels: AZURE_WORKLOAD_IDENTITY.label, annotations: AZURE_WORKLOAD_IDENTITY.annotations } };
    }
    return undefined;
}

export interface OperatorStack {
    stack: string;
    cloud: string;
    environment: string;
}

/**
 * The custom resources, in apply order: per cloud and environment a ServiceAccount and its
 * auth-delegator binding, then one Stack per stack. `environment` is the guard's (production where
 * the stack file does not tell): such a stack runs as the prod deployer and is never destroyed on
 * finalize.
 */
export function operatorResources(stacks: OperatorStack[], options: OperatorOptions): Record<string, unknown>[] {
    const labels = { "app.kubernetes.io/managed-by": "anycloud" };
    const identities = [...new Map(stacks.map((s) => [`${s.cloud}/${s.environment}`, { cloud: s.cloud, environment: s.environment }])).entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, identity]) => identity);
    const accounts = identities.flatMap(({ cloud, environment }) => {
        const account = serviceAccountName(cloud, environment);
        const identityLabels = { ...labels, "anycloud.io/cloud": cloud, "anycloud.io/environment": environment };
        return [
            { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: account, namespace: options.namespace, labels: identityLabels } },
            {
                // The operator's workspace pods authenticate the operator's calls with TokenReview.
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                metadata: { name: `${options.namespace}:${account}:system:auth-delegator`, labels: identityLabels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
                subjects: [{ kind: "ServiceAccount", name: account, namespace: options.namespace }],
            },
        ];
    });
    const resources = stacks.map(({ stack, cloud, environment }) => {
        const prod = environment === PRODUCTION;
        const pod = podTemplate(cloud, environment, options);
        return {
            apiVersion: "pulumi.com/v1",
            kind: "Stack",
            metadata: {
                name: resourceName(stack),
                namespace: options.namespace,
                labels: { ...labels, "anycloud.io/stack": resourceName(stack), "anycloud.io/cloud": cloud, "anycloud.io/environment": environment },
            },
            spec: {
                stack: options.org ? `${options.org}/${stack}` : stack,
                projectRepo: options.repo,
                ...(options.branch ? { branch: options.branch } : { commit: options.commit }),
                ...(options.repoDir ? { repoDir: options.repoDir } : {}),
                shallow: true,
                // The stack must exist (pulumi stack init); the operator must not create one from a typo.
                useLocalStackOnly: true,
                serviceAccountName: serviceAccountName(cloud, environment),
                envRefs: envRefs(cloud, environment, options),
                refresh: true,
                resyncFrequencySeconds: options.resyncSeconds,
                // Deleting the Stack resource never destroys production; others only when asked.
                destroyOnFinalize: prod ? false : options.destroyOnFinalize,
                workspaceTemplate: {
                    spec: {
                        ...(options.image ? { image: options.image } : {}),
                        // The program loads a cloud SDK and evaluates the whole platform.
                        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
                        ...(pod ? { podTemplate: pod } : {}),
                    },
                },
            },
        };
    });
    return [...accounts, ...resources];
}

/** Multi-document YAML, with a header saying what to create first. */
export function renderOperatorYaml(resources: Record<string, unknown>[], options: OperatorOptions): string {
    const header = [
        "# Pulumi Kubernetes Operator (v2) resources generated by `anycloud fleet operator` (docs/ci.md).",
        `# Before applying: the namespace "${options.namespace}", the Secret ${PULUMI_TOKEN_SECRET.name} (key ${PULUMI_TOKEN_SECRET.key}) with a Pulumi access token,`,
        options.workloadIdentity
            ? "# workload identity on each ServiceAccount anycloud-<cloud>-<environment>-deployer (IRSA, Azure workload identity or GKE Workload Identity\n" +
              "# annotations), and for Azure the Secret anycloud-azure-<environment>-credentials with ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID."
            : "# and per cloud and environment the Secret anycloud-<cloud>-<environment>-credentials with that deployer's credentials\n" +
              `# (keys: the env variable names below; GCP: the service account key file as ${GCP_KEY_FILE.key}).`,
        "# Every stack must exist in the backend (pulumi stack init); its config is the stack file in the repository.",
    ].join("\n");
    return `${header}\n${resources.map((resource) => stringify(resource, { lineWidth: 0 })).join("---\n")}`;
}

/** `anycloud fleet operator --stacks ... --repo URL --branch B`: the resources on stdout. */
export async function runFleetOperator(options: OperatorOptions, baseIo: Io): Promise<number> {
    const io = automationIo(baseIo);
    const projectDir = resolve(io.cwd, options.cwd);
    if (!options.repo) {
        throw new UsageError("fleet operator needs --repo URL (the git repository the operator clones)");
    }
    if (Boolean(options.branch) === Boolean(options.commit)) {
        throw new UsageError("fleet operator needs exactly one of --branch NAME and --commit SHA");
    }
    if (!Number.isInteger(options.resyncSeconds) || options.resyncSeconds < MIN_RESYNC_SECONDS) {
        throw new UsageError(`--resync-seconds must be a whole number of at least ${MIN_RESYNC_SECONDS} (the operator's minimum)`);
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.namespace)) {
        throw new UsageError(`--namespace ${options.namespace}: not a Kubernetes namespace name`);
    }
    return reportingUserErrors(io, async () => {
        const stacks = fleetStacks(projectDir, options.stacks).map((stack) => {
            const settings = readStack(projectDir, stack);
            const guard = guardEnvironment(settings);
            if (guard.assumed) {
                io.stderr(`warning: ${stack} runs as the prod deployer and is never destroyed on finalize: ${guard.assumed}; set anycloud:environment in its stack file\n`);
            }
            return { stack, cloud: settings.config["anycloud:cloud"] ?? "", environment: guard.environment };
        });
        const names = new Map<string, string>();
        for (const { stack } of stacks) {
            const name = resourceName(stack);
            if (names.has(name)) {
                throw new UsageError(`stacks "${names.get(name)}" and "${stack}" would both be the Stack resource "${name}"; select one of them`);
            }
            names.set(name, stack);
        }
        io.stdout(renderOperatorYaml(operatorResources(stacks, options), options));
        return EXIT_OK;
    });
}
