import { CONFIG_NAMESPACE, loadPlatformArgs } from "../components/config";
import { platformStack } from "../components/stack";
import { Rule } from "../policies/rule";
import { complianceOf } from "./compliance";
import { estimateCost } from "./cost/estimate";
import { PriceFile } from "./cost/price-file";
import { buildPlanDocument, PlanDocument } from "./document";
import { recordProgram } from "./recorder";
import { readStack, StackSettings } from "./stack-files";

/** The mocks need a region; a stack without one fails validation before any mock is asked. */
const FALLBACK_REGION = "us-east-1";

export interface PlanOptions {
    /** A user's prices and discounts (`--prices FILE`), on top of the catalog. */
    prices?: PriceFile;
    /** The rules of the compliance section (default: every rule, policies/rules/all.ts). */
    rules?: readonly Rule[];
}

export interface Plan {
    settings: StackSettings;
    document: PlanDocument;
}

/**
 * Plans one stack of the project in `projectDir`: its stack files as `pulumi up` reads
 * them, then the anycloud stack program (the same for this repo and for any project
 * that installs the package) under the mock runtime. Throws UnknownStackError,
 * StackFileError, or whatever the program throws (ConfigError for bad settings).
 * Plans started together record one after another (recordProgram takes turns).
 */
export async function planStack(projectDir: string, stack: string, generatedBy: string, options: PlanOptions = {}): Promise<Plan> {
    return planSettings(readStack(projectDir, stack), generatedBy, options);
}

/** Plans stack settings already read (or derived, as --compare-clouds does); the same rules as planStack. */
export async function planSettings(settings: StackSettings, generatedBy: string, options: PlanOptions = {}): Promise<Plan> {
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
    // The program accepted this config, so it loads again; the estimate needs the resolved settings (usage, budget, cost types).
    const cost = estimateCost(recording.resources, loadPlatformArgs(settings.config), options.prices);
    const compliance = complianceOf(recording.resources, settings.config[`${CONFIG_NAMESPACE}:cloud`] ?? "", options.rules);
    return { settings, document: buildPlanDocument(settings, recording, generatedBy, cost, compliance) };
}
