import { defineRule, fail, notApplicable, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-compute-vm-password-auth-disabled",
    description: "A Linux VM accepts SSH keys only: osProfile.linuxConfiguration.disablePasswordAuthentication is true, no admin password is set, and at least one SSH public key is.",
    severity: "high",
    cloud: "azure",
    references: {
        checkov: ["CKV_AZURE_149", "CKV_AZURE_178", "CKV_AZURE_1"],
        pulumiCompliance: "azurenative-compute-virtualmachine-disallow-password-authentication",
    },
    remediation: "anycloud's bastion takes anycloud:bastion.sshPublicKey and disables passwords (in the VM profile and in sshd); a fork must set "
        + "disablePasswordAuthentication: true with ssh.publicKeys and no adminPassword.",
    resourceTypes: ["azure-native:compute:VirtualMachine"],
    check(resource) {
        if (valueAt(resource.props, "osProfile") === undefined) {
            return notApplicable("the VM has no OS profile (it boots an existing OS disk), so its sign-in is not configured here");
        }
        if (valueAt(resource.props, "osProfile.linuxConfiguration") === undefined && valueAt(resource.props, "osProfile.windowsConfiguration") !== undefined) {
            return notApplicable("a Windows VM: SSH key sign-in does not apply");
        }
        const problems: string[] = [];
        if (valueAt(resource.props, "osProfile.linuxConfiguration.disablePasswordAuthentication") !== true) {
            problems.push("disablePasswordAuthentication is not true");
        }
        if (valueAt(resource.props, "osProfile.adminPassword") !== undefined) {
            problems.push("an adminPassword is set");
        }
        const keys = valueAt(resource.props, "osProfile.linuxConfiguration.ssh.publicKeys");
        if (!(Array.isArray(keys) && keys.length > 0)) {
            problems.push("no SSH public key is set");
        }
        return problems.length === 0 ? PASS : fail(`${problems.join(", ")}: the VM may accept passwords`);
    },
});
