import { defineRule, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-compute-serial-port-disabled",
    description: "Compute Engine VMs keep the interactive serial console off (metadata serial-port-enable is not true).",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_35"],
        trivy: ["GCP-0032"],
    },
    remediation: "anycloud sets serial-port-enable = false on the bastion (providers/gcp/bastion.ts); a fork must not turn it on: the serial console is a way in that no firewall rule filters.",
    resourceTypes: ["gcp:compute/instance:Instance"],
    check(resource) {
        const value = valueAt(resource.props, "metadata.serial-port-enable");
        return ["true", "1"].includes(String(value).toLowerCase())
            ? fail("metadata serial-port-enable is on: the interactive serial console admits logins past the firewall")
            : PASS;
    },
});
