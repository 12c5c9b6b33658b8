import { defineRule, fail, notApplicable, PASS, UNKNOWN_VALUE, valueAt } from "../rule";
import { EKS_EXTENDED_SUPPORT_ONLY, SUPPORTED_EKS_VERSIONS } from "../../providers/aws/kubernetes-versions";
import { EKS_COMPONENT, EKS_TYPES } from "./aws-eks-private-endpoint";

export const rule = defineRule({
    id: "aws-eks-supported-version",
    description: "The EKS cluster runs a Kubernetes minor that EKS still supports and this release of anycloud knows; a minor past standard support runs under the extended support policy.",
    severity: "medium",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_339"] },
    remediation: `Set anycloud:cluster.version to one of ${SUPPORTED_EKS_VERSIONS.join(", ")} (upgrade one minor at a time). `
        + `${EKS_EXTENDED_SUPPORT_ONLY.join(" and ")} are in paid extended support and need anycloud:aws.upgradeSupport: extended.`,
    resourceTypes: EKS_TYPES,
    check: (resource) => {
        const version = valueAt(resource.props, "version");
        if (version === undefined || version === UNKNOWN_VALUE) {
            // The plan records the component's arguments: no version means EKS picks its default once and nothing upgrades it.
            return resource.type === EKS_COMPONENT
                ? fail("no version is set: EKS picks its default at creation, and the cluster stays on it until it leaves support")
                : notApplicable("the cluster's version is not known in this preview");
        }
        const minor = String(version).split(".").slice(0, 2).join(".");
        if (!SUPPORTED_EKS_VERSIONS.includes(minor)) {
            return fail(`Kubernetes ${version} is not among the supported minors ${SUPPORTED_EKS_VERSIONS.join(", ")}`);
        }
        const supportType = valueAt(resource.props, "upgradePolicy.supportType");
        // EKS's default support type is EXTENDED; STANDARD makes EKS upgrade a minor past standard support by itself.
        if (EKS_EXTENDED_SUPPORT_ONLY.includes(minor) && supportType === "STANDARD") {
            return fail(`Kubernetes ${minor} is past standard support, and the upgrade policy is STANDARD: EKS upgrades the control plane by itself, outside this program`);
        }
        return PASS;
    },
});
