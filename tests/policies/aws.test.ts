import { strict as assert } from "assert";
import { CheckedResource, UNKNOWN_VALUE } from "../../policies/rule";
import { AWS_RULES } from "../../policies/rules/aws";
import { rule as budgetsPlatformBudget } from "../../policies/rules/aws-budgets-platform-budget";
import { rule as ec2InstanceImdsv2 } from "../../policies/rules/aws-ec2-instance-imdsv2";
import { rule as ec2InstanceNoPublicIp } from "../../policies/rules/aws-ec2-instance-no-public-ip";
import { rule as ec2LaunchTemplateImdsv2 } from "../../policies/rules/aws-ec2-launch-template-imdsv2";
import { rule as eksAccessEntries } from "../../policies/rules/aws-eks-access-entries";
import { rule as eksControlPlaneLogging } from "../../policies/rules/aws-eks-control-plane-logging";
import { rule as eksNetworkPolicy } from "../../policies/rules/aws-eks-network-policy";
import { rule as eksNodeGroupMultiZone } from "../../policies/rules/aws-eks-node-group-multi-zone";
import { rule as eksNodeGroupPrivateSubnets } from "../../policies/rules/aws-eks-node-group-private-subnets";
import { rule as eksNodeGroupRemoteAccess } from "../../policies/rules/aws-eks-node-group-remote-access";
import { rule as eksPrivateEndpoint } from "../../policies/rules/aws-eks-private-endpoint";
import { rule as eksPublicAccessRestricted } from "../../policies/rules/aws-eks-public-access-restricted";
import { rule as eksSecretsEncryption } from "../../policies/rules/aws-eks-secrets-encryption";
import { rule as eksSupportedVersion } from "../../policies/rules/aws-eks-supported-version";
import { rule as eksWorkloadIdentity } from "../../policies/rules/aws-eks-workload-identity";
import { rule as rdsBackupRetention } from "../../policies/rules/aws-rds-backup-retention";
import { rule as rdsCopyTagsToSnapshot } from "../../policies/rules/aws-rds-copy-tags-to-snapshot";
import { rule as rdsCustomerManagedKey } from "../../policies/rules/aws-rds-customer-managed-key";
import { rule as rdsDeletionProtection } from "../../policies/rules/aws-rds-deletion-protection";
import { rule as rdsEnhancedMonitoring } from "../../policies/rules/aws-rds-enhanced-monitoring";
import { rule as rdsFinalSnapshot } from "../../policies/rules/aws-rds-final-snapshot";
import { rule as rdsIamAuth } from "../../policies/rules/aws-rds-iam-auth";
import { rule as rdsLogExports } from "../../policies/rules/aws-rds-log-exports";
import { rule as rdsNoPublicInstance } from "../../policies/rules/aws-rds-no-public-instance";
import { rule as rdsPerformanceInsights } from "../../policies/rules/aws-rds-performance-insights";
import { rule as rdsPerformanceInsightsCmk } from "../../policies/rules/aws-rds-performance-insights-cmk";
import { rule as rdsStorageEncrypted } from "../../policies/rules/aws-rds-storage-encrypted";
import { rule as vpcDefaultSgRestrictsAll } from "../../policies/rules/aws-vpc-default-sg-restricts-all";
import { rule as vpcFlowLogs } from "../../policies/rules/aws-vpc-flow-logs";
import { rule as vpcNoAllPortsFromInternet } from "../../policies/rules/aws-vpc-no-all-ports-from-internet";
import { rule as vpcNoDefaultVpc } from "../../policies/rules/aws-vpc-no-default-vpc";
import { rule as vpcNoRdpFromInternet } from "../../policies/rules/aws-vpc-no-rdp-from-internet";
import { rule as vpcNoSshFromInternet } from "../../policies/rules/aws-vpc-no-ssh-from-internet";
import { rule as vpcSecurityGroupDescriptions } from "../../policies/rules/aws-vpc-security-group-descriptions";
import { evaluate } from "../../policies/evaluate";
import { assertException, assertFails, assertPasses, cleanFindingsOn, named, resource, verdictOf, wired } from "./helpers";

const EKS = "eks:index:Cluster";
const EKS_CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const VPC = "aws:ec2/vpc:Vpc";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SUBNET = "aws:ec2/subnet:Subnet";
const INSTANCE = "aws:ec2/instance:Instance";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const RDS_INSTANCE = "aws:rds/instance:Instance";

const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

