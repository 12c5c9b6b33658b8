import { CheckedResource, defineRule, fail, isSet, PASS, StackView, valueAt } from "../rule";
import { addonProfile } from "./azure-aks-azure-policy-addon";

const DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting";
/** kube-audit logs every request; kube-audit-admin every one but get and list (AKS's recommendation for cost). */
const AUDIT_CATEGORIES = ["kube-audit", "kube-audit-admin"];
/** Category groups that include the audit categories. */
const AUDIT_GROUPS = ["audit", "alllogs"];

/** The diagnostic settings of a resource: those whose resourceUri comes from it, or names it by id. */
export function diagnosticSettingsOf(resource: CheckedResource, stack: StackView, idSuffix: string | undefined): CheckedResource[] {
    return stack.ofType(DIAGNOSTIC_SETTING).filter((setting) => (setting.propertyDependencies.resourceUri ?? []).includes(resource.urn)
        || (idSuffix !== undefined && String(setting.props.resourceUri ?? "").toLowerCase().endsWith(idSuffix.toLowerCase())));
}

function sendsAudit(setting: CheckedResource): boolean {
    const logs = Array.isArray(setting.props.logs) ? setting.props.logs as Record<string, unknown>[] : [];
    return logs.some((log) => log.enabled === true
        && (AUDIT_CATEGORIES.includes(String(log.category)) || AUDIT_GROUPS.includes(String(log.categoryGroup).toLowerCase())));
}

/**
 * CIS AKS 2.1.1 wants the control plane's audit log kept, in Log Analytics. Checkov CKV_AZURE_4
 * and Trivy AZU-0040 ("AKS logging to Azure Monitor") look for the Container Insights add-on
 * (omsagent) instead, which collects container logs and metrics but not the audit log; anycloud
 * runs its own log and metrics stack in the cluster and sends the control-plane logs through a
 * diagnostic setting. Those scanners' check is azure-aks-monitoring-addon, which records anycloud's
 * choice as an exception compensated by this rule.
 */
export const rule = defineRule({
    id: "azure-aks-audit-logs",
    description: "A diagnostic setting sends the AKS control plane's audit log (kube-audit or kube-audit-admin) to a Log Analytics workspace.",
    severity: "medium",
    cloud: "azure",
    references: { cis: ["CIS AKS 1.8 2.1.1"] },
    remediation: "anycloud sends kube-audit-admin, kube-apiserver and guard to the platform's workspace (or anycloud:azure.logAnalyticsWorkspaceId); "
        + "a fork must keep a monitor.DiagnosticSetting on the cluster with an audit category and a workspaceId. The omsagent add-on alone does not carry the audit log.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource, stack) {
        const name = valueAt(resource.props, "resourceName");
        const settings = diagnosticSettingsOf(resource, stack, typeof name === "string" ? `/managedClusters/${name}` : undefined);
        const auditing = settings.filter(sendsAudit);
        if (auditing.some((setting) => isSet(setting, "workspaceId"))) {
            return PASS;
        }
        if (auditing.length > 0) {
            return fail(`the diagnostic setting ${auditing.map((s) => s.name).join(", ")} sends the audit log to no Log Analytics workspace (workspaceId)`);
        }
        const containerInsights = addonProfile(resource.props, "omsagent")?.enabled === true ? " (Container Insights, the omsagent add-on, collects container logs, not the audit log)" : "";
        return fail(`no diagnostic setting sends kube-audit or kube-audit-admin from this cluster${containerInsights}`);
    },
});
