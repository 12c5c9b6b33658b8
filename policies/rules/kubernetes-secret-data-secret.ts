import { defineRule, fail, notApplicable, PASS } from "../rule";
import { isSecretAt } from "./kubernetes-helm-secret-values";
import { isObject } from "./kubernetes-pod-no-privileged";

export const SECRET = "kubernetes:core/v1:Secret";

export const rule = defineRule({
    id: "kubernetes-secret-data-secret",
    description: "The contents of every Kubernetes Secret the package creates (data and stringData) are Pulumi secrets, encrypted in the state and hidden in the plan.",
    severity: "high",
    cloud: "kubernetes",
    references: {},
    remediation: "Create Secrets with @pulumi/kubernetes' core/v1 Secret, which marks data and stringData secret; a Secret built "
        + "another way (a CustomResource, rendered YAML) passes its values through pulumi.secret().",
    resourceTypes: [SECRET],
    check(secret) {
        const fields = ["data", "stringData"].filter((field) => {
            const value = secret.props[field];
            return value !== undefined && value !== null && !(isObject(value) && Object.keys(value).length === 0);
        });
        if (fields.length === 0) {
            return PASS;
        }
        if (secret.secretPaths === undefined) {
            return notApplicable(`the policy SDK hands rules secret values unwrapped, so whether ${fields.join(" and ")} are Pulumi secrets `
                + "cannot be seen here; `anycloud plan` checks it");
        }
        const plain = fields.flatMap((field) => {
            const value = secret.props[field];
            if (isSecretAt(secret, field, value)) {
                return [];
            }
            const keys = isObject(value) ? Object.entries(value).filter(([key, v]) => !isSecretAt(secret, `${field}.${key}`, v)).map(([key]) => key) : [field];
            return keys.length > 0 ? [`${field} (${keys.join(", ")})`] : [];
        });
        return plain.length > 0 ? fail(`${plain.join(" and ")} in clear: not Pulumi secrets, so they are plain in the state`) : PASS;
    },
});
