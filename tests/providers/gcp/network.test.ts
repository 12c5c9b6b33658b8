import { strict as assert } from "assert";
import { format, overlaps, parseCidr, Ipv4Range } from "../../../components/cidr";
import { loadPlatformArgs } from "../../../components/config";
import { platformContext } from "../../../components/context";
import { layoutSubnets } from "../../../components/subnet-layout";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { createFoundation } from "../../../providers/gcp/foundation";
import { createNetwork, FIREWALL_PRIORITY, firewallName, FLOW_LOGS, gcpName, secondaryRanges, serviceAccountId, subnetRanges } from "../../../providers/gcp/network";
import { GCP_NAME } from "../../../providers/gcp/network-names";
import { nodeCapacity } from "../../../providers/gcp/network-ranges";
import { GCP_DEV_CONFIG, input, mocked, ofType, single, toStackConfig } from "../../helpers/record";
import { Probe, wireFoundation } from "../../helpers/component";

const SUBNET = "gcp:compute/subnetwork:Subnetwork";
const FIREWALL = "gcp:compute/firewall:Firewall";
const ADDRESS = "gcp:compute/address:Address";
const SERVICE = "gcp:projects/service:Service";
// 10.0.0.0/16: slot 0 of each tier of components/subnet-layout.ts, pods in the private tier's upper half.
const RANGES = { node: "10.0.0.0/20", pods: "10.0.64.0/18", bastion: "10.0.128.0/21", psa: "10.0.192.0/21" };
/** The longest stem validation allows: customer 20 + project 20 + "staging". */
const LONGEST = { namePrefix: `${"c".repeat(19)}x-${"p".repeat(19)}y-staging` };

/** The GCP foundation and network alone, as the Platform wires them (cluster.serviceCidr passed along). */
export async function recordNetwork(settings: Record<string, unknown>, priorState?: Parameters<typeof recordProgram>[1]["priorState"]): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => {
        const args = loadPlatformArgs(config);
        const { context, childOf } = wireFoundation(args);
        const network = createNetwork("acme-network", { context, settings: args.network, serviceCidr: args.cluster.serviceCidr }, childOf("anycloud:index:Network", "acme-network"));
        new Probe("after-public", network.publicRouting);
        new Probe("after-private", network.privateRouting);
        new Probe("uses-data", [], { range: network.dataSubnetIds });
        return { networkId: network.networkId, cidr: network.cidr, zones: network.zones, publicSubnetIds: network.publicSubnetIds, privateSubnetIds: network.privateSubnetIds, dataSubnetIds: network.dataSubnetIds };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region), priorState });
}

const range = (text: string) => parseCidr(text) as Ipv4Range;

