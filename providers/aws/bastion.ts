import { SSHD_DROP_IN, sshdHardeningConfig } from "../../components/sshd-hardening";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import { getParameterOutput } from "@pulumi/aws/ssm";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import { BastionArgs, BastionOutputs } from "../../components/bastion";
import { componentTags } from "../../components/context";
import { POSTGRES_PORT } from "./database";
import { BASTION_INSTANCE_TYPES } from "./sizes";
import { serviceAssumeRolePolicy } from "./assume-role";

export const SSH_USER = "ec2-user";
export const AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/**
 * First-boot script. sshd: the drop-in is named 00-* because sshd keeps the first value
 * it reads and cloud-init writes 50-cloud-init.conf; only local forwarding, which the
 * database tunnel needs. Updates: AL2023 pins its repositories to the release the AMI
 * came from, so without releasever=latest dnf-automatic would never see a fix. The Elastic
 * IP is attached only after the instance runs, hence the wait for the repositories.
 */
export const USER_DATA = `#!/bin/bash
set -euo pipefail

cat > ${SSHD_DROP_IN} <<'CONF'
${sshdHardeningConfig(SSH_USER)}
CONF
sshd -t
systemctl reload sshd

echo latest > /etc/dnf/vars/releasever
for attempt in $(seq 1 60); do dnf -y makecache && break; echo "repositories unreachable (attempt $attempt), retrying"; sleep 10; done
dnf -y install dnf-automatic
cat > /etc/dnf/automatic.conf <<'CONF'
[commands]
upgrade_type = security
download_updates = yes
apply_updates = yes
reboot = when-needed

[emitters]
emit_via = stdio

[base]
debuglevel = 1
CONF
systemctl enable --now dnf-automatic.timer
`;

/**
 * Amazon Linux 2023 in the first public subnet behind an Elastic IP: SSH only from the
 * office allowlist, key-only login, IMDSv2, root volume encrypted with a customer-managed
 * key, Session Manager as an SSH-less alternative, automatic security updates. Also the
 * in-network door to a private Kubernetes API (docs/bastion.md).
 */
export function createBastion(name: string, args: BastionArgs, opts: pulumi.ComponentResourceOptions): BastionOutputs {
    const { context, settings, network } = args;
    const tags = componentTags(context, "bastion");
    const prefix = context.namePrefix;
    const securityGroup = createSecurityGroup(name, args, tags, opts);

    const role = new iam.Role(`${name}-role`, {
        assumeRolePolicy: serviceAssumeRolePolicy("ec2.amazonaws.com"),
        tags,
    }, opts);
    new iam.RolePolicyAttachment(`${name}-ssm-policy`, { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" }, opts);
    const profile = new iam.InstanceProfile(`${name}-profile`, { role: role.name, tags }, opts);

    // A prefix, not a fixed name: a new key must exist before the old one goes, and the instance follows it.
    const keyPair = new ec2.KeyPair(`${name}-key`, { keyNamePrefix: `${prefix}-bastion-`, publicKey: settings.sshPublicKey.trim(), tags }, opts);

    // The deployer launches the instance itself (no Auto Scaling), so the account's IAM
    // administration of the key (the default key policy) is all EC2 needs to attach the volume.
    const volumeKey = new kms.Key(`${name}-volume-key`, {
        description: `Encryption of the ${prefix} bastion's root volume`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
    }, opts);
    new kms.Alias(`${name}-volume-key-alias`, { name: `alias/${prefix}-bastion-volume`, targetKeyId: volumeKey.keyId }, opts);

    const ami = getParameterOutput({ name: AMI_PARAMETER }, { parent: opts.parent }).value;
    const instance = new ec2.Instance(`${name}-host`, {
        ami,
        instanceType: BASTION_INSTANCE_TYPES[settings.size],
        subnetId: network.publicSubnetIds.apply((ids) => ids[0]),
        vpcSecurityGroupIds: [securityGroup.id],
        keyName: keyPair.keyName,
        iamInstanceProfile: profile.name,
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        // Changing the key replaces the host (it holds no state; the Elastic IP stays).
        rootBlockDevice: { volumeType: "gp3", volumeSize: 16, encrypted: true, kmsKeyId: volumeKey.arn, deleteOnTermination: true, tags },
        userData: USER_DATA,
        // cloud-init runs user data once per instance; a changed script only takes effect on a fresh one.
        userDataReplaceOnChange: true,
        tags: { ...tags, Name: `${prefix}-bastion` },
    }, {
        ...opts,
        // A new AL2023 AMI appears every few weeks; following it would rebuild the bastion on unrelated updates.
        // dnf-automatic patches in place; docs/bastion.md shows how to move to a fresh AMI on purpose.
        ignoreChanges: ["ami"],
    });

    // The address stays when the instance is rebuilt (new key, new AMI), so office firewall rules and known_hosts entries keep working.
    // An Elastic IP is associated only once the VPC has an internet gateway (the provider's docs say to
    // depend on it explicitly), and the address is useful only once the public routes exist.
    const address = new ec2.Eip(`${name}-eip`, {
        domain: "vpc",
        instance: instance.id,
        tags: { ...tags, Name: `${prefix}-bastion` },
    }, { ...opts, dependsOn: network.publicRouting });

    return {
        publicIp: address.publicIp,
        sshUser: pulumi.output(SSH_USER),
        securityPrincipal: securityGroup.id,
    };
}

/**
 * Ingress: SSH from each allowlisted CIDR, one rule each, nothing else. Egress:
 * PostgreSQL into the VPC (the tunnel) and HTTPS anywhere: Session Manager, package
 * repositories, and the private endpoint of the Kubernetes API (its addresses are in the
 * private subnets), which a deployer reaches through an SSH or Session Manager port
 * forward. DNS and NTP to the Amazon-provided resolvers are not filtered by security groups.
 */
function createSecurityGroup(name: string, args: BastionArgs, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): ec2.SecurityGroup {
    const { context, network } = args;
    const group = new ec2.SecurityGroup(`${name}-sg`, {
        name: `${context.namePrefix}-bastion`,
        description: "Bastion: SSH only from the office allowlist",
        vpcId: network.networkId,
        tags: { ...tags, Name: `${context.namePrefix}-bastion` },
    }, opts);
    context.allowedCidrs.forEach((cidr) =>
        // Named by range, not position: removing one entry must not rewrite the others into duplicates.
        new vpc.SecurityGroupIngressRule(`${name}-ssh-${cidr}`, {
            securityGroupId: group.id,
            cidrIpv4: cidr,
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            description: `SSH from the office allowlist (${cidr})`,
            tags,
        }, opts));
    new vpc.SecurityGroupEgressRule(`${name}-egress-postgres`, {
        securityGroupId: group.id,
        cidrIpv4: network.cidr,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: "PostgreSQL into the VPC, for tunnels to the database",
        tags,
    }, opts);
    new vpc.SecurityGroupEgressRule(`${name}-egress-https`, {
        securityGroupId: group.id,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS for Session Manager, package updates and the private Kubernetes API",
        tags,
    }, opts);
    return group;
}
