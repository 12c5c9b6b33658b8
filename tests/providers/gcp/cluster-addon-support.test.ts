import { strict as assert } from "assert";
import { AddonSupportRun, OFFICE_UI, recordAddonSupport } from "../../helpers/addon-support";
import { GCP_DEV_CONFIG, input, ofType, single } from "../../helpers/record";

const GKE = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const FIREWALL = "gcp:compute/firewall:Firewall";
const POOLS = [{ name: "system", min: 1, max: 3 }, { name: "batch", size: "xlarge", min: 0, max: 10 }];

type Run = AddonSupportRun<"ui">;

/** Foundation, network and the cluster adapter as the Platform wires them; the UIs' opening asked for. */
const recordSupport = (settings: Record<string, unknown>): Promise<Run> => recordAddonSupport(settings, { ui: OFFICE_UI });

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
        assert.deepEqual(dev.urns.ui, []);
        assert.ok(ofType(dev.recording, FIREWALL).every((rule) => !rule.name.startsWith("acme-ui")));
    });

    it("reports kube-dns, which GKE Standard runs when no Cloud DNS is configured", () => {
        assert.equal(dev.support.clusterDns, "kubeDns");
        assert.equal(input(single(dev.recording, GKE), "dnsConfig"), undefined);
    });
});
