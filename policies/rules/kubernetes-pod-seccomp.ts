import { defineRule, valueAt } from "../rule";
import { containersOf, judgePods, missingMainContainer, POD_TYPES } from "./kubernetes-pod-no-privileged";

const CONFINING = ["RuntimeDefault", "Localhost"];

export const rule = defineRule({
    id: "kubernetes-pod-seccomp",
    description: "Every pod the package defines runs its containers under a seccomp profile (RuntimeDefault or Localhost, on the pod or on each container), never Unconfined.",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_31"],
        trivy: ["KSV-0030", "KSV-0104"],
        cis: ["CIS GKE 1.9.0 4.6.2"],
    },
    remediation: "Set `securityContext.seccompProfile: { type: RuntimeDefault }` on the pod (anycloud does on every pod it defines).",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => {
            const podProfile = valueAt(template.spec, "securityContext.seccompProfile.type");
            const problems: string[] = [];
            if (podProfile !== undefined && !CONFINING.includes(String(podProfile))) {
                problems.push(`${template.where}.securityContext.seccompProfile.type is ${String(podProfile)}`);
            }
            const podConfined = CONFINING.includes(String(podProfile));
            if (!podConfined && template.eck && missingMainContainer(template)) {
                problems.push(`${missingMainContainer(template)}, and the pod sets no seccomp profile`);
            }
            for (const c of containersOf(template)) {
                const own = valueAt(c.container, "securityContext.seccompProfile.type");
                if (own !== undefined && !CONFINING.includes(String(own))) {
                    problems.push(`${c.label} sets seccompProfile ${String(own)}`);
                } else if (own === undefined && !podConfined) {
                    problems.push(`${c.label} has no seccomp profile (none on it or its pod)`);
                }
            }
            return problems;
        });
    },
});
