import { Provider } from "@pulumi/gcp/provider";
import * as projects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { accountModeChecked } from "../account-per-project";
import { createPlatformProject } from "./account-per-project";

/** The APIs the platform uses; enabled once, never disabled on destroy (other workloads of the project may use them). */
export const PROJECT_SERVICES = [
    // IAM bindings and the project lookup go through Resource Manager.
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "sqladmin.googleapis.com",
    "servicenetworking.googleapis.com",
    "cloudkms.googleapis.com",
    "secretmanager.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    // Budgets: their calls are billed to (and need the API in) the platform's project, the quota project.
    "billingbudgets.googleapis.com",
];

/**
 * GCP label rules: keys start with a lowercase letter; keys and values are at most 63 lowercase
 * letters, digits, `_` and `-` (Resource Manager docs, "Labels"). Tags from other clouds' vocabulary
 * are normalised here once, so every labelable resource gets valid labels through the provider.
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
    const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63);
    return Object.fromEntries(Object.entries(tags).map(([key, value]) => {
        const labelKey = clean(key);
        return [/^[a-z]/.test(labelKey) ? labelKey : `k_${labelKey}`.slice(0, 63), clean(value)];
    }));
}

/**
 * The provider (project and region set once; the platform's tags as `defaultLabels`, which
 * reach every labelable resource) and the project's APIs, which every GCP resource waits for.
 * With billing.accountPerProject the project is the customer project's own, created first
 * (account-per-project.ts); every component takes it from context.gcpScope.
 */
export function createFoundation(name: string, context: PlatformContext, opts: pulumi.ComponentResourceOptions): { provider: pulumi.ProviderResource; context: PlatformContext } {
    const modeChecked = accountModeChecked(name, context, opts.parent!);
    const project = context.billing.accountPerProject
        ? createPlatformProject(name, context, gcpLabels(componentTags(context, "billing")), modeChecked, opts).projectId
        : context.gcp.project!;
    const provider = new Provider(`${name}-gcp`, {
        // Waits for the check, so a refused change of billing.accountPerProject touches nothing.
        project: pulumi.all([project, modeChecked]).apply(([id]) => id),
        region: context.region,
        defaultLabels: gcpLabels(context.tags),
    }, opts);
    const services = PROJECT_SERVICES.map((service) => new projects.Service(`${name}-api-${service.split(".")[0]}`, {
        project,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
    }, { ...opts, provider }));
    return { provider, context: { ...context, gcpScope: { project, services } } };
}
