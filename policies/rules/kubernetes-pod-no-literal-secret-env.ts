import { defineRule, valueAt } from "../rule";
import { credentialsInText, isCredentialName, isReference } from "./kubernetes-helm-secret-values";
import { containersOf, isObject, judgePods, POD_TYPES } from "./kubernetes-pod-no-privileged";

export const rule = defineRule({
    id: "kubernetes-pod-no-literal-secret-env",
    description: "No container environment variable of a pod the package defines carries a literal credential: a password/token/secret-like variable comes from a Secret (valueFrom.secretKeyRef), never from `value` or a ConfigMap.",
    severity: "high",
    cloud: "kubernetes",
    // Checkov CKV_K8S_35 and CIS "prefer secrets as files over environment variables" (EKS 4.4.1, AKS 4.5.1, GKE 4.4.1)
    // go further and fail secretKeyRef too; anycloud's Job and Fluent Bit take credentials from secretKeyRef, so they are not claimed.
    references: {},
    remediation: "Put the credential in a Kubernetes Secret and use `valueFrom: { secretKeyRef: { name, key } }` (or mount the "
        + "Secret as a file). A literal in the pod spec is readable by anyone who may read the workload, and sits in Pulumi's "
        + "state even when marked secret there.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => containersOf(template).flatMap((c) => {
            const env = Array.isArray(c.container.env) ? c.container.env.filter(isObject) : [];
            return env.flatMap((variable, i) => {
                const name = typeof variable.name === "string" ? variable.name : `#${i}`;
                const where = `${c.label} env ${name}`;
                const value = variable.value;
                if (typeof value === "string") {
                    if (isCredentialName(name) && !isReference(value)) {
                        return [`${where} holds its credential as a literal value`];
                    }
                    const shapes = credentialsInText(value);
                    return shapes.length > 0 ? [`${where} holds ${shapes.join(", ")}`] : [];
                }
                if (isCredentialName(name) && valueAt(variable, "valueFrom.configMapKeyRef") !== undefined) {
                    return [`${where} takes its credential from a ConfigMap, which is not kept secret`];
                }
                return [];
            });
        }));
    },
});
