import { componentOf, defineRule, exception, fail, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-compute-no-public-ip",
    description: "Compute Engine VMs have no external IP address (no accessConfigs on any network interface); the bastion is the documented exception.",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_40"],
        trivy: ["GCP-0031"],
    },
    remediation: "Only the bastion has an external address (anycloud:bastion.enabled; with anycloud:gcp.bastionIapTunnel or apiAccess: private and a runner in the VPC it can be left off). A fork's other VMs must reach out through Cloud NAT and be reached through the bastion or IAP.",
    resourceTypes: ["gcp:compute/instance:Instance"],
    check(resource) {
        const interfaces = valueAt(resource.props, "networkInterfaces");
        const exposed = (Array.isArray(interfaces) ? interfaces : []).some((nic) => ["accessConfigs", "ipv6AccessConfigs"]
            .some((key) => { const configs = valueAt(nic, key); return Array.isArray(configs) && configs.length > 0; }));
        if (!exposed) {
            return PASS;
        }
        if (componentOf(resource) === "bastion") {
            return exception(
                "the bastion is the door from the office into the private network, so it has a static external address; its firewall admits SSH only from anycloud:allowedCidrs and nothing else from the internet",
                ["gcp-vpc-firewall-no-ssh-from-internet", "gcp-vpc-firewall-no-all-ports-from-internet"],
            );
        }
        return fail("the VM has an external IP address (networkInterfaces[].accessConfigs)");
    },
});
