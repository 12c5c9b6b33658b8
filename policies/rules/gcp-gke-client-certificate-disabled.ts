import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-client-certificate-disabled",
    description: "The GKE API issues no client certificate and has no basic-auth user: every caller authenticates with a Google identity.",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_13"],
        trivy: ["GCP-0064"],
        cis: ["CIS GKE 1.9.0 5.8.1"],
    },
    remediation: "anycloud sets masterAuth.clientCertificateConfig.issueClientCertificate = false (providers/gcp/cluster.ts); a fork must not issue a client certificate (it cannot be revoked) or set masterAuth.username.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const masterAuth = valueAt(resource.props, "masterAuth");
        if (valueAt(masterAuth, "clientCertificateConfig.issueClientCertificate") === true) {
            return fail("issueClientCertificate = true: GKE issues a client certificate with cluster-admin rights that cannot be revoked");
        }
        const username = valueAt(masterAuth, "username");
        if (typeof username === "string" && username !== "") {
            return fail("masterAuth.username is set: basic authentication to the API");
        }
        // GKE issues no client certificate unless asked (since 1.12).
        return PASS;
    },
});
