import { defineRule, exception, fail, PASS, tagsOf, valueAt } from "../rule";

const SLA_TIERS = ["standard", "premium"];

export const rule = defineRule({
    id: "azure-aks-standard-tier",
    description: "The AKS cluster runs on a paid tier (sku.tier Standard or Premium), which carries the financially backed API server uptime SLA.",
    severity: "low",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_170"] },
    remediation: "anycloud buys the Standard tier ($0.10 per cluster-hour) outside dev; dev keeps Free as a documented cost exception. The tier changes in place.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const tier = valueAt(resource.props, "sku.tier");
        if (typeof tier === "string" && SLA_TIERS.includes(tier.toLowerCase())) {
            return PASS;
        }
        if (tagsOf(resource).environment === "dev") {
            return exception("dev cluster on the Free tier: no uptime SLA for a platform nobody depends on, saving $0.10 per cluster-hour (about $73 a month)", []);
        }
        return fail(`sku.tier is ${tier === undefined ? "not set (Free)" : JSON.stringify(tier)}: the API server has no uptime SLA`);
    },
});
