import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-compute-block-project-ssh-keys",
    description: "Compute Engine VMs refuse project-wide SSH keys (metadata block-project-ssh-keys = true), so only keys given for the VM itself log in.",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_32"],
        trivy: ["GCP-0030"],
    },
    remediation: "anycloud sets block-project-ssh-keys on the bastion (providers/gcp/bastion.ts); a fork must keep it: anyone who may edit project metadata could otherwise add a key that opens every VM.",
    resourceTypes: ["gcp:compute/instance:Instance"],
    check(resource) {
        const value = valueAt(resource.props, "metadata.block-project-ssh-keys");
        return String(value).toLowerCase() === "true" || value === UNKNOWN_VALUE
            ? PASS
            : fail(`metadata block-project-ssh-keys is ${value === undefined ? "not set" : String(value)}: project-wide SSH keys log in to this VM`);
    },
});
