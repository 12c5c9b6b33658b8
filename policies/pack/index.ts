/**
 * The anycloud policy pack: `pulumi preview --policy-pack policies/pack`. In this repository the
 * pack resolves @pulumi/policy and the rules from the repository's node_modules and sources.
 * To add your own policies, build your own pack from `anycloudPolicies()` (anycloud/policies).
 */
import { PolicyPack } from "@pulumi/policy";
import { anycloudPolicies } from "../pulumi-policy";

new PolicyPack("anycloud", { policies: anycloudPolicies() });
