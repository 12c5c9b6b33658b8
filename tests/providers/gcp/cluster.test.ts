import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ConfigError } from "../../../components/errors";
import { PLATFORM_NAME } from "../../../components/stack";
import { NodePoolSettings } from "../../../components/types";
import { MOCK_GCP_DEPLOYER, MOCK_GCP_PROJECT_NUMBER } from "../../../plan/mocks-gcp";
import { Recording, RecordOptions, ResourceRecord } from "../../../plan/recorder";
import { CLUSTER_IGNORED_FIELDS, DEFAULT_POOL_MACHINE_TYPE, maintenanceWindow, RELEASE_CHANNEL } from "../../../providers/gcp/cluster";
import { HEALTH_CHECK_RANGES } from "../../../providers/gcp/cluster-access";
import { GKE_NAME_MAX } from "../../../providers/gcp/cluster-creation-settings";
import { fitName } from "../../../providers/gcp/network-names";
import { KEY_ROTATION_PERIOD } from "../../../providers/gcp/cluster-encryption";
import { DEPLOYER_ROLE, NODE_ROLES } from "../../../providers/gcp/cluster-identity";
import { AUTH_PLUGIN } from "../../../providers/gcp/cluster-kubeconfig";
import { initialNodesPerZone, POOL_IGNORED_FIELDS, POOL_LABEL } from "../../../providers/gcp/cluster-pools";
import { FIREWALL_PRIORITY, subnetRanges } from "../../../providers/gcp/network";
import { REPLACEMENT_INPUTS } from "../../../providers/gcp/replacement-inputs";
import { NODE_MACHINE_TYPES } from "../../../providers/gcp/sizes";
import { SSH_KEY } from "../../helpers/config";
import { GCP_DEV_CONFIG, input, mocked, ofType, recordStackWithCluster, single } from "../../helpers/record";

const GKE = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const ACCOUNT_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
const KEY = "gcp:kms/cryptoKey:CryptoKey";
const KEY_RING = "gcp:kms/keyRing:KeyRing";
const KEY_MEMBER = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember";
const SUBNET = "gcp:compute/subnetwork:Subnetwork";
const FIREWALL = "gcp:compute/firewall:Firewall";
const USER_INFO = "gcp:organizations/getClientOpenIdUserInfo:getClientOpenIdUserInfo";
const POOLS = [
    { name: "system", min: 1, max: 3 },
    { name: "batchjobs01", size: "xlarge", min: 0, max: 10, labels: { workload: "batch" }, taints: [{ key: "batch", value: "true", effect: "NoSchedule" }] },
    { name: "arm", instanceType: "t2a-standard-4", min: 1, max: 2, taints: [{ key: "arch", value: "arm64", effect: "NoExecute" }] },
];
const PROD = { ...GCP_DEV_CONFIG, environment: "prod", gcp: { project: "acme-transit-prod" } };

interface Run {
    recording: Recording;
    kubeconfigText: string;
}

/** The stack program, plus the cluster outputs the stack does not export. */
async function record(settings: Record<string, unknown>, stack = "test", extra: Pick<RecordOptions, "invokeAnswers" | "priorState"> = {}): Promise<Run> {
    const recording = await recordStackWithCluster(settings, stack, extra);
    return { recording, kubeconfigText: String(recording.outputs.kubeconfigText) };
}

const ofCluster = (recording: Recording) => recording.resources.filter((r) => r.custom && r.type.startsWith("gcp:") && r.name.startsWith(`${PLATFORM_NAME}-cluster-`));
const poolNamed = (recording: Recording, pool: string) => single(recording, POOL, `-pool-${pool}`);
const nodeAccountEmail = (recording: Recording) => String(mocked(single(recording, ACCOUNT, "-cluster-nodes")).state.email);
const subnetNamed = (recording: Recording, kind: string) => single(recording, SUBNET, `-${kind}`);
const cidrBlocks = (cluster: ResourceRecord) => input<{ cidrBlock: string; displayName: string }[]>(cluster, "masterAuthorizedNetworksConfig.cidrBlocks").map((b) => b.cidrBlock);

