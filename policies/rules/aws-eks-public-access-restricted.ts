import { defineRule, fail, isInternet, isSet, PASS } from "../rule";
import { EKS_COMPONENT, EKS_TYPES, endpointInput, knownStrings, publicEndpointOn } from "./aws-eks-private-endpoint";

export const rule = defineRule({
    id: "aws-eks-public-access-restricted",
    description: "A public EKS API endpoint admits only listed ranges (publicAccessCidrs), never 0.0.0.0/0 or ::/0.",
    severity: "critical",
    cloud: "aws",
    references: {
        checkov: ["CKV_AWS_38"], trivy: ["AWS-0041"], cis: ["CIS EKS 1.8.0 5.4.1"],
        pulumiCompliance: "aws-eks-cluster-disallow-api-endpoint-public-access",
    },
    remediation: "With anycloud:cluster.apiAccess allowlist, list the office's public ranges in anycloud:allowedCidrs (anycloud refuses an empty list "
        + "and 0.0.0.0/0); or set apiAccess to private.",
    resourceTypes: EKS_TYPES,
    check: (resource) => {
        if (!publicEndpointOn(resource)) {
            return PASS;
        }
        const value = endpointInput(resource, "publicAccessCidrs");
        const cidrs = knownStrings(value);
        const open = cidrs.filter(isInternet);
        if (open.length > 0) {
            return fail(`the public endpoint admits ${open.join(", ")}`);
        }
        // On the component a list wired from another resource counts; on the cluster resource (whose
        // vpcConfig always depends on the subnets) an absent list is EKS's default.
        if (cidrs.length === 0 && !(resource.type === EKS_COMPONENT && isSet(resource, "publicAccessCidrs"))) {
            return fail("the public endpoint is on and publicAccessCidrs is not set: EKS admits 0.0.0.0/0");
        }
        return PASS;
    },
});
