import type { Parsed } from "../components/parsed";
import type { PlatformArgs } from "../components/types";
import { awsAccountRules } from "./aws/account-validation";
import { awsBillingRules } from "./aws/billing-validation";
import { awsRules } from "./aws/validation";
import { azureAccountRules } from "./azure/account-validation";
import { azureBillingRules } from "./azure/billing-validation";
import { azureRules } from "./azure/validation";
import { gcpAccountRules } from "./gcp/account-validation";
import { gcpBillingRules } from "./gcp/billing-validation";
import { gcpRules } from "./gcp/validation";

/** Reports one problem: the key path under the config namespace, the bad value, and what is allowed. */
export type AddProblem = (path: (string | number)[], value: unknown, message: string) => void;

/**
 * One cloud's rules on top of the cloud-agnostic ones; run on every part of the settings that parsed,
 * down to single fields: a field that failed its schema is absent (see components/parsed.ts), and a
 * rule that needs it stays silent. "X is required" checks use `missing`, which a failed X is not.
 */
export type CloudRules = (args: Parsed<PlatformArgs>, add: AddProblem) => void;

/**
 * Per-cloud validation. These modules load no cloud SDK, so validation stays cheap and
 * a library import never pulls a provider in.
 */
export const CLOUD_RULES: Partial<Record<PlatformArgs["cloud"], CloudRules>> = {
    aws: allOf(awsRules, awsBillingRules, awsAccountRules),
    azure: allOf(azureRules, azureBillingRules, azureAccountRules),
    gcp: allOf(gcpRules, gcpBillingRules, gcpAccountRules),
};

function allOf(...rules: CloudRules[]): CloudRules {
    return (args, add) => rules.forEach((rule) => rule(args, add));
}
