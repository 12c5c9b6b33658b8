import { Rule } from "../rule";

/** Every aws rule, one per file in this folder (policies/rules/aws-<service>-<rule>.ts). */
export const AWS_RULES: readonly Rule[] = [
];
