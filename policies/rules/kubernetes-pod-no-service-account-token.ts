import { defineRule } from "../rule";
import { judgePods, POD_TYPES } from "./kubernetes-pod-no-privileged";

export const rule = defineRule({
    id: "kubernetes-pod-no-service-account-token",
    description: "Pods the package defines mount no Kubernetes API token unless they run under their own service account: automountServiceAccountToken false, or a dedicated serviceAccountName.",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_38"],
        trivy: ["KSV-0036"],
        cis: ["CIS EKS 1.8.0 4.1.6", "CIS AKS 1.8 4.1.6", "CIS GKE 1.9.0 4.1.5"],
    },
    remediation: "Set `automountServiceAccountToken: false` on a pod that does not call the Kubernetes API; one that does gets "
        + "its own ServiceAccount (serviceAccountName) with only the RBAC it needs. ECK leaves the token out of Elasticsearch "
        + "and Kibana pods unless the template sets it to true.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => {
            const automount = template.spec.automountServiceAccountToken;
            const account = template.spec.serviceAccountName ?? template.spec.serviceAccount;
            const dedicated = typeof account === "string" && account !== "" && account !== "default";
            const mounts = automount === true || (automount === undefined && !(template.eck && !template.eck.mountsTokenByDefault));
            if (!mounts || dedicated) {
                return [];
            }
            return [`${template.where} mounts the ${typeof account === "string" && account !== "" ? `"${account}"` : "namespace's default"} service account's token `
                + `(automountServiceAccountToken is ${automount === true ? "true" : "not false"})`];
        });
    },
});
