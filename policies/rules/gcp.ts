import { Rule } from "../rule";

/** Every gcp rule, one per file in this folder (policies/rules/gcp-<service>-<rule>.ts). */
export const GCP_RULES: readonly Rule[] = [
];
