import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { platformContext } from "../../../components/context";
import { Network } from "../../../components/network";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { Recording, recordProgram } from "../../../plan/recorder";
import { chooseZoneIds } from "../../../providers/aws/network";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, single, toStackConfig } from "../../helpers/record";
import { Probe } from "../../helpers/component";

type Route = { cidrBlock?: string; gatewayId?: string; natGatewayId?: string };
type AclRule = { cidrBlock: string; protocol: string; fromPort: number; toPort: number; action: string };
type Statement = { Sid?: string; Effect: string; Principal: Record<string, string>; Action: string | string[]; Resource: string; Condition?: Record<string, Record<string, unknown>> };

const SUBNET = "aws:ec2/subnet:Subnet";
const ids = (recording: Recording, type: string) => new Map(ofType(recording, type).map((r) => [r.name, r]));

/** Zone ID of each subnet of a tier, by subnet index. */
function zonesOf(recording: Recording, tier: string): unknown[] {
    return ofType(recording, SUBNET)
        .filter((s) => input<Record<string, string>>(s, "tags").tier === tier)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => input(s, "availabilityZoneId"));
}

/**
 * The network alone, plus two probe resources that depend on its publicRouting and
 * privateRouting, the way the bastion and the cluster do; stack output `zones` is the
 * network's zones output.
 */
async function recordNetwork(settings: Record<string, unknown>): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => {
        const args = loadPlatformArgs(config);
        const network = new Network("net", { context: platformContext(args), settings: args.network });
        new Probe("after-public", network.publicRouting);
        new Probe("after-private", network.privateRouting);
        return { zones: network.zones };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region) });
}

