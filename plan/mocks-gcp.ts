import { hashOf } from "./mocks";

/**
 * Deterministic, realistic outputs for @pulumi/gcp resources and invokes: resource ids and self
 * links in the mock project, service-account emails, private addresses from the ranges the
 * program reserved, cluster endpoints and CA data shaped like GKE's.
 */
export const MOCK_GCP_PROJECT_NUMBER = "123456789012";
export const MOCK_GCP_DEPLOYER = "deployer@anycloud-plan.iam.gserviceaccount.com";

type State = Record<string, unknown>;

const address = (seed: string, prefix = "203.0.113") => `${prefix}.${parseInt(hashOf(seed).slice(0, 2), 16) % 254 + 1}`;

export function mockGcpResource(type: string, name: string, inputs: State, region: string): { id: string; state: State } {
    const project = String(inputs.project ?? "anycloud-plan");
    const armName = String(inputs.name ?? inputs.accountId ?? name);
    const location = String(inputs.location ?? inputs.region ?? region);
    const digest = hashOf(type, name);
    const base = `https://www.googleapis.com/compute/v1/projects/${project}`;
    let id = `projects/${project}/${type.split(":")[2].toLowerCase()}s/${armName}`;
    const computed: State = { name: armName, project };
    switch (type) {
        case "gcp:compute/network:Network":
            id = `projects/${project}/global/networks/${armName}`;
            computed.selfLink = `${base}/global/networks/${armName}`;
            break;
        case "gcp:compute/subnetwork:Subnetwork":
            id = `projects/${project}/regions/${location}/subnetworks/${armName}`;
            computed.selfLink = `${base}/regions/${location}/subnetworks/${armName}`;
            computed.gatewayAddress = String(inputs.ipCidrRange ?? "10.0.0.0/24").replace(/\.0\/\d+$/, ".1");
            break;
        case "gcp:compute/address:Address":
            id = `projects/${project}/regions/${location}/addresses/${armName}`;
            computed.address = inputs.address ?? address(armName);
            computed.selfLink = `${base}/regions/${location}/addresses/${armName}`;
            break;
        case "gcp:compute/globalAddress:GlobalAddress":
            id = `projects/${project}/global/addresses/${armName}`;
            computed.address = inputs.address ?? "10.250.0.0";
            computed.selfLink = `${base}/global/addresses/${armName}`;
            break;
        case "gcp:serviceaccount/account:Account": {
            const email = `${String(inputs.accountId)}@${project}.iam.gserviceaccount.com`;
            id = `projects/${project}/serviceAccounts/${email}`;
            Object.assign(computed, { email, member: `serviceAccount:${email}`, uniqueId: String(BigInt(`0x${digest.slice(0, 15)}`)), name: id });
            break;
        }
        case "gcp:container/cluster:Cluster":
            id = `projects/${project}/locations/${location}/clusters/${armName}`;
            Object.assign(computed, {
                endpoint: address(armName, "203.0.113"),
                masterAuth: { clusterCaCertificate: Buffer.from(`mock-ca-${armName}`).toString("base64") },
                selfLink: `https://container.googleapis.com/v1/${id}`,
                privateClusterConfig: { ...(inputs.privateClusterConfig as State), privateEndpoint: address(armName, "10.255.0") },
                masterVersion: `${String(inputs.minMasterVersion ?? "1.35")}.1-gke.100`,
            });
            break;
        case "gcp:container/nodePool:NodePool":
            id = `projects/${project}/locations/${location}/clusters/${String(inputs.cluster)}/nodePools/${armName}`;
            computed.instanceGroupUrls = [`${base}/zones/${location}-a/instanceGroupManagers/gke-${armName}-${digest.slice(0, 8)}-grp`];
            break;
        case "gcp:sql/databaseInstance:DatabaseInstance": {
            const instanceName = String(inputs.name ?? `${armName}-${digest.slice(0, 7)}`);
            id = instanceName;
            Object.assign(computed, {
                name: instanceName,
                connectionName: `${project}:${location}:${instanceName}`,
                privateIpAddress: address(instanceName, "10.250.0"),
                selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${project}/instances/${instanceName}`,
                dnsName: `${digest.slice(0, 12)}.${location}.sql.goog.`,
            });
            break;
        }
        case "gcp:secretmanager/secret:Secret":
            id = `projects/${project}/secrets/${String(inputs.secretId)}`;
            computed.name = `projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/${String(inputs.secretId)}`;
            break;
        case "gcp:secretmanager/secretVersion:SecretVersion":
            id = `${String(inputs.secret)}/versions/1`;
            computed.name = id;
            computed.version = "1";
            break;
        case "gcp:kms/keyRing:KeyRing":
            id = `projects/${project}/locations/${location}/keyRings/${armName}`;
            break;
        case "gcp:kms/cryptoKey:CryptoKey":
            id = `${String(inputs.keyRing)}/cryptoKeys/${armName}`;
            break;
        case "gcp:compute/instance:Instance":
            id = `projects/${project}/zones/${String(inputs.zone)}/instances/${armName}`;
            computed.instanceId = String(BigInt(`0x${digest.slice(0, 15)}`));
            computed.selfLink = `${base}/zones/${String(inputs.zone)}/instances/${armName}`;
            break;
        case "gcp:compute/router:Router":
        case "gcp:compute/firewall:Firewall":
            computed.selfLink = `${base}/${type.endsWith("Router") ? `regions/${location}/routers` : "global/firewalls"}/${armName}`;
            break;
    }
    return { id, state: { ...inputs, ...computed, id } };
}

export function mockGcpCall(token: string, inputs: State): State | undefined {
    switch (token) {
        case "gcp:organizations/getClientOpenIdUserInfo:getClientOpenIdUserInfo":
            return { email: MOCK_GCP_DEPLOYER, id: MOCK_GCP_DEPLOYER };
        case "gcp:organizations/getClientConfig:getClientConfig":
            return { project: "anycloud-plan", region: "", zone: "", accessToken: "mock-access-token", id: "config" };
        case "gcp:organizations/getProject:getProject":
            return { projectId: inputs.projectId ?? "anycloud-plan", number: MOCK_GCP_PROJECT_NUMBER, name: inputs.projectId ?? "anycloud-plan", id: `projects/${String(inputs.projectId ?? "anycloud-plan")}` };
        default:
            return undefined;
    }
}