describe("GCP cluster", () => {
    let dev: Run;
    let privateApi: Run;
    let prod: Run;

    before(async () => {
        dev = await record({ ...GCP_DEV_CONFIG, allowedCidrs: ["198.51.100.0/24", "192.0.2.8/29"], cluster: { nodePools: POOLS } });
        privateApi = await record({ ...GCP_DEV_CONFIG, cluster: { apiAccess: "private" }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        prod = await record(PROD, "prod");
    });

    it("keeps the nodes private and admits to a public API only the allowlist and the platform's own ranges, on both endpoints", () => {
        const cluster = single(dev.recording, GKE);
        assert.deepEqual(input(cluster, "privateClusterConfig"), { enablePrivateNodes: true, enablePrivateEndpoint: false });
        const ranges = subnetRanges("10.0.0.0/16");
        assert.deepEqual(input(cluster, "masterAuthorizedNetworksConfig"), {
            cidrBlocks: [
                { cidrBlock: "198.51.100.0/24", displayName: "allowlist 198.51.100.0/24" },
                { cidrBlock: "192.0.2.8/29", displayName: "allowlist 192.0.2.8/29" },
                { cidrBlock: ranges.node, displayName: "nodes" },
                { cidrBlock: ranges.pods, displayName: "pods" },
            ],
            gcpPublicCidrsAccessEnabled: false,
            privateEndpointEnforcementEnabled: true,
        });
        assert.deepEqual([input(subnetNamed(dev.recording, "nodes"), "ipCidrRange"), ranges.node], [ranges.node, "10.0.0.0/20"]);
        // The DNS endpoint would admit any caller with IAM rights from anywhere, past the allowlist.
        assert.deepEqual(input(cluster, "controlPlaneEndpointsConfig"), { dnsEndpointConfig: { allowExternalTraffic: false } });
        assert.equal(dev.recording.outputs.clusterEndpoint, `https://${String(mocked(cluster).state.endpoint)}`);
    });

    it("uses a Private Service Connect control plane: no control-plane range to keep free, endpoint access changeable in place", () => {
        const cluster = single(dev.recording, GKE);
        assert.equal(input(cluster, "privateClusterConfig.masterIpv4CidrBlock"), undefined);
        assert.ok(REPLACEMENT_INPUTS[GKE].nestedInputs!.includes("privateClusterConfig.masterIpv4CidrBlock"));
        assert.ok(!REPLACEMENT_INPUTS[GKE].nestedInputs!.includes("privateClusterConfig.enablePrivateEndpoint"));
    });

    it("turns the public endpoint off for apiAccess: private and admits only the nodes, the pods and the bastion's subnet", () => {
        const cluster = single(privateApi.recording, GKE);
        assert.deepEqual(input(cluster, "privateClusterConfig"), { enablePrivateNodes: true, enablePrivateEndpoint: true });
        const ranges = subnetRanges("10.0.0.0/16");
        assert.deepEqual(cidrBlocks(cluster), [ranges.node, ranges.pods, ranges.bastion]);
        assert.equal(input(subnetNamed(privateApi.recording, "bastion"), "ipCidrRange"), ranges.bastion);
        assert.equal(input(cluster, "masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled"), true);
        const privateEndpoint = (mocked(cluster).state.privateClusterConfig as { privateEndpoint: string }).privateEndpoint;
        assert.equal(privateApi.recording.outputs.clusterEndpoint, `https://${privateEndpoint}`);
        assert.equal((parse(privateApi.kubeconfigText) as { clusters: { cluster: { server: string } }[] }).clusters[0].cluster.server, `https://${privateEndpoint}`);
        // Without a bastion nothing else inside the network is admitted.
        assert.ok(!cidrBlocks(single(dev.recording, GKE)).includes(ranges.bastion));
    });

    it("runs Dataplane V2 on a VPC-native cluster in the node subnet, pods and Services from its named secondary ranges", () => {
        const cluster = single(dev.recording, GKE);
        const nodeSubnet = subnetNamed(dev.recording, "nodes");
        assert.equal(input(cluster, "datapathProvider"), "ADVANCED_DATAPATH");
        assert.equal(input(cluster, "networkPolicy"), undefined, "Dataplane V2 enforces NetworkPolicy itself; the Calico add-on conflicts with it");
        assert.equal(input(cluster, "networkingMode"), "VPC_NATIVE");
        assert.equal(input(cluster, "network"), mocked(single(dev.recording, "gcp:compute/network:Network")).id);
        assert.equal(input(cluster, "subnetwork"), mocked(nodeSubnet).id);
        const secondary = input<{ rangeName: string; ipCidrRange: string }[]>(nodeSubnet, "secondaryIpRanges");
        assert.deepEqual(input(cluster, "ipAllocationPolicy"), {
            clusterSecondaryRangeName: secondary.find((r) => r.ipCidrRange === subnetRanges("10.0.0.0/16").pods)!.rangeName,
            servicesSecondaryRangeName: secondary.find((r) => r.ipCidrRange === "172.20.0.0/16")!.rangeName,
            stackType: "IPV4",
        });
        // Nodes start once Cloud NAT is their way out.
        const nat = single(dev.recording, "gcp:compute/routerNat:RouterNat");
        assert.ok(cluster.dependencies.includes(nat.urn));
        assert.ok(poolNamed(dev.recording, "system").dependencies.includes(nat.urn));
    });

    it("enables Workload Identity, serves pods the GKE metadata server only, and reports the issuer", () => {
        const cluster = single(dev.recording, GKE);
        assert.deepEqual(input(cluster, "workloadIdentityConfig"), { workloadPool: "acme-transit-dev.svc.id.goog" });
        for (const pool of [...ofType(dev.recording, POOL).map((p) => input(p, "nodeConfig")), input(cluster, "nodeConfig")]) {
            assert.deepEqual((pool as { workloadMetadataConfig: unknown }).workloadMetadataConfig, { mode: "GKE_METADATA" });
        }
        assert.equal(dev.recording.outputs.oidcIssuer, "https://container.googleapis.com/v1/projects/acme-transit-dev/locations/europe-west3-a/clusters/gke-acme-transit-dev");
        assert.equal(prod.recording.outputs.oidcIssuer, "https://container.googleapis.com/v1/projects/acme-transit-prod/locations/europe-west3/clusters/gke-acme-transit-prod");
    });

    it("shields the nodes, and turns legacy ABAC, client certificates and anonymous API access off", () => {
        const cluster = single(dev.recording, GKE);
        assert.equal(input(cluster, "enableShieldedNodes"), true);
        assert.equal(input(cluster, "enableLegacyAbac"), false);
        assert.deepEqual(input(cluster, "masterAuth"), { clientCertificateConfig: { issueClientCertificate: false } });
        assert.deepEqual(input(cluster, "anonymousAuthenticationConfig"), { mode: "LIMITED" });
        assert.equal(input(cluster, "nodePoolDefaults.nodeConfigDefaults.insecureKubeletReadonlyPortEnabled"), "FALSE");
        for (const nodeConfig of [input(cluster, "nodeConfig"), ...ofType(dev.recording, POOL).map((p) => input(p, "nodeConfig"))] as Record<string, unknown>[]) {
            assert.deepEqual(nodeConfig.shieldedInstanceConfig, { enableSecureBoot: true, enableIntegrityMonitoring: true });
            assert.equal(nodeConfig.imageType, "COS_CONTAINERD");
            assert.deepEqual(nodeConfig.metadata, { "disable-legacy-endpoints": "true" });
        }
    });

    it("encrypts Secrets with a rotated Cloud KMS key the GKE service agent may use before the cluster exists", () => {
        const cluster = single(dev.recording, GKE);
        const key = single(dev.recording, KEY);
        const ring = single(dev.recording, KEY_RING);
        assert.deepEqual(input(cluster, "databaseEncryption"), { state: "ENCRYPTED", keyName: mocked(key).id });
        assert.deepEqual([input(key, "rotationPeriod"), KEY_ROTATION_PERIOD, input(key, "purpose")], ["7776000s", "7776000s", "ENCRYPT_DECRYPT"]);
        assert.equal(input(key, "keyRing"), mocked(ring).id);
        assert.equal(input(ring, "location"), "europe-west3", "the key lives in the cluster's region");
        // Key rings cannot be deleted: a random suffix kept in the state lets a destroyed stack be deployed again.
        assert.match(input<string>(ring, "name"), /^gke-acme-transit-dev-[0-9a-f]{4}$/);
        const grant = single(dev.recording, KEY_MEMBER);
        assert.deepEqual([input(grant, "cryptoKeyId"), input(grant, "role"), input(grant, "member")],
            [mocked(key).id, "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:service-${MOCK_GCP_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`]);
        assert.ok(cluster.dependencies.includes(grant.urn), "GKE checks its access to the key at creation");
        assert.deepEqual([single(prod.recording, KEY).options.protect, single(prod.recording, KEY_RING).options.protect, key.options.protect], [true, true, false]);
    });

    it("removes the default node pool, which runs as the node account, and ignores what it leaves behind", () => {
        const cluster = single(dev.recording, GKE);
        assert.deepEqual([input(cluster, "removeDefaultNodePool"), input(cluster, "initialNodeCount")], [true, 1]);
        assert.deepEqual([input(cluster, "nodeConfig.serviceAccount"), input(cluster, "nodeConfig.machineType")], [nodeAccountEmail(dev.recording), DEFAULT_POOL_MACHINE_TYPE]);
        assert.deepEqual(input(cluster, "nodeConfig.oauthScopes"), ["https://www.googleapis.com/auth/cloud-platform"]);
        for (const field of ["nodeConfig", "nodePools", "initialNodeCount"]) {
            assert.ok(cluster.options.ignoreChanges.includes(field), field);
        }
        assert.deepEqual(cluster.options.ignoreChanges, CLUSTER_IGNORED_FIELDS);
        assert.equal(input(cluster, "nodePools"), undefined, "inline pools cannot change without replacing the cluster");
    });

    it("runs each configured pool as its own NodePool, autoscaled in total, auto-repaired and auto-upgraded, with no pinned version", () => {
        const cluster = single(dev.recording, GKE);
        const expectations: Record<string, string> = { system: NODE_MACHINE_TYPES.medium, batchjobs01: NODE_MACHINE_TYPES.xlarge, arm: "t2a-standard-4" };
        for (const pool of POOLS) {
            const nodePool = poolNamed(dev.recording, pool.name);
            assert.deepEqual([input(nodePool, "cluster"), input(nodePool, "location")], [input(cluster, "name"), "europe-west3-a"]);
            assert.deepEqual(input(nodePool, "autoscaling"), { totalMinNodeCount: pool.min, totalMaxNodeCount: pool.max, locationPolicy: "BALANCED" });
            assert.deepEqual(input(nodePool, "management"), { autoRepair: true, autoUpgrade: true });
            assert.equal(input(nodePool, "version"), undefined, "a pinned version fights auto-upgrade");
            assert.equal(input(nodePool, "nodeCount"), undefined, "the autoscaler owns the count");
            assert.deepEqual(nodePool.options.ignoreChanges, POOL_IGNORED_FIELDS);
            assert.deepEqual([...POOL_IGNORED_FIELDS].sort(), ["initialNodeCount", "nodeCount"]);
            assert.equal(input(nodePool, "nodeConfig.machineType"), expectations[pool.name]);
            assert.equal(input(nodePool, "nodeConfig.diskType"), "pd-balanced");
            assert.deepEqual(input(nodePool, "upgradeSettings"), { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
            assert.equal(input<Record<string, string>>(nodePool, "nodeConfig.labels")[POOL_LABEL], pool.name);
            assert.match(input<string>(nodePool, "name"), new RegExp(`^${pool.name}-[0-9a-f]{8}$`));
            assert.ok(input<string>(nodePool, "name").length <= GKE_NAME_MAX);
        }
        const batch = poolNamed(dev.recording, "batchjobs01");
        assert.deepEqual(input(batch, "nodeConfig.labels"), { workload: "batch", [POOL_LABEL]: "batchjobs01" });
        assert.deepEqual(input(batch, "nodeConfig.taints"), [{ key: "batch", value: "true", effect: "NO_SCHEDULE" }]);
        assert.deepEqual(input(poolNamed(dev.recording, "arm"), "nodeConfig.taints"), [{ key: "arch", value: "arm64", effect: "NO_EXECUTE" }]);
        assert.deepEqual(input(poolNamed(dev.recording, "system"), "nodeConfig.taints"), []);
    });

    it("starts each pool with enough nodes per zone to reach min, and refuses a range no even spread fits", () => {
        assert.deepEqual(POOLS.map((pool) => input(poolNamed(dev.recording, pool.name), "initialNodeCount")), [1, 0, 1], "zonal: one zone");
        const prodPool = poolNamed(prod.recording, "system");
        assert.deepEqual([input(prodPool, "autoscaling.totalMinNodeCount"), input(prodPool, "initialNodeCount")], [3, 1], "3 nodes over 3 zones");
        const pool = (min: number, max: number) => ({ name: "web", size: "medium", min, max }) as NodePoolSettings;
        assert.deepEqual([initialNodesPerZone(pool(0, 5), 0, 3), initialNodesPerZone(pool(4, 6), 0, 3), initialNodesPerZone(pool(2, 2), 0, 1)], [0, 2, 2]);
        assert.throws(() => initialNodesPerZone(pool(1, 2), 2, 3), (error: unknown) => error instanceof ConfigError
            && /anycloud:cluster\.nodePools\[2\]\.max = 2: is below 3: GKE starts a pool with the same number of nodes in each of the cluster's 3 zones/.test(error.message));
    });

    it("renames a pool when its machine type changes, so the new pool exists before the old one is deleted", async () => {
        const nameWith = async (pool: Record<string, unknown>, stack: string) => {
            const run = await record({ ...GCP_DEV_CONFIG, cluster: { nodePools: [pool] } }, stack);
            const nodePool = poolNamed(run.recording, "web");
            assert.equal(nodePool.options.deleteBeforeReplace, false, "Pulumi's default: create the replacement first");
            return input<string>(nodePool, "name");
        };
        const medium = await nameWith({ name: "web", size: "medium", min: 1, max: 3 }, "medium");
        assert.equal(await nameWith({ name: "web", size: "medium", min: 2, max: 5 }, "rescaled"), medium, "a new range is an in-place update");
        assert.notEqual(await nameWith({ name: "web", size: "large", min: 1, max: 3 }, "large"), medium);
        assert.notEqual(await nameWith({ name: "web", instanceType: "n2d-standard-2", min: 1, max: 3 }, "custom"), medium);
        assert.ok(REPLACEMENT_INPUTS[POOL].inputs.includes("name"));
    });

    it("runs the nodes as a dedicated service account holding GKE's least-privilege node role, never the Compute Engine default account", () => {
        const account = single(dev.recording, ACCOUNT, "-cluster-nodes");
        const email = nodeAccountEmail(dev.recording);
        assert.match(input<string>(account, "accountId"), /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
        assert.doesNotMatch(email, /-compute@developer\.gserviceaccount\.com$|^default$/);
        for (const nodePool of ofType(dev.recording, POOL)) {
            assert.equal(input(nodePool, "nodeConfig.serviceAccount"), email);
            assert.deepEqual(input(nodePool, "nodeConfig.oauthScopes"), ["https://www.googleapis.com/auth/cloud-platform"]);
        }
        const roles = ofType(dev.recording, PROJECT_MEMBER).filter((m) => input(m, "member") === `serviceAccount:${email}`);
        assert.deepEqual(roles.map((m) => input(m, "role")).sort(), [...NODE_ROLES].sort());
        assert.deepEqual([...NODE_ROLES].sort(), ["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
        assert.deepEqual(ofType(dev.recording, ACCOUNT_MEMBER).filter((m) => input(m, "member") === `serviceAccount:${email}`), [], "nobody acts as the nodes but the deployer");
        assert.equal(dev.recording.outputs.nodeSecurityPrincipal, email, "the database's firewall rules target this account");
        for (const nodePool of ofType(dev.recording, POOL)) {
            assert.ok(roles.every((role) => nodePool.dependencies.includes(role.urn)), "nodes start with their logging and image-pull rights");
        }
    });

    it("makes the deployer's access explicit: Kubernetes Engine Admin on the project and Service Account User on the node account, kept on delete", async () => {
        const admin = single(dev.recording, PROJECT_MEMBER, "-deployer-admin");
        const actAs = single(dev.recording, ACCOUNT_MEMBER, "-deployer-acts-as-nodes");
        assert.deepEqual([input(admin, "project"), input(admin, "role"), input(admin, "member")], ["acme-transit-dev", DEPLOYER_ROLE, `serviceAccount:${MOCK_GCP_DEPLOYER}`]);
        assert.equal(DEPLOYER_ROLE, "roles/container.admin", "Cluster Admin holds no permission on Kubernetes objects");
        assert.deepEqual([input(actAs, "serviceAccountId"), input(actAs, "role"), input(actAs, "member")],
            [mocked(single(dev.recording, ACCOUNT, "-cluster-nodes")).state.name, "roles/iam.serviceAccountUser", `serviceAccount:${MOCK_GCP_DEPLOYER}`]);
        assert.deepEqual([admin.options.retainOnDelete, actAs.options.retainOnDelete], [true, true], "a destroy must not revoke a role the deployer held before");
        const provider = single(dev.recording, "pulumi:providers:kubernetes");
        assert.ok([admin, actAs].every((grant) => provider.dependencies.includes(grant.urn)));
        assert.ok(single(dev.recording, GKE).dependencies.includes(actAs.urn), "GKE checks actAs on the node account at creation");
        const person = await record({ ...GCP_DEV_CONFIG }, "person", { invokeAnswers: { [USER_INFO]: () => ({ email: "ops@acme.example", id: "ops@acme.example" }) } });
        assert.equal(input(single(person.recording, PROJECT_MEMBER, "-deployer-admin"), "member"), "user:ops@acme.example");
    });

    it("protects the cluster in prod only, with both GKE's deletion protection and Pulumi's", () => {
        const [devCluster, prodCluster] = [single(dev.recording, GKE), single(prod.recording, GKE)];
        assert.deepEqual([input(devCluster, "deletionProtection"), devCluster.options.protect], [false, false], "GKE's flag defaults to true: dev must stay destroyable");
        assert.deepEqual([input(prodCluster, "deletionProtection"), prodCluster.options.protect], [true, true]);
    });

    it("exposes a kubeconfig with the gke-gcloud-auth-plugin exec user, only as a secret, and a Kubernetes provider on it", () => {
        assert.equal(dev.recording.outputs.kubeconfig, "[secret]");
        assert.ok(dev.recording.secretOutputs.includes("kubeconfig"));
        const cluster = single(dev.recording, GKE);
        const document = parse(dev.kubeconfigText) as {
            clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
            users: { name: string; user: { exec: Record<string, unknown> } }[];
            contexts: { name: string; context: { cluster: string; user: string } }[];
            "current-context": string;
        };
        assert.deepEqual(document.clusters, [{ name: "gke-acme-transit-dev", cluster: {
            server: `https://${String(mocked(cluster).state.endpoint)}`,
            "certificate-authority-data": (mocked(cluster).state.masterAuth as { clusterCaCertificate: string }).clusterCaCertificate,
        } }]);
        assert.deepEqual(document.users, [{ name: "gke-acme-transit-dev", user: { exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            args: ["--use_application_default_credentials"],
            installHint: AUTH_PLUGIN.installHint,
            provideClusterInfo: true,
        } } }]);
        assert.deepEqual([document.contexts, document["current-context"]], [[{ name: "gke-acme-transit-dev", context: { cluster: "gke-acme-transit-dev", user: "gke-acme-transit-dev" } }], "gke-acme-transit-dev"]);
        assert.doesNotMatch(dev.kubeconfigText, /client-key|client-certificate|token:|password/);
        const provider = single(dev.recording, "pulumi:providers:kubernetes");
        assert.ok(provider.secretInputs.includes("kubeconfig"), "the Kubernetes provider receives the kubeconfig as a secret");
        assert.ok(provider.options.deletedWith.includes(GKE));
    });

    it("enrols in the REGULAR channel from the configured minor, with a daily off-peak maintenance window", () => {
        const cluster = single(dev.recording, GKE);
        assert.deepEqual([input(cluster, "releaseChannel"), RELEASE_CHANNEL, input(cluster, "minMasterVersion")], [{ channel: "REGULAR" }, "REGULAR", "1.35"]);
        assert.deepEqual(input(single(prod.recording, GKE), "releaseChannel"), { channel: "REGULAR" }, "prod gets what dev was created with");
        assert.deepEqual(input(cluster, "maintenancePolicy"), { recurringWindow: { startTime: "2026-01-01T01:00:00Z", endTime: "2026-01-01T05:00:00Z", recurrence: "FREQ=DAILY" } });
        // Near 02:00 local time; GKE wants 48 hours of windows in 32 days, a daily 4-hour window gives 128.
        const startHour = (region: string) => Number(maintenanceWindow(region).startTime.slice(11, 13));
        assert.deepEqual(["us-east1", "us-west1", "asia-northeast1", "australia-southeast1", "europe-west2"].map(startHour), [7, 10, 17, 16, 2]);
        assert.deepEqual(maintenanceWindow("me-central1"), { startTime: "2026-01-01T23:00:00Z", endTime: "2026-01-02T03:00:00Z", recurrence: "FREQ=DAILY" });
    });

    it("names the cluster gke-<prefix> within GKE's 40 characters, and places it in one zone in dev and over the region's zones elsewhere", async () => {
        const [devCluster, prodCluster] = [single(dev.recording, GKE), single(prod.recording, GKE)];
        assert.deepEqual([input(devCluster, "name"), input(devCluster, "location"), input(devCluster, "nodeLocations")], ["gke-acme-transit-dev", "europe-west3-a", undefined]);
        assert.deepEqual([input(prodCluster, "location"), input(prodCluster, "nodeLocations")], ["europe-west3", ["europe-west3-a", "europe-west3-b", "europe-west3-c"]]);
        assert.equal(dev.recording.outputs.clusterName, "gke-acme-transit-dev");
        const longest = await record({ ...GCP_DEV_CONFIG, customer: "c".repeat(20), project: "p".repeat(20), environment: "staging", gcp: { project: "acme-transit-stg" } }, "longest");
        const name = input<string>(single(longest.recording, GKE), "name");
        assert.match(name, /^gke-c+-p+-[0-9a-f]{6}$/);
        assert.ok(name.length <= GKE_NAME_MAX && !name.includes("--"), name);
        assert.notEqual(fitName(`gke-${"c".repeat(20)}-${"p".repeat(20)}-staging`, 40), fitName(`gke-${"c".repeat(20)}-${"p".repeat(20)}-prod`, 40));
        assert.match(input<string>(single(longest.recording, KEY_RING), "name"), /^[a-z][-a-z0-9]{0,62}$/);
    });

    it("labels the cluster, its key and its node VMs with the whole taxonomy (node pools get no provider defaults)", () => {
        const labels = { customer: "acme", project: "transit", environment: "dev", "managed-by": "anycloud", component: "cluster", "cost-type": "fixed" };
        assert.deepEqual(input(single(dev.recording, GKE), "resourceLabels"), labels);
        assert.deepEqual(input(single(dev.recording, KEY), "labels"), labels);
        assert.deepEqual(input(poolNamed(dev.recording, "arm"), "nodeConfig.resourceLabels"), { ...labels, pool: "arm" });
    });

    it("admits load balancer health checks to the node account above the network's deny of all ingress", () => {
        const rule = single(dev.recording, FIREWALL, "-cluster-allow-health-checks");
        assert.deepEqual([input(rule, "direction"), input(rule, "sourceRanges"), input(rule, "targetServiceAccounts"), input(rule, "allows")],
            ["INGRESS", HEALTH_CHECK_RANGES, [nodeAccountEmail(dev.recording)], [{ protocol: "tcp", ports: ["10256", "30000-32767"] }]]);
        assert.equal(input(rule, "targetTags"), undefined, "anyone who may edit an instance may set its tags");
        assert.ok(input<number>(rule, "priority") < FIREWALL_PRIORITY.denyAllIngress);
        assert.match(input<string>(rule, "name"), /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    });

    it("waits for the project's APIs with every resource it makes", () => {
        const services = ofType(dev.recording, "gcp:projects/service:Service").map((s) => s.urn);
        const resources = ofCluster(dev.recording);
        assert.ok(resources.length >= 10);
        const waiting = resources.filter((r) => !services.some((urn) => r.dependencies.includes(urn)));
        assert.deepEqual(waiting.map((r) => r.name), []);
    });

    it("refuses a changed name or location on a cluster created with others, naming the key", async () => {
        const createdWith = {
            "anycloud:customer/project/environment": "acme-transit-dev",
            "anycloud:region": "europe-west3",
            "anycloud:gcp.clusterLocation": "zonal",
        };
        const priorState = { "pulumi:index:Stash": (args: pulumi.runtime.MockResourceArgs) => (args.name === "platform-cluster-created-with" ? { output: createdWith } : undefined) };
        await assert.rejects(record({ ...GCP_DEV_CONFIG, gcp: { project: "acme-transit-dev", clusterLocation: "regional" } }, "regional", { priorState }),
            /anycloud:gcp\.clusterLocation = "regional": was "zonal" when the GKE cluster was created/);
        await assert.rejects(record({ ...GCP_DEV_CONFIG, region: "europe-west4" }, "moved", { priorState }),
            /anycloud:region = "europe-west4": was "europe-west3"/);
        await record({ ...GCP_DEV_CONFIG, cluster: { apiAccess: "private" } }, "same", { priorState });
    });
});
