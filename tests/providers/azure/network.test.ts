import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { layoutSubnets } from "../../../components/subnet-layout";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { createNetwork, flowLogStorageName, nsgName, stablePriorities, subnetPrefixes } from "../../../providers/azure/network";
import { AZURE_DEV_CONFIG, input, mocked, ofType, single, toStackConfig } from "../../helpers/record";
import { Probe, wireFoundation } from "../../helpers/component";

const SUBNET = "azure-native:network:Subnet";
const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";
const OFFICE = ["198.51.100.0/24", "203.0.113.8/29"];
const PLATFORM_TAGS = { customer: "acme", project: "transit", environment: "dev", "cost-type": "fixed", "managed-by": "anycloud" };
// 10.0.0.0/16 cut by components/subnet-layout.ts, slot 0 of each tier.
const PREFIXES = { public: "10.0.128.0/21", private: "10.0.0.0/20", data: "10.0.192.0/21" };

/** The Azure foundation and network alone (no cluster or database), as the Platform wires them. */
async function recordNetwork(settings: Record<string, unknown>): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => {
        const args = loadPlatformArgs(config);
        const { context, childOf } = wireFoundation(args);
        const network = createNetwork("acme-network", { context, settings: args.network }, childOf("anycloud:index:Network", "acme-network"));
        new Probe("after-public", network.publicRouting);
        new Probe("after-private", network.privateRouting);
        return { cidr: network.cidr, zones: network.zones, privateSubnetIds: network.privateSubnetIds };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region) });
}

type Rule = { priority: number; direction: string; access: string; protocol: string; sources: string[]; destinations: string[]; ports: string[] };

/** A rule's fields, lists and single values merged, so nothing that widens it hides in the other form. */
function describeRule(rule: ResourceRecord): Rule {
    const both = (one: string, many: string) => [...(input<string[]>(rule, many) ?? []), ...(input<string>(rule, one) !== undefined ? [input<string>(rule, one)] : [])];
    return {
        priority: input(rule, "priority"), direction: input(rule, "direction"), access: input(rule, "access"), protocol: input(rule, "protocol"),
        sources: both("sourceAddressPrefix", "sourceAddressPrefixes"),
        destinations: both("destinationAddressPrefix", "destinationAddressPrefixes"),
        ports: both("destinationPortRange", "destinationPortRanges"),
    };
}

const rulesOf = (recording: Recording, nsg: ResourceRecord) =>
    ofType(recording, RULE).filter((r) => input(r, "networkSecurityGroupName") === mocked(nsg).state.name).map(describeRule).sort((a, b) => a.priority - b.priority);

const admitsPort = (rule: Rule, port: number) => rule.ports.some((range) => {
    if (range === "*") return true;
    const [from, to = from] = range.split("-").map(Number);
    return from <= port && port <= to;
});

