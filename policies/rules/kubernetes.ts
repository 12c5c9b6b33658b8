import { Rule } from "../rule";

/** Every kubernetes rule, one per file in this folder (policies/rules/kubernetes-<service>-<rule>.ts). */
export const KUBERNETES_RULES: readonly Rule[] = [
];
