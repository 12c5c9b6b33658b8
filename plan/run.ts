import { CONFIG_NAMESPACE } from "../components/config";
import { platformStack } from "../components/stack";
import { buildPlanDocument, PlanDocument } from "./document";
import { recordProgram } from "./recorder";
import { readStack, StackSettings } from "./stack-files";

/** The mocks need a region; a stack without one fails validation before any mock is asked. */
const FALLBACK_REGION = "us-east-1";

export interface Plan {
    settings: StackSettings;
    document: PlanDocument;
}

/**
 * Plans one stack of the project in `projectDir`: its stack files as `pulumi up` reads
 * them, then the anycloud stack program (the same for this repo and for any project
 * that installs the package) under the mock runtime. Throws UnknownStackError,
 * StackFileError, or whatever the program throws (ConfigError for bad settings).
 * Never run two at once: Pulumi's mock runtime is process-wide state.
 */
export async function planStack(projectDir: string, stack: string, generatedBy: string): Promise<Plan> {
    const settings = readStack(projectDir, stack);
    let failure: { error: unknown } | undefined;
    const recording = await recordProgram(() => {
        // A throw inside Pulumi's stack callback also rejects promises nobody awaits, and
        // Node ends the process on those; catching here lets the caller report it instead.
        try {
            return platformStack(settings.config);
        } catch (error) {
            failure = { error };
            return {};
        }
    }, {
        project: settings.project,
        stack: settings.stack,
        config: settings.config,
        secretKeys: settings.secretKeys,
        region: settings.config[`${CONFIG_NAMESPACE}:region`] ?? FALLBACK_REGION,
    });
    if (failure) {
        throw failure.error;
    }
    return { settings, document: buildPlanDocument(settings, recording, generatedBy) };
}
