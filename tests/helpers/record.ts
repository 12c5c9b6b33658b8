import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { loadPlatformArgs } from "../../components/config";
import { Platform } from "../../components/platform";
import { PLATFORM_NAME, platformStack } from "../../components/stack";
import { mockResource } from "../../plan/mocks";
import { Recording, RecordOptions, recordProgram, ResourceRecord } from "../../plan/recorder";

/** A complete, valid AWS dev stack config; tests override single keys. */
export const AWS_DEV_CONFIG: Record<string, unknown> = {
    cloud: "aws",
    region: "eu-central-1",
    customer: "acme",
    project: "transit",
    environment: "dev",
    allowedCidrs: ["198.51.100.0/24"],
    bastion: { enabled: false },
    database: { enabled: false },
};

/** A complete, valid Azure dev stack config (placeholder subscription and tenant); tests override single keys. */
export const AZURE_DEV_CONFIG: Record<string, unknown> = {
    cloud: "azure",
    region: "westeurope",
    customer: "acme",
    project: "transit",
    environment: "dev",
    allowedCidrs: ["198.51.100.0/24"],
    azure: { subscriptionId: "00000000-0000-0000-0000-000000000000", tenantId: "11111111-1111-1111-1111-111111111111" },
    bastion: { enabled: false },
    database: { enabled: false },
};

/** A complete, valid GCP dev stack config (placeholder project); tests override single keys. */
export const GCP_DEV_CONFIG: Record<string, unknown> = {
    cloud: "gcp",
    region: "europe-west3",
    customer: "acme",
    project: "transit",
    environment: "dev",
    allowedCidrs: ["198.51.100.0/24"],
    gcp: { project: "acme-transit-dev", billingAccount: "012345-6789AB-CDEF01" },
    bastion: { enabled: false },
    database: { enabled: false },
};

/** Turns plain settings into Pulumi's stack config form: "anycloud:<key>" -> text (JSON for structures). */
export function toStackConfig(settings: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(settings)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [`anycloud:${key}`, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Runs the real stack program on `settings` under the mock runtime. */
export async function recordStack(settings: Record<string, unknown>, stack = "test", existing: Pick<RecordOptions, "invokeAnswers" | "priorState"> = {}): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => platformStack(config), { project: "anycloud", stack, config, region: String(settings.region), ...existing });
}

/**
 * The stack program on `settings`, plus cluster outputs the stack does not export: the node
 * principal, and the kubeconfig in clear (outputs `nodeSecurityPrincipal`, `kubeconfigText`).
 */
export async function recordStackWithCluster(settings: Record<string, unknown>, stack = "test", existing: Pick<RecordOptions, "invokeAnswers" | "priorState"> = {}): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => {
        const platform = new Platform(PLATFORM_NAME, loadPlatformArgs(config));
        return {
            ...platform.outputs(),
            nodeSecurityPrincipal: platform.cluster.nodeSecurityPrincipal,
            kubeconfigText: pulumi.unsecret(platform.cluster.kubeconfig),
        };
    }, { project: "anycloud", stack, config, region: String(settings.region), ...existing });
}

export function ofType(recording: Recording, type: string): ResourceRecord[] {
    return recording.resources.filter((r) => r.type === type);
}

/** Everything the resources of `componentType` created, directly or below a child. */
export function descendantsOf(recording: Recording, componentType: string): ResourceRecord[] {
    const inside = new Set(ofType(recording, componentType).map((r) => r.urn));
    const found: ResourceRecord[] = [];
    for (const resource of recording.resources) {
        if (inside.has(resource.parent)) {
            inside.add(resource.urn);
            found.push(resource);
        }
    }
    return found;
}

export function single(recording: Recording, type: string, nameSuffix = ""): ResourceRecord {
    const matches = ofType(recording, type).filter((r) => r.name.endsWith(nameSuffix));
    if (matches.length !== 1) {
        throw new Error(`expected one ${type} named *${nameSuffix}, found ${matches.map((m) => m.name).join(", ") || "none"}`);
    }
    return matches[0];
}

/** Value at a dotted path of a record's inputs. */
export function input<T = unknown>(record: ResourceRecord, path: string): T {
    return path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record.inputs) as T;
}

/** What the mock cloud answered for a recorded resource: its id and outputs, as the program saw them. */
export function mocked(record: ResourceRecord): { id: string; state: Record<string, unknown> } {
    return mockResource({ type: record.type, name: record.name, inputs: record.inputs } as MockResourceArgs, String(AWS_DEV_CONFIG.region));
}

/** Every rule of `type` that targets `group`, found by the id it names (not by logical name), sorted by name. */
export function rulesOf(recording: Recording, group: ResourceRecord, type: string): ResourceRecord[] {
    const id = mocked(group).id;
    return ofType(recording, type).filter((rule) => input(rule, "securityGroupId") === id).sort((a, b) => a.name.localeCompare(b.name));
}
