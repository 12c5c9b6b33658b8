import { defineRule, valueAt } from "../rule";
import { addedCapabilities } from "./kubernetes-helm-no-privileged-values";
import { judgeContainers, POD_TYPES } from "./kubernetes-pod-no-privileged";

export const rule = defineRule({
    id: "kubernetes-pod-read-only-root-drop-capabilities",
    description: "Every container of a pod the package defines has a read-only root filesystem and drops ALL Linux capabilities, adding none but NET_BIND_SERVICE.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_22", "CKV_K8S_28", "CKV_K8S_37", "CKV_K8S_39"],
        trivy: ["KSV-0014", "KSV-0003", "KSV-0005", "KSV-0106"],
        cis: ["CIS AKS 1.8 4.6.2", "CIS GKE 1.9.0 4.6.3"],
        pulumiCompliance: "kubernetes-batch-v1-job-enable-read-only-root-filesystem",
    },
    remediation: "Set `securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }` on every container "
        + "(writable paths on emptyDir volumes); for an ECK resource, list its main container in the pod template with that context.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgeContainers(resource, (c) => {
            const context = c.container.securityContext;
            const problems: string[] = [];
            if (valueAt(context, "readOnlyRootFilesystem") !== true) {
                problems.push("its root filesystem is writable");
            }
            const drop = valueAt(context, "capabilities.drop");
            if (!Array.isArray(drop) || !drop.some((cap) => String(cap).toUpperCase() === "ALL")) {
                problems.push("it does not drop ALL capabilities");
            }
            const added = addedCapabilities(context);
            if (added.length > 0) {
                problems.push(`it adds ${added.join(", ")}`);
            }
            return problems.length > 0 ? [`${c.label}: ${problems.join(", ")}`] : [];
        });
    },
});
