import { strict as assert } from "assert";
import { CONTROL_PLANE_LOG_TYPES } from "../../../providers/aws/cluster";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { Recording } from "../../../plan/recorder";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, single } from "../../helpers/record";
import { SSH_KEY } from "../../helpers/config";

const EKS = "eks:index:Cluster";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const DEPLOYER = `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/plan`;
const ADMINS = "arn:aws:iam::123456789012:role/platform-admins";

/** The EKS-created cluster security group's id, as the cluster component reports it. */
function clusterSecurityGroupId(recording: Recording): string {
    const state = mocked(single(recording, EKS)).state as { eksCluster: { vpcConfig: { clusterSecurityGroupId: string } } };
    return state.eksCluster.vpcConfig.clusterSecurityGroupId;
}

describe("AWS cluster", () => {
    let dev: Recording;
    let privateApi: Recording;
    let prod: Recording;

    before(async () => {
        dev = await recordStack({
            ...AWS_DEV_CONFIG,
            allowedCidrs: ["198.51.100.0/24", "203.0.113.8/29"],
            cluster: { nodePools: [{ name: "system", min: 2, max: 4 }, { name: "batch", size: "xlarge", min: 0, max: 10, taints: [{ key: "batch", effect: "NoSchedule" }] }] },
            aws: { clusterAdminArns: [ADMINS] },
        });
        privateApi = await recordStack({
            ...AWS_DEV_CONFIG,
            cluster: { apiAccess: "private" },
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
            aws: { apiAccessCidrs: ["10.99.0.0/24"], apiAccessSecurityGroupIds: ["sg-0123456789abcdef0"], upgradeSupport: "extended" },
        });
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

    it("admits HTTPS to the private endpoint from the bastion and the named CI sources, and from nothing public", () => {
        const groupId = clusterSecurityGroupId(privateApi);
        const rules = ofType(privateApi, INGRESS).filter((rule) => input(rule, "securityGroupId") === groupId);
        const bastionGroupId = mocked(single(privateApi, "aws:ec2/securityGroup:SecurityGroup", "bastion-sg")).id;
        assert.deepEqual(rules.map((rule) => [input(rule, "referencedSecurityGroupId") ?? input(rule, "cidrIpv4"), input(rule, "fromPort"), input(rule, "toPort")]).sort(), [
            ["10.99.0.0/24", 443, 443],
            [bastionGroupId, 443, 443],
            ["sg-0123456789abcdef0", 443, 443],
        ].sort());
        // Without a bastion or CI sources nothing but the cluster itself reaches the private endpoint.
        assert.deepEqual(ofType(dev, INGRESS).filter((rule) => input(rule, "securityGroupId") === clusterSecurityGroupId(dev)), []);
    });

    it("describes every security-group rule with only the characters EC2 accepts (no apostrophes, at most 255)", () => {
        const rules = privateApi.resources.filter((r) => r.type.startsWith("aws:vpc/securityGroup") && r.custom);
        assert.ok(rules.length >= 6);
        for (const rule of rules) {
            assert.match(input<string>(rule, "description"), /^[a-zA-Z0-9. _\-:/()#,@[\]+=;{}!$*]{1,255}$/, rule.name);
        }
    });

    it("names API rules by their source, so removing one leaves the others untouched", () => {
        const names = ofType(privateApi, INGRESS).map((rule) => rule.name).filter((n) => n.includes("-api-from-"));
        assert.deepEqual(names.sort(), ["platform-cluster-api-from-10.99.0.0/24", "platform-cluster-api-from-platform-0", "platform-cluster-api-from-sg-0123456789abcdef0"]);
        const entries = Object.keys(input<Record<string, unknown>>(single(dev, EKS), "accessEntries"));
        assert.deepEqual(entries, ["123456789012:role/platform-admins"]);
    });

    it("places nodes only in private subnets, without public IPs", () => {
        const cluster = single(dev, EKS);
        assert.equal(input(cluster, "nodeAssociatePublicIpAddress"), false);
        const privateIds = input<string[]>(cluster, "privateSubnetIds");
        const allSubnets = ofType(dev, "aws:ec2/subnet:Subnet");
        assert.equal(privateIds.length, 2);
        for (const group of ofType(dev, "aws:eks/nodeGroup:NodeGroup")) {
            assert.deepEqual(input(group, "subnetIds"), privateIds);
            assert.equal(input(group, "remoteAccess"), undefined, "no SSH access to nodes");
        }
        const dependencyTiers = single(dev, "aws:eks/nodeGroup:NodeGroup", "-pool-system").dependencies
            .map((urn) => allSubnets.find((s) => s.urn === urn))
            .filter((s) => s !== undefined)
            .map((s) => input<Record<string, string>>(s!, "tags").tier);
        assert.deepEqual([...new Set(dependencyTiers)], ["private"]);
    });

    it("keeps the control plane in the subnets it was created with when a zone is added; nodes get the new zone", async () => {
        const twoZones = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 2 } });
        const createdWith = input<string[]>(single(twoZones, EKS), "privateSubnetIds");
        // The third zone's stack, deployed over a cluster whose Stash remembers the first two subnets.
        const threeZones = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 3 } }, "grown", {
            priorState: { "pulumi:index:Stash": (args) => (args.name.endsWith("-control-plane-subnets") ? { output: createdWith } : undefined) },
        });
        assert.deepEqual(input(single(threeZones, EKS), "privateSubnetIds"), createdWith);
        assert.equal(input<string[]>(single(threeZones, "aws:eks/nodeGroup:NodeGroup", "-pool-system"), "subnetIds").length, 3);
    });

    it("encrypts Secrets with a rotating customer-managed KMS key and logs every control-plane log type", () => {
        const cluster = single(dev, EKS);
        const key = single(dev, "aws:kms/key:Key", "-secrets-key");
        assert.equal(input(key, "enableKeyRotation"), true);
        assert.ok(cluster.dependencies.includes(key.urn), "encryption uses the platform's key");
        assert.deepEqual(input<string[]>(cluster, "enabledClusterLogTypes").sort(), [...CONTROL_PLANE_LOG_TYPES].sort());
        assert.equal(CONTROL_PLANE_LOG_TYPES.length, 5);
    });

    it("creates the control-plane log group first, with a retention and the cluster's data key", () => {
        const logGroup = single(dev, "aws:cloudwatch/logGroup:LogGroup", "-control-plane-logs");
        assert.equal(input(logGroup, "name"), "/aws/eks/acme-transit-dev/cluster");
        assert.equal(input(logGroup, "retentionInDays"), 90);
        const dataKey = single(dev, "aws:kms/key:Key", "-data-key");
        assert.equal(input(logGroup, "kmsKeyId"), mocked(dataKey).state.arn);
        assert.ok(single(dev, EKS).dependencies.includes(logGroup.urn), "EKS would otherwise create the group itself, kept forever");
        const statement = JSON.parse(input<string>(dataKey, "policy")).Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsEncryptsTheseLogGroups");
        assert.deepEqual(statement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"], [`arn:aws:logs:eu-central-1:${MOCK_ACCOUNT_ID}:log-group:/aws/eks/acme-transit-dev/cluster`]);
    });

    it("leaves the deployer's admin access to EKS's bootstrap entry and grants only the configured principals", () => {
        const cluster = single(dev, EKS);
        assert.equal(input(cluster, "authenticationMode"), "API");
        assert.equal(input(cluster, "createOidcProvider"), true);
        const entries = input<Record<string, { principalArn: string }>>(cluster, "accessEntries");
        assert.deepEqual(Object.values(entries).map((e) => e.principalArn), [ADMINS]);
        const creator = single(dev, "pulumi:index:Stash", "-creator");
        assert.ok(cluster.dependencies.includes(creator.urn), "the check reads the remembered creator");
    });

    it("refuses to list the principal that creates the cluster, naming the key", async () => {
        await assert.rejects(
            recordStack({ ...AWS_DEV_CONFIG, aws: { clusterAdminArns: [ADMINS, DEPLOYER] } }),
            /anycloud:aws\.clusterAdminArns\[1\] = "arn:aws:iam::123456789012:user\/plan": is the principal that creates the cluster/,
        );
    });

    it("installs no add-on of its own and bootstraps none: the EKS add-ons below are the only ones", () => {
        const cluster = single(dev, EKS);
        assert.equal(input(cluster, "bootstrapSelfManagedAddons"), false);
        assert.equal(input(cluster, "useDefaultVpcCni"), true);
        assert.equal(input(cluster, "kubeProxyAddonOptions.enabled"), false);
        assert.equal(input(cluster, "corednsAddonOptions.enabled"), false);
        assert.equal(input(cluster, "skipDefaultNodeGroup"), true);
    });

    it("stays on standard support unless extended support is chosen", () => {
        assert.deepEqual(input(single(dev, EKS), "upgradePolicy"), { supportType: "STANDARD" });
        assert.deepEqual(input(single(privateApi, EKS), "upgradePolicy"), { supportType: "EXTENDED" });
    });

    it("tags the security group EKS creates, which the provider's default tags never reach", () => {
        const groupId = clusterSecurityGroupId(dev);
        const tags = Object.fromEntries(ofType(dev, "aws:ec2/tag:Tag").filter((t) => input(t, "resourceId") === groupId).map((t) => [input(t, "key"), input(t, "value")]));
        assert.deepEqual(tags, { customer: "acme", project: "transit", environment: "dev", "cost-type": "fixed", "managed-by": "anycloud", component: "cluster" });
    });

    it("protects the cluster and its keys in prod only", () => {
        assert.equal(single(prod, EKS).options.protect, true);
        assert.equal(input(single(prod, EKS), "deletionProtection"), true);
        assert.equal(single(prod, "aws:kms/key:Key", "-secrets-key").options.protect, true);
        assert.equal(single(prod, "aws:kms/key:Key", "-data-key").options.protect, true);
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