describe("policies: AWS rules", () => {
    describe("EKS", () => {
        it("aws-eks-private-endpoint: passes a private-only API, fails an open one, and records apiAccess: allowlist as an exception", () => {
            assertPasses(eksPrivateEndpoint, resource(EKS, { endpointPrivateAccess: true, endpointPublicAccess: false }));
            assertPasses(eksPrivateEndpoint, resource(EKS_CLUSTER, { vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false } }));
            assertFails(eksPrivateEndpoint, resource(EKS, {}), /no publicAccessCidrs.*0\.0\.0\.0\/0.*private endpoint is off/);
            assertFails(eksPrivateEndpoint, resource(EKS, { endpointPrivateAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }), /public endpoint is on for 0\.0\.0\.0\/0/);
            assertFails(eksPrivateEndpoint, resource(EKS, { endpointPublicAccess: false }), /private endpoint is off/);
            const reason = assertException(eksPrivateEndpoint,
                resource(EKS, { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }), ["aws-eks-public-access-restricted"]);
            assert.match(reason, /allowlist.*203\.0\.113\.0\/24/);
            assertException(eksPrivateEndpoint,
                resource(EKS_CLUSTER, { vpcConfig: { endpointPrivateAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }), ["aws-eks-public-access-restricted"]);
        });

        it("aws-eks-private-endpoint: the allowlist exception turns into a failure once the allowlist admits the internet", () => {
            const open = resource(EKS, { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "::/0"] });
            assertFails(eksPrivateEndpoint, open, /::\/0/);
            // Compensation is judged on the stack: the exception holds only while the restriction rule passes.
            const keyed = resource(EKS, { endpointPrivateAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
            const report = evaluate([eksPrivateEndpoint, eksPublicAccessRestricted], [keyed]);
            assert.equal(report.rules.find((r) => r.id === eksPrivateEndpoint.id)!.status, "exception");
            const unrestricted = evaluate([eksPrivateEndpoint], [keyed]);
            assert.equal(unrestricted.rules[0].status, "fail", "without its compensating rule, the exception fails");
        });

        it("aws-eks-public-access-restricted: fails a public endpoint open to the internet or without CIDRs, passes an allowlist or a private API", () => {
            assertPasses(eksPublicAccessRestricted, resource(EKS, { endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24"] }));
            assertPasses(eksPublicAccessRestricted, resource(EKS, { endpointPublicAccess: false }));
            assertPasses(eksPublicAccessRestricted, resource(EKS, { publicAccessCidrs: UNKNOWN_VALUE }, wired("publicAccessCidrs", resource("pulumi:index:Stash", {}))));
            assertFails(eksPublicAccessRestricted, resource(EKS, { endpointPublicAccess: true }), /not set: EKS admits 0\.0\.0\.0\/0/);
            assertFails(eksPublicAccessRestricted, resource(EKS_CLUSTER, { vpcConfig: { publicAccessCidrs: ["0.0.0.0/0"] } }), /admits 0\.0\.0\.0\/0/);
            // The built cluster's vpcConfig always depends on the subnets: that does not make an absent list known.
            assertFails(eksPublicAccessRestricted, resource(EKS_CLUSTER, { vpcConfig: { subnetIds: ["subnet-1"] } }, wired("vpcConfig", resource(SUBNET, {}))), /not set/);
        });

        it("aws-eks-secrets-encryption: needs a KMS key for Secrets on the component, and \"secrets\" in encryptionConfig on the cluster", () => {
            const key = resource("aws:kms/key:Key", {}, { name: "key" });
            assertPasses(eksSecretsEncryption, resource(EKS, { encryptionConfigKeyArn: "arn:aws:kms:eu-central-1:1:key/k" }));
            assertPasses(eksSecretsEncryption, resource(EKS, { encryptionConfigKeyArn: UNKNOWN_VALUE }, wired("encryptionConfigKeyArn", key)));
            assertPasses(eksSecretsEncryption, resource(EKS_CLUSTER, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:x" } } }));
            assertFails(eksSecretsEncryption, resource(EKS, {}), /encryptionConfigKeyArn is not set/);
            assertFails(eksSecretsEncryption, resource(EKS_CLUSTER, {}), /no encryptionConfig/);
            // A policy-pack preview before the key exists: the block is unknown, its dependency on the key is not.
            assertPasses(eksSecretsEncryption, resource(EKS_CLUSTER, {}, wired("encryptionConfig", key)));
            assertFails(eksSecretsEncryption, resource(EKS_CLUSTER, { encryptionConfig: { resources: [], provider: { keyArn: "arn:aws:kms:x" } } }), /without "secrets"/);
        });

        it("aws-eks-control-plane-logging: needs all five log types", () => {
            assertPasses(eksControlPlaneLogging, resource(EKS, { enabledClusterLogTypes: ALL_LOG_TYPES }));
            assertPasses(eksControlPlaneLogging, resource(EKS_CLUSTER, { enabledClusterLogTypes: [...ALL_LOG_TYPES].reverse() }));
            assertFails(eksControlPlaneLogging, resource(EKS, { enabledClusterLogTypes: ["api", "audit"] }), /authenticator, controllerManager, scheduler/);
            assertFails(eksControlPlaneLogging, resource(EKS_CLUSTER, {}), /api, audit/);
        });

        it("aws-eks-supported-version: a minor anycloud knows, under the extended support policy when past standard support", () => {
            assertPasses(eksSupportedVersion, resource(EKS, { version: "1.35" }));
            assertPasses(eksSupportedVersion, resource(EKS, { version: "1.33", upgradePolicy: { supportType: "EXTENDED" } }));
            assertFails(eksSupportedVersion, resource(EKS, { version: "1.28" }), /1\.28 is not among the supported minors/);
            assertFails(eksSupportedVersion, resource(EKS, { version: "1.33", upgradePolicy: { supportType: "STANDARD" } }), /past standard support/);
            assertFails(eksSupportedVersion, resource(EKS, {}), /no version is set/);
            assert.equal(verdictOf(eksSupportedVersion, resource(EKS_CLUSTER, {})).status, "not-applicable", "unknown in a preview of the built cluster");
        });

        it("aws-eks-network-policy: needs the VPC CNI's network policy agent, or Calico/Cilium", () => {
            const cluster = named(EKS, "eks", { name: "acme-dev" });
            const addon = (configurationValues?: string) => named("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni", clusterName: "acme-dev", configurationValues }, wired("clusterName", cluster));
            assertPasses(eksNetworkPolicy, cluster, [addon(JSON.stringify({ enableNetworkPolicy: "true" }))]);
            assertPasses(eksNetworkPolicy, cluster, [addon("enableNetworkPolicy: \"true\"\n")]);
            assertPasses(eksNetworkPolicy, cluster, [addon(), named("kubernetes:helm.sh/v3:Release", "calico", { chart: "tigera-operator" })]);
            assertPasses(eksNetworkPolicy, named(EKS, "eks", { vpcCniOptions: { enableNetworkPolicy: true } }));
            assertFails(eksNetworkPolicy, cluster, /does not set enableNetworkPolicy/, [addon()]);
            assertFails(eksNetworkPolicy, cluster, /does not set enableNetworkPolicy/, [addon(JSON.stringify({ enableNetworkPolicy: "false" }))]);
            assertFails(eksNetworkPolicy, cluster, /no vpc-cni add-on/);
            // In a policy pack the built cluster is judged; its add-ons are wired from the component, its parent.
            const built = named(EKS_CLUSTER, "eks-cluster", { name: "acme-dev-123" }, { parent: cluster.urn });
            assertPasses(eksNetworkPolicy, built, [cluster, named("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni", configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }, wired("clusterName", cluster))]);
        });
        it("aws-eks-workload-identity: IRSA's OIDC provider or the Pod Identity agent (CIS EKS 5.2.1)", () => {
            assertPasses(eksWorkloadIdentity, resource(EKS, { createOidcProvider: true }));
            assertFails(eksWorkloadIdentity, resource(EKS, {}), /no OIDC provider/);
            const component = named(EKS, "eks", {});
            const built = named(EKS_CLUSTER, "eks-cluster", {}, { parent: component.urn });
            assertPasses(eksWorkloadIdentity, built, [component, named("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "oidc", {}, { parent: component.urn })]);
            assertPasses(eksWorkloadIdentity, component, [named("aws:eks/addon:Addon", "pod-identity", { addonName: "eks-pod-identity-agent" }, wired("clusterName", component))]);
            assertFails(eksWorkloadIdentity, built, /node's role/, [component]);
        });

        it("aws-eks-access-entries: API mode only, no aws-auth ConfigMap (CIS EKS 5.5.1)", () => {
            assertPasses(eksAccessEntries, resource(EKS, { authenticationMode: "API" }));
            assertPasses(eksAccessEntries, resource(EKS_CLUSTER, { accessConfig: { authenticationMode: "API" } }));
            assertFails(eksAccessEntries, resource(EKS, { authenticationMode: "API_AND_CONFIG_MAP" }), /aws-auth ConfigMap in kube-system still grants access/);
            assertFails(eksAccessEntries, resource(EKS_CLUSTER, {}), /EKS uses CONFIG_MAP/);
        });
        it("judges the cluster @pulumi/eks builds as a policy pack sees it in a first preview (the component's arguments hidden, the key's ARN unknown)", () => {
            const key = named("aws:kms/key:Key", "secrets-key", {});
            const subnet = named(SUBNET, "private-0", {});
            const component = named(EKS, "eks", {});
            const built = named(EKS_CLUSTER, "eks-eksCluster", {
                name: "acme-transit-prod",
                version: "1.35",
                vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
                enabledClusterLogTypes: ALL_LOG_TYPES,
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
                upgradePolicy: { supportType: "STANDARD" },
            }, { parent: component.urn, propertyDependencies: { vpcConfig: [subnet.urn], encryptionConfig: [key.urn] } });
            const stack = [key, subnet, component,
                named("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidcProvider", {}, { parent: component.urn }),
                named("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni", configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }, wired("clusterName", component))];
            const eksRules = AWS_RULES.filter((r) => r.resourceTypes.includes(EKS_CLUSTER));
            assert.equal(eksRules.length, 9);
            const verdicts = eksRules.map((r) => `${r.id}: ${verdictOf(r, built, stack).status}`);
            assert.deepEqual(verdicts, eksRules.map((r) => `${r.id}: ${r.id === "aws-eks-private-endpoint" ? "exception" : "pass"}`));
        });
    });

    describe("EKS node groups", () => {
        const subnet = (name: string, zone: string | undefined, props: Record<string, unknown> = {}) => named(SUBNET, name, { availabilityZoneId: zone, mapPublicIpOnLaunch: false, ...props });
        const group = (props: Record<string, unknown>, ...subnets: CheckedResource[]) =>
            named(NODE_GROUP, "pool", { subnetIds: subnets.map((s) => `subnet-${s.name}`), ...props }, wired("subnetIds", ...subnets));

        it("aws-eks-node-group-remote-access: an SSH key needs source security groups", () => {
            assertPasses(eksNodeGroupRemoteAccess, resource(NODE_GROUP, {}));
            assertPasses(eksNodeGroupRemoteAccess, resource(NODE_GROUP, { remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] } }));
            assertFails(eksNodeGroupRemoteAccess, resource(NODE_GROUP, { remoteAccess: { ec2SshKey: "ops" } }), /port 22 on the nodes to 0\.0\.0\.0\/0/);
            assertFails(eksNodeGroupRemoteAccess, resource(NODE_GROUP, { remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [] } }), /without sourceSecurityGroupIds/);
        });

        it("aws-eks-node-group-multi-zone: subnets in two zones or more", () => {
            const [a, b, a2] = [subnet("a", "euc1-az1"), subnet("b", "euc1-az2"), subnet("a2", "euc1-az1")];
            assertPasses(eksNodeGroupMultiZone, group({}, a, b), [a, b]);
            assertFails(eksNodeGroupMultiZone, group({}, a, a2), /every subnet of the node group is in euc1-az1/, [a, a2]);
            assertFails(eksNodeGroupMultiZone, group({}, a), /in euc1-az1/, [a]);
            // Subnets from outside the stack: their count is the evidence.
            assertPasses(eksNodeGroupMultiZone, resource(NODE_GROUP, { subnetIds: ["subnet-1", "subnet-2"] }));
            assertFails(eksNodeGroupMultiZone, resource(NODE_GROUP, { subnetIds: ["subnet-1"] }), /one subnet/);
            const unknownZones = [subnet("x", undefined), subnet("y", undefined)];
            assertPasses(eksNodeGroupMultiZone, group({}, ...unknownZones), unknownZones);
        });

        it("aws-eks-node-group-private-subnets: no public IPs, no route to an internet gateway, no public address in the template (CIS EKS 5.4.3)", () => {
            const igw = named("aws:ec2/internetGateway:InternetGateway", "igw", {});
            const nat = named("aws:ec2/natGateway:NatGateway", "nat", {});
            const publicTable = named("aws:ec2/routeTable:RouteTable", "public-rt", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] }, wired("routes", igw));
            const privateTable = named("aws:ec2/routeTable:RouteTable", "private-rt", { routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }] }, wired("routes", nat));
            const [priv, pub] = [subnet("private", "euc1-az1"), subnet("public", "euc1-az2")];
            const associate = (s: CheckedResource, t: CheckedResource) => named("aws:ec2/routeTableAssociation:RouteTableAssociation", `${s.name}-rta`, {},
                { propertyDependencies: { subnetId: [s.urn], routeTableId: [t.urn] } });
            const network = [igw, nat, publicTable, privateTable, priv, pub, associate(priv, privateTable), associate(pub, publicTable)];
            assertPasses(eksNodeGroupPrivateSubnets, group({}, priv), network);
            assertFails(eksNodeGroupPrivateSubnets, group({}, priv, pub), /public routes to an internet gateway \(public-rt\)/, network);
            const mapping = subnet("mapping", "euc1-az3", { mapPublicIpOnLaunch: true });
            assertFails(eksNodeGroupPrivateSubnets, group({}, mapping), /mapPublicIpOnLaunch/, [mapping]);
            // A separate aws:ec2/route:Route to the gateway counts as well.
            const bareTable = named("aws:ec2/routeTable:RouteTable", "bare-rt", { routes: [] });
            const route = named("aws:ec2/route:Route", "default", { gatewayId: UNKNOWN_VALUE }, { propertyDependencies: { routeTableId: [bareTable.urn], gatewayId: [igw.urn] } });
            assertFails(eksNodeGroupPrivateSubnets, group({}, priv), /internet gateway \(bare-rt\)/, [igw, bareTable, route, priv, associate(priv, bareTable)]);
            const template = named(LAUNCH_TEMPLATE, "lt", { networkInterfaces: [{ associatePublicIpAddress: "true" }] });
            assertFails(eksNodeGroupPrivateSubnets, named(NODE_GROUP, "pool", {}, { propertyDependencies: { subnetIds: [priv.urn], launchTemplate: [template.urn] } }),
                /launch template lt gives nodes a public IP/, [...network, template]);
            assert.equal(verdictOf(eksNodeGroupPrivateSubnets, resource(NODE_GROUP, { subnetIds: ["subnet-1"] })).status, "not-applicable", "subnets outside the stack cannot be judged");
        });
    });

    describe("EC2", () => {
        it("aws-ec2-instance-imdsv2: httpTokens required, or the endpoint disabled", () => {
            assertPasses(ec2InstanceImdsv2, resource(INSTANCE, { metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" } }));
            assertPasses(ec2InstanceImdsv2, resource(INSTANCE, { metadataOptions: { httpEndpoint: "disabled" } }));
            assertFails(ec2InstanceImdsv2, resource(INSTANCE, { metadataOptions: { httpTokens: "optional" } }), /"optional", not "required"/);
            assertFails(ec2InstanceImdsv2, resource(INSTANCE, {}), /no metadataOptions/);
        });

        it("aws-ec2-launch-template-imdsv2: IMDSv2 on every template, hop limit 1 on the nodes' template", () => {
            const template = (metadataOptions?: Record<string, unknown>) => named(LAUNCH_TEMPLATE, "nodes", metadataOptions ? { metadataOptions } : {});
            const usedBy = (t: CheckedResource) => [named(NODE_GROUP, "pool", {}, wired("launchTemplate", t))];
            const nodes = template({ httpTokens: "required", httpPutResponseHopLimit: 1 });
            assertPasses(ec2LaunchTemplateImdsv2, nodes, usedBy(nodes));
            // A template no node group uses may keep the AMI's hop limit.
            assertPasses(ec2LaunchTemplateImdsv2, template({ httpTokens: "required" }));
            assertFails(ec2LaunchTemplateImdsv2, template(), /no metadataOptions/);
            assertFails(ec2LaunchTemplateImdsv2, template({ httpTokens: "optional" }), /not "required"/);
            const twoHops = template({ httpTokens: "required", httpPutResponseHopLimit: 2 });
            assertFails(ec2LaunchTemplateImdsv2, twoHops, /httpPutResponseHopLimit 2: pods/, usedBy(twoHops));
            const unsetHops = template({ httpTokens: "required" });
            assertFails(ec2LaunchTemplateImdsv2, unsetHops, /httpPutResponseHopLimit unset/, usedBy(unsetHops));
        });

        it("aws-ec2-instance-no-public-ip: fails a public instance, records the bastion's Elastic IP as an exception compensated by the SSH rule", () => {
            const host = (component: string, props: Record<string, unknown> = {}) => named(INSTANCE, "host", { tags: { component, environment: "prod" }, ...props });
            const eipOn = (i: CheckedResource) => named("aws:ec2/eip:Eip", "eip", { domain: "vpc" }, wired("instance", i));
            assertPasses(ec2InstanceNoPublicIp, host("cluster"));
            assertPasses(ec2InstanceNoPublicIp, host("cluster", { associatePublicIpAddress: false }));
            assertFails(ec2InstanceNoPublicIp, host("cluster", { associatePublicIpAddress: true }), /associatePublicIpAddress is true/);
            const worker = host("cluster");
            assertFails(ec2InstanceNoPublicIp, worker, /Elastic IP eip/, [eipOn(worker)]);
            const mapping = named(SUBNET, "public-0", { mapPublicIpOnLaunch: true });
            assertFails(ec2InstanceNoPublicIp, named(INSTANCE, "host", {}, wired("subnetId", mapping)), /public-0 maps public IPs/, [mapping]);
            const bastion = host("bastion");
            const reason = assertException(ec2InstanceNoPublicIp, bastion, ["aws-vpc-no-ssh-from-internet", "aws-vpc-no-rdp-from-internet", "aws-vpc-no-all-ports-from-internet"], [eipOn(bastion)]);
            assert.match(reason, /office's SSH door.*Elastic IP eip/);
        });

        it("aws-ec2-instance-no-public-ip: the bastion's exception fails once a security group admits SSH from the internet", () => {
            const bastion = named(INSTANCE, "bastion", { tags: { component: "bastion" } });
            const eip = named("aws:ec2/eip:Eip", "eip", {}, wired("instance", bastion));
            const office = named(INGRESS, "ssh-office", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.0/24", description: "office" });
            const world = named(INGRESS, "ssh-world", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0", description: "world" });
            const statusOf = (resources: CheckedResource[]) =>
                evaluate(AWS_RULES.filter((r) => [ec2InstanceNoPublicIp.id, "aws-vpc-no-ssh-from-internet", "aws-vpc-no-rdp-from-internet", "aws-vpc-no-all-ports-from-internet"].includes(r.id)), resources).rules.find((r) => r.id === ec2InstanceNoPublicIp.id)!;
            assert.equal(statusOf([bastion, eip, office]).status, "exception");
            const broken = statusOf([bastion, eip, office, world]);
            assert.equal(broken.status, "fail");
            assert.match(broken.findings[0].message!, /aws-vpc-no-ssh-from-internet does not pass/);
        });
    });

    describe("security groups and VPC", () => {
        const sshFrom = (cidr: string) => ({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: cidr, description: "ssh" });

        it("aws-vpc-no-ssh-from-internet: inline ingress, legacy rules and VPC ingress rules; IPv4 and IPv6; all-protocol rules", () => {
            assertPasses(vpcNoSshFromInternet, resource(INGRESS, sshFrom("203.0.113.0/24")));
            assertPasses(vpcNoSshFromInternet, resource(INGRESS, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }));
            assertPasses(vpcNoSshFromInternet, resource(INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: "sg-1" }));
            assertPasses(vpcNoSshFromInternet, resource(INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN_VALUE }));
            assertPasses(vpcNoSshFromInternet, resource(SG_RULE, { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }));
            assertPasses(vpcNoSshFromInternet, resource(SG, { ingress: [{ protocol: "icmp", fromPort: 8, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }));
            assertFails(vpcNoSshFromInternet, resource(INGRESS, sshFrom("0.0.0.0/0")), /the rule \(tcp 22\) from 0\.0\.0\.0\/0 admits the internet to SSH/);
            assertFails(vpcNoSshFromInternet, resource(INGRESS, { ipProtocol: "6", fromPort: 20, toPort: 25, cidrIpv6: "::/0" }), /::\/0/);
            assertFails(vpcNoSshFromInternet, resource(INGRESS, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }), /all traffic/);
            assertFails(vpcNoSshFromInternet, resource(SG_RULE, { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }), /0\.0\.0\.0\/0/);
            assertFails(vpcNoSshFromInternet, resource(SG, { ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                { protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] },
            ] }), /ingress\[1\] \(tcp 0-65535\) from ::\/0/);
        });

        it("aws-vpc-no-rdp-from-internet: port 3389 from anywhere fails, from the office passes", () => {
            assertPasses(vpcNoRdpFromInternet, resource(INGRESS, { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "203.0.113.0/24" }));
            // SSH is the other rule's business.
            assertPasses(vpcNoRdpFromInternet, resource(INGRESS, sshFrom("0.0.0.0/0")));
            assertFails(vpcNoRdpFromInternet, resource(INGRESS, { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/0" }), /RDP \(port 3389\)/);
            assertFails(vpcNoRdpFromInternet, resource(SG, { ingress: [{ protocol: "udp", fromPort: 3000, toPort: 4000, cidrBlocks: ["0.0.0.0/0"] }] }), /udp 3000-4000/);
        });

        it("aws-vpc-no-all-ports-from-internet: protocol -1 or 0-65535 from anywhere fails (also on a VPC ingress rule without ports)", () => {
            assertPasses(vpcNoAllPortsFromInternet, resource(INGRESS, { ipProtocol: "-1", referencedSecurityGroupId: "sg-1" }));
            assertPasses(vpcNoAllPortsFromInternet, resource(INGRESS, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }));
            assertFails(vpcNoAllPortsFromInternet, resource(INGRESS, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }), /every port/);
            assertFails(vpcNoAllPortsFromInternet, resource(SG, { ingress: [{ protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }), /ingress\[0\] \(all traffic\)/);
            assertFails(vpcNoAllPortsFromInternet, resource(SG_RULE, { type: "ingress", protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] }), /every port/);
        });

        it("aws-vpc-security-group-descriptions: groups, inline blocks and rules, not the provider's default", () => {
            assertPasses(vpcSecurityGroupDescriptions, resource(SG, { description: "Bastion: SSH only", ingress: [{ description: "office" }], egress: [{ description: "https" }] }));
            assertPasses(vpcSecurityGroupDescriptions, resource(EGRESS, { description: "HTTPS out" }));
            assertFails(vpcSecurityGroupDescriptions, resource(SG, {}), /the group/);
            assertFails(vpcSecurityGroupDescriptions, resource(SG, { description: "Managed by Pulumi" }), /the group/);
            assertFails(vpcSecurityGroupDescriptions, resource(SG, { description: "db", ingress: [{ description: "a" }, {}], egress: [{ description: "" }] }), /ingress\[1\], egress\[0\]/);
            assertFails(vpcSecurityGroupDescriptions, resource(INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.0/24" }), /the rule/);
            assertFails(vpcSecurityGroupDescriptions, resource(SG_RULE, { type: "ingress", description: " " }), /the rule/);
        });

        it("aws-vpc-default-sg-restricts-all: every VPC's default group is managed and empty", () => {
            const vpc = named(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
            const emptied = named(DEFAULT_SG, "default", { ingress: [], egress: [] }, wired("vpcId", vpc));
            assertPasses(vpcDefaultSgRestrictsAll, vpc, [emptied]);
            assertPasses(vpcDefaultSgRestrictsAll, emptied, [vpc]);
            assertFails(vpcDefaultSgRestrictsAll, vpc, /not managed/);
            const open = named(DEFAULT_SG, "default", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, wired("vpcId", vpc));
            assertFails(vpcDefaultSgRestrictsAll, open, /egress/, [vpc]);
            const attached = named(INGRESS, "into-default", { ipProtocol: "tcp", fromPort: 80, toPort: 80 }, wired("securityGroupId", emptied));
            assertFails(vpcDefaultSgRestrictsAll, emptied, /rule into-default/, [vpc, attached]);
        });

        it("aws-vpc-flow-logs: a flow log on the VPC that records rejected traffic", () => {
            const vpc = named(VPC, "vpc", {});
            const log = (trafficType: string) => named("aws:ec2/flowLog:FlowLog", `log-${trafficType}`, { trafficType, vpcId: "vpc-1" }, wired("vpcId", vpc));
            assertPasses(vpcFlowLogs, vpc, [log("ALL")]);
            assertPasses(vpcFlowLogs, vpc, [log("REJECT")]);
            assertFails(vpcFlowLogs, vpc, /no flow log/);
            assertFails(vpcFlowLogs, vpc, /only accepted traffic/, [log("ACCEPT")]);
            const subnet = named(SUBNET, "s", {});
            assertFails(vpcFlowLogs, vpc, /no flow log/, [subnet, named("aws:ec2/flowLog:FlowLog", "subnet-log", { trafficType: "ALL" }, wired("subnetId", subnet))]);
        });

        it("aws-vpc-no-default-vpc: no adopted default VPC or subnet; instances, databases and clusters placed in a VPC of the stack", () => {
            const subnet = named(SUBNET, "s", {});
            assertPasses(vpcNoDefaultVpc, resource(INSTANCE, { subnetId: UNKNOWN_VALUE }, wired("subnetId", subnet)));
            assertPasses(vpcNoDefaultVpc, resource(RDS_CLUSTER, { dbSubnetGroupName: "acme-pg" }));
            assertPasses(vpcNoDefaultVpc, resource(EKS, { vpcId: "vpc-1", privateSubnetIds: ["subnet-1"] }));
            assertFails(vpcNoDefaultVpc, resource("aws:ec2/defaultVpc:DefaultVpc", {}), /default VPC/);
            assertFails(vpcNoDefaultVpc, resource("aws:ec2/defaultSubnet:DefaultSubnet", { availabilityZone: "eu-central-1a" }), /default subnet/);
            assertFails(vpcNoDefaultVpc, resource(INSTANCE, { instanceType: "t3.micro" }), /launches into a default subnet/);
            assertFails(vpcNoDefaultVpc, resource(RDS_CLUSTER, { engine: "aurora-postgresql" }), /default VPC's subnet group/);
            assertFails(vpcNoDefaultVpc, resource(EKS, {}), /default VPC's subnets/);
        });
    });

    describe("Aurora", () => {
        const aurora = (props: Record<string, unknown>, extra: Partial<CheckedResource> = {}) => named(RDS_CLUSTER, "db", { engine: "aurora-postgresql", ...props }, extra);
        const member = (props: Record<string, unknown>) => named(RDS_CLUSTER_INSTANCE, "db-0", { engine: "aurora-postgresql", ...props });

        it("aws-rds-storage-encrypted: storageEncrypted must be true", () => {
            assertPasses(rdsStorageEncrypted, aurora({ storageEncrypted: true }));
            assertFails(rdsStorageEncrypted, aurora({}), /storageEncrypted is unset/);
            assertFails(rdsStorageEncrypted, aurora({ storageEncrypted: false }), /storageEncrypted is false/);
        });

        it("aws-rds-customer-managed-key: a key of the platform's, not aws/rds", () => {
            const key = named("aws:kms/key:Key", "key", {});
            assertPasses(rdsCustomerManagedKey, aurora({ storageEncrypted: true, kmsKeyId: "arn:aws:kms:eu-central-1:1:key/abc" }));
            assertPasses(rdsCustomerManagedKey, aurora({ storageEncrypted: true }, wired("kmsKeyId", key)));
            assertFails(rdsCustomerManagedKey, aurora({ storageEncrypted: true }), /aws\/rds key/);
            assertFails(rdsCustomerManagedKey, aurora({ storageEncrypted: true, kmsKeyId: "arn:aws:kms:eu-central-1:1:alias/aws/rds" }), /AWS-managed/);
            assertFails(rdsCustomerManagedKey, aurora({ kmsKeyId: "arn:aws:kms:eu-central-1:1:key/abc" }), /not encrypted at all/);
        });

        it("aws-rds-no-public-instance: cluster members and standalone instances", () => {
            assertPasses(rdsNoPublicInstance, member({ publiclyAccessible: false }));
            assertPasses(rdsNoPublicInstance, member({}));
            assertFails(rdsNoPublicInstance, member({ publiclyAccessible: true }), /publiclyAccessible is true/);
            assertFails(rdsNoPublicInstance, resource(RDS_INSTANCE, { publiclyAccessible: true }), /public DNS name/);
        });

        it("aws-rds-backup-retention: at least 7 days (the default of 1 fails)", () => {
            assertPasses(rdsBackupRetention, aurora({ backupRetentionPeriod: 7 }));
            assertPasses(rdsBackupRetention, resource(RDS_INSTANCE, { replicateSourceDb: "source-db" }));
            assertFails(rdsBackupRetention, aurora({ backupRetentionPeriod: 1 }), /1 day, fewer than 7/);
            assertFails(rdsBackupRetention, aurora({}), /RDS keeps backups 1 day/);
            assertFails(rdsBackupRetention, resource(RDS_INSTANCE, { backupRetentionPeriod: 3 }), /3 days/);
        });

        it("aws-rds-deletion-protection: required in prod; dev and staging are exceptions compensated by the final snapshot", () => {
            assertPasses(rdsDeletionProtection, aurora({ deletionProtection: true, tags: { environment: "prod" } }));
            assertFails(rdsDeletionProtection, aurora({ deletionProtection: false, tags: { environment: "prod" } }), /false in the prod environment/);
            assertFails(rdsDeletionProtection, aurora({}), /unset in a stack without an environment tag/);
            const reason = assertException(rdsDeletionProtection, aurora({ deletionProtection: false, tags: { environment: "dev" } }, { protect: true }), ["aws-rds-final-snapshot"]);
            assert.match(reason, /dev environment.*final snapshot.*Pulumi's protect/);
            assert.match(assertException(rdsDeletionProtection, aurora({ tags: { environment: "staging" } }), ["aws-rds-final-snapshot"]), /automated backups outlive/);
            const devWithoutSnapshot = aurora({ deletionProtection: false, skipFinalSnapshot: true, tags: { environment: "dev" } });
            const report = evaluate([rdsDeletionProtection, rdsFinalSnapshot], [devWithoutSnapshot]);
            assert.equal(report.rules[0].status, "fail", "without a final snapshot, the dev exception does not hold");
        });

        it("aws-rds-final-snapshot: a named final snapshot, not skipped", () => {
            assertPasses(rdsFinalSnapshot, aurora({ skipFinalSnapshot: false, finalSnapshotIdentifier: "db-final-1a2b" }));
            assertFails(rdsFinalSnapshot, aurora({ skipFinalSnapshot: true, finalSnapshotIdentifier: "db-final" }), /skipFinalSnapshot is true/);
            assertFails(rdsFinalSnapshot, aurora({}), /finalSnapshotIdentifier is not set/);
        });

        it("aws-rds-iam-auth: IAM database authentication on", () => {
            assertPasses(rdsIamAuth, aurora({ iamDatabaseAuthenticationEnabled: true }));
            assertFails(rdsIamAuth, aurora({}), /not true/);
            // A standalone instance too (Trivy AWS-0176).
            assertPasses(rdsIamAuth, resource("aws:rds/instance:Instance", { iamDatabaseAuthenticationEnabled: true }));
            assertFails(rdsIamAuth, resource("aws:rds/instance:Instance", {}), /not true/);
        });

        it("aws-rds-copy-tags-to-snapshot: copyTagsToSnapshot on", () => {
            assertPasses(rdsCopyTagsToSnapshot, aurora({ copyTagsToSnapshot: true }));
            assertFails(rdsCopyTagsToSnapshot, aurora({ copyTagsToSnapshot: false }), /not true/);
        });

        it("aws-rds-log-exports: the postgresql log for PostgreSQL, some log otherwise", () => {
            assertPasses(rdsLogExports, aurora({ enabledCloudwatchLogsExports: ["postgresql"] }));
            assertPasses(rdsLogExports, aurora({ engine: "aurora-mysql", enabledCloudwatchLogsExports: ["audit", "error"] }));
            assertFails(rdsLogExports, aurora({}), /empty/);
            assertFails(rdsLogExports, aurora({ enabledCloudwatchLogsExports: ["iam-db-auth-error"] }), /not the postgresql log/);
        });

        it("aws-rds-enhanced-monitoring: an accepted interval and a role", () => {
            assertPasses(rdsEnhancedMonitoring, member({ monitoringInterval: 60, monitoringRoleArn: "arn:aws:iam::1:role/m" }));
            assertFails(rdsEnhancedMonitoring, member({}), /unset/);
            assertFails(rdsEnhancedMonitoring, member({ monitoringInterval: 0 }), /is 0/);
            assertFails(rdsEnhancedMonitoring, member({ monitoringInterval: 60 }), /monitoringRoleArn/);
        });

        it("aws-rds-performance-insights: on for every instance", () => {
            assertPasses(rdsPerformanceInsights, member({ performanceInsightsEnabled: true }));
            assertFails(rdsPerformanceInsights, member({}), /not true/);
            assertFails(rdsPerformanceInsights, resource(RDS_INSTANCE, { performanceInsightsEnabled: false }), /not true/);
        });

        it("aws-rds-performance-insights-cmk: Performance Insights under a key of the platform's", () => {
            assertPasses(rdsPerformanceInsightsCmk, member({ performanceInsightsEnabled: true, performanceInsightsKmsKeyId: "arn:aws:kms:x" }));
            assertFails(rdsPerformanceInsightsCmk, member({ performanceInsightsEnabled: true }), /AWS-managed/);
            assert.equal(verdictOf(rdsPerformanceInsightsCmk, member({})).status, "not-applicable");
        });
    });

    describe("billing", () => {
        it("aws-budgets-platform-budget: the stack has a cost budget whose notifications reach someone", () => {
            const vpc = named(VPC, "vpc", {});
            const budget = (props: Record<string, unknown>, extra: Partial<CheckedResource> = {}) =>
                named("aws:budgets/budget:Budget", "budget", { budgetType: "COST", limitAmount: "1500", timeUnit: "MONTHLY", ...props }, extra);
            const topic = named("aws:sns/topic:Topic", "alerts", {});
            assertPasses(budgetsPlatformBudget, vpc, [budget({ notifications: [{ threshold: 80, subscriberEmailAddresses: ["ops@acme.example"] }] })]);
            assertPasses(budgetsPlatformBudget, vpc, [budget({ notifications: UNKNOWN_VALUE }, wired("notifications", topic))]);
            assertFails(budgetsPlatformBudget, vpc, /no cost budget/);
            assertFails(budgetsPlatformBudget, vpc, /no cost budget/, [budget({ budgetType: "USAGE", notifications: [{ subscriberEmailAddresses: ["a@b.c"] }] })]);
            assertFails(budgetsPlatformBudget, vpc, /no notification with a subscriber/, [budget({ notifications: [{ threshold: 80 }] })]);
        });
    });

    describe("the reference stacks", function () {
        this.timeout(120000);

        for (const stack of ["aws-dev", "aws-prod"]) {
            it(`${stack}: no rule fails, every rule finds something, and the exceptions are the designed ones`, async () => {
                const findings = await cleanFindingsOn(stack, AWS_RULES);
                const exceptions = [...new Set(findings.filter((f) => f.status === "exception").map((f) => f.rule))].sort();
                const expected = ["aws-ec2-instance-no-public-ip", "aws-eks-private-endpoint", ...(stack === "aws-dev" ? ["aws-rds-deletion-protection"] : [])].sort();
                assert.deepEqual(exceptions, expected);
            });
        }
    });
});
