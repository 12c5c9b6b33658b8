import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";
import { EKS_COMPONENT, EKS_TYPES } from "./aws-eks-private-endpoint";

export const rule = defineRule({
    id: "aws-eks-access-entries",
    description: "Access to the Kubernetes API is granted to IAM principals through EKS access entries only (authenticationMode API), not through the aws-auth ConfigMap.",
    severity: "medium",
    cloud: "aws",
    references: { cis: ["CIS EKS 1.8.0 5.5.1"] },
    remediation: "anycloud creates the cluster in API mode and grants cluster admins by access entry (anycloud:aws.clusterAdminArns). "
        + "A cluster moved from CONFIG_MAP passes through API_AND_CONFIG_MAP; finish the move to API once the aws-auth mappings are access entries (EKS cannot go back).",
    resourceTypes: EKS_TYPES,
    check: (resource) => {
        const mode = valueAt(resource.props, resource.type === EKS_COMPONENT ? "authenticationMode" : "accessConfig.authenticationMode");
        if (mode === "API" || mode === UNKNOWN_VALUE) {
            return PASS;
        }
        return fail(mode === undefined
            ? "authenticationMode is not set: EKS uses CONFIG_MAP, where whoever can edit the aws-auth ConfigMap in kube-system decides who is admin"
            : `authenticationMode is ${JSON.stringify(mode)}: the aws-auth ConfigMap in kube-system still grants access, outside IAM`);
    },
});
