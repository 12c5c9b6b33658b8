import { strict as assert } from "assert";
import { CLUSTER_AUTOSCALER_CHART } from "../../../providers/aws/cluster-autoscaler";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../../../providers/aws/kubernetes-versions";
import { desiredSize } from "../../../providers/aws/node-groups";
import { Recording, ResourceRecord } from "../../../plan/recorder";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, single } from "../../helpers/record";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const POOLS = [{ name: "system", min: 2, max: 4 }, { name: "arm", instanceType: "m7g.large", min: 0, max: 10, taints: [{ key: "arm", effect: "NoSchedule" }] }];

const roleOf = (recording: Recording, arn: unknown) => ofType(recording, "aws:iam/role:Role").find((role) => mocked(role).state.arn === arn)!;
const trustOf = (role: ResourceRecord) => JSON.parse(input<string>(role, "assumeRolePolicy")).Statement[0];
const addonNamed = (recording: Recording, addonName: string) => ofType(recording, ADDON).find((a) => input(a, "addonName") === addonName)!;

/** EKS answers for an account where this cluster already runs, its system pool scaled to `systemSize` by the autoscaler. */
function existingCluster(systemSize: number, version = "1.35") {
    return {
        "aws:eks/getClusters:getClusters": () => ({ names: ["acme-transit-dev", "someone-else"] }),
        "aws:eks/getCluster:getCluster": () => ({ name: "acme-transit-dev", version }),
        "aws:eks/getNodeGroups:getNodeGroups": () => ({ names: ["system-1a2b3c4d"] }),
        "aws:eks/getNodeGroup:getNodeGroup": () => ({ labels: { "anycloud.io/pool": "system" }, scalingConfigs: [{ minSize: 1, maxSize: 4, desiredSize: systemSize }] }),
    };
}

