import { CheckedResource, defineRule, exception, fail, isInternet, isSet, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

/** The @pulumi/eks component the plan records, and the cluster its plugin builds at deploy time (which a policy pack sees). */
export const EKS_COMPONENT = "eks:index:Cluster";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const EKS_TYPES = [EKS_COMPONENT, EKS_CLUSTER];

/** An endpoint setting: a top-level argument of the component, under `vpcConfig` on the cluster resource. */
export function endpointInput(resource: CheckedResource, name: "endpointPublicAccess" | "endpointPrivateAccess" | "publicAccessCidrs"): unknown {
    return valueAt(resource.props, resource.type === EKS_COMPONENT ? name : `vpcConfig.${name}`);
}

/** The known strings of a list (unknown entries left out). */
export function knownStrings(value: unknown): string[] {
    return (Array.isArray(value) ? value : []).filter((v): v is string => typeof v === "string" && v !== UNKNOWN_VALUE);
}

/** Both @pulumi/eks and EKS default the public endpoint to on; only a literal false turns it off. */
export function publicEndpointOn(resource: CheckedResource): boolean {
    return endpointInput(resource, "endpointPublicAccess") !== false;
}

export const rule = defineRule({
    id: "aws-eks-private-endpoint",
    description: "The EKS API has its private endpoint on and its public endpoint off.",
    severity: "critical",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_39"], trivy: ["AWS-0040"], cis: ["CIS EKS 1.8.0 5.4.2"] },
    remediation: "Set anycloud:cluster.apiAccess to private, and deploy from inside the network (the bastion, or a runner named in "
        + "anycloud:aws.apiAccessSecurityGroupIds / apiAccessCidrs). apiAccess: allowlist keeps a public endpoint limited to anycloud:allowedCidrs, which this rule records as an exception.",
    resourceTypes: EKS_TYPES,
    check: (resource) => {
        const privateOn = endpointInput(resource, "endpointPrivateAccess") === true;
        if (!publicEndpointOn(resource)) {
            return privateOn ? PASS : fail("the private endpoint is off (endpointPrivateAccess is not true): nodes and in-network clients reach the API over the internet");
        }
        const cidrs = knownStrings(endpointInput(resource, "publicAccessCidrs"));
        // A list wired from another resource (on the component) is judged by aws-eks-public-access-restricted alike.
        const wired = cidrs.length === 0 && resource.type === EKS_COMPONENT && isSet(resource, "publicAccessCidrs");
        if (privateOn && (wired || (cidrs.length > 0 && !cidrs.some(isInternet)))) {
            return exception(
                `apiAccess: allowlist: the public endpoint stays on, reachable only from ${wired ? "the ranges given" : cidrs.join(", ")}, so deployers outside the network can install Helm releases; `
                + "nodes and in-network clients use the private endpoint",
                ["aws-eks-public-access-restricted"],
            );
        }
        return fail(`the public endpoint is on${cidrs.length === 0 ? " with no publicAccessCidrs (EKS then admits 0.0.0.0/0)" : ` for ${cidrs.join(", ")}`}`
            + `${privateOn ? "" : ", and the private endpoint is off"}`);
    },
});
