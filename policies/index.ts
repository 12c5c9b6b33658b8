/**
 * anycloud's security rules, for your own policy packs and tools:
 * `new PolicyPack("mine", { policies: [...anycloudPolicies(), ...mine] })`.
 */
export * from "./rule";
export * from "./evaluate";
export { AWS_RULES } from "./rules/aws";
export { AZURE_RULES } from "./rules/azure";
export { GCP_RULES } from "./rules/gcp";
export { KUBERNETES_RULES } from "./rules/kubernetes";
export { ALL_RULES } from "./rules/all";
export { anycloudPolicies, AnycloudPoliciesOptions, checkedResourceOfPolicyResource, ENFORCEMENT_BY_SEVERITY } from "./pulumi-policy";
