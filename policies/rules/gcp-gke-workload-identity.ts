import { defineRule, fail, isSet, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-workload-identity",
    description: "The GKE cluster has a Workload Identity pool (workloadIdentityConfig.workloadPool), so pods act as their own IAM principals, never the node's service account.",
    severity: "medium",
    cloud: "gcp",
    references: {
        cis: ["CIS GKE 1.9.0 5.2.2"],
    },
    remediation: "anycloud sets workloadIdentityConfig.workloadPool = <project>.svc.id.goog (providers/gcp/cluster.ts); add-ons get their own identities through it. A fork must keep it.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        if (valueAt(resource.props, "enableAutopilot") === true || isSet(resource, "workloadIdentityConfig.workloadPool")) {
            return PASS;
        }
        return fail("workloadIdentityConfig.workloadPool is not set: pods can only act as the node's service account");
    },
});
