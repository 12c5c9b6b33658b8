import { defineRule, fail, PASS } from "../rule";
import { internetAdmissions, NETWORK_SECURITY_GROUP, SECURITY_RULE } from "./azure-network-no-ssh-from-internet";

export const rule = defineRule({
    id: "azure-network-no-rdp-from-internet",
    description: "No NSG rule allows RDP (port 3389) in from the internet (*, Internet, 0.0.0.0/0, any).",
    severity: "critical",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_9"], trivy: ["AZU-0048"] },
    remediation: "anycloud opens no RDP anywhere (the bastion is Linux, reached over SSH); a fork that adds Windows machines must admit 3389 only from named ranges, or through the bastion.",
    resourceTypes: [SECURITY_RULE, NETWORK_SECURITY_GROUP],
    check(resource) {
        const open = internetAdmissions(resource, 3389);
        return open.length === 0 ? PASS : fail(open.join("; "));
    },
});
