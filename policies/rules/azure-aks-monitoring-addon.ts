import { defineRule, exception, PASS } from "../rule";
import { addonProfile } from "./azure-aks-azure-policy-addon";

/**
 * What Checkov CKV_AZURE_4 and Trivy AZU-0040 check: the Container Insights add-on (omsagent)
 * sending container logs and metrics to Azure Monitor. anycloud runs its own logs and metrics in
 * the cluster (docs/observability.md) and sends the control plane's logs, the audit log among
 * them, through a diagnostic setting: the scanners fail anycloud's clusters, and so does this rule,
 * as a documented exception that holds while the audit log is kept.
 */
export const rule = defineRule({
    id: "azure-aks-monitoring-addon",
    description: "An AKS cluster sends its logs to Azure Monitor through the Container Insights add-on (omsagent), as the scanners check.",
    severity: "medium",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_4"], trivy: ["AZU-0040"] },
    remediation: "anycloud does not enable Container Insights: Fluent Bit ships container logs to the cluster's Elasticsearch and Prometheus keeps the metrics, "
        + "and a diagnostic setting keeps the control plane's audit log in Log Analytics (azure-aks-audit-logs). Enable the omsagent add-on in a fork if Azure Monitor must hold container logs too (it is billed per GB ingested).",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        if (addonProfile(resource.props, "omsagent")?.enabled === true) {
            return PASS;
        }
        return exception("container logs and metrics stay in the cluster's own Elasticsearch and Prometheus (anycloud:observability) instead of Container Insights; "
            + "the control plane's audit log goes to Log Analytics through a diagnostic setting", ["azure-aks-audit-logs"]);
    },
});
