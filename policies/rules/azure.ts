import { Rule } from "../rule";

/** Every azure rule, one per file in this folder (policies/rules/azure-<service>-<rule>.ts). */
export const AZURE_RULES: readonly Rule[] = [
];
