import { defineRule, fail, PASS, valueAt } from "../rule";

const WHY_IT_MATTERS = {
    autoRepair: "unhealthy nodes stay in the pool",
    autoUpgrade: "nodes miss security patches and drift from the control plane",
};

export const rule = defineRule({
    id: "gcp-gke-node-auto-repair-upgrade",
    description: "Every GKE node pool has auto-repair and auto-upgrade on (management.autoRepair and management.autoUpgrade are not false).",
    severity: "low",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_9", "CKV_GCP_10"],
        trivy: ["GCP-0063", "GCP-0058"],
        cis: ["CIS GKE 1.9.0 5.5.2", "CIS GKE 1.9.0 5.5.3"],
    },
    remediation: "anycloud sets management { autoRepair: true, autoUpgrade: true } with no pinned node version (providers/gcp/cluster-pools.ts); a fork must keep both (the provider's default is on as well).",
    resourceTypes: ["gcp:container/nodePool:NodePool"],
    check(resource) {
        const off = (Object.keys(WHY_IT_MATTERS) as (keyof typeof WHY_IT_MATTERS)[])
            .filter((flag) => valueAt(resource.props, `management.${flag}`) === false);
        return off.length > 0
            ? fail(off.map((flag) => `management.${flag} = false: ${WHY_IT_MATTERS[flag]}`).join("; "))
            : PASS;
    },
});
