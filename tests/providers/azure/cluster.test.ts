import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { MOCK_DEPLOYER_OBJECT_ID, mockAzureCall } from "../../../plan/mocks-azure";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { clusterSku, CONTROL_PLANE_LOG_CATEGORIES } from "../../../providers/azure/cluster";
import { BUILT_IN_ROLES } from "../../../providers/azure/cluster-identity";
import { withAzureCliLogin } from "../../../providers/azure/cluster-kubeconfig";
import { MAX_PODS_PER_NODE, POOL_LABEL, poolCount, SYSTEM_POOL_NAME } from "../../../providers/azure/cluster-pools";
import { NODE_VM_SIZES, SYSTEM_POOL_VM_SIZE } from "../../../providers/azure/sizes";
import { SSH_KEY } from "../../helpers/config";
import { AZURE_DEV_CONFIG, input, mocked, ofType, recordStack, recordStackWithCluster, single } from "../../helpers/record";

const AKS = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const ROLE = "azure-native:authorization:RoleAssignment";
const RULE = "azure-native:network:SecurityRule";
const GET_IP = "azure-native:network:getPublicIPAddress";
const CREDENTIALS = "azure-native:containerservice:listManagedClusterUserCredentials";
const GET_POOL = "azure-native:containerservice:getAgentPool";
const NAT_IP = "203.0.113.77";
const ADMINS = "44444444-4444-4444-4444-444444444444";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const POOLS = [
    { name: "system", min: 2, max: 4 },
    { name: "batchjobs01", size: "xlarge", min: 0, max: 10, labels: { workload: "batch" }, taints: [{ key: "batch", value: "true", effect: "NoSchedule" }] },
    { name: "arm", instanceType: "Standard_D4ps_v5", min: 1, max: 3 },
];

interface Run {
    recording: Recording;
    /** What the program asked the mock cloud for, by invoke token. */
    invokes: Record<string, Record<string, unknown>[]>;
}

/**
 * The stack program, plus the cluster outputs the stack does not export. The NAT gateway's
 * address comes from an invoke the shared mocks do not answer yet, so every run answers it.
 */
async function record(settings: Record<string, unknown>, stack = "test", priorState: Parameters<typeof recordProgram>[1]["priorState"] = {}): Promise<Run> {
    const invokes: Run["invokes"] = {};
    const remember = (token: string, answer: (inputs: Record<string, unknown>) => Record<string, unknown>) => (inputs: Record<string, unknown>) => {
        (invokes[token] ??= []).push(inputs);
        return answer(inputs);
    };
    const recording = await recordStackWithCluster(settings, stack, {
        priorState,
        invokeAnswers: {
            [GET_IP]: remember(GET_IP, (inputs) => ({ name: inputs.publicIpAddressName, ipAddress: NAT_IP })),
            [CREDENTIALS]: remember(CREDENTIALS, (inputs) => mockAzureCall(CREDENTIALS, inputs)!),
        },
    });
    return { recording, invokes };
}

interface KubeconfigUser { name: string; user: { exec: { command: string; args: string[]; apiVersion: string } } }

/** The exec section of a kubeconfig's only user. */
function execOf(kubeconfig: string): KubeconfigUser["user"]["exec"] {
    const users = (parse(kubeconfig) as { users: KubeconfigUser[] }).users;
    assert.equal(users.length, 1);
    return users[0].user.exec;
}

/** The kubeconfig AKS returns for format=exec, as the shared mock answers it (kubelogin with device-code login). */
const AKS_KUBECONFIG = Buffer.from(String((mockAzureCall(CREDENTIALS, { resourceGroupName: "rg", resourceName: "aks-x" })!.kubeconfigs as { value: string }[])[0].value), "base64").toString("utf8");

const systemPool = (cluster: ResourceRecord) => input<Record<string, unknown>[]>(cluster, "agentPoolProfiles");
const poolNamed = (recording: Recording, pool: string) => single(recording, POOL, `-pool-${pool}`);

