import { strict as assert } from "assert";
import { CONTROL_PLANE_LOG_TYPES } from "../../../providers/aws/cluster";
import { Recording } from "../../../plan/recorder";
import { AWS_DEV_CONFIG, input, ofType, recordStack, single } from "../../helpers/record";

const EKS = "eks:index:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

describe("AWS cluster", () => {
    let dev: Recording;
    let privateApi: Recording;
    let prod: Recording;

    before(async () => {
        dev = await recordStack({
            ...AWS_DEV_CONFIG,
            allowedCidrs: ["198.51.100.0/24", "203.0.113.8/29"],
            cluster: { nodePools: [{ name: "system", min: 2, max: 4 }, { name: "batch", size: "xlarge", min: 0, max: 10, taints: [{ key: "batch", effect: "NoSchedule" }] }] },
            aws: { clusterAdminArns: ["arn:aws:iam::123456789012:role/platform-admins"] },
        });
        privateApi = await recordStack({ ...AWS_DEV_CONFIG, cluster: { apiAccess: "private" } });
        prod = await recordStack({ ...AWS_DEV_CONFIG, environment: "prod" });
    });

    it("keeps the private endpoint on and limits the public one to the allowlist", () => {
        const cluster = single(dev, EKS);
        assert.equal(input(cluster, "endpointPrivateAccess"), true);
        assert.equal(input(cluster, "endpointPublicAccess"), true);
        assert.deepEqual(input(cluster, "publicAccessCidrs"), ["198.51.100.0/24", "203.0.113.8/29"]);
    });

    it("turns the public endpoint off for apiAccess: private", () => {
        const cluster = single(privateApi, EKS);
        assert.equal(input(cluster, "endpointPublicAccess"), false);
        assert.equal(input(cluster, "endpointPrivateAccess"), true);
        assert.equal(input(cluster, "publicAccessCidrs"), undefined);
    });

    it("places nodes only in private subnets, without public IPs", () => {
        const cluster = single(dev, EKS);
        assert.equal(input(cluster, "nodeAssociatePublicIpAddress"), false);
        const privateIds = input<string[]>(cluster, "privateSubnetIds");
        const allSubnets = ofType(dev, "aws:ec2/subnet:Subnet");
        assert.equal(privateIds.length, 2);
        for (const group of ofType(dev, NODE_GROUP)) {
            assert.deepEqual(input(group, "subnetIds"), privateIds);
            assert.equal(input(group, "remoteAccess"), undefined, "no SSH access to nodes");
        }
        // The ids the cluster and node groups use are exactly those of the private-tier subnets.
        const dependencyNames = single(dev, NODE_GROUP, "-pool-system").dependencies
            .map((urn) => allSubnets.find((s) => s.urn === urn))
            .filter((s) => s !== undefined)
            .map((s) => input<Record<string, string>>(s!, "tags").tier);
        assert.deepEqual([...new Set(dependencyNames)], ["private"]);
    });

    it("encrypts Secrets with a rotating customer-managed KMS key and logs every control-plane log type", () => {
        const cluster = single(dev, EKS);
        const key = single(dev, "aws:kms/key:Key", "-secrets-key");
        assert.equal(input(key, "enableKeyRotation"), true);
        assert.ok(cluster.dependencies.includes(key.urn), "encryption uses the platform's key");
        assert.match(String(input(cluster, "encryptionConfigKeyArn")), /^arn:aws:kms:/);
        assert.deepEqual(input<string[]>(cluster, "enabledClusterLogTypes").sort(), [...CONTROL_PLANE_LOG_TYPES].sort());
        assert.equal(CONTROL_PLANE_LOG_TYPES.length, 5);
    });

    it("uses access entries (API mode), OIDC and cluster-admin access for the configured principals only", () => {
        const cluster = single(dev, EKS);
        assert.equal(input(cluster, "authenticationMode"), "API");
        assert.equal(input(cluster, "createOidcProvider"), true);
        const entries = input<Record<string, { principalArn: string }>>(cluster, "accessEntries");
        assert.deepEqual(Object.values(entries).map((e) => e.principalArn), ["arn:aws:iam::123456789012:role/platform-admins"]);
        assert.equal(input(cluster, "skipDefaultNodeGroup"), true);
    });

    it("creates one managed node group per pool, autoscaled size left to the autoscaler", () => {
        const groups = ofType(dev, NODE_GROUP);
        assert.deepEqual(groups.map((g) => g.name).sort(), ["platform-cluster-pool-batch", "platform-cluster-pool-system"]);
        const batch = single(dev, NODE_GROUP, "-pool-batch");
        assert.deepEqual(input(batch, "scalingConfig"), { minSize: 0, maxSize: 10, desiredSize: 0 });
        assert.deepEqual(input(batch, "instanceTypes"), ["m6i.2xlarge"]);
        assert.deepEqual(input(batch, "taints"), [{ key: "batch", effect: "NO_SCHEDULE" }]);
        for (const group of groups) {
            assert.deepEqual(group.options.ignoreChanges, ["scalingConfig.desiredSize"]);
        }
    });

    it("launches nodes with encrypted volumes and IMDSv2 only", () => {
        const template = single(dev, "aws:ec2/launchTemplate:LaunchTemplate");
        const disk = input<{ ebs: { encrypted: string } }[]>(template, "blockDeviceMappings")[0];
        assert.equal(disk.ebs.encrypted, "true");
        assert.equal(input(template, "metadataOptions.httpTokens"), "required");
        assert.equal(input(template, "metadataOptions.httpPutResponseHopLimit"), 1);
        // Security groups in the template would replace the EKS cluster security group on the nodes,
        // and the database admits exactly that group.
        assert.equal(input(template, "vpcSecurityGroupIds"), undefined);
        assert.equal(input(template, "networkInterfaces"), undefined);
    });

    it("protects the cluster in prod only", () => {
        assert.equal(single(prod, EKS).options.protect, true);
        assert.equal(input(single(prod, EKS), "deletionProtection"), true);
        assert.equal(single(dev, EKS).options.protect, false);
    });

    it("hands the platform's tagged AWS provider to the EKS component explicitly", () => {
        const provider = single(dev, "pulumi:providers:aws");
        assert.ok(single(dev, EKS).options.providers.aws?.startsWith(`${provider.urn}::`));
    });

    it("exposes the kubeconfig only as a secret", () => {
        assert.ok(dev.secretOutputs.includes("kubeconfig"));
        assert.equal(dev.outputs.kubeconfig, "[secret]");
        assert.ok(!JSON.stringify(dev.outputs).includes("certificate-authority-data"));
        const k8sProvider = single(dev, "pulumi:providers:kubernetes");
        assert.ok(k8sProvider.secretInputs.includes("kubeconfig"), "the Kubernetes provider receives the kubeconfig as a secret");
        assert.ok(k8sProvider.options.deletedWith.includes("eks:index:Cluster"));
    });
});
