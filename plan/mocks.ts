import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { zoneIdPrefix } from "../providers/aws/validation";
import { mockAzureCall, mockAzureResource } from "./mocks-azure";
import { mockGcpCall, mockGcpResource } from "./mocks-gcp";

/**
 * Deterministic, realistic outputs for resources and invokes, so the program runs under
 * the mock runtime as it would against the cloud: ids look like AWS ids, ARNs carry a
 * fixed account, endpoints and kubeconfigs have the right shape. The same inputs always
 * give the same outputs, so two plans of one stack are byte-identical.
 */
export const MOCK_ACCOUNT_ID = "123456789012";

const ID_PREFIXES: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc-",
    "aws:ec2/subnet:Subnet": "subnet-",
    "aws:ec2/securityGroup:SecurityGroup": "sg-",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg-",
    "aws:ec2/internetGateway:InternetGateway": "igw-",
    "aws:ec2/natGateway:NatGateway": "nat-",
    "aws:ec2/eip:Eip": "eipalloc-",
    "aws:ec2/routeTable:RouteTable": "rtb-",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc-",
    "aws:ec2/networkAcl:NetworkAcl": "acl-",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
    "aws:ec2/flowLog:FlowLog": "fl-",
    "aws:ec2/instance:Instance": "i-",
    "aws:ec2/keyPair:KeyPair": "key-",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr-",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr-",
};

export function hashOf(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** A documentation-range address (RFC 5737), so a plan never shows a real host. */
function publicIp(seed: string): string {
    return `203.0.113.${parseInt(hashOf(seed).slice(0, 2), 16) % 254 + 1}`;
}

function kubeconfigFor(name: string, endpoint: string, region: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: endpoint, "certificate-authority-data": Buffer.from(`mock-ca-${name}`).toString("base64") } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", name, "--region", region] } } }],
    });
}

type State = Record<string, unknown>;

/**
 * A PEM block whose body decodes to a readable "anycloud mock" label and a digest: shaped like the real
 * thing for whatever parses the delimiters, recognisably fake to anyone who decodes it. Depends on the
 * label only (never the inputs), so tests can recompute it from a recorded resource.
 */
export function mockPem(type: string, label: string): string {
    const body = Buffer.concat([Buffer.from(`anycloud mock ${type.toLowerCase()}: ${label}\n`), Buffer.from(hashOf(type, label), "hex")]).toString("base64");
    return `-----BEGIN ${type}-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END ${type}-----\n`;
}

/** When every mock certificate starts: fixed, so plans are byte-identical. */
const MOCK_CERTIFICATE_START = Date.UTC(2026, 0, 1);

/** As the tls provider writes times: RFC 3339, whole seconds. */
const rfc3339 = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d+Z$/, "Z");

/** What the tls provider computes for a certificate: its PEM and validity window. */
function mockCertificate(name: string, inputs: State): State {
    const hours = Number(inputs.validityPeriodHours ?? 0);
    return {
        certPem: mockPem("CERTIFICATE", name),
        validityStartTime: rfc3339(MOCK_CERTIFICATE_START),
        validityEndTime: rfc3339(MOCK_CERTIFICATE_START + hours * 3600_000),
        readyForRenewal: false,
    };
}

