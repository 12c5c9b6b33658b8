import type { PlatformArgs } from "../components/types";
import { awsRules } from "./aws/validation";
import { azureRules } from "./azure/validation";
import { gcpRules } from "./gcp/validation";

/** Reports one problem: the key path under the config namespace, the bad value, and what is allowed. */
export type AddProblem = (path: (string | number)[], value: unknown, message: string) => void;

/** One cloud's rules on top of the cloud-agnostic ones; run on every part of the settings that parsed. */
export type CloudRules = (args: Partial<PlatformArgs>, add: AddProblem) => void;

/**
 * Per-cloud validation. These modules load no cloud SDK, so validation stays cheap and
 * a library import never pulls a provider in.
 */
export const CLOUD_RULES: Partial<Record<PlatformArgs["cloud"], CloudRules>> = {
    aws: awsRules,
    azure: azureRules,
    gcp: gcpRules,
};
