import { Rule } from "../rule";
import { AWS_RULES } from "./aws";
import { AZURE_RULES } from "./azure";
import { GCP_RULES } from "./gcp";
import { KUBERNETES_RULES } from "./kubernetes";

/** Every rule anycloud checks, on every cloud. Ids are unique (a test says so). */
export const ALL_RULES: readonly Rule[] = [...AWS_RULES, ...AZURE_RULES, ...GCP_RULES, ...KUBERNETES_RULES];
