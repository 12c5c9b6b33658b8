import { CheckedResource, defineRule, fail, PASS, StackView } from "../rule";
import { EKS_CLUSTER, EKS_COMPONENT, EKS_TYPES } from "./aws-eks-private-endpoint";

const OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const ADDON = "aws:eks/addon:Addon";

/** URNs that stand for the cluster: itself and, for the cluster @pulumi/eks builds, its component. */
function clusterUrns(cluster: CheckedResource, stack: StackView): string[] {
    return [cluster.urn, ...(cluster.type === EKS_CLUSTER && stack.byUrn(cluster.parent)?.type === EKS_COMPONENT ? [cluster.parent] : [])];
}

/** How pods get AWS identities of their own here, or undefined. */
function workloadIdentity(cluster: CheckedResource, stack: StackView): string | undefined {
    if (cluster.type === EKS_COMPONENT && cluster.props.createOidcProvider === true) {
        return "IRSA";
    }
    const urns = clusterUrns(cluster, stack);
    const fromCluster = (r: CheckedResource) => r.dependencies.some((urn) => urns.includes(urn))
        || Object.values(r.propertyDependencies).some((deps) => deps.some((urn) => urns.includes(urn)));
    if (stack.ofType(OIDC_PROVIDER).some((p) => fromCluster(p) || urns.includes(p.parent))) {
        return "IRSA";
    }
    if (stack.ofType(ADDON).some((a) => a.props.addonName === "eks-pod-identity-agent" && fromCluster(a))) {
        return "EKS Pod Identity";
    }
    return undefined;
}

export const rule = defineRule({
    id: "aws-eks-workload-identity",
    description: "Pods can get AWS permissions of their own (IRSA's OIDC provider or the EKS Pod Identity agent), so none needs the node's role.",
    severity: "medium",
    cloud: "aws",
    references: { cis: ["CIS EKS 1.8.0 5.2.1"] },
    remediation: "anycloud creates the cluster's OIDC provider (createOidcProvider) and gives the VPC CNI, the EBS CSI driver and the autoscaler "
        + "IRSA roles of their own (providers/aws/irsa.ts); give your workloads IRSA roles the same way instead of widening the node role.",
    resourceTypes: EKS_TYPES,
    check: (resource, stack) => workloadIdentity(resource, stack)
        ? PASS
        : fail("no OIDC provider (createOidcProvider) and no eks-pod-identity-agent add-on: pods needing AWS access can only borrow the node's role"),
});
