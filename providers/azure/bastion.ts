import { ubuntuSshdHardening } from "../../components/sshd-hardening";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { BastionArgs, BastionOutputs } from "../../components/bastion";
import { componentTags } from "../../components/context";
import { azureName } from "./foundation";
import { denyVnetInbound, DENY_VNET_PRIORITY, RuleSpec, securityRules, SSH_PRIORITY, sshFromAllowlist, staticPublicIp, SubnetPrefixes, subnetPrefixesOf } from "./network";
import { BASTION_VM_SIZES } from "./sizes";

export const SSH_USER = "azureuser";
/** Ubuntu 24.04 LTS, Gen2 (Trusted Launch needs Gen2), from Canonical; listed for automatic VM guest patching. */
export const IMAGE = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" };
const POSTGRES_PORTS = ["5432"];

/**
 * First-boot script (cloud-init runs it once per VM). sshd: the drop-in is named 00-* because
 * sshd keeps the first value it reads and cloud-init writes 50-cloud-init.conf; only local
 * forwarding, which the tunnels to the database and a private API server need. Ubuntu 24.04
 * starts sshd from a socket, so the service may not run yet: /run/sshd must exist for the
 * syntax check, and a reload applies only if it does run (otherwise the next connection reads
 * the new file). Updates: Azure's automatic guest patching (patchMode AutomaticByPlatform)
 * installs security and critical updates and turns Ubuntu's own unattended-upgrades off when
 * it takes over, so the script leaves them alone.
 */
export const CUSTOM_DATA = `#!/bin/bash
set -euo pipefail

${ubuntuSshdHardening(SSH_USER)}
`;

/**
 * Inbound: SSH from each allowlisted range and nothing else (the VNet denied too). Outbound:
 * PostgreSQL to the data subnet, HTTPS to the node subnet (a private API server's endpoint),
 * HTTP and HTTPS to the internet (Ubuntu's archive mirror serves HTTP; the VM agent and its
 * patch extension use HTTPS), nothing else. DNS, DHCP, IMDS and the VM agent's wire server
 * (168.63.129.16, 169.254.169.254) are not subject to NSGs.
 */
export function bastionRules(allowedCidrs: string[], prefixes: pulumi.Output<SubnetPrefixes>): RuleSpec[] {
    const outbound = (name: string, priority: number, destination: pulumi.Input<string>, ports: string[], description: string): RuleSpec =>
        ({ name, priority, direction: "Outbound", access: "Allow", protocol: "Tcp", source: "*", destination, ports, description });
    const denyOutbound = (name: string, priority: number, destination: string): RuleSpec =>
        ({ name, priority, direction: "Outbound", access: "Deny", protocol: "*", source: "*", destination, description: `Nothing else to ${destination}` });
    return [
        ...sshFromAllowlist(allowedCidrs, "*", SSH_PRIORITY),
        denyVnetInbound("the bastion"),
        outbound("allow-postgres", 2000, prefixes.apply((p) => p.data), POSTGRES_PORTS, "PostgreSQL in the data subnet, for tunnels to the database"),
        outbound("allow-private-api", 2010, prefixes.apply((p) => p.private), ["443"], "HTTPS to the node subnet, where a private API server has its endpoint"),
        outbound("allow-internet-web", 2020, "Internet", ["80", "443"], "Package updates, the VM agent and automatic guest patching"),
        denyOutbound("deny-vnet-outbound", DENY_VNET_PRIORITY, "VirtualNetwork"),
        denyOutbound("deny-internet-outbound", DENY_VNET_PRIORITY + 10, "Internet"),
    ];
}

/**
 * Ubuntu 24.04 LTS in the public subnet behind a Standard static public IP: SSH only from the
 * office allowlist (subnet NSG and NIC NSG), key-only login, Trusted Launch (secure boot,
 * vTPM), automatic guest patching, no managed identity (it needs no Azure rights). Also the
 * in-network door to a private Kubernetes API (docs/bastion.md).
 */
