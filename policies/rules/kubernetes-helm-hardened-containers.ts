import { defineRule, fail, PASS } from "../rule";
import { hardeningGaps, isContainerContext, RELEASE, securityContextsOf, valuesOf } from "./kubernetes-helm-no-privileged-values";

export const rule = defineRule({
    id: "kubernetes-helm-hardened-containers",
    description: "Every container security context a Helm release's values set is complete: allowPrivilegeEscalation false, readOnlyRootFilesystem true, capabilities.drop ALL (none added but NET_BIND_SERVICE), not privileged.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_20", "CKV_K8S_22", "CKV_K8S_28", "CKV_K8S_37"],
        trivy: ["KSV-0001", "KSV-0003", "KSV-0014", "KSV-0106"],
        cis: ["CIS EKS 1.8.0 4.2.5", "CIS AKS 1.8 4.2.5", "CIS AKS 1.8 4.6.2", "CIS GKE 1.9.0 4.6.3"],
    },
    remediation: "In the release's values, give the container security context all of allowPrivilegeEscalation: false, "
        + "readOnlyRootFilesystem: true and capabilities: { drop: [ALL] } (a chart's writable paths go on emptyDir volumes). "
        + "A context that sets only some of them leaves the chart's defaults to decide the rest.",
    resourceTypes: [RELEASE],
    check(release) {
        const gaps = securityContextsOf(valuesOf(release))
            .filter(isContainerContext)
            .flatMap((entry) => {
                const missing = hardeningGaps(entry.value);
                return missing.length > 0 ? [`${entry.path}: ${missing.join(", ")}`] : [];
            });
        return gaps.length > 0 ? fail(gaps.join("; ")) : PASS;
    },
});
