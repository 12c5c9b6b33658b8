import { strict as assert } from "assert";
import { Recording } from "../../../plan/recorder";
import { LOAD_BALANCER_ANNOTATIONS } from "../../../providers/aws/cluster";
import { STORAGE_CLASS_NAME } from "../../../providers/aws/cluster-addons";
import { AddonSupportRun, OFFICE_UI, recordAddonSupport } from "../../helpers/addon-support";
import { AWS_DEV_CONFIG, input, ofType, single } from "../../helpers/record";

const EKS = "eks:index:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon";
const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const POOLS = [{ name: "system", min: 2, max: 4 }, { name: "batch", size: "xlarge", min: 0, max: 10 }];

type Run = AddonSupportRun<"ui">;

/** Foundation, network and the cluster adapter as the Platform wires them; the UIs' opening asked for. */
const recordSupport = (settings: Record<string, unknown>): Promise<Run> => recordAddonSupport(settings, { ui: OFFICE_UI });

const addonUrn = (recording: Recording, addonName: string) => ofType(recording, ADDON).find((a) => input(a, "addonName") === addonName)!.urn;

describe("AWS cluster: what add-ons are told about it", () => {
    let dev: Run;

    before(async () => {
        dev = await recordSupport({ ...AWS_DEV_CONFIG, cluster: { version: "1.34", nodePools: POOLS } });
    });

    it("names the EKS cluster for deletedWith, and its Kubernetes version", () => {
        assert.equal(dev.urns.cluster, single(dev.recording, EKS).urn);
        assert.equal(dev.support.kubernetesVersion, "1.34");
    });

    it("makes workloads wait for every node group, CoreDNS and the EBS CSI driver", () => {
        const nodeGroups = ofType(dev.recording, NODE_GROUP).map((g) => g.urn);
        assert.equal(nodeGroups.length, POOLS.length);
        assert.deepEqual([...dev.urns.workloadsReady].sort(), [...nodeGroups, addonUrn(dev.recording, "coredns"), addonUrn(dev.recording, "aws-ebs-csi-driver")].sort());
    });

    it("hands out the encrypted gp3 class it creates, ready once the EBS CSI driver and the class exist", () => {
        const storageClass = single(dev.recording, STORAGE_CLASS);
        assert.equal(dev.support.storage.className, "gp3");
        assert.equal(input(storageClass, "metadata.name"), STORAGE_CLASS_NAME);
        assert.equal(input(storageClass, "parameters.encrypted"), "true");
        assert.ok(input(storageClass, "parameters.kmsKeyId"), "encrypted with the platform's data key");
        assert.equal(input(storageClass, "volumeBindingMode"), "WaitForFirstConsumer");
        assert.deepEqual([...dev.urns.storageReady].sort(), [addonUrn(dev.recording, "aws-ebs-csi-driver"), storageClass.urn].sort());
    });

    it("asks the built-in controller for NLBs, internal ones in the private subnets, and opens nothing itself", () => {
        assert.deepEqual(dev.support.loadBalancer.externalAnnotations, { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" });
        assert.deepEqual(dev.support.loadBalancer.internalAnnotations, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        });
        assert.deepEqual(LOAD_BALANCER_ANNOTATIONS.external, dev.support.loadBalancer.externalAnnotations);
        // The controller turns loadBalancerSourceRanges into rules on the nodes' security group.
        assert.deepEqual(dev.urns.ui, []);
    });

    it("reports the EKS CoreDNS add-on as the cluster's DNS", () => {
        assert.equal(dev.support.clusterDns, "coreDns");
    });
});