export function createBastion(name: string, args: BastionArgs, opts: pulumi.ComponentResourceOptions): BastionOutputs {
    const { context, settings, network: net } = args;
    if (!context.azureScope) {
        throw new Error("createBastion: context.azureScope is missing; the Azure foundation (providers/azure/foundation.ts) creates it");
    }
    const { resourceGroupName } = context.azureScope;
    const tags = componentTags(context, "bastion");
    const located = { resourceGroupName, location: context.region };

    // The address stays when the VM is rebuilt (new key, new image), so office firewall rules
    // and known_hosts entries keep working.
    const address = staticPublicIp(`${name}-ip`, azureName(context, "pip-bastion"), located, tags, opts);

    const nsg = new network.NetworkSecurityGroup(`${name}-nsg`, { ...located, networkSecurityGroupName: azureName(context, "nsg-bastion"), tags }, opts);
    const prefixes = subnetPrefixesOf(net);
    const ruleResources = securityRules(name, nsg, resourceGroupName, bastionRules(context.allowedCidrs, prefixes), opts);

    const nic = new network.NetworkInterface(`${name}-nic`, {
        ...located,
        networkInterfaceName: azureName(context, "nic-bastion"),
        ipConfigurations: [{
            name: "primary",
            primary: true,
            subnet: { id: net.publicSubnetIds.apply((ids) => ids[0]) },
            privateIPAllocationMethod: "Dynamic",
            publicIPAddress: { id: address.id },
        }],
        networkSecurityGroup: { id: nsg.id },
        enableIPForwarding: false,
        tags,
    }, { ...opts, dependsOn: ruleResources });

    const vm = new compute.VirtualMachine(`${name}-vm`, {
        ...located,
        vmName: azureName(context, "vm-bastion"),
        hardwareProfile: { vmSize: BASTION_VM_SIZES[settings.size] },
        storageProfile: {
            imageReference: IMAGE,
            // Encrypted at rest with platform-managed keys (always on). Encryption at host would
            // also cover caches and temp disk, but needs the EncryptionAtHost subscription feature.
            osDisk: { createOption: "FromImage", caching: "ReadWrite", deleteOption: "Delete", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
        },
        osProfile: {
            computerName: azureName(context, "bastion"),
            adminUsername: SSH_USER,
            customData: Buffer.from(CUSTOM_DATA).toString("base64"),
            linuxConfiguration: {
                disablePasswordAuthentication: true,
                provisionVMAgent: true,
                ssh: { publicKeys: [{ path: `/home/${SSH_USER}/.ssh/authorized_keys`, keyData: settings.sshPublicKey.trim() }] },
                patchSettings: {
                    patchMode: "AutomaticByPlatform",
                    assessmentMode: "AutomaticByPlatform",
                    automaticByPlatformSettings: { rebootSetting: "IfRequired" },
                },
            },
        },
        securityProfile: { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true, deleteOption: "Detach" }] },
        // Managed boot diagnostics: the serial log when the host does not come up.
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        tags,
    }, {
        ...opts,
        dependsOn: net.publicRouting,
        // Azure refuses to change these on an existing VM; the host holds no state (the address and NIC stay),
        // and its fixed name must be free before the new one is created.
        replaceOnChanges: ["osProfile.customData", "osProfile.adminUsername", "osProfile.computerName", "osProfile.linuxConfiguration.ssh", "storageProfile.imageReference", "securityProfile.securityType"],
        deleteBeforeReplace: true,
    });

    return {
        // Published once the VM exists, so a client never dials an address with nothing behind it.
        publicIp: pulumi.all([address.ipAddress, vm.id]).apply(([ip]) => ip ?? ""),
        sshUser: pulumi.output(SSH_USER),
        // Principals on Azure are subnet prefixes: what the database's and cluster's NSG rules admit.
        securityPrincipal: prefixes.apply((p) => p.public),
    };
}
