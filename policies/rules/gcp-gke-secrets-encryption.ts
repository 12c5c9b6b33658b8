import { defineRule, fail, isSet, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-secrets-encryption",
    description: "GKE encrypts Kubernetes Secrets in etcd with a Cloud KMS key of the platform (databaseEncryption.state = ENCRYPTED with a keyName).",
    severity: "medium",
    cloud: "gcp",
    references: {
        cis: ["CIS GKE 1.9.0 5.3.1"],
    },
    remediation: "anycloud creates the key (90-day rotation), grants it to the GKE service agent and sets databaseEncryption (providers/gcp/cluster-encryption.ts); a fork must keep it.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const state = valueAt(resource.props, "databaseEncryption.state");
        if (state !== "ENCRYPTED" && state !== UNKNOWN_VALUE) {
            return fail(`databaseEncryption.state is ${state === undefined ? "not set" : String(state)}: Secrets are stored under Google's default keys only`);
        }
        return isSet(resource, "databaseEncryption.keyName")
            ? PASS
            : fail("databaseEncryption.keyName is not set: no Cloud KMS key encrypts the Secrets");
    },
});