describe("AWS network", () => {
    let perZone: Recording;
    let single_: Recording;

    before(async () => {
        perZone = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 3, natGateways: "perZone" } });
        single_ = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 3, natGateways: "single" }, aws: { flowLogRetentionDays: 30 } });
    });

    describe("availability zones", () => {
        // The mock account maps names to IDs out of order (eu-central-1a -> euc1-az2, ..., 1f -> euc1-az1),
        // as real accounts do, so taking the first names would land on az2, az3, az4.
        it("places subnet i of every tier in the i-th lowest zone ID, by ID and not by name", () => {
            for (const tier of ["public", "private", "data"]) {
                assert.deepEqual(zonesOf(perZone, tier), ["euc1-az1", "euc1-az2", "euc1-az3"], tier);
            }
            const subnets = ofType(perZone, SUBNET);
            assert.equal(subnets.length, 9);
            assert.ok(subnets.every((s) => input(s, "availabilityZone") === undefined), "no zone names: they differ per account");
            assert.ok(subnets.every((s) => input(s, "mapPublicIpOnLaunch") === false));
        });

        it("skips the zone IDs EKS refuses (use1-az3 in us-east-1) and sorts by zone number", async () => {
            const recording = await recordStack({ ...AWS_DEV_CONFIG, region: "us-east-1", network: { zones: 4 } });
            assert.deepEqual(zonesOf(recording, "private"), ["use1-az1", "use1-az2", "use1-az4", "use1-az5"]);
            assert.deepEqual(zonesOf(recording, "public"), ["use1-az1", "use1-az2", "use1-az4", "use1-az5"]);
        });

        it("uses pinned zoneIds exactly, in the order given", async () => {
            const recording = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 3 }, aws: { zoneIds: ["euc1-az3", "euc1-az1", "euc1-az5"] } });
            for (const tier of ["public", "private", "data"]) {
                assert.deepEqual(zonesOf(recording, tier), ["euc1-az3", "euc1-az1", "euc1-az5"], tier);
            }
        });

        it("publishes zone IDs as the network's zones", async () => {
            const recording = await recordNetwork({ ...AWS_DEV_CONFIG, region: "us-east-1", network: { zones: 3 } });
            assert.deepEqual(recording.outputs.zones, ["use1-az1", "use1-az2", "use1-az4"]);
        });

        it("appends a zone when network.zones grows, moving no existing subnet", () => {
            const available = ["euc1-az2", "euc1-az3", "euc1-az4", "euc1-az5", "euc1-az6", "euc1-az1"];
            const two = chooseZoneIds(available, 2, undefined, "eu-central-1");
            const three = chooseZoneIds(available, 3, undefined, "eu-central-1");
            assert.deepEqual(three.slice(0, 2), two);
            // az10 sorts after az9, not between az1 and az2.
            assert.deepEqual(chooseZoneIds(["use1-az10", "use1-az9", "use1-az2"], 3, undefined, "us-east-1"), ["use1-az2", "use1-az9", "use1-az10"]);
        });

        it("fails with the key, the value and the region's zones when a pinned zone is not in the region", async () => {
            const pinned = ["euc1-az7", "euc1-az1"];
            assert.throws(() => chooseZoneIds(["euc1-az1", "euc1-az2", "euc1-az3"], 2, pinned, "eu-central-1"),
                /^Error: anycloud:aws\.zoneIds = \["euc1-az7","euc1-az1"\]: euc1-az7 is not an availability zone of eu-central-1 for this account; available: euc1-az1, euc1-az2, euc1-az3$/);
            // The same message reaches `pulumi up`, not a registered subnet in an unknown zone.
            await assert.rejects(recordStack({ ...AWS_DEV_CONFIG, aws: { zoneIds: pinned } }), /anycloud:aws\.zoneIds = \["euc1-az7","euc1-az1"\]: euc1-az7 is not an availability zone of eu-central-1/);
        });

        it("fails naming network.zones when the region has too few zones EKS accepts", async () => {
            await assert.rejects(recordStack({ ...AWS_DEV_CONFIG, region: "us-east-1", network: { zones: 6 } }),
                /anycloud:network\.zones = 6: region us-east-1 has only 5 availability zones EKS accepts \(use1-az1, use1-az2, use1-az4, use1-az5, use1-az6\)/);
        });
    });

    it("tags subnets for Kubernetes load balancers", () => {
        const subnets = ofType(perZone, SUBNET);
        const tags = (tier: string) => subnets.filter((s) => input<Record<string, string>>(s, "tags").tier === tier).map((s) => input<Record<string, string>>(s, "tags"));
        assert.ok(tags("public").every((t) => t["kubernetes.io/role/elb"] === "1"));
        assert.ok(tags("private").every((t) => t["kubernetes.io/role/internal-elb"] === "1" && !("kubernetes.io/role/elb" in t)));
    });

    it("creates NAT gateways per strategy", () => {
        assert.equal(ofType(perZone, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(ofType(single_, "aws:ec2/natGateway:NatGateway").length, 1);
    });

    it("routes each private zone through its own NAT under perZone and never through the internet gateway", () => {
        const tables = ofType(perZone, "aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("-private-rt-"));
        assert.equal(tables.length, 3);
        const natIds = new Set<string>();
        for (const table of tables) {
            const routes = input<Route[]>(table, "routes");
            assert.equal(routes.length, 1);
            assert.equal(routes[0].cidrBlock, "0.0.0.0/0");
            assert.ok(routes[0].natGatewayId, "private default route goes to NAT");
            assert.ok(!routes.some((r) => r.gatewayId), "no internet gateway route in a private table");
            natIds.add(routes[0].natGatewayId!);
        }
        assert.equal(natIds.size, 3);
        const singleTables = ofType(single_, "aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("-private-rt-"));
        assert.equal(new Set(singleTables.map((t) => input<Route[]>(t, "routes")[0].natGatewayId)).size, 1);
    });

    it("gives data subnets no route out of the VPC and the public table the internet gateway", () => {
        assert.deepEqual(input(single(perZone, "aws:ec2/routeTable:RouteTable", "-data-rt"), "routes"), []);
        const publicRoutes = input<Route[]>(single(perZone, "aws:ec2/routeTable:RouteTable", "-public-rt"), "routes");
        assert.ok(publicRoutes[0].gatewayId?.startsWith("igw-"));
        const associations = ofType(perZone, "aws:ec2/routeTableAssociation:RouteTableAssociation");
        assert.equal(associations.length, 9, "every subnet has an explicit route table");
    });

    it("hands out the public and the private routing as dependencies, each complete and apart", async () => {
        const recording = await recordNetwork({ ...AWS_DEV_CONFIG, network: { zones: 2, natGateways: "perZone" } });
        const urns = (pick: (name: string, type: string) => boolean) => recording.resources.filter((r) => r.custom && pick(r.name, r.type)).map((r) => r.urn).sort();
        const afterPublic = single(recording, "test:index:Probe", "after-public").dependencies;
        assert.deepEqual(afterPublic, urns((name, type) => type === "aws:ec2/internetGateway:InternetGateway" || /-public-(rt|rta-\d)$/.test(name)));
        assert.equal(afterPublic.length, 1 + 1 + 2, "gateway, public table, one association per zone");
        const afterPrivate = single(recording, "test:index:Probe", "after-private").dependencies;
        assert.deepEqual(afterPrivate, urns((name, type) => type === "aws:ec2/natGateway:NatGateway" || /-private-(rt|rta)-\d$/.test(name)));
        assert.equal(afterPrivate.length, 2 + 2 + 2, "NAT gateway, table and association per zone");
    });

    it("puts a network ACL on every tier; the data tier admits only PostgreSQL from the VPC", () => {
        const acls = ids(perZone, "aws:ec2/networkAcl:NetworkAcl");
        assert.equal(acls.size, 3);
        for (const acl of acls.values()) {
            assert.equal(input<string[]>(acl, "subnetIds").length, 3);
        }
        const dataIngress = input<AclRule[]>(single(perZone, "aws:ec2/networkAcl:NetworkAcl", "-data-nacl"), "ingress");
        assert.ok(dataIngress.every((r) => r.cidrBlock === "10.0.0.0/16"), "data tier admits nothing from outside the VPC");
        assert.ok(dataIngress.some((r) => r.fromPort === 5432 && r.toPort === 5432));
        const publicIngress = input<AclRule[]>(single(perZone, "aws:ec2/networkAcl:NetworkAcl", "-public-nacl"), "ingress");
        const ssh = publicIngress.filter((r) => r.fromPort <= 22 && r.toPort >= 22 && r.cidrBlock !== "10.0.0.0/16");
        assert.deepEqual(ssh.map((r) => r.cidrBlock), ["198.51.100.0/24"], "SSH only from the allowlist");
    });

    describe("flow logs", () => {
        const GROUP_NAME = "/anycloud/acme-transit-dev/vpc-flow-logs";
        const GROUP_ARN = `arn:aws:logs:eu-central-1:${MOCK_ACCOUNT_ID}:log-group:${GROUP_NAME}`;

        it("empties the default security group and logs all VPC traffic", () => {
            const defaultGroup = single(perZone, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
            assert.deepEqual(input(defaultGroup, "ingress"), []);
            assert.deepEqual(input(defaultGroup, "egress"), []);
            const flowLog = single(perZone, "aws:ec2/flowLog:FlowLog");
            assert.equal(input(flowLog, "trafficType"), "ALL");
            assert.ok(flowLog.dependencies.includes(single(perZone, "aws:ec2/vpc:Vpc").urn), "the flow log is attached to the platform's VPC");
            assert.equal(input(flowLog, "logDestination"), mocked(single(perZone, "aws:cloudwatch/logGroup:LogGroup", "-network-flow-logs")).state.arn);
        });

        it("keeps them as long as aws.flowLogRetentionDays says (90 by default)", () => {
            assert.equal(input(single(perZone, "aws:cloudwatch/logGroup:LogGroup", "-network-flow-logs"), "retentionInDays"), 90);
            assert.equal(input(single(single_, "aws:cloudwatch/logGroup:LogGroup", "-network-flow-logs"), "retentionInDays"), 30);
        });

        it("encrypts the log group with a rotated customer-managed key that CloudWatch Logs may use for this group only", () => {
            const group = single(perZone, "aws:cloudwatch/logGroup:LogGroup", "-network-flow-logs");
            const key = single(perZone, "aws:kms/key:Key", "-flow-logs-key");
            assert.equal(input(group, "name"), GROUP_NAME);
            assert.equal(input(group, "kmsKeyId"), mocked(key).state.arn);
            assert.equal(input(key, "enableKeyRotation"), true);
            assert.equal(input<Record<string, string>>(group, "tags").component, "network");

            const statements = (JSON.parse(input<string>(key, "policy")) as { Statement: Statement[] }).Statement;
            assert.equal(statements.length, 2, JSON.stringify(statements));
            const admin = statements.find((s) => s.Principal.AWS);
            assert.deepEqual(admin?.Principal, { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` }, "the account administers the key through IAM");
            const logs = statements.find((s) => s.Principal.Service);
            assert.deepEqual(logs?.Principal, { Service: "logs.eu-central-1.amazonaws.com" });
            assert.deepEqual(logs?.Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [GROUP_ARN] } });
            assert.ok(!(logs?.Action as string[]).includes("kms:*"));
        });

        it("lets VPC Flow Logs assume the delivery role only for this account's flow logs", () => {
            const role = single(perZone, "aws:iam/role:Role", "-flow-logs-role");
            const trust = JSON.parse(input<string>(role, "assumeRolePolicy")) as { Statement: Statement[] };
            assert.equal(trust.Statement.length, 1);
            const [statement] = trust.Statement;
            assert.deepEqual(statement.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
            assert.equal(statement.Action, "sts:AssumeRole");
            assert.deepEqual(statement.Condition, {
                StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
                ArnLike: { "aws:SourceArn": `arn:aws:ec2:eu-central-1:${MOCK_ACCOUNT_ID}:vpc-flow-log/*` },
            });
            assert.equal(input(single(perZone, "aws:ec2/flowLog:FlowLog"), "iamRoleArn"), mocked(role).state.arn);
        });
    });
});
