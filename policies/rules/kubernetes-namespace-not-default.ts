import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";
import { RELEASE } from "./kubernetes-helm-no-privileged-values";
import { POD_TYPES } from "./kubernetes-pod-no-privileged";

/** Namespaced objects the package may create (besides the pod kinds and Helm releases). */
const NAMESPACED = [
    "kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Service", "kubernetes:core/v1:ServiceAccount",
    "kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
];

export const rule = defineRule({
    id: "kubernetes-namespace-not-default",
    description: "Every namespaced object and Helm release the package creates names its namespace, and it is not `default`.",
    severity: "low",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_21"],
        trivy: ["KSV-0110"],
        cis: ["CIS EKS 1.8.0 4.5.2", "CIS AKS 1.8 4.6.3", "CIS GKE 1.9.0 4.6.4"],
    },
    remediation: "Set `metadata.namespace` (a Helm release's `namespace`) to the component's own namespace, as anycloud does "
        + "with `logging` and `monitoring`; unset, the object lands in the provider's namespace, usually `default`.",
    resourceTypes: [...POD_TYPES, ...NAMESPACED, RELEASE],
    check(resource) {
        const input = resource.type === RELEASE ? "namespace" : "metadata.namespace";
        const namespace = valueAt(resource.props, input);
        if (namespace === UNKNOWN_VALUE) {
            return PASS;
        }
        if (namespace === undefined || namespace === null || namespace === "") {
            // In a policy-pack preview a namespace taken from a Namespace resource's output is absent but recorded as a dependency.
            return (resource.propertyDependencies[input.split(".")[0]] ?? []).some((urn) => urn.includes("::kubernetes:core/v1:Namespace::"))
                ? PASS
                : fail(`no ${input}: the object lands in the Kubernetes provider's namespace, usually default`);
        }
        return namespace === "default" ? fail(`${input} is default`) : PASS;
    },
});
