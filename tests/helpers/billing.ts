import { Billing } from "../../components/billing";
import { loadPlatformArgs } from "../../components/config";
import { Recording, RecordOptions, recordProgram } from "../../plan/recorder";
import { wireFoundation } from "./component";
import { toStackConfig } from "./record";

export interface BillingRun {
    recording: Recording;
    /** The Billing component's outputs, as the program resolved them. */
    outputs: { budgetId?: string; alertTopic?: string };
}

/** The chosen cloud's foundation and the Billing component under a stand-in Platform, as the Platform wires them. */
export async function recordBilling(
    settings: Record<string, unknown>,
    existing: Pick<RecordOptions, "invokeAnswers" | "priorState"> = {},
): Promise<BillingRun> {
    const config = toStackConfig(settings);
    const recording = await recordProgram(() => {
        const args = loadPlatformArgs(config);
        const { context, childOf } = wireFoundation(args);
        const billing = new Billing("acme-billing", { context, settings: args.billing }, childOf("test:index:PlatformChildren", "acme-children"));
        return Object.fromEntries(Object.entries({ budgetId: billing.budgetId, alertTopic: billing.alertTopic }).filter(([, output]) => output !== undefined));
    }, { project: "anycloud", stack: "test", config, region: String(settings.region), ...existing });
    return { recording, outputs: recording.outputs as BillingRun["outputs"] };
}
