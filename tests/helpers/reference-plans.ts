import { PlanDocument } from "../../plan/document";
import { planStack } from "../../plan/run";
import { REPO_ROOT } from "../plan/fixtures";

const plans = new Map<string, Promise<PlanDocument>>();

/**
 * The offline plan of a reference stack, planned once per test run and shared by every test
 * that reads it (the plan is deterministic, and each costs about a second). Treat it as read-only.
 */
export function referencePlan(stack: string): Promise<PlanDocument> {
    if (!plans.has(stack)) {
        plans.set(stack, planStack(REPO_ROOT, stack, "anycloud 0.0.0-test").then((plan) => plan.document));
    }
    return plans.get(stack)!;
}
