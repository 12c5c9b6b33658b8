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
const RELEASE = "kubernetes:helm.sh/v3:Release";
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

    it("makes workloads wait for every node group, CoreDNS, the EBS CSI driver and the load balancer controller", () => {
        const nodeGroups = ofType(dev.recording, NODE_GROUP).map((g) => g.urn);
        assert.equal(nodeGroups.length, POOLS.length);
        // The controller's webhook answers every Service creation (failure policy Fail): nothing may create a Service before it runs.
        const controller = single(dev.recording, RELEASE, "-lb-controller").urn;
        assert.deepEqual([...dev.urns.workloadsReady].sort(), [...nodeGroups, addonUrn(dev.recording, "coredns"), addonUrn(dev.recording, "aws-ebs-csi-driver"), controller].sort());
        assert.ok(single(dev.recording, RELEASE, "-autoscaler").dependencies.includes(controller), "the autoscaler's chart creates a Service");
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

    it("asks the load balancer controller for NLBs, internet-facing only when asked, and opens nothing itself", () => {
        const controller = {
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
        };
        // The type annotation keeps Services the built-in provider made before the controller with that provider, as NLBs.
        assert.deepEqual(dev.support.loadBalancer.externalAnnotations, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            ...controller,
        });
        assert.deepEqual(dev.support.loadBalancer.internalAnnotations, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
            ...controller,
        });
        assert.deepEqual(LOAD_BALANCER_ANNOTATIONS.external, dev.support.loadBalancer.externalAnnotations);
        // The Gateway's Service is always new: it names the controller's class, which EKS's built-in provider leaves alone.
        assert.deepEqual(dev.support.ingress.service.external, { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing", ...controller }, loadBalancerClass: "service.k8s.aws/nlb" });
        assert.deepEqual(dev.support.ingress.service.internal, { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal", ...controller }, loadBalancerClass: "service.k8s.aws/nlb" });
        assert.equal(dev.support.ingress.gatewayApiCrds, "install", "EKS installs no Gateway API CRDs");
        // The controller writes loadBalancerSourceRanges into the NLB's own security group.
        assert.deepEqual(dev.urns.ui, []);
    });

    it("reports the EKS CoreDNS add-on as the cluster's DNS", () => {
        assert.equal(dev.support.clusterDns, "coreDns");
    });
});