/** URNs `record` depends on, directly or through what it depends on. */
function dependencyClosure(recording: Recording, record: ResourceRecord): Set<string> {
    const byUrn = new Map(recording.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const visit = (urn: string) => {
        for (const dependency of byUrn.get(urn)?.dependencies ?? []) {
            if (!seen.has(dependency)) {
                seen.add(dependency);
                visit(dependency);
            }
        }
    };
    visit(record.urn);
    return seen;
}

/** Every GCP resource but the project services themselves waits for all of them. */
export function assertWaitsForServices(recording: Recording): void {
    const services = ofType(recording, SERVICE).map((s) => s.urn);
    assert.ok(services.length >= 5);
    for (const resource of recording.resources.filter((r) => r.custom && r.type.startsWith("gcp:") && r.type !== SERVICE)) {
        const closure = dependencyClosure(recording, resource);
        assert.deepEqual(services.filter((s) => !closure.has(s)), [], `${resource.name} (${resource.type}) does not wait for the project's APIs`);
    }
}

describe("GCP network", () => {
    let dev: Recording;
    let prod: Recording;

    before(async () => {
        dev = await recordNetwork(GCP_DEV_CONFIG);
        prod = await recordNetwork({ ...GCP_DEV_CONFIG, environment: "prod", network: { natGateways: "perZone" }, gcp: { project: "acme-transit-prod" } });
    });

    describe("layout", () => {
        it("makes one custom-mode VPC with regional routing that keeps its default internet route", () => {
            const vpc = single(dev, "gcp:compute/network:Network");
            assert.equal(input(vpc, "name"), "vpc-acme-transit-dev");
            assert.equal(input(vpc, "autoCreateSubnetworks"), false, "no subnet in every region");
            assert.equal(input(vpc, "routingMode"), "REGIONAL");
            assert.equal(input(vpc, "deleteDefaultRoutesOnCreate"), false, "Cloud NAT and Private Google Access leave through it");
            assert.equal(dev.outputs.networkId, mocked(vpc).id);
            assert.equal(dev.outputs.cidr, "10.0.0.0/16");
        });

        it("cuts one regional subnet per tier from slot 0 of the shared layout, independent of the number of zones", () => {
            assert.deepEqual(subnetRanges("10.0.0.0/16"), RANGES);
            const three = layoutSubnets(range("10.0.0.0/16"), 3);
            assert.deepEqual([three.private[0], three.public[0], three.data[0]], [RANGES.node, RANGES.bastion, RANGES.psa]);
            const subnets = ofType(dev, SUBNET).map((s) => [input(s, "name"), input(s, "ipCidrRange"), input(s, "region")]).sort();
            assert.deepEqual(subnets, [["snet-bastion-acme-transit-dev", RANGES.bastion, "europe-west3"], ["snet-nodes-acme-transit-dev", RANGES.node, "europe-west3"]]);
            assert.deepEqual(dev.outputs.privateSubnetIds, [mocked(single(dev, SUBNET, "-nodes")).id]);
            assert.deepEqual(dev.outputs.publicSubnetIds, [mocked(single(dev, SUBNET, "-bastion")).id]);
            assert.deepEqual(dev.outputs.zones, ["europe-west3-a", "europe-west3-b"]);
            assert.deepEqual(prod.outputs.zones, ["europe-west3-a", "europe-west3-b", "europe-west3-c"]);
        });

        it("gives the node subnet the pods range and cluster.serviceCidr as secondary ranges (VPC-native)", () => {
            assert.deepEqual(input(single(dev, SUBNET, "-nodes"), "secondaryIpRanges"), [
                { rangeName: "pods", ipCidrRange: RANGES.pods },
                { rangeName: "services", ipCidrRange: "172.20.0.0/16" },
            ]);
            assert.equal(input(single(dev, SUBNET, "-bastion"), "secondaryIpRanges"), undefined);
        });

        it("keeps every range of the VPC apart, the Service range included, for any network size", () => {
            for (const cidr of ["10.0.0.0/16", "10.16.0.0/19", "172.16.0.0/12", "192.168.0.0/17"]) {
                const all = [...Object.values(subnetRanges(cidr)), "100.64.0.0/16"].map(range);
                all.forEach((a, i) => all.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `${cidr}: ${format(a)} overlaps ${format(b)}`)));
                Object.values(subnetRanges(cidr)).forEach((r) => assert.ok(overlaps(range(r), range(cidr)) && range(r).prefix >= range(cidr).prefix, `${r} outside ${cidr}`));
            }
            assert.equal(subnetRanges("10.0.0.0/16").pods, "10.0.64.0/18");
            assert.deepEqual([nodeCapacity("10.0.0.0/16"), nodeCapacity("10.0.0.0/16", 64), nodeCapacity("10.0.0.0/16", 32), nodeCapacity("10.16.0.0/19")], [64, 128, 256, 8]);
        });

        it("refuses a network too small for Cloud SQL's /24, a Service range GKE refuses, and overlaps", () => {
            assert.equal(subnetRanges("10.16.0.0/19").psa, "10.16.24.0/24");
            assert.throws(() => subnetRanges("10.16.0.0/20"), /anycloud:network\.cidr = 10\.16\.0\.0\/20: the Private Service Access range 10\.16\.12\.0\/25 is smaller than the \/24 Cloud SQL needs; use a \/19 or larger network/);
            assert.throws(() => subnetRanges("10.0.0.1/16"), /anycloud:network\.cidr = 10\.0\.0\.1\/16: has host bits set/);
            assert.throws(() => secondaryRanges("10.0.0.0/16", "172.16.0.0/14"), /anycloud:cluster\.serviceCidr = 172\.16\.0\.0\/14: GKE takes a Service range of \/16 or smaller/);
            assert.throws(() => secondaryRanges("10.0.0.0/16", "10.0.64.0/20"), /overlaps network\.cidr/);
        });
    });

    describe("isolation", () => {
        it("turns on Private Google Access and flow logs (every flow, 5 s, all metadata) on every subnet", () => {
            for (const subnet of ofType(dev, SUBNET)) {
                assert.equal(input(subnet, "privateIpGoogleAccess"), true, subnet.name);
                assert.deepEqual(input(subnet, "logConfig"), { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" }, subnet.name);
            }
            assert.deepEqual(FLOW_LOGS, input(single(prod, SUBNET, "-nodes"), "logConfig"));
        });

        it("NATs the node subnet only (nodes and pods, not Services), on reserved addresses, logging errors", () => {
            const nat = single(dev, "gcp:compute/routerNat:RouterNat");
            assert.equal(input(nat, "router"), mocked(single(dev, "gcp:compute/router:Router")).state.name);
            assert.equal(input(nat, "region"), "europe-west3");
            assert.equal(input(nat, "sourceSubnetworkIpRangesToNat"), "LIST_OF_SUBNETWORKS");
            assert.deepEqual(input(nat, "subnetworks"), [{
                name: mocked(single(dev, SUBNET, "-nodes")).state.selfLink,
                sourceIpRangesToNats: ["PRIMARY_IP_RANGE", "LIST_OF_SECONDARY_IP_RANGES"],
                secondaryIpRangeNames: ["pods"],
            }]);
            assert.equal(input(nat, "natIpAllocateOption"), "MANUAL_ONLY");
            assert.deepEqual(input(nat, "natIps"), ofType(dev, ADDRESS).map((a) => mocked(a).state.selfLink));
            assert.deepEqual(input(nat, "logConfig"), { enable: true, filter: "ERRORS_ONLY" });
            assert.equal(input(nat, "enableDynamicPortAllocation"), true);
            assert.equal(input(nat, "enableEndpointIndependentMapping"), false, "excluded by dynamic port allocation");
            assert.equal(input(single(dev, "gcp:compute/router:Router"), "network"), mocked(single(dev, "gcp:compute/network:Network")).id);
        });

        it("reserves one NAT address for single and one per zone for perZone, and nothing else public", () => {
            assert.deepEqual(ofType(dev, ADDRESS).map((a) => input(a, "name")), ["ip-nat-0-acme-transit-dev"]);
            assert.deepEqual(ofType(prod, ADDRESS).map((a) => input(a, "name")), ["ip-nat-0-acme-transit-prod", "ip-nat-1-acme-transit-prod", "ip-nat-2-acme-transit-prod"]);
            for (const address of [...ofType(dev, ADDRESS), ...ofType(prod, ADDRESS)]) {
                assert.equal(input(address, "addressType"), "EXTERNAL");
                assert.equal(input(address, "region"), "europe-west3");
            }
            assert.deepEqual(ofType(dev, "gcp:compute/instance:Instance"), [], "the network starts no VM: nothing with an external address sits in the node subnet");
            assert.equal(input(single(prod, "gcp:compute/routerNat:RouterNat"), "natIps.length"), 3);
        });

        it("denies all ingress, logged, below every allow of the components, and allows nothing itself", () => {
            const rules = ofType(dev, FIREWALL);
            assert.equal(rules.length, 1, "the components add their own allows");
            const deny = rules[0];
            assert.equal(input(deny, "name"), "fw-deny-all-ingress-acme-transit-dev");
            assert.equal(input(deny, "network"), mocked(single(dev, "gcp:compute/network:Network")).id);
            assert.equal(input(deny, "direction"), "INGRESS");
            assert.equal(input(deny, "priority"), 65534);
            assert.deepEqual(input(deny, "sourceRanges"), ["0.0.0.0/0"]);
            assert.deepEqual(input(deny, "denies"), [{ protocol: "all" }]);
            assert.equal(input(deny, "allows"), undefined);
            assert.deepEqual(input(deny, "logConfig"), { metadata: "INCLUDE_ALL_METADATA" });
            assert.equal(input(deny, "targetServiceAccounts"), undefined, "applies to every instance");
            const { allow, deny: targeted, afterDeny, catchAll, denyAllIngress } = FIREWALL_PRIORITY;
            assert.ok(allow < targeted && targeted < afterDeny && afterDeny < catchAll && catchAll < denyAllIngress && denyAllIngress < 65535);
        });
    });

    describe("Private Service Access (the data tier)", () => {
        it("allocates the data tier's slot 0 to Google's producers and peers it for Cloud SQL", () => {
            const psa = single(dev, "gcp:compute/globalAddress:GlobalAddress");
            assert.equal(input(psa, "purpose"), "VPC_PEERING");
            assert.equal(input(psa, "addressType"), "INTERNAL");
            assert.equal(input(psa, "address"), "10.0.192.0");
            assert.equal(input(psa, "prefixLength"), 21);
            assert.equal(input(psa, "network"), mocked(single(dev, "gcp:compute/network:Network")).id);
            const peering = single(dev, "gcp:servicenetworking/connection:Connection");
            assert.equal(input(peering, "service"), "servicenetworking.googleapis.com");
            assert.deepEqual(input(peering, "reservedPeeringRanges"), [mocked(psa).state.name]);
            assert.equal(input(peering, "network"), mocked(single(dev, "gcp:compute/network:Network")).id);
            assert.deepEqual(dev.outputs.dataSubnetIds, [mocked(psa).id]);
        });

        it("abandons the peering on delete (Cloud SQL holds it for days) and takes a leftover one over on create", () => {
            const peering = single(dev, "gcp:servicenetworking/connection:Connection");
            assert.equal(input(peering, "deletionPolicy"), "ABANDON");
            assert.equal(input(peering, "updateOnCreationFail"), true);
        });

        it("protects range and peering in prod, and publishes the range only once the peering exists", () => {
            for (const type of ["gcp:compute/globalAddress:GlobalAddress", "gcp:servicenetworking/connection:Connection"]) {
                assert.equal(single(prod, type).options.protect, true, type);
                assert.equal(single(dev, type).options.protect, false, type);
            }
            const user = single(dev, "test:index:Probe", "uses-data");
            assert.ok(user.dependencies.includes(single(dev, "gcp:servicenetworking/connection:Connection").urn), "Cloud SQL waits for the peering");
        });
    });

    it("makes the bastion wait for its subnet, and the cluster for router, NAT and node subnet", () => {
        const urns = (...types: [string, string][]) => types.map(([type, suffix]) => single(dev, type, suffix).urn).sort();
        assert.deepEqual(single(dev, "test:index:Probe", "after-public").dependencies, urns([SUBNET, "-bastion"]));
        assert.deepEqual(single(dev, "test:index:Probe", "after-private").dependencies,
            urns(["gcp:compute/router:Router", ""], ["gcp:compute/routerNat:RouterNat", ""], [SUBNET, "-nodes"]));
    });

    it("makes every resource wait for the project's APIs", () => {
        assertWaitsForServices(dev);
        assertWaitsForServices(prod);
    });

    it("labels what takes labels with the whole taxonomy: the provider's defaults cannot know the component or its cost type", () => {
        for (const type of [ADDRESS, "gcp:compute/globalAddress:GlobalAddress"]) {
            for (const resource of ofType(dev, type)) {
                assert.deepEqual(input(resource, "labels"), { customer: "acme", project: "transit", environment: "dev", "managed-by": "anycloud", component: "network", "cost-type": "fixed" }, resource.name);
            }
        }
    });

    it("gives the VPC, subnets and addresses no description (GCP replaces them for a new one)", () => {
        const immutable = ["gcp:compute/network:Network", SUBNET, ADDRESS, "gcp:compute/globalAddress:GlobalAddress"];
        const described = prod.resources.filter((r) => immutable.includes(r.type) && input(r, "description") !== undefined).map((r) => r.name);
        assert.deepEqual(described, []);
    });

    describe("names", () => {
        it("follows GCP's name rules for the longest stem, keeping the kind and hashing the rest", () => {
            const names = [...dev.resources, ...prod.resources].filter((r) => r.custom && r.type.startsWith("gcp:compute/")).map((r) => input<string>(r, "name"));
            assert.ok(names.length >= 8);
            names.forEach((name) => assert.match(name, GCP_NAME));
            const long = firewallName(LONGEST, "deny-all-ingress");
            assert.match(long, GCP_NAME);
            assert.ok(long.length <= 63 && long.startsWith("fw-deny-all-ingress-ccc"), long);
            assert.notEqual(firewallName({ namePrefix: LONGEST.namePrefix.replace("staging", "prod") }, "deny-all-ingress"), long);
            assert.equal(gcpName({ namePrefix: "acme-transit-dev" }, "snet-bastion"), "snet-bastion-acme-transit-dev");
            assert.match(gcpName(LONGEST, "snet-bastion"), GCP_NAME);
            assert.throws(() => gcpName(LONGEST, "9lives"), /cannot start a GCP name/);
        });

        it("derives service account ids of 6-30 characters, unique per platform", () => {
            assert.equal(serviceAccountId({ namePrefix: "acme-transit-dev" }, "bastion"), "bastion-acme-transit-dev");
            const long = serviceAccountId(LONGEST, "bastion");
            assert.match(long, /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
            assert.notEqual(serviceAccountId({ namePrefix: LONGEST.namePrefix.replace("staging", "prod") }, "bastion"), long);
        });
    });

    describe("creation settings", () => {
        const stashed = (cidr: string, serviceCidr: string) => ({
            "pulumi:index:Stash": (args: { name: string }) => (args.name === "acme-network-created-with" ? { output: { "anycloud:network.cidr": cidr, "anycloud:cluster.serviceCidr": serviceCidr } } : undefined),
        });

        it("refuses to move the subnets or the Service range of a running network, naming the key", async () => {
            await assert.rejects(recordNetwork({ ...GCP_DEV_CONFIG, network: { cidr: "10.1.0.0/16" } }, stashed("10.0.0.0/16", "172.20.0.0/16")),
                /anycloud:network\.cidr = "10\.1\.0\.0\/16": was "10\.0\.0\.0\/16" when the GCP network was created/);
            await assert.rejects(recordNetwork({ ...GCP_DEV_CONFIG, cluster: { serviceCidr: "172.21.0.0/16" } }, stashed("10.0.0.0/16", "172.20.0.0/16")),
                /anycloud:cluster\.serviceCidr = "172\.21\.0\.0\/16": was "172\.20\.0\.0\/16"/);
        });

        it("accepts the settings it was created with", async () => {
            const again = await recordNetwork(GCP_DEV_CONFIG, stashed("10.0.0.0/16", "172.20.0.0/16"));
            assert.equal(input(single(again, SUBNET, "-nodes"), "ipCidrRange"), RANGES.node);
        });

        it("needs the Service range from the Platform", async () => {
            const config = toStackConfig(GCP_DEV_CONFIG);
            await assert.rejects(recordProgram(() => {
                const args = loadPlatformArgs(config);
                const { context } = createFoundation("acme", platformContext(args), {});
                createNetwork("acme-network", { context, settings: args.network }, {});
            }, { project: "anycloud", stack: "test", config, region: "europe-west3" }), /args\.serviceCidr is missing/);
        });
    });
});
