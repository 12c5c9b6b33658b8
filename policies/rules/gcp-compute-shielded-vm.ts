import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-compute-shielded-vm",
    description: "Compute Engine VMs are Shielded VMs with Secure Boot, vTPM and Integrity Monitoring on (shieldedInstanceConfig).",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_39"],
        trivy: ["GCP-0067", "GCP-0041", "GCP-0045"],
    },
    remediation: "anycloud sets all three on the bastion, on a Shielded-VM image (providers/gcp/bastion.ts); a fork must keep shieldedInstanceConfig (Secure Boot is off unless asked for).",
    resourceTypes: ["gcp:compute/instance:Instance"],
    check(resource) {
        const config = valueAt(resource.props, "shieldedInstanceConfig");
        const secureBoot = valueAt(config, "enableSecureBoot");
        const off = [
            ...(secureBoot === true || secureBoot === UNKNOWN_VALUE ? [] : [`enableSecureBoot ${secureBoot === undefined ? "not set (default false)" : String(secureBoot)}`]),
            // vTPM and Integrity Monitoring are on unless turned off.
            ...["enableVtpm", "enableIntegrityMonitoring"].filter((key) => valueAt(config, key) === false).map((key) => `${key} false`),
        ];
        return off.length > 0 ? fail(`shieldedInstanceConfig: ${off.join(", ")}`) : PASS;
    },
});
