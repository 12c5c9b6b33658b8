import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { isDefaultAccount } from "./gcp-compute-no-default-service-account";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";

export const rule = defineRule({
    id: "gcp-gke-no-default-service-account",
    description: "GKE nodes run as a dedicated service account (nodeConfig.serviceAccount), never the Compute Engine default one with its project Editor role.",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV2_GCP_1"],
        trivy: ["GCP-0050"],
        cis: ["CIS GKE 1.9.0 5.2.1"],
    },
    remediation: "anycloud creates the node service account with roles/container.defaultNodeServiceAccount and Artifact Registry read only (providers/gcp/cluster-identity.ts) and sets it on the default pool and every pool; a fork must keep nodeConfig.serviceAccount.",
    resourceTypes: [CLUSTER, NODE_POOL],
    check(resource) {
        const props = resource.props;
        if (resource.type === CLUSTER && valueAt(props, "clusterAutoscaling.enabled") === true) {
            const provisioned = valueAt(props, "clusterAutoscaling.autoProvisioningDefaults.serviceAccount");
            if (!isSet(resource, "clusterAutoscaling.autoProvisioningDefaults.serviceAccount") || isDefaultAccount(provisioned)) {
                return fail("node auto-provisioning creates pools as the Compute Engine default service account (clusterAutoscaling.autoProvisioningDefaults.serviceAccount)");
            }
        }
        const email = valueAt(props, "nodeConfig.serviceAccount");
        if (isDefaultAccount(email)) {
            return fail(`nodeConfig.serviceAccount is the Compute Engine default service account (${String(email)})`);
        }
        if (!isSet(resource, "nodeConfig.serviceAccount")) {
            const where = resource.type === CLUSTER ? "the default node pool" : "the pool's nodes";
            return fail(`nodeConfig.serviceAccount is not set: ${where} run as the Compute Engine default service account`);
        }
        return PASS;
    },
});
