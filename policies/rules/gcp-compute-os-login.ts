import { CheckedResource, componentOf, defineRule, exception, fail, PASS, valueAt } from "../rule";

const INSTANCE = "gcp:compute/instance:Instance";

const flag = (value: unknown) => (value === undefined ? undefined : ["true", "1"].includes(String(value).toLowerCase()));

/** The bastion's login design: one instance key for the fixed user, project-wide keys blocked. */
function isKeyLoginBastion(instance: CheckedResource): boolean {
    const metadata = valueAt(instance.props, "metadata");
    return componentOf(instance) === "bastion"
        && flag(valueAt(metadata, "block-project-ssh-keys")) === true
        && typeof valueAt(metadata, "ssh-keys") === "string";
}

export const rule = defineRule({
    id: "gcp-compute-os-login",
    description: "OS Login decides who logs in: a project's metadata sets enable-oslogin = TRUE and no VM turns it off; the bastion's key login is the documented exception.",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_33", "CKV_GCP_34"],
        trivy: ["GCP-0036"],
    },
    remediation: "The bastion keeps OS Login off by design (providers/gcp/bastion.ts: OS Login ignores metadata keys and names users after their Google accounts, so neither anycloud:bastion.sshPublicKey nor the fixed sshUser could hold); its compensating controls are blocked project keys and SSH from anycloud:allowedCidrs only. Other VMs must not set enable-oslogin = FALSE.",
    resourceTypes: [INSTANCE, "gcp:compute/projectMetadata:ProjectMetadata"],
    check(resource) {
        const enabled = flag(valueAt(resource.props, "metadata.enable-oslogin"));
        if (resource.type !== INSTANCE) {
            return enabled === true ? PASS : fail("the project's metadata does not set enable-oslogin = TRUE: VMs take SSH keys from metadata");
        }
        // Without the key, the instance follows the project's setting.
        if (enabled !== false) {
            return PASS;
        }
        if (isKeyLoginBastion(resource)) {
            return exception(
                "the bastion logs in the fixed user anycloud with the key of anycloud:bastion.sshPublicKey, the same contract on every cloud, which OS Login would ignore; project-wide keys are blocked and SSH is admitted only from anycloud:allowedCidrs",
                ["gcp-compute-block-project-ssh-keys", "gcp-vpc-firewall-no-ssh-from-internet"],
            );
        }
        return fail("metadata enable-oslogin = FALSE turns OS Login off: SSH keys in metadata log in, outside IAM");
    },
});
