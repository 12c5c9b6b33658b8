import { defineRule, valueAt } from "../rule";
import { containersOf, judgePods, missingMainContainer, POD_TYPES } from "./kubernetes-pod-no-privileged";

export const rule = defineRule({
    id: "kubernetes-pod-non-root",
    description: "Every container of a pod the package defines must run as a non-root user: runAsNonRoot true (on the pod or the container) and no runAsUser 0.",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_23"],
        trivy: ["KSV-0012", "KSV-0105"],
        cis: ["CIS AKS 1.8 4.6.2", "CIS GKE 1.9.0 4.6.3"],
    },
    remediation: "Set `securityContext.runAsNonRoot: true` on the pod (and a non-zero runAsUser where the image's user is root "
        + "or numeric-less); give volumes the user's group with fsGroup instead of running as root.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => {
            const pod = template.spec.securityContext;
            const problems: string[] = [];
            if (valueAt(pod, "runAsUser") === 0) {
                problems.push(`${template.where}.securityContext.runAsUser is 0`);
            }
            if (template.eck && missingMainContainer(template) && valueAt(pod, "runAsNonRoot") !== true) {
                problems.push(`${missingMainContainer(template)}, and the pod does not set runAsNonRoot: true`);
            }
            for (const c of containersOf(template)) {
                const own = c.container.securityContext;
                if (valueAt(own, "runAsUser") === 0) {
                    problems.push(`${c.label} sets runAsUser 0`);
                }
                const nonRoot = valueAt(own, "runAsNonRoot") ?? valueAt(pod, "runAsNonRoot");
                if (nonRoot !== true) {
                    problems.push(`${c.label} may run as root: runAsNonRoot is ${nonRoot === false ? "false" : "not set"} on it or its pod`);
                }
            }
            return problems;
        });
    },
});
