import { defineRule, fail, isSet, PASS, valueAt } from "../rule";

/**
 * The Compute Engine default service account: <project number>-compute@developer.gserviceaccount.com,
 * or "default" (also used by gcp-gke-no-default-service-account).
 */
export const isDefaultAccount = (email: unknown) => typeof email === "string" && (email === "default" || /-compute@developer\.gserviceaccount\.com$/.test(email));

export const rule = defineRule({
    id: "gcp-compute-no-default-service-account",
    description: "Compute Engine VMs run as a dedicated service account or none, never the Compute Engine default one (project Editor).",
    severity: "critical",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_30", "CKV_GCP_31"],
        trivy: ["GCP-0044"],
    },
    remediation: "anycloud gives the bastion its own service account with roles/logging.logWriter only (providers/gcp/bastion.ts); a fork must name a dedicated account in serviceAccount.email, or leave serviceAccount out for a VM without one.",
    resourceTypes: ["gcp:compute/instance:Instance"],
    check(resource) {
        if (!isSet(resource, "serviceAccount")) {
            return PASS; // No service account: the VM holds no Google credentials.
        }
        const email = valueAt(resource.props, "serviceAccount.email");
        if (isDefaultAccount(email)) {
            return fail(`serviceAccount.email is the Compute Engine default service account (${String(email)})`);
        }
        return isSet(resource, "serviceAccount.email")
            ? PASS
            : fail("serviceAccount has no email: the VM runs as the Compute Engine default service account");
    },
});
