import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { EKS_TYPES, knownStrings } from "./aws-eks-private-endpoint";

/** Every control-plane log type EKS has. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const rule = defineRule({
    id: "aws-eks-control-plane-logging",
    description: "The EKS control plane sends every log type to CloudWatch: api, audit, authenticator, controllerManager and scheduler.",
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_37"], trivy: ["AWS-0038"], cis: ["CIS EKS 1.8.0 2.1.1"] },
    remediation: "anycloud enables all five types into an encrypted log group with a retention (providers/aws/cluster.ts; anycloud:aws.logRetentionDays). "
        + "A fork must keep enabledClusterLogTypes complete.",
    resourceTypes: EKS_TYPES,
    check: (resource) => {
        const value = valueAt(resource.props, "enabledClusterLogTypes");
        const types = knownStrings(value);
        if (types.length === 0 && !Array.isArray(value) && isSet(resource, "enabledClusterLogTypes")) {
            return PASS;
        }
        const missing = CONTROL_PLANE_LOG_TYPES.filter((type) => !types.includes(type));
        return missing.length > 0 ? fail(`control-plane logs not enabled: ${missing.join(", ")}`) : PASS;
    },
});
