import { defineRule, fail, PASS } from "../rule";
import { credentialsInText, isCredentialName, isReference } from "./kubernetes-helm-secret-values";
import { isObject } from "./kubernetes-pod-no-privileged";

export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

export const rule = defineRule({
    id: "kubernetes-configmap-no-credentials",
    description: "No ConfigMap the package creates holds a credential: no password/token/secret-like key, no credential assignment in its text, no private key.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        trivy: ["KSV-0109"],
    },
    remediation: "Move the credential to a Secret (mounted as a file or read with secretKeyRef) and leave a reference "
        + "(`${VAR}`, a file path) in the ConfigMap. Public material such as a CA certificate may stay.",
    resourceTypes: [CONFIG_MAP],
    check(configMap) {
        const problems: string[] = [];
        for (const field of ["data", "binaryData"]) {
            const entries = configMap.props[field];
            if (!isObject(entries)) {
                continue;
            }
            for (const [key, value] of Object.entries(entries)) {
                if (typeof value !== "string") {
                    continue;
                }
                if (isCredentialName(key) && !isReference(value)) {
                    problems.push(`${field}.${key} is named as a credential`);
                    continue;
                }
                const found = credentialsInText(value);
                if (found.length > 0) {
                    problems.push(`${field}.${key} holds ${found.join(", ")}`);
                }
            }
        }
        return problems.length > 0 ? fail(problems.join("; ")) : PASS;
    },
});
