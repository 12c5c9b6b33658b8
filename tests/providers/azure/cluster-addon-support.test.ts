import { strict as assert } from "assert";
import { Recording, ResourceRecord } from "../../../plan/recorder";
import { API_RULE_PRIORITIES } from "../../../providers/azure/cluster-api-access";
import { LOAD_BALANCER_RULE_PRIORITIES } from "../../../providers/azure/cluster-load-balancer";
import { SOURCE_PRIORITIES } from "../../../providers/azure/database-access";
import { subnetPrefixes } from "../../../providers/azure/network";
import { NODE_VM_SIZES, SYSTEM_POOL_VM_SIZE } from "../../../providers/azure/sizes";
import { AddonSupportRun, recordAddonSupport } from "../../helpers/addon-support";
import { AZURE_DEV_CONFIG, input, ofType, single } from "../../helpers/record";

const AKS = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const RULE = "azure-native:network:SecurityRule";
const NODE_NSG = "nsg-private-acme-transit-dev";
const OFFICE = ["198.51.100.0/24", "192.0.2.8/29"];
const POOLS = [{ name: "system", min: 2, max: 4 }, { name: "batch", size: "xlarge", min: 0, max: 10 }];

type Run = AddonSupportRun<"ui" | "ingress" | "nobody">;

/** Foundation, network and the cluster adapter as the Platform wires them; three external openings asked for. */
const recordSupport = (settings: Record<string, unknown>): Promise<Run> => recordAddonSupport(settings, {
    ui: { ports: [5601, 80, 80], sources: (context) => context.allowedCidrs },
    ingress: { ports: [443], sources: () => ["203.0.113.0/24"] },
    nobody: { ports: [443], sources: () => [] },
}, (args) => [subnetPrefixes(args.network.cidr).public]);

const nodeNsgRules = (recording: Recording) => ofType(recording, RULE).filter((r) => input(r, "networkSecurityGroupName") === NODE_NSG);
const openingNamed = (recording: Recording, name: string) => single(recording, RULE, `${name}-allow-external-lb`);

/** Premium storage capable: an "s" among the additive features of the size's name (Standard_D4s_v5, Standard_B2ms). */
const premiumCapable = (vmSize: string) => /^Standard_[A-Z]+\d+(-\d+)?[a-z]*s[a-z]*(_|$)/.test(vmSize);

describe("Azure cluster: what add-ons are told about it", () => {
    let dev: Run;

    before(async () => {
        dev = await recordSupport({ ...AZURE_DEV_CONFIG, allowedCidrs: OFFICE, cluster: { version: "1.34", apiAccess: "private", nodePools: POOLS } });
    });

    it("names the AKS cluster for deletedWith, and its Kubernetes version", () => {
        assert.equal(dev.urns.cluster, single(dev.recording, AKS).urn);
        assert.equal(dev.support.kubernetesVersion, "1.34");
    });

    it("makes workloads wait for the cluster (its inline system pool) and every user pool", () => {
        const pools = ofType(dev.recording, POOL).map((p) => p.urn);
        assert.equal(pools.length, POOLS.length);
        assert.deepEqual([...dev.urns.workloadsReady].sort(), [single(dev.recording, AKS).urn, ...pools].sort());
    });

    it("hands out AKS's Premium SSD class, which every node size of the catalog can attach", () => {
        assert.equal(dev.support.storage.className, "managed-csi-premium");
        assert.deepEqual(dev.urns.storageReady, [], "AKS ships the class and the Azure Disk CSI driver");
        for (const vmSize of [...Object.values(NODE_VM_SIZES), SYSTEM_POOL_VM_SIZE]) {
            assert.ok(premiumCapable(vmSize), `${vmSize} cannot attach Premium SSDs`);
        }
        assert.ok(!premiumCapable("Standard_D4_v5") && !premiumCapable("Standard_D4d_v5") && premiumCapable("Standard_E4ds_v5"));
    });

    it("asks for an internal load balancer by annotation, and nothing extra for a public one", () => {
        assert.deepEqual(dev.support.loadBalancer.externalAnnotations, {});
        assert.deepEqual(dev.support.loadBalancer.internalAnnotations, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });
        assert.equal(dev.support.clusterDns, "coreDns");
    });

    describe("admitExternal on the node subnet's NSG", () => {
        it("adds exactly one rule: TCP from exactly the sources to exactly the ports, to the load balancer's frontend", () => {
            const rule = openingNamed(dev.recording, "acme-ui");
            assert.deepEqual(dev.urns.ui, [rule.urn]);
            assert.equal(input(rule, "networkSecurityGroupName"), NODE_NSG);
            assert.deepEqual(
                [input(rule, "direction"), input(rule, "access"), input(rule, "protocol"), input(rule, "sourcePortRange")],
                ["Inbound", "Allow", "Tcp", "*"],
            );
            assert.deepEqual(input(rule, "sourceAddressPrefixes"), OFFICE);
            assert.deepEqual(input(rule, "destinationPortRanges"), ["80", "5601"]);
            // Floating IP: the packet still carries the frontend's public address, which AKS picks later.
            assert.equal(input(rule, "destinationAddressPrefix"), "*");
            for (const key of ["sourceAddressPrefix", "destinationPortRange", "destinationAddressPrefixes"]) {
                assert.equal(input(rule, key), undefined, key);
            }
        });

        it("takes priorities of its own band, free of every other rule of the NSG", () => {
            // Other components' bands sit at 100-999, before the network's own allows and its deny of the VNet.
            const band = LOAD_BALANCER_RULE_PRIORITIES;
            assert.ok(band.first >= 100 && band.last <= 999);
            for (const other of [API_RULE_PRIORITIES, SOURCE_PRIORITIES]) {
                assert.ok(band.last < other.first || band.first > other.last, `${band.first}-${band.last} overlaps ${other.first}-${other.last}`);
            }
            const openings = ["acme-ui", "acme-ingress"].map((name) => openingNamed(dev.recording, name));
            const others = nodeNsgRules(dev.recording).filter((r) => !openings.includes(r));
            assert.ok(others.some((r) => String(input(r, "securityRuleName")).startsWith("allow-kube-api-")), "the private API's rule is among them");
            const priorities = nodeNsgRules(dev.recording).map((r) => input<number>(r, "priority"));
            assert.equal(new Set(priorities).size, priorities.length);
            for (const opening of openings) {
                const priority = input<number>(opening, "priority");
                assert.ok(priority >= LOAD_BALANCER_RULE_PRIORITIES.first && priority <= LOAD_BALANCER_RULE_PRIORITIES.last, String(priority));
            }
        });

        it("writes after the NSG's own rules, the node subnet and the API's rule, and one opening after another", () => {
            const [ui, ingress] = ["acme-ui", "acme-ingress"].map((name) => openingNamed(dev.recording, name));
            const before: ResourceRecord[] = [
                ...nodeNsgRules(dev.recording).filter((r) => r !== ui && r !== ingress),
                single(dev.recording, "azure-native:network:Subnet", "-private-subnet"),
            ];
            for (const earlier of before) {
                assert.ok(ui.dependencies.includes(earlier.urn), earlier.name);
            }
            assert.ok(ingress.dependencies.includes(ui.urn));
        });

        it("opens nothing for no sources, which on Azure admits nobody", () => {
            assert.deepEqual(dev.urns.nobody, []);
            assert.equal(ofType(dev.recording, RULE).filter((r) => r.name.startsWith("acme-nobody")).length, 0);
        });
    });
});
