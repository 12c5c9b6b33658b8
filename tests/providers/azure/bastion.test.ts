import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { createBastion, CUSTOM_DATA } from "../../../providers/azure/bastion";
import { createNetwork } from "../../../providers/azure/network";
import { SSH_KEY } from "../../helpers/config";
import { AZURE_DEV_CONFIG, input, mocked, ofType, recordStack, single, toStackConfig } from "../../helpers/record";
import { wireFoundation } from "../../helpers/component";

const OFFICE = ["198.51.100.0/24", "203.0.113.8/29"];
const VM = "azure-native:compute:VirtualMachine";
const NIC = "azure-native:network:NetworkInterface";
const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";
const PUBLIC_IP = "azure-native:network:PublicIPAddress";
const PREFIXES = { public: "10.0.128.0/21", private: "10.0.0.0/20", data: "10.0.192.0/21" };
const PLATFORM_TAGS = { customer: "acme", project: "transit", environment: "dev", "cost-type": "fixed", "managed-by": "anycloud" };

/** Foundation, network and bastion as the Platform wires them, without the cluster and database. */
async function recordBastion(settings: Record<string, unknown>): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => {
        const args = loadPlatformArgs(config);
        const { context, childOf } = wireFoundation(args);
        const network = createNetwork("acme-network", { context, settings: args.network }, childOf("anycloud:index:Network", "acme-network"));
        const bastion = createBastion("acme-bastion", { context, settings: args.bastion, network }, childOf("anycloud:index:Bastion", "acme-bastion"));
        return { bastionPublicIp: bastion.publicIp, bastionSshUser: bastion.sshUser, bastionSecurityPrincipal: bastion.securityPrincipal };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region) });
}

type Rule = { name: string; priority: number; direction: string; access: string; protocol: string; sources: string[]; destinations: string[]; ports: string[] };

function describeRule(rule: ResourceRecord): Rule {
    const both = (one: string, many: string) => [...(input<string[]>(rule, many) ?? []), ...(input<string>(rule, one) !== undefined ? [input<string>(rule, one)] : [])];
    return {
        name: input(rule, "securityRuleName"), priority: input(rule, "priority"), direction: input(rule, "direction"), access: input(rule, "access"), protocol: input(rule, "protocol"),
        sources: both("sourceAddressPrefix", "sourceAddressPrefixes"),
        destinations: both("destinationAddressPrefix", "destinationAddressPrefixes"),
        ports: both("destinationPortRange", "destinationPortRanges"),
    };
}

const rulesOf = (recording: Recording, nsg: ResourceRecord, direction: string) => ofType(recording, RULE)
    .filter((r) => input(r, "networkSecurityGroupName") === mocked(nsg).state.name)
    .map(describeRule).filter((r) => r.direction === direction).sort((a, b) => a.name.localeCompare(b.name));

