import { defineRule, fail, PASS, valueAt } from "../rule";

export const FLOW_LOG = "azure-native:network:FlowLog";

export const rule = defineRule({
    id: "azure-network-flow-log-retention",
    description: "A flow log keeps its records at least 90 days: retentionPolicy enabled with days >= 90, or 0 (kept forever).",
    severity: "low",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_12"], trivy: ["AZU-0049"] },
    remediation: "anycloud keeps flow logs anycloud:azure.logRetentionDays (default 90); set it to 90 or more (the schema allows 30-365), "
        + "or let a fork set retentionPolicy { enabled: true, days: 0 } to keep them forever.",
    resourceTypes: [FLOW_LOG],
    check(resource) {
        const enabled = valueAt(resource.props, "retentionPolicy.enabled");
        const days = Number(valueAt(resource.props, "retentionPolicy.days"));
        if (enabled !== true) {
            return fail("retentionPolicy.enabled is not true: no retention is set");
        }
        if (Number.isNaN(days) || (days !== 0 && days < 90)) {
            return fail(`retentionPolicy.days is ${String(valueAt(resource.props, "retentionPolicy.days") ?? "not set")}: fewer than 90 days of records to investigate with`);
        }
        return PASS;
    },
});
