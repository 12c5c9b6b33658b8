import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";

export const rule = defineRule({
    id: "gcp-gke-shielded-nodes",
    description: "GKE nodes are Shielded GKE Nodes (enableShieldedNodes) with Secure Boot and Integrity Monitoring on (nodeConfig.shieldedInstanceConfig).",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_71", "CKV_GCP_68", "CKV_GCP_72"],
        trivy: ["GCP-0055"],
        cis: ["CIS GKE 1.9.0 5.5.5", "CIS GKE 1.9.0 5.5.6", "CIS GKE 1.9.0 5.5.7"],
    },
    remediation: "anycloud sets enableShieldedNodes and shieldedInstanceConfig { enableSecureBoot, enableIntegrityMonitoring } on the cluster and every pool (providers/gcp/cluster.ts, cluster-pools.ts); a fork must keep them. Secure Boot is off unless asked for.",
    resourceTypes: [CLUSTER, NODE_POOL],
    check(resource) {
        const props = resource.props;
        if (resource.type === CLUSTER) {
            if (valueAt(props, "enableAutopilot") === true) {
                return PASS; // Autopilot nodes are always shielded, with Secure Boot.
            }
            if (valueAt(props, "enableShieldedNodes") === false) {
                return fail("enableShieldedNodes = false: nodes can join without verifiable identity and integrity");
            }
        }
        const where = resource.type === CLUSTER ? "the default node pool" : "this pool";
        const config = valueAt(props, "nodeConfig.shieldedInstanceConfig");
        const secureBoot = valueAt(config, "enableSecureBoot");
        if (secureBoot !== true && secureBoot !== UNKNOWN_VALUE) {
            // GKE's default is off.
            return fail(`Secure Boot is off on ${where} (nodeConfig.shieldedInstanceConfig.enableSecureBoot ${secureBoot === undefined ? "not set, default false" : `= ${String(secureBoot)}`})`);
        }
        if (valueAt(config, "enableIntegrityMonitoring") === false) {
            return fail(`Integrity Monitoring is off on ${where} (nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring = false)`);
        }
        return PASS;
    },
});