describe("Azure bastion", () => {
    let dev: Recording;
    let vm: ResourceRecord;

    before(async () => {
        dev = await recordBastion({ ...AZURE_DEV_CONFIG, allowedCidrs: OFFICE, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        vm = single(dev, VM);
    });

    describe("network security group of its NIC", () => {
        it("admits SSH only from the office ranges, in one rule that updates in place, and denies the VNet", () => {
            const inbound = rulesOf(dev, single(dev, NSG, "-bastion-nsg"), "Inbound");
            const simplify = ({ name, access, protocol, sources, destinations, ports }: Rule) => ({ name, access, protocol, sources, destinations, ports });
            assert.deepEqual(inbound.map(simplify), [
                { name: "allow-ssh-from-allowlist", access: "Allow", protocol: "Tcp", sources: ["198.51.100.0/24", "203.0.113.8/29"], destinations: ["*"], ports: ["22"] },
                { name: "deny-vnet-inbound", access: "Deny", protocol: "*", sources: ["VirtualNetwork"], destinations: ["*"], ports: ["*"] },
            ]);
            assert.equal(inbound.find((r) => r.access === "Deny")?.priority, 4000);
            assert.ok(inbound.filter((r) => r.access === "Allow").every((r) => r.priority < 4000));
        });

        it("lets out only PostgreSQL to the data subnet, HTTPS to the node subnet, and web traffic to the internet", () => {
            const outbound = rulesOf(dev, single(dev, NSG, "-bastion-nsg"), "Outbound").sort((a, b) => a.priority - b.priority);
            assert.deepEqual(outbound.map((r) => [r.access, r.protocol, r.destinations, r.ports]), [
                ["Allow", "Tcp", [PREFIXES.data], ["5432"]],
                ["Allow", "Tcp", [PREFIXES.private], ["443"]],
                ["Allow", "Tcp", ["Internet"], ["80", "443"]],
                ["Deny", "*", ["VirtualNetwork"], ["*"]],
                ["Deny", "*", ["Internet"], ["*"]],
            ]);
        });

        it("is the NSG of the bastion's NIC, which sits in the public subnet behind the bastion's own address", () => {
            const nic = single(dev, NIC);
            assert.equal(input(nic, "networkSecurityGroup.id"), mocked(single(dev, NSG, "-bastion-nsg")).id);
            const [config] = input<Array<Record<string, { id: string }>>>(nic, "ipConfigurations");
            assert.equal(config.subnet.id, mocked(single(dev, "azure-native:network:Subnet", "-public-subnet")).id);
            assert.equal(config.publicIPAddress.id, mocked(single(dev, PUBLIC_IP, "-bastion-ip")).id);
            assert.equal(input(nic, "enableIPForwarding"), false);
            // The subnet's NSG, evaluated first, admits the same ranges.
            const subnetSsh = ofType(dev, RULE).filter((r) => input(r, "networkSecurityGroupName") === "nsg-public-acme-transit-dev" && input(r, "access") === "Allow");
            assert.deepEqual(subnetSsh.map((r) => input(r, "sourceAddressPrefixes")), [OFFICE]);
        });
    });

    describe("virtual machine", () => {
        it("runs Ubuntu 24.04 LTS from Canonical with Trusted Launch (secure boot, vTPM)", () => {
            assert.deepEqual(input(vm, "storageProfile.imageReference"), { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" });
            assert.deepEqual(input(vm, "securityProfile"), { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
            assert.equal(input(vm, "hardwareProfile.vmSize"), "Standard_B1s");
            assert.equal(input(vm, "storageProfile.osDisk.managedDisk.storageAccountType"), "StandardSSD_LRS");
            assert.equal(input(vm, "storageProfile.osDisk.deleteOption"), "Delete");
            assert.deepEqual(input(vm, "networkProfile.networkInterfaces"), [{ id: mocked(single(dev, NIC)).id, primary: true, deleteOption: "Detach" }]);
        });

        it("logs in with the given SSH key only, and patches itself", () => {
            const linux = input<Record<string, unknown>>(vm, "osProfile.linuxConfiguration");
            assert.equal(linux.disablePasswordAuthentication, true);
            assert.equal(input(vm, "osProfile.adminPassword"), undefined);
            assert.deepEqual(input(vm, "osProfile.linuxConfiguration.ssh.publicKeys"), [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: SSH_KEY }]);
            assert.equal(input(vm, "osProfile.adminUsername"), "azureuser");
            assert.deepEqual(linux.patchSettings, { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform", automaticByPlatformSettings: { rebootSetting: "IfRequired" } });
            assert.equal(linux.provisionVMAgent, true, "automatic guest patching works through the VM agent");
        });

        it("has no managed identity: it needs no Azure rights", () => {
            assert.equal(input(vm, "identity"), undefined);
            assert.equal(input(vm, "securityProfile.encryptionAtHost"), undefined, "needs a subscription feature; platform-managed encryption at rest applies");
        });

        it("hardens sshd at first boot: key only, no root, only local forwarding", () => {
            const script = Buffer.from(input<string>(vm, "osProfile.customData"), "base64").toString();
            assert.equal(script, CUSTOM_DATA);
            for (const line of ["PermitRootLogin no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "AuthenticationMethods publickey", "AllowUsers azureuser", "AllowTcpForwarding local", "PermitTunnel no", "sshd -t"]) {
                assert.ok(script.includes(line), `custom data contains "${line}"`);
            }
            assert.match(script, /sshd_config\.d\/00-/, "a drop-in read before cloud-init's 50-cloud-init.conf");
        });

        it("is rebuilt, not updated, when its key, first-boot script or image changes, and frees its name first", () => {
            for (const path of ["osProfile.customData", "osProfile.linuxConfiguration.ssh", "storageProfile.imageReference"]) {
                assert.ok(vm.options.replaceOnChanges.includes(path), path);
            }
            assert.equal(vm.options.deleteBeforeReplace, true);
            assert.equal(input(vm, "vmName"), "vm-bastion-acme-transit-dev");
        });

        it("starts once the public subnet carries its NSG and the NSG admits SSH", () => {
            assert.ok(vm.dependencies.includes(single(dev, "azure-native:network:Subnet", "-public-subnet").urn));
            const subnetSsh = ofType(dev, RULE).filter((r) => input(r, "networkSecurityGroupName") === "nsg-public-acme-transit-dev" && input(r, "access") === "Allow");
            assert.ok(subnetSsh.every((r) => vm.dependencies.includes(r.urn)));
        });
    });

    it("is the only thing with a public address besides the NAT gateway: a Standard static IP that survives rebuilds", () => {
        const addresses = ofType(dev, PUBLIC_IP);
        assert.equal(addresses.length, 2);
        const natAddresses = input<Array<{ id: string }>>(single(dev, "azure-native:network:NatGateway"), "publicIpAddresses").map((a) => a.id);
        const own = addresses.filter((a) => !natAddresses.includes(mocked(a).id));
        assert.equal(own.length, 1);
        assert.deepEqual(input(own[0], "sku"), { name: "Standard", tier: "Regional" });
        assert.equal(input(own[0], "publicIPAllocationMethod"), "Static");
        assert.equal(input(own[0], "publicIpAddressName"), "pip-bastion-acme-transit-dev");
        assert.deepEqual(ofType(dev, NIC).map((n) => n.name), ["acme-bastion-nic"], "the bastion's is the only NIC the platform makes");
    });

    it("publishes its address, user and subnet prefix as the principal others admit", () => {
        assert.equal(dev.outputs.bastionPublicIp, mocked(single(dev, PUBLIC_IP, "-bastion-ip")).state.ipAddress);
        assert.equal(dev.outputs.bastionSshUser, "azureuser");
        assert.equal(dev.outputs.bastionSecurityPrincipal, PREFIXES.public);
    });

    describe("in the whole platform", () => {
        let privateApi: Recording;
        let off: Recording;

        before(async () => {
            privateApi = await recordStack({ ...AZURE_DEV_CONFIG, allowedCidrs: OFFICE, cluster: { apiAccess: "private" }, database: { enabled: true }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
            off = await recordStack({ ...AZURE_DEV_CONFIG, database: { enabled: true } });
        });

        const inboundTo = (recording: Recording, nsg: string, port: string) => ofType(recording, RULE)
            .filter((r) => input(r, "networkSecurityGroupName") === nsg && input(r, "direction") === "Inbound" && input(r, "access") === "Allow" && input(r, "destinationPortRange") === port)
            .map((r) => input<string>(r, "sourceAddressPrefix"));

        it("reaches the database (5432) and a private API server (443): their NSGs admit its subnet", () => {
            assert.equal(privateApi.outputs.bastionSshUser, "azureuser");
            assert.equal(privateApi.outputs.bastionPublicIp, mocked(single(privateApi, PUBLIC_IP, "-bastion-ip")).state.ipAddress);
            assert.ok(inboundTo(privateApi, "nsg-data-acme-transit-dev", "5432").includes(PREFIXES.public), "the data NSG admits the bastion subnet");
            assert.ok(inboundTo(privateApi, "nsg-private-acme-transit-dev", "443").includes(PREFIXES.public), "the node NSG admits the bastion subnet to the API endpoint");
        });

        it("creates nothing and publishes no outputs when disabled", () => {
            assert.deepEqual(ofType(off, VM), []);
            assert.deepEqual(ofType(off, NIC), []);
            assert.deepEqual(ofType(off, PUBLIC_IP).map((r) => r.name).filter((n) => n.includes("bastion")), []);
            assert.deepEqual(off.resources.filter((r) => r.type === "anycloud:index:Bastion"), []);
            assert.equal(off.outputs.bastionPublicIp, undefined);
            assert.deepEqual(inboundTo(off, "nsg-data-acme-transit-dev", "5432"), [PREFIXES.private], "only the nodes reach the database");
        });
    });

    it("tags everything it creates with the platform's tags and its component, and sets the location", () => {
        const taggable = dev.resources.filter((r) => r.custom && r.parent.includes("anycloud:index:Bastion") && r.type !== RULE);
        assert.deepEqual(taggable.map((r) => r.type).sort(), [VM, NIC, NSG, PUBLIC_IP].sort());
        for (const resource of taggable) {
            assert.deepEqual(input(resource, "tags"), { ...PLATFORM_TAGS, component: "bastion" }, resource.name);
            assert.equal(input(resource, "location"), "westeurope", resource.name);
            assert.equal(input(resource, "resourceGroupName"), "rg-acme-transit-dev", resource.name);
        }
    });
});
