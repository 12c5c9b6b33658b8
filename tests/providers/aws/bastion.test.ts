import { strict as assert } from "assert";
import { mockCall } from "../../../plan/mocks";
import { Recording, ResourceRecord } from "../../../plan/recorder";
import { AMI_PARAMETER } from "../../../providers/aws/bastion";
import { problemsOf, SSH_KEY } from "../../helpers/config";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, rulesOf, single } from "../../helpers/record";

const REGION = String(AWS_DEV_CONFIG.region);
const OFFICE = ["198.51.100.0/24", "203.0.113.8/29"];

const INSTANCE = "aws:ec2/instance:Instance";
const EIP = "aws:ec2/eip:Eip";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** Ports and peers of a rule, with every field that could widen it. */
function describeRule(rule: ResourceRecord): Record<string, unknown> {
    const fields = ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"];
    return Object.fromEntries(fields.map((f) => [f, input(rule, f)]).filter(([, v]) => v !== undefined));
}

describe("AWS bastion", () => {
    let dev: Recording;
    let off: Recording;

    before(async () => {
        dev = await recordStack({ ...AWS_DEV_CONFIG, allowedCidrs: OFFICE, database: { enabled: true }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        off = await recordStack({ ...AWS_DEV_CONFIG, database: { enabled: true } });
    });

    it("admits SSH only from the office allowlist, one rule per range, and nothing else", () => {
        const group = single(dev, SECURITY_GROUP, "-bastion-sg");
        assert.equal(input(group, "ingress"), undefined, "no inline rules");
        assert.equal(input(group, "egress"), undefined, "no inline rules");
        assert.ok(input<string>(group, "description"));
        const rules = rulesOf(dev, group, INGRESS);
        assert.deepEqual(rules.map(describeRule), OFFICE.map((cidrIpv4) => ({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4 })));
        for (const rule of rules) {
            assert.ok(input<string>(rule, "description"), `${rule.name} has a description`);
        }
    });

    it("lets out only PostgreSQL into the VPC and HTTPS (which also reaches the private Kubernetes API)", () => {
        const rules = rulesOf(dev, single(dev, SECURITY_GROUP, "-bastion-sg"), EGRESS);
        const vpcCidr = input(single(dev, "aws:ec2/vpc:Vpc"), "cidrBlock");
        assert.deepEqual(rules.map(describeRule), [
            { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
            { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: vpcCidr },
        ]);
    });

    it("runs Amazon Linux 2023 in the first public subnet with IMDSv2, an encrypted gp3 root volume and the given key", () => {
        const host = single(dev, INSTANCE);
        const firstPublic = single(dev, "aws:ec2/subnet:Subnet", "-public-0");
        assert.equal(input(host, "subnetId"), mocked(firstPublic).id);
        const ami = mockCall({ token: "aws:ssm/getParameter:getParameter", inputs: { name: AMI_PARAMETER } } as never, REGION).value;
        assert.equal(input(host, "ami"), ami);
        assert.equal(input(host, "instanceType"), "t3.micro");
        assert.equal(input(host, "metadataOptions.httpTokens"), "required");
        assert.equal(input(host, "rootBlockDevice.encrypted"), true);
        assert.equal(input(host, "rootBlockDevice.volumeType"), "gp3");
        const volumeKey = single(dev, "aws:kms/key:Key", "-bastion-volume-key");
        assert.equal(input(host, "rootBlockDevice.kmsKeyId"), mocked(volumeKey).state.arn, "the root volume uses the bastion's own customer-managed key");
        assert.equal(input(volumeKey, "enableKeyRotation"), true);
        assert.notEqual(input(host, "associatePublicIpAddress"), true);
        assert.deepEqual(input(host, "vpcSecurityGroupIds"), [mocked(single(dev, SECURITY_GROUP, "-bastion-sg")).id]);

        const keyPair = single(dev, "aws:ec2/keyPair:KeyPair");
        assert.equal(input(keyPair, "publicKey"), SSH_KEY);
        assert.equal(input(host, "keyName"), mocked(keyPair).state.keyName);
        assert.ok(host.dependencies.includes(keyPair.urn));
    });

    it("hardens sshd and installs automatic security updates at first boot", () => {
        const userData = input<string>(single(dev, INSTANCE), "userData");
        for (const line of ["PermitRootLogin no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "dnf -y install dnf-automatic", "apply_updates = yes", "systemctl enable --now dnf-automatic.timer"]) {
            assert.ok(userData.includes(line), `user data contains "${line}"`);
        }
        assert.equal(input(single(dev, INSTANCE), "userDataReplaceOnChange"), true);
    });

    it("offers Session Manager through an instance profile", () => {
        const host = single(dev, INSTANCE);
        const profile = single(dev, "aws:iam/instanceProfile:InstanceProfile", "-bastion-profile");
        assert.equal(input(host, "iamInstanceProfile"), mocked(profile).state.name);
        const attachment = single(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-bastion-ssm-policy");
        assert.equal(input(attachment, "policyArn"), "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    });

    it("is the only thing with a public address besides the NAT gateways", () => {
        const host = single(dev, INSTANCE);
        assert.deepEqual(ofType(dev, INSTANCE).map((r) => r.name), [host.name], "the bastion is the only EC2 instance the platform creates itself");
        const natAllocations = ofType(dev, "aws:ec2/natGateway:NatGateway").map((nat) => input(nat, "allocationId"));
        const eips = ofType(dev, EIP);
        const attached = eips.filter((eip) => !natAllocations.includes(mocked(eip).id));
        assert.equal(attached.length, 1, "one Elastic IP that no NAT gateway uses");
        assert.equal(input(attached[0], "instance"), mocked(host).id);
        assert.ok(attached[0].dependencies.includes(host.urn));
        // Associated only once the VPC has its internet gateway and the public subnets their route to it.
        for (const [type, suffix] of [["aws:ec2/internetGateway:InternetGateway", "-igw"], ["aws:ec2/routeTable:RouteTable", "-public-rt"], ["aws:ec2/routeTableAssociation:RouteTableAssociation", "-public-rta-0"]]) {
            assert.ok(attached[0].dependencies.includes(single(dev, type, suffix).urn), `the bastion's Elastic IP depends on ${suffix}`);
        }
        assert.equal(dev.outputs.bastionPublicIp, mocked(attached[0]).state.publicIp);
        assert.equal(dev.outputs.bastionSshUser, "ec2-user");
        for (const instance of ofType(dev, "aws:rds/clusterInstance:ClusterInstance")) {
            assert.equal(input(instance, "publiclyAccessible"), false);
        }
        assert.equal(input(single(dev, "eks:index:Cluster"), "nodeAssociatePublicIpAddress"), false);
    });

    it("creates nothing and publishes no outputs when disabled", () => {
        assert.deepEqual(ofType(off, INSTANCE), []);
        assert.deepEqual(ofType(off, EIP).filter((eip) => input(eip, "instance") !== undefined), []);
        assert.deepEqual(off.resources.filter((r) => r.type === "anycloud:index:Bastion"), []);
        assert.equal(off.outputs.bastionPublicIp, undefined);
        assert.equal(off.outputs.bastionSshUser, undefined);
    });

    describe("validation", () => {
        const withBastion = (bastion: Record<string, unknown>) => ({ ...AWS_DEV_CONFIG, bastion: { enabled: true, ...bastion } });
        const expectKeyProblem = (bastion: Record<string, unknown>, value: unknown, allowed: RegExp) => {
            const problems = problemsOf(withBastion(bastion)).filter((p) => p.key === "anycloud:bastion.sshPublicKey");
            assert.equal(problems.length, 1, JSON.stringify(problemsOf(withBastion(bastion))));
            assert.deepEqual(problems[0].value, value);
            assert.match(problems[0].message, allowed);
        };

        it("requires an SSH key when enabled and names the key, the value and what is allowed", () => {
            expectKeyProblem({}, undefined, /required when the bastion is enabled.*ssh-ed25519/);
            expectKeyProblem({ sshPublicKey: "not a key" }, "not a key", /OpenSSH public key line.*ssh-ed25519, ecdsa-sha2-nistp256/);
            expectKeyProblem({ sshPublicKey: "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ" }, "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ", /not a valid ssh-ed25519 key/);
            expectKeyProblem({ sshPublicKey: "ssh-dss AAAAB3NzaC1kc3M= old@host" }, "ssh-dss AAAAB3NzaC1kc3M= old@host", /type one of/);
        });

        it("accepts a well-formed key, and no key when disabled", () => {
            assert.deepEqual(problemsOf(withBastion({ sshPublicKey: SSH_KEY })), []);
            assert.deepEqual(problemsOf({ ...AWS_DEV_CONFIG, bastion: { enabled: false } }), []);
        });

        it("refuses a bastion without an allowlist", () => {
            const problems = problemsOf({ ...withBastion({ sshPublicKey: SSH_KEY }), allowedCidrs: [], cluster: { apiAccess: "private" } });
            assert.deepEqual(problems.map((p) => p.key), ["anycloud:allowedCidrs"]);
            assert.match(problems[0].message, /bastion is enabled/);
        });
    });
});