describe("AWS cluster: node groups, add-ons, autoscaler", () => {
    let dev: Recording;

    before(async () => {
        // 1.33 is in extended support, which a new cluster on it must accept.
        dev = await recordStack({ ...AWS_DEV_CONFIG, cluster: { version: "1.33", nodePools: POOLS }, aws: { upgradeSupport: "extended" } });
    });

    it("runs nodes on the cluster's Kubernetes version, with the AMI type of their instance family", () => {
        const system = single(dev, NODE_GROUP, "-pool-system");
        const arm = single(dev, NODE_GROUP, "-pool-arm");
        assert.equal(input(system, "version"), "1.33");
        assert.equal(input(arm, "version"), "1.33");
        assert.equal(input(system, "amiType"), "AL2023_x86_64_STANDARD");
        assert.equal(input(arm, "amiType"), "AL2023_ARM_64_STANDARD");
        assert.deepEqual(input(arm, "taints"), [{ key: "arm", effect: "NO_SCHEDULE" }]);
    });

    it("starts a new pool at min and lets updates keep the autoscaler's size", () => {
        for (const group of ofType(dev, NODE_GROUP)) {
            assert.deepEqual(group.options.ignoreChanges, [], "desiredSize is managed, not ignored: ignoring it makes a raised min fail");
        }
        assert.deepEqual(input(single(dev, NODE_GROUP, "-pool-system"), "scalingConfig"), { minSize: 2, maxSize: 4, desiredSize: 2 });
        assert.deepEqual(input(single(dev, NODE_GROUP, "-pool-arm"), "scalingConfig"), { minSize: 0, maxSize: 10, desiredSize: 0 });
    });

    it("keeps the size the autoscaler chose, and raises it with min", async () => {
        const scaled = await recordStack({ ...AWS_DEV_CONFIG, cluster: { nodePools: POOLS } }, "scaled", { invokeAnswers: existingCluster(3) });
        assert.equal(input(single(scaled, NODE_GROUP, "-pool-system"), "scalingConfig.desiredSize"), 3);
        const raised = await recordStack({ ...AWS_DEV_CONFIG, cluster: { nodePools: [{ name: "system", min: 4, max: 6 }] } }, "raised", { invokeAnswers: existingCluster(3) });
        assert.equal(input(single(raised, NODE_GROUP, "-pool-system"), "scalingConfig.desiredSize"), 4);
        assert.equal(desiredSize({ min: 1, max: 3 }, 7), 3, "a lowered max caps it");
    });

    it("refuses to downgrade a running cluster, or to skip a minor, naming the version to set", async () => {
        const pools = { nodePools: POOLS };
        await assert.rejects(recordStack({ ...AWS_DEV_CONFIG, cluster: { ...pools, version: "1.34" } }, "down", { invokeAnswers: existingCluster(2, "1.35") }),
            /anycloud:cluster\.version = "1\.34": is older than the 1\.35 the cluster runs .*set "1\.35"/);
        await assert.rejects(recordStack({ ...AWS_DEV_CONFIG, cluster: { ...pools, version: "1.35" }, aws: { upgradeSupport: "extended" } }, "skip", { invokeAnswers: existingCluster(2, "1.33") }),
            /skips minors: the cluster runs 1\.33 .*set "1\.34"/);
        const upgraded = await recordStack({ ...AWS_DEV_CONFIG, cluster: { ...pools, version: "1.35" } }, "up", { invokeAnswers: existingCluster(2, "1.34") });
        assert.equal(input(single(upgraded, "eks:index:Cluster"), "version"), "1.35");
    });

    it("refuses a changed Service range or cluster name on a cluster created with others", async () => {
        const priorState = { "pulumi:index:Stash": (args: { name: string }) => (args.name.endsWith("-created-with") ? { output: { "anycloud:customer/project/environment": "acme-transit-dev", "anycloud:cluster.serviceCidr": "172.20.0.0/16" } } : undefined) };
        await assert.rejects(recordStack({ ...AWS_DEV_CONFIG, cluster: { serviceCidr: "172.21.0.0/16" } }, "moved", { priorState }),
            /anycloud:cluster\.serviceCidr = "172\.21\.0\.0\/16": was "172\.20\.0\.0\/16" when the cluster was created/);
        await recordStack({ ...AWS_DEV_CONFIG }, "same", { priorState });
    });

    it("starts nodes only after their role's permissions, the NAT routes and the pod network exist", () => {
        const system = single(dev, NODE_GROUP, "-pool-system");
        const byUrn = new Map(dev.resources.map((r) => [r.urn, r]));
        const deps = system.dependencies.map((urn) => byUrn.get(urn)!).filter(Boolean);
        assert.ok(deps.filter((d) => d.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length >= 3, "node role policies");
        assert.ok(deps.some((d) => d.type === "aws:ec2/natGateway:NatGateway"), "NAT gateway");
        assert.ok(deps.some((d) => d.type === "aws:ec2/routeTable:RouteTable" && d.name.includes("private-rt")), "private route table with the NAT route");
        assert.deepEqual(deps.filter((d) => d.type === ADDON).map((d) => input(d, "addonName")).sort(), ["kube-proxy", "vpc-cni"]);
    });

    it("manages the four core add-ons at EKS's default version for the cluster version; CoreDNS and CSI after the nodes", () => {
        const names = ofType(dev, ADDON).map((a) => input(a, "addonName")).sort();
        assert.deepEqual(names, ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
        const nodeGroupUrns = ofType(dev, NODE_GROUP).map((g) => g.urn);
        for (const later of ["coredns", "aws-ebs-csi-driver"]) {
            const addon = addonNamed(dev, later);
            assert.ok(nodeGroupUrns.every((urn) => addon.dependencies.includes(urn)), `${later} waits for the nodes`);
        }
        for (const addon of ofType(dev, ADDON)) {
            assert.equal(input(addon, "addonVersion"), "v1.33.0-eksbuild.1", "follows the cluster's Kubernetes version");
        }
    });

    it("gives the VPC CNI and the CSI driver their own roles, and the nodes neither", () => {
        const cniRole = roleOf(dev, input(addonNamed(dev, "vpc-cni"), "serviceAccountRoleArn"));
        assert.deepEqual(Object.values(trustOf(cniRole).Condition.StringEquals).sort(), ["sts.amazonaws.com", "system:serviceaccount:kube-system:aws-node"]);
        const csiRole = roleOf(dev, input(addonNamed(dev, "aws-ebs-csi-driver"), "serviceAccountRoleArn"));
        assert.ok(Object.values(trustOf(csiRole).Condition.StringEquals).includes("system:serviceaccount:kube-system:ebs-csi-controller-sa"));
        const nodeRole = single(dev, "aws:iam/role:Role", "-node-role");
        const nodePolicies = ofType(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => input(a, "role") === mocked(nodeRole).state.name).map((a) => input<string>(a, "policyArn"));
        assert.ok(!nodePolicies.some((arn) => arn.endsWith("AmazonEKS_CNI_Policy")), "pods on a node must not inherit the right to change its network");
        assert.equal(input(single(dev, "aws:ec2/launchTemplate:LaunchTemplate"), "metadataOptions.httpPutResponseHopLimit"), 1);
    });

    it("turns on the VPC CNI's network policy agent, so NetworkPolicy objects are enforced (CIS EKS 5.4.4)", () => {
        assert.deepEqual(JSON.parse(input<string>(addonNamed(dev, "vpc-cni"), "configurationValues")), { enableNetworkPolicy: "true" });
        for (const other of ["kube-proxy", "coredns", "aws-ebs-csi-driver"]) {
            assert.equal(input(addonNamed(dev, other), "configurationValues"), undefined, `${other} keeps EKS's default configuration`);
        }
    });

    it("makes an encrypted gp3 class on the platform's key the default StorageClass", () => {
        const storageClass = single(dev, "kubernetes:storage.k8s.io/v1:StorageClass");
        assert.equal(input(storageClass, "metadata.annotations")?.["storageclass.kubernetes.io/is-default-class" as never], "true");
        assert.equal(input(storageClass, "provisioner"), "ebs.csi.aws.com");
        const dataKeyArn = mocked(single(dev, "aws:kms/key:Key", "-data-key")).state.arn;
        assert.deepEqual(input(storageClass, "parameters"), { type: "gp3", encrypted: "true", kmsKeyId: dataKeyArn });
        assert.ok(storageClass.options.deletedWith.includes("eks:index:Cluster"));
    });

    it("encrypts node volumes with a key Auto Scaling can use through EC2, without naming a role a new account lacks", () => {
        const template = single(dev, "aws:ec2/launchTemplate:LaunchTemplate");
        const dataKey = single(dev, "aws:kms/key:Key", "-data-key");
        assert.equal(input<{ ebs: { kmsKeyId: string } }[]>(template, "blockDeviceMappings")[0].ebs.kmsKeyId, mocked(dataKey).state.arn);
        const statements = JSON.parse(input<string>(dataKey, "policy")).Statement as { Sid: string; Principal: { AWS?: string }; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
        assert.ok(!JSON.stringify(statements).includes("AWSServiceRoleForAutoScaling"), "KMS refuses a policy naming a role that does not exist yet");
        const grant = statements.find((s) => s.Action === "kms:CreateGrant")!;
        assert.deepEqual(grant.Condition, { StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "ec2.eu-central-1.amazonaws.com" }, Bool: { "kms:GrantIsForAWSResource": true } });
        for (const statement of statements.filter((s) => s.Principal.AWS === "*")) {
            assert.equal(statement.Condition?.StringEquals?.["kms:ViaService"], "ec2.eu-central-1.amazonaws.com", `${statement.Sid} is open to the account only through EC2`);
        }
    });

    it("installs the pinned cluster-autoscaler for this cluster, its image matching the Kubernetes minor", () => {
        const release = single(dev, RELEASE, "-cluster-autoscaler");
        assert.equal(input(release, "chart"), CLUSTER_AUTOSCALER_CHART.chart);
        assert.equal(input(release, "version"), CLUSTER_AUTOSCALER_CHART.version);
        assert.equal(input(release, "repositoryOpts.repo"), CLUSTER_AUTOSCALER_CHART.repo);
        assert.equal(input(release, "values.image.tag"), CLUSTER_AUTOSCALER_IMAGE_TAGS["1.33"]);
        assert.match(CLUSTER_AUTOSCALER_IMAGE_TAGS["1.33"], /^v1\.33\.\d+$/);
        assert.equal(input(release, "values.autoDiscovery.clusterName"), "acme-transit-dev");
        assert.equal(input(release, "values.awsRegion"), "eu-central-1");
        assert.equal(input(release, "values.extraArgs.enforce-node-group-min-size"), true);
        assert.ok(ofType(dev, NODE_GROUP).every((g) => release.dependencies.includes(g.urn)));
    });

    it("gives the autoscaler its own role, allowed to resize only this cluster's groups", () => {
        const release = single(dev, RELEASE, "-cluster-autoscaler");
        const role = roleOf(dev, input(release, "values.rbac.serviceAccount.annotations")?.["eks.amazonaws.com/role-arn" as never]);
        assert.ok(Object.values(trustOf(role).Condition.StringEquals).includes(`system:serviceaccount:kube-system:${input(release, "values.rbac.serviceAccount.name")}`));
        const policy = ofType(dev, "aws:iam/rolePolicy:RolePolicy").find((p) => input(p, "role") === mocked(role).id)!;
        const scale = JSON.parse(input<string>(policy, "policy")).Statement.find((s: { Action: string[] }) => s.Action.includes("autoscaling:SetDesiredCapacity"));
        assert.deepEqual(scale.Condition, { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/acme-transit-dev": "owned" } });
    });

    it("tags each pool's Auto Scaling group with the platform's tags, propagated to instances; EKS keeps the discovery tags", () => {
        for (const group of ofType(dev, NODE_GROUP)) {
            const asgName = (mocked(group).state.resources as { autoscalingGroups: { name: string }[] }[])[0].autoscalingGroups[0].name;
            const tags = ofType(dev, "aws:autoscaling/tag:Tag").filter((t) => input(t, "autoscalingGroupName") === asgName).map((t) => input<{ key: string; value: string; propagateAtLaunch: boolean }>(t, "tag"));
            const byKey = Object.fromEntries(tags.map((t) => [t.key, t]));
            for (const key of ["customer", "project", "environment", "cost-type", "managed-by", "component"]) {
                assert.equal(byKey[key]?.propagateAtLaunch, true, `${group.name}: ${key}`);
            }
            // EKS sets these on the Auto Scaling group; a tag resource of ours would take them away when deleted.
            assert.equal(byKey["k8s.io/cluster-autoscaler/enabled"], undefined);
            assert.equal(input<Record<string, string>>(group, "tags")["k8s.io/cluster-autoscaler/acme-transit-dev"], "owned");
        }
    });
});
