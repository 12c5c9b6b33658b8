import { defineRule, fail, notApplicable, PASS, UNKNOWN_VALUE } from "../rule";
import { AGENT_POOL, MANAGED_CLUSTER, poolsOf } from "./azure-aks-no-node-public-ip";

export const rule = defineRule({
    id: "azure-aks-multi-zone-pools",
    description: "Every AKS node pool spreads over at least two availability zones (availabilityZones), so losing a zone leaves nodes running.",
    severity: "medium",
    cloud: "azure",
    references: {},
    remediation: "Set anycloud:network.zones to 2 or 3 in a region with availability zones; anycloud places every pool in all of them. "
        + "A pool's zones are fixed at creation: anycloud creates a new pool (new name) and drains the old one when they change.",
    resourceTypes: [MANAGED_CLUSTER, AGENT_POOL],
    check(resource) {
        const pools = poolsOf(resource);
        const unknown = pools.filter((pool) => pool.props.availabilityZones === UNKNOWN_VALUE);
        const narrow = pools.filter((pool) => pool.props.availabilityZones !== UNKNOWN_VALUE)
            .filter((pool) => new Set(Array.isArray(pool.props.availabilityZones) ? pool.props.availabilityZones : []).size < 2);
        if (narrow.length > 0) {
            return fail(narrow.map((pool) => `${pool.name} runs in ${Array.isArray(pool.props.availabilityZones) && pool.props.availabilityZones.length > 0 ? `zone ${pool.props.availabilityZones.join(", ")} only` : "no availability zone"}`).join("; "));
        }
        if (pools.length === 0 || unknown.length === pools.length) {
            return notApplicable(pools.length === 0 ? "the cluster defines no inline pool" : "the pools' zones are computed during the deployment");
        }
        return PASS;
    },
});