describe("Azure network", () => {
    let dev: Recording;
    let prod: Recording;

    before(async () => {
        dev = await recordNetwork({ ...AZURE_DEV_CONFIG, allowedCidrs: OFFICE });
        prod = await recordNetwork({ ...AZURE_DEV_CONFIG, environment: "prod", network: { natGateways: "perZone" }, azure: { ...(AZURE_DEV_CONFIG.azure as object), logRetentionDays: 365 } });
    });

    describe("layout", () => {
        it("puts one VNet over network.cidr, named, in the platform's resource group and region", () => {
            const vnet = single(dev, "azure-native:network:VirtualNetwork");
            assert.equal(input(vnet, "virtualNetworkName"), "vnet-acme-transit-dev");
            assert.deepEqual(input(vnet, "addressSpace.addressPrefixes"), ["10.0.0.0/16"]);
            assert.equal(input(vnet, "resourceGroupName"), "rg-acme-transit-dev");
            assert.equal(input(vnet, "location"), "westeurope");
            assert.equal(input(vnet, "subnets"), undefined, "subnets are separate resources, never inline");
            assert.equal(dev.outputs.cidr, "10.0.0.0/16");
        });

        it("makes one subnet per tier from slot 0 of the shared layout, independent of the number of zones", () => {
            const subnets = ofType(dev, SUBNET);
            assert.deepEqual(subnets.map((s) => [input(s, "subnetName"), input(s, "addressPrefix")]).sort(), [["snet-data", PREFIXES.data], ["snet-private", PREFIXES.private], ["snet-public", PREFIXES.public]]);
            assert.deepEqual(subnetPrefixes("10.0.0.0/16"), PREFIXES);
            const three = layoutSubnets({ base: 10 << 24, prefix: 16 }, 3);
            assert.deepEqual(PREFIXES, { public: three.public[0], private: three.private[0], data: three.data[0] });
            assert.deepEqual(dev.outputs.zones, ["1", "2"]);
            assert.deepEqual(prod.outputs.zones, ["1", "2", "3"]);
        });

        it("delegates the data subnet, at least a /28, to PostgreSQL Flexible Server", () => {
            const data = single(dev, SUBNET, "-data-subnet");
            assert.deepEqual(input(data, "delegations"), [{ name: "postgresql-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }]);
            assert.ok(Number(PREFIXES.data.split("/")[1]) <= 28);
            assert.equal(subnetPrefixes("10.16.0.0/20").data, "10.16.12.0/25", "the smallest network the layout allows still gives the data tier more than a /28");
            assert.throws(() => subnetPrefixes("10.0.0.1/16"), /anycloud:network\.cidr = 10\.0\.0\.1\/16: has host bits set/);
        });
    });

    describe("isolation", () => {
        it("attaches the NAT gateway to the node subnet only, and gives nodes no other way out", () => {
            const nat = single(dev, "azure-native:network:NatGateway");
            const bySubnet = Object.fromEntries(ofType(dev, SUBNET).map((s) => [input<string>(s, "subnetName"), s]));
            assert.equal(input(bySubnet["snet-private"], "natGateway.id"), mocked(nat).id);
            assert.equal(input(bySubnet["snet-private"], "defaultOutboundAccess"), false, "no implicit public address for nodes");
            assert.equal(input(bySubnet["snet-public"], "natGateway"), undefined);
            assert.equal(input(bySubnet["snet-data"], "natGateway"), undefined);
            assert.equal(input(bySubnet["snet-public"], "defaultOutboundAccess"), false);
            assert.deepEqual(dev.outputs.privateSubnetIds, [mocked(bySubnet["snet-private"]).id]);
        });

        it("creates nothing with a public address but the NAT gateway's Standard static IP", () => {
            const addresses = ofType(dev, "azure-native:network:PublicIPAddress");
            assert.equal(addresses.length, 1);
            const nat = single(dev, "azure-native:network:NatGateway");
            assert.deepEqual(input(nat, "publicIpAddresses"), [{ id: mocked(addresses[0]).id }]);
            assert.deepEqual(input(addresses[0], "sku"), { name: "Standard", tier: "Regional" });
            assert.equal(input(addresses[0], "publicIPAllocationMethod"), "Static");
            assert.deepEqual(ofType(dev, "azure-native:network:NetworkInterface"), []);
        });

        it("makes one NAT gateway for perZone and single alike (an Azure subnet takes one), named, Standard", () => {
            for (const recording of [dev, prod]) {
                const nat = single(recording, "azure-native:network:NatGateway");
                assert.deepEqual(input(nat, "sku"), { name: "Standard" });
                assert.match(input<string>(nat, "natGatewayName"), /^ng-acme-transit-(dev|prod)$/);
            }
        });

        it("puts an NSG without inline rules on every subnet, named for the other adapters to find", () => {
            const nsgs = ofType(dev, NSG);
            assert.equal(nsgs.length, 3);
            for (const subnet of ofType(dev, SUBNET)) {
                const tier = input<string>(subnet, "subnetName").replace("snet-", "") as "public" | "private" | "data";
                const nsg = single(dev, NSG, `-${tier}-nsg`);
                assert.equal(input(subnet, "networkSecurityGroup.id"), mocked(nsg).id);
                assert.equal(input(nsg, "networkSecurityGroupName"), nsgName({ namePrefix: "acme-transit-dev" } as never, tier));
                assert.equal(input(nsg, "securityRules"), undefined, "inline rules would delete the standalone ones");
            }
        });

        it("ends every NSG's inbound rules with a deny of the VNet at 4000, with every allow above it", () => {
            for (const nsg of ofType(dev, NSG)) {
                const inbound = rulesOf(dev, nsg).filter((r) => r.direction === "Inbound");
                const deny = inbound.filter((r) => r.access === "Deny");
                assert.deepEqual(deny, [{ priority: 4000, direction: "Inbound", access: "Deny", protocol: "*", sources: ["VirtualNetwork"], destinations: ["*"], ports: ["*"] }], nsg.name);
                assert.ok(inbound.filter((r) => r.access === "Allow").every((r) => r.priority >= 1000 && r.priority < 4000), `${nsg.name}: the network's allows sit at 1000-3999`);
                assert.equal(new Set(inbound.map((r) => r.priority)).size, inbound.length, `${nsg.name}: priorities are unique`);
            }
        });

        it("writes an NSG's rules one at a time (Azure refuses parallel writes to one NSG)", () => {
            for (const nsg of ofType(dev, NSG)) {
                const rules = ofType(dev, RULE).filter((r) => input(r, "networkSecurityGroupName") === mocked(nsg).state.name);
                assert.ok(rules.length >= 2, nsg.name);
                rules.slice(1).forEach((rule, i) => assert.ok(rule.dependencies.includes(rules[i].urn), `${rule.name} waits for ${rules[i].name}`));
            }
        });

        it("admits SSH only from the office allowlist, in one rule whose ranges update in place", () => {
            const vnetRanges = ["10.0.0.0/16", PREFIXES.private, PREFIXES.data, PREFIXES.public, "10.244.0.0/16"];
            const fromOutside = ofType(dev, RULE).map(describeRule)
                .filter((r) => r.direction === "Inbound" && r.access === "Allow" && admitsPort(r, 22))
                .flatMap((r) => r.sources.filter((s) => !vnetRanges.includes(s) && s !== "AzureLoadBalancer"));
            assert.deepEqual(fromOutside.sort(), OFFICE);
            const ssh = rulesOf(dev, single(dev, NSG, "-public-nsg")).filter((r) => r.access === "Allow");
            assert.deepEqual(ssh.map((r) => [r.sources, r.destinations, r.ports, r.protocol]), [[OFFICE, [PREFIXES.public], ["22"], "Tcp"]]);
            const names = ofType(dev, RULE).map((r) => input<string>(r, "securityRuleName")).filter((n) => n.startsWith("allow-ssh"));
            assert.deepEqual(names, ["allow-ssh-from-allowlist"], "one rule: no priority per range to collide when the list changes");
        });

        it("admits within the node subnet only nodes, pods and Azure's load balancer, as CNI overlay needs", () => {
            const allows = rulesOf(dev, single(dev, NSG, "-private-nsg")).filter((r) => r.access === "Allow");
            assert.deepEqual(allows.map((r) => [r.sources, r.destinations.sort()]), [
                [[PREFIXES.private], ["10.0.0.0/20", "10.244.0.0/16"]],
                [["10.244.0.0/16"], ["10.244.0.0/16"]],
                [["AzureLoadBalancer"], ["*"]],
            ]);
            const dataAllows = rulesOf(dev, single(dev, NSG, "-data-nsg")).filter((r) => r.access === "Allow");
            assert.deepEqual(dataAllows.map((r) => [r.sources, r.destinations, r.ports]), [[[PREFIXES.data], [PREFIXES.data], ["5432", "6432"]]], "only high-availability replication within the subnet; the database adds its clients");
        });

        it("keeps a range's SSH priority when another range comes or goes", () => {
            const before = stablePriorities(["198.51.100.0/24", "203.0.113.8/29", "192.0.2.0/24"], 1000, 1499);
            const after = stablePriorities(["203.0.113.8/29", "192.0.2.0/24"], 1000, 1499);
            assert.equal(after.get("203.0.113.8/29"), before.get("203.0.113.8/29"));
            assert.equal(after.get("192.0.2.0/24"), before.get("192.0.2.0/24"));
            const many = stablePriorities(Array.from({ length: 40 }, (_, i) => `192.0.2.${i * 4}/30`), 1000, 1039);
            assert.equal(new Set(many.values()).size, 40, "collisions move to the next free priority");
            assert.ok([...many.values()].every((p) => p >= 1000 && p <= 1039));
            assert.throws(() => stablePriorities(["a", "b", "c"], 1000, 1001), /3 rules do not fit in priorities 1000-1001/);
        });
    });

    describe("flow logs", () => {
        it("logs the VNet under the region's Network Watcher into the platform's storage account", () => {
            const flowLog = single(dev, "azure-native:network:FlowLog");
            assert.equal(input(flowLog, "targetResourceId"), mocked(single(dev, "azure-native:network:VirtualNetwork")).id);
            assert.equal(input(flowLog, "storageId"), mocked(single(dev, "azure-native:storage:StorageAccount")).id);
            assert.equal(input(flowLog, "resourceGroupName"), "NetworkWatcherRG");
            assert.equal(input(flowLog, "networkWatcherName"), "NetworkWatcher_westeurope");
            assert.equal(input(flowLog, "location"), "westeurope");
            assert.equal(input(flowLog, "enabled"), true);
            assert.deepEqual(input(flowLog, "format"), { type: "JSON", version: 2 });
        });

        it("keeps them as long as azure.logRetentionDays says (90 by default)", () => {
            assert.deepEqual(input(single(dev, "azure-native:network:FlowLog"), "retentionPolicy"), { enabled: true, days: 90 });
            assert.deepEqual(input(single(prod, "azure-native:network:FlowLog"), "retentionPolicy"), { enabled: true, days: 365 });
        });

        it("writes with an identity that may only write blobs into that account, not with account keys", () => {
            const flowLog = single(dev, "azure-native:network:FlowLog");
            const identity = single(dev, "azure-native:managedidentity:UserAssignedIdentity");
            assert.deepEqual(input(flowLog, "identity"), { type: "UserAssigned", userAssignedIdentities: [mocked(identity).id] });
            const grant = single(dev, "azure-native:authorization:RoleAssignment");
            assert.equal(input(grant, "scope"), mocked(single(dev, "azure-native:storage:StorageAccount")).id);
            assert.equal(input(grant, "principalId"), mocked(identity).state.principalId);
            assert.equal(input(grant, "principalType"), "ServicePrincipal");
            assert.match(input<string>(grant, "roleDefinitionId"), /^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/providers\/Microsoft\.Authorization\/roleDefinitions\/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/, "Storage Blob Data Contributor");
            assert.ok(flowLog.dependencies.includes(grant.urn), "the identity may write before the flow log starts");
        });

        it("hardens the storage account: HTTPS and TLS 1.2 only, no anonymous or shared-key access, trusted services only", () => {
            const account = single(dev, "azure-native:storage:StorageAccount");
            assert.equal(input(account, "kind"), "StorageV2");
            assert.equal(input(account, "enableHttpsTrafficOnly"), true);
            assert.equal(input(account, "minimumTlsVersion"), "TLS1_2");
            assert.equal(input(account, "allowBlobPublicAccess"), false);
            assert.equal(input(account, "allowSharedKeyAccess"), false);
            assert.equal(input(account, "allowCrossTenantReplication"), false);
            assert.deepEqual(input(account, "networkRuleSet"), { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] });
            assert.equal(input(account, "encryption.requireInfrastructureEncryption"), true);
            assert.deepEqual(input(account, "sku"), { name: "Standard_LRS" });
            assert.equal(account.options.protect, false);
            const prodAccount = single(prod, "azure-native:storage:StorageAccount");
            assert.deepEqual(input(prodAccount, "sku"), { name: "Standard_ZRS" });
            assert.equal(prodAccount.options.protect, true, "prod's flow logs survive a stray destroy");
        });

        it("names the account within Azure's rules, unique per subscription and platform", () => {
            const name = input<string>(single(dev, "azure-native:storage:StorageAccount"), "accountName");
            assert.match(name, /^st[a-z0-9]{22}$/);
            const context = (subscriptionId: string, namePrefix: string) => ({ namePrefix, azure: { subscriptionId } }) as never;
            const long = flowLogStorageName(context("00000000-0000-0000-0000-000000000000", "averylongcustomer-averylongproject-staging"));
            assert.ok(long.length <= 24 && /^[a-z0-9]+$/.test(long), long);
            assert.notEqual(flowLogStorageName(context("00000000-0000-0000-0000-000000000001", "acme-transit-dev")), name);
            assert.notEqual(flowLogStorageName(context("00000000-0000-0000-0000-000000000000", "acme-transit-stg")), name);
        });
    });

    it("makes the bastion wait for the public subnet and its SSH rules, and the cluster for NAT, node subnet and node rules", () => {
        const urns = (pick: (r: ResourceRecord) => boolean) => dev.resources.filter((r) => r.custom && pick(r)).map((r) => r.urn).sort();
        const publicNsg = mocked(single(dev, NSG, "-public-nsg")).state.name;
        const privateNsg = mocked(single(dev, NSG, "-private-nsg")).state.name;
        assert.deepEqual(single(dev, "test:index:Probe", "after-public").dependencies,
            urns((r) => r.name.endsWith("-public-subnet") || (r.type === RULE && input(r, "networkSecurityGroupName") === publicNsg)));
        assert.deepEqual(single(dev, "test:index:Probe", "after-private").dependencies,
            urns((r) => ["azure-native:network:NatGateway", "azure-native:network:PublicIPAddress"].includes(r.type) || r.name.endsWith("-private-subnet") || (r.type === RULE && input(r, "networkSecurityGroupName") === privateNsg)));
    });

    it("writes one subnet of the VNet at a time", () => {
        const subnet = (tier: string) => single(dev, SUBNET, `-${tier}-subnet`);
        assert.ok(subnet("private").dependencies.includes(subnet("public").urn));
        assert.ok(subnet("data").dependencies.includes(subnet("private").urn));
    });

    it("tags everything it creates with the platform's tags and its component, and sets the location", () => {
        // Subnets, rules and role assignments take no tags.
        const taggable = dev.resources.filter((r) => r.custom && r.parent.includes("anycloud:index:Network") && !["Subnet", "SecurityRule", "RoleAssignment"].includes(r.type.split(":")[2]));
        assert.ok(taggable.length >= 9, taggable.map((r) => r.type).join(", "));
        for (const resource of taggable) {
            assert.deepEqual(input(resource, "tags"), { ...PLATFORM_TAGS, component: "network", ...(resource.type === NSG ? { tier: input<Record<string, string>>(resource, "tags").tier } : {}) }, resource.name);
            assert.equal(input(resource, "location"), "westeurope", resource.name);
        }
    });
});