describe("Azure cluster", () => {
    let dev: Run;
    let privateApi: Run;
    let prod: Run;

    before(async () => {
        dev = await record({
            ...AZURE_DEV_CONFIG,
            allowedCidrs: ["198.51.100.0/24", "192.0.2.8/29"],
            cluster: { nodePools: POOLS },
            azure: { ...(AZURE_DEV_CONFIG.azure as object), adminGroupObjectIds: [ADMINS] },
        });
        privateApi = await record({ ...AZURE_DEV_CONFIG, cluster: { apiAccess: "private" }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        prod = await record({ ...AZURE_DEV_CONFIG, environment: "prod" });
    });

    it("limits a public API to the allowlist plus the NAT gateway's address, through which the nodes reach it", () => {
        const cluster = single(dev.recording, AKS);
        assert.deepEqual(input(cluster, "apiServerAccessProfile"), {
            enablePrivateCluster: false,
            authorizedIPRanges: ["198.51.100.0/24", "192.0.2.8/29", `${NAT_IP}/32`],
        });
        // The address read is the one the node subnet's NAT gateway uses.
        const natIp = single(dev.recording, "azure-native:network:PublicIPAddress");
        assert.deepEqual(dev.invokes[GET_IP], [{ resourceGroupName: "rg-acme-transit-dev", publicIpAddressName: input(natIp, "publicIpAddressName") }]);
        const nat = single(dev.recording, "azure-native:network:NatGateway");
        assert.deepEqual(input(nat, "publicIpAddresses"), [{ id: mocked(natIp).id }]);
        assert.match(String(dev.recording.outputs.clusterEndpoint), /^https:\/\/acme-transit-dev-[0-9a-f]+\.hcp\.westeurope\.azmk8s\.io$/);
    });

    it("makes the API private for apiAccess: private, with no public ranges and an AKS-managed private DNS zone", () => {
        const cluster = single(privateApi.recording, AKS);
        assert.deepEqual(input(cluster, "apiServerAccessProfile"), { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: true });
        assert.equal(privateApi.invokes[GET_IP], undefined, "a private API needs no NAT address");
        assert.match(String(privateApi.recording.outputs.clusterEndpoint), /^https:\/\/acme-transit-dev-[0-9a-f]+\.[0-9a-f]+\.privatelink\.westeurope\.azmk8s\.io$/);
    });

    it("admits HTTPS from the bastion subnet to the private endpoint in the node subnet, before the network's deny, and nothing for a public API", () => {
        const nodeNsgRules = (run: Run) => ofType(run.recording, RULE).filter((r) => input(r, "networkSecurityGroupName") === "nsg-private-acme-transit-dev");
        const apiRules = nodeNsgRules(privateApi).filter((r) => r.name.includes("-cluster-"));
        assert.equal(apiRules.length, 1);
        const [rule] = apiRules;
        assert.deepEqual(
            [input(rule, "direction"), input(rule, "access"), input(rule, "protocol"), input(rule, "sourceAddressPrefix"), input(rule, "destinationAddressPrefix"), input(rule, "destinationPortRange")],
            ["Inbound", "Allow", "Tcp", "10.0.128.0/21", "10.0.0.0/20", "443"],
        );
        assert.equal(input(rule, "securityRuleName"), "allow-kube-api-from-10.0.128.0-21");
        assert.ok(input<number>(rule, "priority") >= 300 && input<number>(rule, "priority") <= 399);
        const deny = nodeNsgRules(privateApi).find((r) => input(r, "access") === "Deny")!;
        assert.ok(input<number>(rule, "priority") < input<number>(deny, "priority"));
        assert.deepEqual(nodeNsgRules(dev).filter((r) => r.name.includes("-cluster-")), []);
        // The Kubernetes provider waits for the rule: through it the deployer on the bastion reaches the API.
        assert.ok(single(privateApi.recording, "pulumi:providers:kubernetes").dependencies.includes(rule.urn));
    });

    it("turns local accounts off and authorizes with Entra ID and Azure RBAC only", () => {
        const cluster = single(dev.recording, AKS);
        assert.equal(input(cluster, "disableLocalAccounts"), true);
        assert.equal(input(cluster, "enableRBAC"), true);
        assert.deepEqual(input(cluster, "aadProfile"), { managed: true, enableAzureRBAC: true, tenantID: "11111111-1111-1111-1111-111111111111", adminGroupObjectIDs: [ADMINS] });
    });

    it("makes the deployer and each admin group AKS RBAC cluster admins on the cluster, under stable GUID names", async () => {
        const clusterId = mocked(single(dev.recording, AKS)).id;
        const admins = ofType(dev.recording, ROLE).filter((r) => input(r, "scope") === clusterId);
        assert.deepEqual(admins.map((r) => [input(r, "principalId"), input(r, "principalType")]).sort(), [[ADMINS, "Group"], [MOCK_DEPLOYER_OBJECT_ID, undefined]].sort());
        for (const admin of admins) {
            assert.equal(input(admin, "roleDefinitionId"), `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.aksRbacClusterAdmin}`);
            assert.match(input<string>(admin, "roleAssignmentName"), GUID);
        }
        assert.equal(BUILT_IN_ROLES.aksRbacClusterAdmin, "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b");
        // No principalType for the deployer: the SDK's default "User" fails for a service principal (UnmatchedPrincipalType).
        assert.ok(!("principalType" in single(dev.recording, ROLE, "-admin-deployer").inputs));
        const provider = single(dev.recording, "pulumi:providers:kubernetes");
        assert.ok(admins.every((admin) => provider.dependencies.includes(admin.urn)), "the Kubernetes provider waits for its access");
        const again = await record({ ...AZURE_DEV_CONFIG, cluster: { nodePools: POOLS }, azure: { ...(AZURE_DEV_CONFIG.azure as object), adminGroupObjectIds: [ADMINS] } }, "again");
        assert.deepEqual(ofType(again.recording, ROLE).map((r) => input(r, "roleAssignmentName")).sort(), ofType(dev.recording, ROLE).map((r) => input(r, "roleAssignmentName")).sort());
    });

    it("runs control plane and kubelet as user-assigned identities, with the rights AKS checks at creation granted first", () => {
        const cluster = single(dev.recording, AKS);
        const controlPlane = single(dev.recording, "azure-native:managedidentity:UserAssignedIdentity", "-control-plane-identity");
        const kubelet = single(dev.recording, "azure-native:managedidentity:UserAssignedIdentity", "-kubelet-identity");
        assert.deepEqual(input(cluster, "identity"), { type: "UserAssigned", userAssignedIdentities: [mocked(controlPlane).id] });
        assert.equal(input(cluster, "identityProfile.kubeletidentity.resourceId"), mocked(kubelet).id);
        const grantsOf = (principal: unknown) => ofType(dev.recording, ROLE).filter((r) => input(r, "principalId") === principal);
        const grants = grantsOf(mocked(controlPlane).state.principalId);
        const nodeSubnetId = mocked(single(dev.recording, "azure-native:network:Subnet", "-private-subnet")).id;
        assert.deepEqual(grants.map((g) => [input<string>(g, "roleDefinitionId").split("/").pop(), input(g, "scope"), input(g, "principalType")]).sort(), [
            [BUILT_IN_ROLES.managedIdentityOperator, mocked(kubelet).id, "ServicePrincipal"],
            [BUILT_IN_ROLES.networkContributor, nodeSubnetId, "ServicePrincipal"],
        ].sort());
        assert.ok(grants.every((g) => cluster.dependencies.includes(g.urn)));
        assert.deepEqual(grantsOf(mocked(kubelet).state.principalId), [], "the kubelet identity holds no Azure rights: workloads use workload identity");
    });

    it("runs each configured pool as its own autoscaled AgentPool in the node subnet, new pools starting at min", () => {
        const nodeSubnetId = mocked(single(dev.recording, "azure-native:network:Subnet", "-private-subnet")).id;
        const clusterName = input(single(dev.recording, AKS), "resourceName");
        const expectations = { system: NODE_VM_SIZES.medium, batchjobs01: NODE_VM_SIZES.xlarge, arm: "Standard_D4ps_v5" };
        for (const pool of POOLS) {
            const agentPool = poolNamed(dev.recording, pool.name);
            assert.equal(input(agentPool, "resourceName"), clusterName);
            assert.equal(input(agentPool, "mode"), "User");
            assert.equal(input(agentPool, "vmSize"), expectations[pool.name as keyof typeof expectations]);
            assert.deepEqual([input(agentPool, "enableAutoScaling"), input(agentPool, "minCount"), input(agentPool, "maxCount"), input(agentPool, "count")], [true, pool.min, pool.max, pool.min]);
            assert.deepEqual(agentPool.options.ignoreChanges, [], "count follows the pool's current count and range on every update");
            assert.equal(input(agentPool, "vnetSubnetID"), nodeSubnetId);
            assert.deepEqual(input(agentPool, "availabilityZones"), ["1", "2"]);
            assert.equal(input(agentPool, "osSKU"), "AzureLinux");
            assert.equal(input(agentPool, "enableNodePublicIP"), false);
            assert.equal(input(agentPool, "maxPods"), MAX_PODS_PER_NODE);
            assert.equal(input(agentPool, "orchestratorVersion"), input(single(dev.recording, AKS), "kubernetesVersion"));
            assert.equal(input(agentPool, "upgradeSettings.maxSurge"), "33%");
            assert.equal(input<Record<string, string>>(agentPool, "nodeLabels")[POOL_LABEL], pool.name);
            assert.match(input<string>(agentPool, "agentPoolName"), /^[a-z][a-z0-9]{0,11}$/);
        }
        const batch = poolNamed(dev.recording, "batchjobs01");
        assert.deepEqual(input(batch, "nodeLabels"), { workload: "batch", [POOL_LABEL]: "batchjobs01" });
        assert.deepEqual(input(batch, "nodeTaints"), ["batch=true:NoSchedule"]);
        assert.match(input<string>(batch, "agentPoolName"), /^batchjob[0-9a-f]{4}$/);
        const nat = single(dev.recording, "azure-native:network:NatGateway");
        assert.ok(batch.dependencies.includes(nat.urn), "nodes start once the NAT gateway is their way out");
    });

    it("renames a pool when its VM size or zones change, so the new pool exists before the old one is deleted", async () => {
        const nameWith = async (pool: Record<string, unknown>, zones = 2, stack = "resized") => {
            const run = await record({ ...AZURE_DEV_CONFIG, network: { zones }, cluster: { nodePools: [pool] } }, stack);
            const agentPool = poolNamed(run.recording, "web");
            assert.equal(agentPool.options.deleteBeforeReplace, false, "Pulumi's default: create the replacement first");
            return input<string>(agentPool, "agentPoolName");
        };
        const medium = await nameWith({ name: "web", size: "medium", min: 1, max: 3 });
        assert.equal(await nameWith({ name: "web", size: "medium", min: 2, max: 6 }), medium, "counts change in place");
        assert.notEqual(await nameWith({ name: "web", size: "large", min: 1, max: 3 }), medium);
        assert.notEqual(await nameWith({ name: "web", instanceType: "Standard_E4s_v5", min: 1, max: 3 }), medium);
        assert.notEqual(await nameWith({ name: "web", size: "medium", min: 1, max: 3 }, 3), medium);
    });

    it("keeps one small system pool for critical add-ons, whose fields AKS rejects in a cluster update are ignored after creation", () => {
        const [inline, ...others] = systemPool(single(dev.recording, AKS));
        assert.deepEqual(others, [], "user pools are AgentPools: a new inline pool is a cluster PUT AKS rejects");
        assert.deepEqual([inline.name, inline.mode, inline.vmSize, inline.minCount, inline.maxCount, inline.count], [SYSTEM_POOL_NAME, "System", SYSTEM_POOL_VM_SIZE, 1, 3, 1]);
        assert.deepEqual(inline.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
        assert.equal(inline.enableAutoScaling, true);
        assert.equal(inline.osSKU, "AzureLinux");
        assert.equal(inline.vnetSubnetID, mocked(single(dev.recording, "azure-native:network:Subnet", "-private-subnet")).id);
        const prodInline = systemPool(single(prod.recording, AKS))[0];
        assert.deepEqual([prodInline.minCount, prodInline.maxCount], [2, 3], "outside dev a lost node leaves the add-ons running");
        const ignored = single(dev.recording, AKS).options.ignoreChanges;
        for (const field of ["count", "vmSize", "availabilityZones", "vnetSubnetID", "maxPods", "osSKU"]) {
            assert.ok(ignored.includes(`agentPoolProfiles[0].${field}`), field);
        }
        assert.ok(!ignored.includes("agentPoolProfiles[0].orchestratorVersion"), "the system pool upgrades with the cluster");
        assert.ok(!ignored.includes("agentPoolProfiles"), "min, max, taints and version still follow the program");
    });

    it("uses Azure CNI overlay with Cilium, network policy on, out through the NAT gateway", () => {
        const cluster = single(dev.recording, AKS);
        assert.deepEqual(input(cluster, "networkProfile"), {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            podCidr: "10.244.0.0/16",
            serviceCidr: "172.20.0.0/16",
            dnsServiceIP: "172.20.0.10",
            outboundType: "userAssignedNATGateway",
            loadBalancerSku: "standard",
        });
        const nat = single(dev.recording, "azure-native:network:NatGateway");
        assert.ok(cluster.dependencies.includes(nat.urn), "AKS checks the node subnet's NAT gateway at creation");
        assert.equal(dev.recording.outputs.nodeSecurityPrincipal, "10.0.0.0/20", "the node subnet's prefix: pods leave through their node's address");
    });

    it("enables the OIDC issuer and workload identity, and reports the issuer", () => {
        const cluster = single(dev.recording, AKS);
        assert.deepEqual(input(cluster, "oidcIssuerProfile"), { enabled: true });
        assert.deepEqual(input(cluster, "securityProfile"), { workloadIdentity: { enabled: true } });
        assert.match(String(dev.recording.outputs.oidcIssuer), /^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\/11111111-1111-1111-1111-111111111111\/[0-9a-f-]{36}\/$/);
    });

    it("upgrades patches and node images automatically, and pins the configured Kubernetes minor", () => {
        const cluster = single(dev.recording, AKS);
        assert.deepEqual(input(cluster, "autoUpgradeProfile"), { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
        assert.match(input<string>(cluster, "kubernetesVersion"), /^1\.\d{2}$/);
        assert.equal(systemPool(cluster)[0].orchestratorVersion, input(cluster, "kubernetesVersion"));
    });

    it("sends kube-audit-admin, kube-apiserver and guard logs to the platform's Log Analytics workspace", () => {
        const setting = single(dev.recording, "azure-native:monitor:DiagnosticSetting", "-control-plane-logs");
        assert.equal(input(setting, "resourceUri"), mocked(single(dev.recording, AKS)).id);
        assert.equal(input(setting, "workspaceId"), mocked(single(dev.recording, "azure-native:operationalinsights:Workspace")).id);
        assert.deepEqual(input<{ category: string; enabled: boolean }[]>(setting, "logs").map((l) => [l.category, l.enabled]), CONTROL_PLANE_LOG_CATEGORIES.map((c) => [c, true]));
        assert.deepEqual([...CONTROL_PLANE_LOG_CATEGORIES].sort(), ["guard", "kube-apiserver", "kube-audit-admin"]);
    });

    it("exposes the user kubeconfig in exec format (kubelogin) and only as a secret", () => {
        assert.deepEqual(dev.invokes[CREDENTIALS], [{ resourceGroupName: "rg-acme-transit-dev", resourceName: "aks-acme-transit-dev", format: "exec" }]);
        assert.equal(dev.recording.outputs.kubeconfig, "[secret]");
        assert.ok(dev.recording.secretOutputs.includes("kubeconfig"));
        assert.equal(execOf(String(dev.recording.outputs.kubeconfigText)).command, "kubelogin");
        const provider = single(dev.recording, "pulumi:providers:kubernetes");
        assert.ok(provider.secretInputs.includes("kubeconfig"), "the Kubernetes provider receives the kubeconfig as a secret");
        assert.ok(provider.options.deletedWith.includes(AKS));
    });

    it("names the cluster and its DNS prefix, node resource group and identities after the platform", () => {
        const cluster = single(dev.recording, AKS);
        assert.deepEqual([input(cluster, "resourceName"), input(cluster, "dnsPrefix"), input(cluster, "nodeResourceGroup"), input(cluster, "location")],
            ["aks-acme-transit-dev", "acme-transit-dev", "rg-aks-nodes-acme-transit-dev", "westeurope"]);
        assert.equal(dev.recording.outputs.clusterName, "aks-acme-transit-dev");
    });

    it("protects the cluster in prod, and buys the Standard tier (uptime SLA) outside dev", () => {
        assert.equal(single(prod.recording, AKS).options.protect, true);
        assert.deepEqual(input(single(prod.recording, AKS), "sku"), { name: "Base", tier: "Standard" });
        assert.equal(single(dev.recording, AKS).options.protect, false);
        assert.deepEqual(input(single(dev.recording, AKS), "sku"), { name: "Base", tier: "Free" });
        assert.deepEqual(clusterSku("staging"), { name: "Base", tier: "Standard" });
    });

    it("enables the Azure Policy add-on, so the organisation's Kubernetes policy assignments reach the cluster", () => {
        for (const run of [dev, prod]) {
            assert.deepEqual(input(single(run.recording, AKS), "addonProfiles"), { azurepolicy: { enabled: true } });
        }
    });

    it("tags the cluster, its system pool, its AgentPools and identities with the platform's tags", () => {
        const expected = { customer: "acme", project: "transit", environment: "dev", "cost-type": "fixed", "managed-by": "anycloud", component: "cluster" };
        const cluster = single(dev.recording, AKS);
        assert.deepEqual(input(cluster, "tags"), expected);
        assert.deepEqual(systemPool(cluster)[0].tags, expected);
        for (const resource of [...ofType(dev.recording, POOL), ...ofType(dev.recording, "azure-native:managedidentity:UserAssignedIdentity").filter((r) => r.name.startsWith("platform-cluster-"))]) {
            assert.deepEqual(input(resource, "tags"), expected, resource.name);
        }
    });

    it("refuses a changed API access, Service range or pod range on a cluster created with others, naming the key", async () => {
        const createdWith = {
            "anycloud:customer/project/environment": "acme-transit-dev",
            "anycloud:cluster.apiAccess": "allowlist",
            "anycloud:cluster.serviceCidr": "172.20.0.0/16",
            "anycloud:azure.podCidr": "10.244.0.0/16",
        };
        const priorState = { "pulumi:index:Stash": (args: pulumi.runtime.MockResourceArgs) => (args.name === "platform-cluster-created-with" ? { output: createdWith } : undefined) };
        await assert.rejects(record({ ...AZURE_DEV_CONFIG, cluster: { apiAccess: "private" } }, "private", priorState),
            /anycloud:cluster\.apiAccess = "private": was "allowlist" when the AKS cluster was created/);
        await assert.rejects(record({ ...AZURE_DEV_CONFIG, cluster: { serviceCidr: "172.21.0.0/16" } }, "services", priorState),
            /anycloud:cluster\.serviceCidr = "172\.21\.0\.0\/16": was "172\.20\.0\.0\/16"/);
        await assert.rejects(record({ ...AZURE_DEV_CONFIG, azure: { ...(AZURE_DEV_CONFIG.azure as object), podCidr: "10.245.0.0/16" } }, "pods", priorState),
            /anycloud:azure\.podCidr = "10\.245\.0\.0\/16": was "10\.244\.0\.0\/16"/);
        await record({ ...AZURE_DEV_CONFIG }, "same", priorState);
    });

    it("signs kubelogin in through the Azure CLI instead of a device code nobody can answer, keeping the API server's id", () => {
        assert.deepEqual(execOf(AKS_KUBECONFIG).args.slice(0, 3), ["get-token", "--login", "devicecode"], "the mock answers what AKS returns");
        const rewritten = withAzureCliLogin(AKS_KUBECONFIG);
        assert.deepEqual(execOf(rewritten).args, ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630", "--environment", "AzurePublicCloud"]);
        assert.doesNotMatch(rewritten, /devicecode/);
        // Everything but the exec arguments is AKS's document, unchanged.
        const [before, after] = [parse(AKS_KUBECONFIG), parse(rewritten)];
        assert.deepEqual({ ...after, users: undefined }, { ...before, users: undefined });
        assert.equal(execOf(rewritten).command, "kubelogin");
        assert.equal(execOf(rewritten).apiVersion, "client.authentication.k8s.io/v1beta1");
        // Other spellings of the flags.
        const variant = AKS_KUBECONFIG.replace(/args: \[.*\]/, "args: [get-token, -l=interactive, --server-id=abc, -t, tenant, --client-id=xyz]");
        assert.deepEqual(execOf(withAzureCliLogin(variant)).args, ["get-token", "--login", "azurecli", "--server-id=abc"]);
        assert.throws(() => withAzureCliLogin(AKS_KUBECONFIG.replace(/--server-id, [0-9a-f-]+, /, "")), /no --server-id/);
        assert.throws(() => withAzureCliLogin(AKS_KUBECONFIG.replace("command: kubelogin", "command: az")), /no kubelogin exec user/);
    });

    it("hands the Kubernetes provider and the stack the rewritten kubeconfig", async () => {
        assert.deepEqual(execOf(String(dev.recording.outputs.kubeconfigText)).args.slice(0, 3), ["get-token", "--login", "azurecli"]);
        // The recorder shows the provider's secret input as "[secret]"; the mock cloud sees its value.
        let received: { value?: unknown } = {};
        const capture = { "pulumi:providers:kubernetes": (args: pulumi.runtime.MockResourceArgs) => { received = args.inputs.kubeconfig; return undefined; } };
        const run = await record({ ...AZURE_DEV_CONFIG }, "provider", capture);
        // Still wrapped as a secret ({ <signature>, value }) on its way to the provider.
        const providerKubeconfig = received.value;
        assert.equal(typeof providerKubeconfig, "string");
        assert.equal(providerKubeconfig, run.recording.outputs.kubeconfigText);
        assert.equal(providerKubeconfig, withAzureCliLogin(Buffer.from(String((mockAzureCall(CREDENTIALS, run.invokes[CREDENTIALS][0])!.kubeconfigs as { value: string }[])[0].value), "base64").toString("utf8")));
    });

    describe("pool node counts", () => {
        const web = (min: number, max: number) => ({ ...AZURE_DEV_CONFIG, cluster: { nodePools: [{ name: "web", min, max }] } });
        const countOf = (recording: Recording) => input<number>(poolNamed(recording, "web"), "count");
        const withAnswer = (settings: Record<string, unknown>, answer: (inputs: Record<string, unknown>) => Record<string, unknown>) =>
            recordStack(settings, "counts", { invokeAnswers: { [GET_POOL]: answer } });
        // The engine hands a failed invoke's message to the program as the gRPC error's details (runtime/invoke.ts).
        const armError = (message: string) => () => { throw Object.assign(new Error(message), { details: message }); };

        it("starts a new pool at min, and a pool whose cluster or resource group does not exist yet", async () => {
            assert.equal(countOf(await recordStack(web(2, 6), "counts")), 2, "the mocks answer {}: no pool");
            const missing = await withAnswer(web(2, 6), armError("GET https://management.azure.com/...\nRESPONSE 404: 404 Not Found\nERROR CODE: ResourceNotFound"));
            assert.equal(countOf(missing), 2);
        });

        it("keeps the count AKS reports, moved into a changed range, since AKS refuses a count outside minCount-maxCount", async () => {
            const asked: Record<string, unknown>[] = [];
            const five = (inputs: Record<string, unknown>) => { asked.push(inputs); return { name: inputs.agentPoolName, count: 5 }; };
            assert.equal(countOf(await withAnswer(web(2, 6), five)), 5, "an update keeps the autoscaler's count");
            assert.equal(countOf(await withAnswer(web(6, 6), five)), 6, "a raised min raises count with it");
            assert.equal(countOf(await withAnswer(web(2, 3), five)), 3, "a lowered max lowers count with it");
            // Read by the cluster's fixed name, so the read does not wait for the cluster's update.
            assert.deepEqual(asked[0], { resourceGroupName: "rg-acme-transit-dev", resourceName: "aks-acme-transit-dev", agentPoolName: asked[0].agentPoolName });
            assert.match(String(asked[0].agentPoolName), /^web[0-9a-f]{4}$/);
            assert.deepEqual([poolCount({ min: 0, max: 10 }, undefined), poolCount({ min: 0, max: 10 }, 0), poolCount({ min: 1, max: 3 }, 7)], [0, 0, 3]);
        });

        it("fails the pool when its count cannot be read for another reason, rather than send a guess", async () => {
            // A failed input is an unhandled rejection, which fails a real program (the language host's handler).
            const failures: unknown[] = [];
            const remember = (error: unknown) => failures.push(error);
            process.on("unhandledRejection", remember);
            try {
                const throttled = await withAnswer(web(2, 6), armError("RESPONSE 429: Too Many Requests"));
                await new Promise((resolve) => setTimeout(resolve, 50));
                assert.deepEqual(ofType(throttled, POOL), [], "no pool is registered");
            } finally {
                process.off("unhandledRejection", remember);
            }
            assert.ok(failures.some((error) => /reading the node count of AKS pool web[0-9a-f]{4} in aks-acme-transit-dev failed: RESPONSE 429/.test(String(error))), String(failures[0]));
        });
    });

    it("writes the private API's NSG rule after the network's node subnet, NAT and node NSG rules", () => {
        const nodeNsgRules = ofType(privateApi.recording, RULE).filter((r) => input(r, "networkSecurityGroupName") === "nsg-private-acme-transit-dev");
        const [rule, ...others] = nodeNsgRules.filter((r) => r.name.includes("-cluster-"));
        assert.deepEqual(others, []);
        // The network's own rules; the add-ons' load balancer openings (the Gateway's) come after the cluster's.
        const networkRules = nodeNsgRules.filter((r) => r !== rule && !r.name.includes("allow-external-lb"));
        assert.ok(networkRules.length >= 4, "the node NSG's own rules, the deny of the VNet among them");
        // The NSG itself is only named by a string: the subnet that carries it and its rules order the write.
        for (const before of [...networkRules, single(privateApi.recording, "azure-native:network:Subnet", "-private-subnet"), single(privateApi.recording, "azure-native:network:NatGateway")]) {
            assert.ok(rule.dependencies.includes(before.urn), before.name);
        }
    });
});
