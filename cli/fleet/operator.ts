import { resolve } from "path";
import { stringify } from "yaml";
import { readStack } from "../../plan/stack-files";
import { reportingUserErrors } from "../automation/command";
import { automationIo } from "../automation/context";
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
    /** The workspace image (Pulumi CLI, Node.js 22+, the cloud's CLI and Kubernetes auth plugin). */
    image?: string;
    /** Destroy a non-production stack when its Stack resource is deleted. Production never. */
    destroyOnFinalize: boolean;
    /** Cloud credentials come from the ServiceAccount's workload identity, not from a Secret. */
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
 * Environment variable -> key in the cloud's credentials Secret. Azure's provider reads ARM_*,
 * kubelogin (the AKS kubeconfig's exec plugin) AZURE_* with AAD_LOGIN_METHOD=spn; both come
 * from the same keys.
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
    gcp: { GOOGLE_CREDENTIALS: "GOOGLE_CREDENTIALS" },
};

export function serviceAccountName(cloud: string): string {
    return `anycloud-${cloud}-deployer`;
}

export function credentialsSecretName(cloud: string): string {
    return `anycloud-${cloud}-credentials`;
}

/** The operator's CRD refuses longer Stack names (a CEL rule: size(self.metadata.name) <= 42). */
export const MAX_STACK_RESOURCE_NAME = 42;

/** A Stack resource name for a stack name: lowercase alphanumerics and '-', at most MAX_STACK_RESOURCE_NAME. */
export function resourceName(stack: string): string {
    const name = stack.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, MAX_STACK_RESOURCE_NAME).replace(/-+$/g, "");
    return name === "" ? "stack" : name;
}

function envRefs(cloud: string, options: OperatorOptions): Record<string, ResourceRef> {
    const refs: Record<string, ResourceRef> = {
        PULUMI_ACCESS_TOKEN: fromSecret(PULUMI_TOKEN_SECRET.name, PULUMI_TOKEN_SECRET.key),
        // CI type-checks; the workspace only runs the program.
        PULUMI_NODEJS_TRANSPILE_ONLY: literal("true"),
    };
    if (!options.workloadIdentity && CLOUD_CREDENTIALS[cloud]) {
        for (const [variable, key] of Object.entries(CLOUD_CREDENTIALS[cloud])) {
            refs[variable] = fromSecret(credentialsSecretName(cloud), key);
        }
        if (cloud === "azure") {
            refs.AAD_LOGIN_METHOD = literal("spn");
        }
    }
    return refs;
}

export interface OperatorStack {
    stack: string;
    cloud: string;
    environment: string;
}

/** The custom resources, in apply order: per cloud a ServiceAccount and its auth-delegator binding, then one Stack per stack. */
export function operatorResources(stacks: OperatorStack[], options: OperatorOptions): Record<string, unknown>[] {
    const labels = { "app.kubernetes.io/managed-by": "anycloud" };
    const clouds = [...new Set(stacks.map((s) => s.cloud))].sort();
    const accounts = clouds.flatMap((cloud) => [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: serviceAccountName(cloud), namespace: options.namespace, labels } },
        {
            // The operator's workspace pods authenticate the operator's calls with TokenReview.
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: `${options.namespace}:${serviceAccountName(cloud)}:system:auth-delegator`, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
            subjects: [{ kind: "ServiceAccount", name: serviceAccountName(cloud), namespace: options.namespace }],
        },
    ]);
    const resources = stacks.map(({ stack, cloud, environment }) => {
        const prod = environment === "prod";
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
                serviceAccountName: serviceAccountName(cloud),
                envRefs: envRefs(cloud, options),
                refresh: true,
                resyncFrequencySeconds: options.resyncSeconds,
                // Deleting the Stack resource never destroys production; others only when asked.
                destroyOnFinalize: prod ? false : options.destroyOnFinalize,
                workspaceTemplate: {
                    spec: {
                        ...(options.image ? { image: options.image } : {}),
                        // The program loads a cloud SDK and evaluates the whole platform.
                        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
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
            ? "# and workload identity on each ServiceAccount (IRSA, Azure workload identity or GKE Workload Identity annotations)."
            : "# and per cloud the Secret anycloud-<cloud>-credentials with the deployer's credentials (keys: the env variable names below).",
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
            const config = readStack(projectDir, stack).config;
            return { stack, cloud: config["anycloud:cloud"] ?? "", environment: config["anycloud:environment"] ?? "dev" };
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
