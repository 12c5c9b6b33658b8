import { strict as assert } from "assert";
import { Recording } from "../../../plan/recorder";
import { AWS_DEV_CONFIG, input, ofType, recordStack, single } from "../../helpers/record";

type Route = { cidrBlock?: string; gatewayId?: string; natGatewayId?: string };
type AclRule = { cidrBlock: string; protocol: string; fromPort: number; toPort: number; action: string };

const ids = (recording: Recording, type: string) => new Map(ofType(recording, type).map((r) => [r.name, r]));

describe("AWS network", () => {
    let perZone: Recording;
    let single_: Recording;
    let none: Recording;

    before(async () => {
        perZone = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 3, natGateways: "perZone" } });
        single_ = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 3, natGateways: "single" } });
        none = await recordStack({ ...AWS_DEV_CONFIG, network: { zones: 2, natGateways: "none" } });
    });

    it("builds public, private and data subnets in every zone, none mapping public IPs", () => {
        const subnets = ofType(perZone, "aws:ec2/subnet:Subnet");
        assert.equal(subnets.length, 9);
        for (const tier of ["public", "private", "data"]) {
            const tierSubnets = subnets.filter((s) => input<Record<string, string>>(s, "tags").tier === tier);
            assert.equal(tierSubnets.length, 3, tier);
            assert.deepEqual(tierSubnets.map((s) => input(s, "availabilityZone")).sort(), ["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
        }
        assert.ok(subnets.every((s) => input(s, "mapPublicIpOnLaunch") === false));
    });

    it("tags subnets for Kubernetes load balancers", () => {
        const subnets = ofType(perZone, "aws:ec2/subnet:Subnet");
        const tags = (tier: string) => subnets.filter((s) => input<Record<string, string>>(s, "tags").tier === tier).map((s) => input<Record<string, string>>(s, "tags"));
        assert.ok(tags("public").every((t) => t["kubernetes.io/role/elb"] === "1"));
        assert.ok(tags("private").every((t) => t["kubernetes.io/role/internal-elb"] === "1" && !("kubernetes.io/role/elb" in t)));
    });

    it("creates NAT gateways per strategy", () => {
        assert.equal(ofType(perZone, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(ofType(single_, "aws:ec2/natGateway:NatGateway").length, 1);
        assert.equal(ofType(none, "aws:ec2/natGateway:NatGateway").length, 0);
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
        const noneTables = ofType(none, "aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("-private-rt-"));
        assert.ok(noneTables.every((t) => input<Route[]>(t, "routes").length === 0));
    });

    it("gives data subnets no route out of the VPC and the public table the internet gateway", () => {
        assert.deepEqual(input(single(perZone, "aws:ec2/routeTable:RouteTable", "-data-rt"), "routes"), []);
        const publicRoutes = input<Route[]>(single(perZone, "aws:ec2/routeTable:RouteTable", "-public-rt"), "routes");
        assert.ok(publicRoutes[0].gatewayId?.startsWith("igw-"));
        const associations = ofType(perZone, "aws:ec2/routeTableAssociation:RouteTableAssociation");
        assert.equal(associations.length, 9, "every subnet has an explicit route table");
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

    it("empties the default security group and logs all VPC traffic", () => {
        const defaultGroup = single(perZone, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assert.deepEqual(input(defaultGroup, "ingress"), []);
        assert.deepEqual(input(defaultGroup, "egress"), []);
        const flowLog = single(perZone, "aws:ec2/flowLog:FlowLog");
        assert.equal(input(flowLog, "trafficType"), "ALL");
        assert.ok(flowLog.dependencies.includes(single(perZone, "aws:ec2/vpc:Vpc").urn), "the flow log is attached to the platform's VPC");
        assert.equal(input(single(perZone, "aws:cloudwatch/logGroup:LogGroup"), "retentionInDays"), 90);
    });
});
