import { strict as assert } from "assert";
import { ClusterAddonSupport } from "../../../components/cluster";
import { loadPlatformArgs } from "../../../components/config";
import { Recording, recordProgram } from "../../../plan/recorder";
import { createCluster } from "../../../providers/gcp/cluster";
import { createNetwork } from "../../../providers/gcp/network";
import { wireFoundation } from "../../helpers/component";
import { GCP_DEV_CONFIG, input, ofType, single, toStackConfig } from "../../helpers/record";

const GKE = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const FIREWALL = "gcp:compute/firewall:Firewall";
const POOLS = [{ name: "system", min: 1, max: 3 }, { name: "batch", size: "xlarge", min: 0, max: 10 }];

interface Run {
    recording: Recording;
    support: ClusterAddonSupport;
    /** URNs of what the contract names, as the program resolved them. */
    urns: { cluster: string; workloadsReady: string[]; storageReady: string[]; admitted: string[] };
}

/** Foundation, network and the cluster adapter as the Platform wires them; one external opening asked for. */
async function recordSupport(settings: Record<string, unknown>): Promise<Run> {
    const config = toStackConfig(settings);
    let support: ClusterAddonSupport | undefined;
    const recording = await recordProgram(() => {
        const args = loadPlatformArgs(config);
        const { context, childOf } = wireFoundation(args);
        const network = createNetwork("acme-network", { context, settings: args.network, serviceCidr: args.cluster.serviceCidr }, childOf("anycloud:index:Network", "acme-network"));
        const cluster = createCluster("acme-cluster", { context, settings: args.cluster, network, apiSources: [] }, childOf("anycloud:index:Cluster", "acme-cluster"));
        support = cluster.addonSupport;
        const admitted = support.loadBalancer.admitExternal("acme-ui", { ports: [80, 5601], sources: context.allowedCidrs }, childOf("anycloud:index:Observability", "acme-observability"));
        return {
            cluster: support.cluster.urn,
            workloadsReady: support.workloadsReady.map((r) => r.urn),
            storageReady: support.storage.ready.map((r) => r.urn),
            admitted: admitted.map((r) => r.urn),
        };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region) });
    return { recording, support: support!, urns: recording.outputs as unknown as Run["urns"] };
}

describe("GCP cluster: what add-ons are told about it", () => {
    let dev: Run;

    before(async () => {
        dev = await recordSupport({ ...GCP_DEV_CONFIG, cluster: { version: "1.34", nodePools: POOLS } });
    });

    it("names the GKE cluster for deletedWith, and its Kubernetes version", () => {
        assert.equal(dev.urns.cluster, single(dev.recording, GKE).urn);
        assert.equal(dev.support.kubernetesVersion, "1.34");
    });

    it("makes workloads wait for every node pool (the default pool is removed)", () => {
        const pools = ofType(dev.recording, POOL).map((p) => p.urn);
        assert.equal(pools.length, POOLS.length);
        assert.deepEqual([...dev.urns.workloadsReady].sort(), [...pools].sort());
    });

    it("hands out GKE's standard-rwo class, and turns on the persistent disk CSI driver that serves it", () => {
        assert.equal(dev.support.storage.className, "standard-rwo");
        assert.deepEqual(dev.urns.storageReady, [], "GKE creates the class with the driver; nothing of the program's to wait for");
        assert.deepEqual(input(single(dev.recording, GKE), "addonsConfig.gcePersistentDiskCsiDriverConfig"), { enabled: true });
    });

    it("asks for an internal passthrough load balancer by annotation, and leaves the firewall to GKE", () => {
        assert.deepEqual(dev.support.loadBalancer.externalAnnotations, {});
        assert.deepEqual(dev.support.loadBalancer.internalAnnotations, { "networking.gke.io/load-balancer-type": "Internal" });
        // GKE creates the k8s-fw-... rule admitting loadBalancerSourceRanges for each load balancer.
        assert.deepEqual(dev.urns.admitted, []);
        assert.ok(ofType(dev.recording, FIREWALL).every((rule) => !rule.name.startsWith("acme-ui")));
    });

    it("reports kube-dns, which GKE Standard runs when no Cloud DNS is configured", () => {
        assert.equal(dev.support.clusterDns, "kubeDns");
        assert.equal(input(single(dev.recording, GKE), "dnsConfig"), undefined);
    });
});
