import { CheckedResource, defineRule, exception, fail, PASS, StackView, tagsOf, valueAt } from "../rule";

const NETWORK_INTERFACE = "azure-native:network:NetworkInterface";
const VIRTUAL_MACHINE = "azure-native:compute:VirtualMachine";

const objects = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object") : []);

/** Names of a NIC's IP configurations that carry a public IP address. */
function publicConfigsOfNic(nic: CheckedResource): string[] {
    return objects(nic.props.ipConfigurations).filter((config) => config.publicIPAddress !== undefined && config.publicIPAddress !== null)
        .map((config, i) => `${String(nic.props.networkInterfaceName ?? nic.name)}/${String(config.name ?? `ipConfigurations[${i}]`)}`);
}

/** A VM's public IP configurations: those of its NICs in the stack, and of NICs it declares inline. */
function publicConfigsOfVm(vm: CheckedResource, stack: StackView): string[] {
    const nics = (vm.propertyDependencies.networkProfile ?? []).map((urn) => stack.byUrn(urn)).filter((r): r is CheckedResource => r?.type === NETWORK_INTERFACE);
    const inline = objects(valueAt(vm.props, "networkProfile.networkInterfaceConfigurations")).flatMap((nic, n) => objects(nic.ipConfigurations)
        .filter((config) => config.publicIPAddressConfiguration !== undefined && config.publicIPAddressConfiguration !== null)
        .map((config, i) => `${String(nic.name ?? `networkInterfaceConfigurations[${n}]`)}/${String(config.name ?? `ipConfigurations[${i}]`)}`));
    return [...nics.flatMap(publicConfigsOfNic), ...inline];
}

export const rule = defineRule({
    id: "azure-compute-vm-no-public-ip",
    description: "No VM or network interface has a public IP address, except the bastion, whose SSH is admitted only from the office allowlist.",
    severity: "high",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_119"] },
    remediation: "anycloud gives a public IP to the bastion only (component: bastion), by design: it is the way in from the office, and the exception holds while "
        + "azure-network-no-ssh-from-internet passes. Reach other machines through the bastion; a fork must not attach public IPs elsewhere.",
    resourceTypes: [VIRTUAL_MACHINE, NETWORK_INTERFACE],
    check(resource, stack) {
        const exposed = resource.type === NETWORK_INTERFACE ? publicConfigsOfNic(resource) : publicConfigsOfVm(resource, stack);
        if (exposed.length === 0) {
            return PASS;
        }
        if (tagsOf(resource).component === "bastion") {
            return exception("the bastion is the platform's one door from the office: a static public IP on which its NSGs admit only SSH, "
                + "from anycloud:allowedCidrs, to key-only sshd", ["azure-network-no-ssh-from-internet", "azure-network-no-rdp-from-internet"]);
        }
        return fail(`public IP address on ${exposed.join(", ")}`);
    },
});
