import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-aks-auto-upgrade-channel",
    description: "The AKS cluster upgrades itself on a channel (autoUpgradeProfile.upgradeChannel patch, stable, rapid or node-image) and its node OS images are not left unpatched (nodeOSUpgradeChannel not None).",
    severity: "medium",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_171"] },
    remediation: "anycloud sets upgradeChannel: patch (patch releases of the configured minor) and nodeOSUpgradeChannel: NodeImage; a fork must keep a channel other than none.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        const channel = valueAt(resource.props, "autoUpgradeProfile.upgradeChannel");
        const nodeOs = valueAt(resource.props, "autoUpgradeProfile.nodeOSUpgradeChannel");
        const problems: string[] = [];
        if (typeof channel !== "string" || channel.toLowerCase() === "none") {
            problems.push(`autoUpgradeProfile.upgradeChannel is ${channel === undefined ? "not set" : JSON.stringify(channel)}: the cluster gets no automatic upgrades`);
        }
        if (typeof nodeOs === "string" && nodeOs.toLowerCase() === "none") {
            problems.push("nodeOSUpgradeChannel is None: node OS security patches are never applied");
        }
        return problems.length === 0 ? PASS : fail(problems.join("; "));
    },
});
