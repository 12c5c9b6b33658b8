import { defineRule, valueAt } from "../rule";
import { judgeContainers, POD_TYPES } from "./kubernetes-pod-no-privileged";

export const rule = defineRule({
    id: "kubernetes-pod-no-privilege-escalation",
    description: "Every container of a pod the package defines sets `allowPrivilegeEscalation: false`, so no process in it gains more privileges than its parent (setuid binaries, file capabilities).",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_20"],
        trivy: ["KSV-0001"],
        cis: ["CIS EKS 1.8.0 4.2.5", "CIS AKS 1.8 4.2.5"],
    },
    remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container (and, for an ECK resource, list "
        + "its main container in the pod template with that context). Unset means allowed.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgeContainers(resource, (c) => (valueAt(c.container, "securityContext.allowPrivilegeEscalation") !== false
            ? [`${c.label} does not set securityContext.allowPrivilegeEscalation: false`]
            : []));
    },
});