/** Computed outputs per resource type, on top of the inputs the mock echoes back. */
function computedState(type: string, name: string, id: string, inputs: State, region: string): State {
    const service = type.split(":")[1]?.split("/")[0] ?? "";
    const arn = `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${name}/${id}`;
    switch (type) {
        case "aws:ec2/vpc:Vpc":
            return { arn, defaultSecurityGroupId: `sg-${hashOf(id, "default").slice(0, 17)}`, mainRouteTableId: `rtb-${hashOf(id, "main").slice(0, 17)}` };
        case "aws:ec2/eip:Eip":
            return { publicIp: publicIp(name), allocationId: id };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { arn, latestVersion: 1, defaultVersion: 1 };
        case "aws:kms/key:Key":
            return { arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${id}`, keyId: id };
        case "aws:iam/role:Role":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${inputs.name ?? name}`, name: inputs.name ?? name, uniqueId: id.toUpperCase() };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${inputs.name ?? name}` };
        case "aws:eks/nodeGroup:NodeGroup": {
            const nodeGroupName = `${inputs.nodeGroupNamePrefix ?? ""}${id.slice(0, 8)}`;
            // EKS names the group's Auto Scaling group eks-<node group>-<uuid>.
            return { arn, nodeGroupName, status: "ACTIVE", resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${hashOf(id, "asg").slice(0, 8)}` }], remoteAccessSecurityGroupId: "" }] };
        }
        case "pulumi:index:Stash":
            // A new stash keeps what it was given; the engine keeps that value on later updates.
            return { output: inputs.input };
        case "aws:ec2/instance:Instance":
            return { arn, privateIp: `10.0.${parseInt(id.slice(2, 4), 16) % 250}.10`, publicIp: "", instanceState: "running" };
        case "aws:rds/cluster:Cluster": {
            const host = `${inputs.clusterIdentifier ?? name}.cluster-${hashOf(name).slice(0, 12)}.${region}.rds.amazonaws.com`;
            const identifier = String(inputs.clusterIdentifier ?? name);
            // RDS names its managed master secret rds!cluster-<uuid> and appends a random suffix.
            const masterUserSecrets = inputs.manageMasterUserPassword
                ? [{ secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!cluster-${hashOf(identifier).slice(0, 8)}-${hashOf(identifier, "s").slice(0, 6)}`, kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "", secretStatus: "active" }]
                : [];
            return { arn, endpoint: host, readerEndpoint: host.replace(".cluster-", ".cluster-ro-"), port: inputs.port ?? 5432, clusterResourceId: `cluster-${id.toUpperCase()}`, masterUserSecrets };
        }
        case "aws:rds/clusterInstance:ClusterInstance":
            return { arn, endpoint: `${inputs.identifier ?? name}.${hashOf(name).slice(0, 12)}.${region}.rds.amazonaws.com`, port: 5432 };
        case "random:index/randomId:RandomId": {
            const hex = hashOf("random-id", name, JSON.stringify(inputs.keepers ?? {})).slice(0, 2 * Number(inputs.byteLength ?? 4));
            return { hex, b64Url: Buffer.from(hex, "hex").toString("base64url"), dec: BigInt(`0x${hex}`).toString() };
        }
        case "random:index/randomPassword:RandomPassword":
            return { result: hashOf("password", name).slice(0, Number(inputs.length ?? 32)) };
        // The tls provider works locally, the same for every cloud.
        case "tls:index/privateKey:PrivateKey":
            return {
                privateKeyPem: mockPem(inputs.algorithm === "RSA" ? "RSA PRIVATE KEY" : "EC PRIVATE KEY", name),
                privateKeyPemPkcs8: mockPem("PRIVATE KEY", name),
                publicKeyPem: mockPem("PUBLIC KEY", name),
                publicKeyFingerprintSha256: `SHA256:${Buffer.from(hashOf("public-key", name), "hex").toString("base64").replace(/=+$/, "")}`,
            };
        case "tls:index/certRequest:CertRequest":
            return { certRequestPem: mockPem("CERTIFICATE REQUEST", name) };
        case "tls:index/selfSignedCert:SelfSignedCert":
        case "tls:index/locallySignedCert:LocallySignedCert":
            return mockCertificate(name, inputs);
        case "eks:index:Cluster": {
            const clusterName = String(inputs.name ?? name);
            const endpoint = `https://${hashOf(clusterName).slice(0, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`;
            const oidcIssuer = `oidc.eks.${region}.amazonaws.com/id/${hashOf(clusterName, "oidc").slice(0, 32).toUpperCase()}`;
            return {
                kubeconfigJson: kubeconfigFor(clusterName, endpoint, region),
                kubeconfig: JSON.parse(kubeconfigFor(clusterName, endpoint, region)),
                eksCluster: {
                    name: clusterName,
                    arn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:cluster/${clusterName}`,
                    endpoint,
                    version: inputs.version,
                    vpcConfig: { clusterSecurityGroupId: `sg-${hashOf(clusterName, "cluster-sg").slice(0, 17)}`, vpcId: inputs.vpcId },
                },
                clusterSecurityGroupId: `sg-${hashOf(clusterName, "cluster-sg").slice(0, 17)}`,
                oidcIssuer,
                oidcProviderUrl: `https://${oidcIssuer}`,
                oidcProviderArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${oidcIssuer}`,
            };
        }
        // Autonamed or prefix-named resources: the engine would fill the name in; the mock does it here.
        case "aws:iam/instanceProfile:InstanceProfile":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:instance-profile/${inputs.name ?? name}`, name: inputs.name ?? name, uniqueId: id.toUpperCase() };
        case "aws:ec2/keyPair:KeyPair":
            return { arn, keyName: inputs.keyName ?? `${inputs.keyNamePrefix ?? ""}${id.slice(4, 12)}`, keyPairId: id };
        case "aws:rds/clusterParameterGroup:ClusterParameterGroup":
        case "aws:rds/subnetGroup:SubnetGroup":
            return { arn, name: inputs.name ?? `${inputs.namePrefix ?? ""}${id.slice(0, 8)}` };
        default:
            return service && type.startsWith("aws:") ? { arn } : {};
    }
}

export function mockResource(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    if (args.type.startsWith("azure-native:")) {
        return args.id ? { id: args.id, state: args.inputs } : mockAzureResource(args.type, args.name, args.inputs, region);
    }
    if (args.type.startsWith("gcp:")) {
        return args.id ? { id: args.id, state: args.inputs } : mockGcpResource(args.type, args.name, args.inputs, region);
    }
    const digest = hashOf(args.type, args.name);
    const id = args.id || `${ID_PREFIXES[args.type] ?? ""}${digest.slice(0, 17)}`;
    return { id, state: { ...args.inputs, ...computedState(args.type, args.name, id, args.inputs, region) } };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
    if (args.token.startsWith("azure-native:")) {
        return mockAzureCall(args.token, args.inputs) ?? {};
    }
    if (args.token.startsWith("gcp:")) {
        return mockGcpCall(args.token, args.inputs) ?? {};
    }
    switch (args.token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            // Names map to zone IDs differently in every account; this mock's account maps them
            // out of order (a -> az2, b -> az3, ..., f -> az1), as real accounts do.
            const letters = ["a", "b", "c", "d", "e", "f"];
            const prefix = zoneIdPrefix(region) ?? region;
            return { names: letters.map((l) => `${region}${l}`), zoneIds: letters.map((_, i) => `${prefix}-az${((i + 1) % letters.length) + 1}`), id: region };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/plan`, userId: "AIDAPLAN", id: MOCK_ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:eks/getClusters:getClusters":
            // A plan is a first deploy: no cluster exists yet.
            return { names: [], id: region };
        case "aws:iam/getSessionContext:getSessionContext":
            return { arn: args.inputs.arn, issuerArn: args.inputs.arn, issuerId: "AIDAPLAN", issuerName: "plan", sessionName: "", id: args.inputs.arn };
        case "aws:eks/getAddonVersion:getAddonVersion":
            // Shaped like EKS's answer: the add-on's default build for that Kubernetes version.
            return { addonName: args.inputs.addonName, kubernetesVersion: args.inputs.kubernetesVersion, version: `v1.${String(args.inputs.kubernetesVersion).split(".")[1]}.0-eksbuild.1`, id: args.inputs.addonName };
        case "aws:ssm/getParameter:getParameter":
            return { name: args.inputs.name, value: `ami-${hashOf(String(args.inputs.name)).slice(0, 17)}`, type: "String", id: args.inputs.name };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { json: JSON.stringify({ Version: "2012-10-17", Statement: args.inputs.statements ?? [] }), id: "policy" };
        default:
            return {};
    }
}
