import { readFileSync } from "fs";
import { parse } from "yaml";
import { normaliseKey, StackSettings } from "../../plan/stack-files";

/** The environments anycloud's config accepts (components/types.ts Environment). */
export const ENVIRONMENTS = ["dev", "staging", "prod"];
export const PRODUCTION = "prod";
const ENVIRONMENT_KEY = "anycloud:environment";

/** The environment the safety guards act on, and why it is production when the stack file does not say so. */
export interface GuardEnvironment {
    environment: string;
    /** Set when the stack counts as production without its stack file saying `anycloud:environment: prod`. */
    assumed?: string;
}

function isMap(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The environment the guards act on (the production destroy confirmation, the GitHub environment
 * of the matrix, the operator's ServiceAccount and destroyOnFinalize): `anycloud:environment` as
 * written in the stack file itself, and nothing else. Where that cannot be told offline, the stack
 * counts as production, the refusing side:
 *
 * - the key is absent: the program would take a default (Pulumi.yaml's, or the schema's `dev`),
 *   but a stack file that does not say is no proof that the stack is not production;
 * - the stack file imports Pulumi ESC environments (`environment:`): an ESC environment can set
 *   `pulumiConfig.anycloud:environment`, which only the Pulumi CLI resolves;
 * - the value is encrypted or not one of dev, staging, prod.
 */
export function guardEnvironment(settings: Pick<StackSettings, "stackFile" | "project">): GuardEnvironment {
    let document: unknown;
    try {
        document = parse(readFileSync(settings.stackFile, "utf8"));
    } catch {
        // readStack has read and parsed it already; a file that changed since is production too.
        return { environment: PRODUCTION, assumed: "its stack file cannot be read" };
    }
    const stack = isMap(document) ? document : {};
    if (stack.environment !== undefined && stack.environment !== null) {
        return { environment: PRODUCTION, assumed: "its stack file imports Pulumi ESC environments (`environment:`), which can set anycloud:environment where anycloud cannot see it" };
    }
    const config = isMap(stack.config) ? stack.config : {};
    const key = Object.keys(config).find((raw) => {
        try {
            return normaliseKey(raw, settings.project) === ENVIRONMENT_KEY;
        } catch {
            return false;
        }
    });
    if (key === undefined) {
        return { environment: PRODUCTION, assumed: "its stack file does not set anycloud:environment" };
    }
    const value = config[key];
    if (typeof value !== "string" || !ENVIRONMENTS.includes(value)) {
        return { environment: PRODUCTION, assumed: `anycloud:environment in its stack file is not one of ${ENVIRONMENTS.join(", ")}` };
    }
    return { environment: value };
}

/** "prod", or "prod (assumed: <why>)" for a stack that counts as production without saying so. */
export function describeEnvironment(guard: GuardEnvironment): string {
    return guard.assumed ? `${guard.environment} (assumed: ${guard.assumed})` : guard.environment;
}
