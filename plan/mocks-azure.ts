import { hashOf } from "./mocks";

/**
 * Deterministic, realistic outputs for azure-native resources and invokes: ARM ids under a
 * fixed subscription, names as the ARM name inputs set them, endpoints and identities shaped
 * like Azure's. Same inputs, same outputs.
 */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";
export const MOCK_DEPLOYER_OBJECT_ID = "22222222-2222-2222-2222-222222222222";

type State = Record<string, unknown>;

/** Per type: the ARM provider path of the resource and the input that holds its ARM name. */
const ARM: Record<string, { path: string; nameInput: string; parentInput?: string; parentPath?: string }> = {
    "azure-native:resources:ResourceGroup": { path: "", nameInput: "resourceGroupName" },
    "azure-native:network:VirtualNetwork": { path: "Microsoft.Network/virtualNetworks", nameInput: "virtualNetworkName" },
    "azure-native:network:Subnet": { path: "subnets", nameInput: "subnetName", parentInput: "virtualNetworkName", parentPath: "Microsoft.Network/virtualNetworks" },
    "azure-native:network:NetworkSecurityGroup": { path: "Microsoft.Network/networkSecurityGroups", nameInput: "networkSecurityGroupName" },
    "azure-native:network:SecurityRule": { path: "securityRules", nameInput: "securityRuleName", parentInput: "networkSecurityGroupName", parentPath: "Microsoft.Network/networkSecurityGroups" },
    "azure-native:network:NatGateway": { path: "Microsoft.Network/natGateways", nameInput: "natGatewayName" },
    "azure-native:network:PublicIPAddress": { path: "Microsoft.Network/publicIPAddresses", nameInput: "publicIpAddressName" },
    "azure-native:network:NetworkInterface": { path: "Microsoft.Network/networkInterfaces", nameInput: "networkInterfaceName" },
    "azure-native:network:FlowLog": { path: "flowLogs", nameInput: "flowLogName", parentInput: "networkWatcherName", parentPath: "Microsoft.Network/networkWatchers" },
    "azure-native:storage:StorageAccount": { path: "Microsoft.Storage/storageAccounts", nameInput: "accountName" },
    "azure-native:operationalinsights:Workspace": { path: "Microsoft.OperationalInsights/workspaces", nameInput: "workspaceName" },
    "azure-native:managedidentity:UserAssignedIdentity": { path: "Microsoft.ManagedIdentity/userAssignedIdentities", nameInput: "resourceName" },
    "azure-native:containerservice:ManagedCluster": { path: "Microsoft.ContainerService/managedClusters", nameInput: "resourceName" },
    "azure-native:containerservice:AgentPool": { path: "agentPools", nameInput: "agentPoolName", parentInput: "resourceName", parentPath: "Microsoft.ContainerService/managedClusters" },
    "azure-native:dbforpostgresql:Server": { path: "Microsoft.DBforPostgreSQL/flexibleServers", nameInput: "serverName" },
    "azure-native:dbforpostgresql:Database": { path: "databases", nameInput: "databaseName", parentInput: "serverName", parentPath: "Microsoft.DBforPostgreSQL/flexibleServers" },
    "azure-native:dbforpostgresql:Configuration": { path: "configurations", nameInput: "configurationName", parentInput: "serverName", parentPath: "Microsoft.DBforPostgreSQL/flexibleServers" },
    "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": { path: "administrators", nameInput: "objectId", parentInput: "serverName", parentPath: "Microsoft.DBforPostgreSQL/flexibleServers" },
    "azure-native:dbforpostgresql:Administrator": { path: "administrators", nameInput: "objectId", parentInput: "serverName", parentPath: "Microsoft.DBforPostgreSQL/flexibleServers" },
    "azure-native:keyvault:Vault": { path: "Microsoft.KeyVault/vaults", nameInput: "vaultName" },
    "azure-native:keyvault:Secret": { path: "secrets", nameInput: "secretName", parentInput: "vaultName", parentPath: "Microsoft.KeyVault/vaults" },
    "azure-native:privatedns:PrivateZone": { path: "Microsoft.Network/privateDnsZones", nameInput: "privateZoneName" },
    "azure-native:privatedns:VirtualNetworkLink": { path: "virtualNetworkLinks", nameInput: "virtualNetworkLinkName", parentInput: "privateZoneName", parentPath: "Microsoft.Network/privateDnsZones" },
    "azure-native:compute:VirtualMachine": { path: "Microsoft.Compute/virtualMachines", nameInput: "vmName" },
};

function armId(type: string, name: string, inputs: State): { id: string; armName: string } {
    const rg = String(inputs.resourceGroupName ?? "rg");
    const spec = ARM[type];
    const armName = String((spec && inputs[spec.nameInput]) ?? name);
    const base = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rg}`;
    if (!spec) {
        // Scoped extension resources (role assignments, diagnostic settings, locks) live under their scope.
        const scope = String(inputs.scope ?? inputs.resourceUri ?? base);
        const kind = type.split(":")[2];
        return { id: `${scope}/providers/Microsoft.Mock/${kind}/${hashOf(type, name).slice(0, 12)}`, armName: String(inputs.name ?? name) };
    }
    if (spec.path === "") {
        return { id: base, armName };
    }
    const parent = spec.parentInput ? `/providers/${spec.parentPath}/${String(inputs[spec.parentInput])}/` : "/providers/";
    return { id: `${base}${parent}${spec.path}/${armName}`, armName };
}

function kubeconfigFor(cluster: string, fqdn: string): string {
    const config = [
        "apiVersion: v1",
        "kind: Config",
        `clusters:\n- name: ${cluster}\n  cluster:\n    server: https://${fqdn}:443\n    certificate-authority-data: ${Buffer.from(`mock-ca-${cluster}`).toString("base64")}`,
        `contexts:\n- name: ${cluster}\n  context:\n    cluster: ${cluster}\n    user: clusterUser_${cluster}`,
        `current-context: ${cluster}`,
        // What AKS returns for format=exec: kubelogin with device-code login (Azure/azure-cli#25190).
        `users:\n- name: clusterUser_${cluster}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin\n      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, ${MOCK_TENANT_ID}, --environment, AzurePublicCloud]`,
    ];
    return config.join("\n");
}

export function mockAzureResource(type: string, name: string, inputs: State, region: string): { id: string; state: State } {
    const { id, armName } = armId(type, name, inputs);
    const digest = hashOf(type, name);
    const computed: State = { name: armName };
    switch (type) {
        case "azure-native:network:PublicIPAddress":
            computed.ipAddress = publicIpFor(armName);
            break;
        case "azure-native:managedidentity:UserAssignedIdentity":
            computed.principalId = uuidFrom(digest, "principal");
            computed.clientId = uuidFrom(digest, "client");
            computed.tenantId = MOCK_TENANT_ID;
            break;
        case "azure-native:containerservice:ManagedCluster":
            computed.fqdn = `${String(inputs.dnsPrefix ?? armName)}-${digest.slice(0, 8)}.hcp.${region}.azmk8s.io`;
            computed.privateFQDN = `${String(inputs.dnsPrefix ?? armName)}-${digest.slice(0, 8)}.${digest.slice(8, 44)}.privatelink.${region}.azmk8s.io`;
            computed.oidcIssuerProfile = { enabled: true, issuerURL: `https://${region}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${uuidFrom(digest, "oidc")}/` };
            computed.nodeResourceGroup = inputs.nodeResourceGroup ?? `MC_${String(inputs.resourceGroupName)}_${armName}_${region}`;
            break;
        case "azure-native:dbforpostgresql:Server":
            computed.fullyQualifiedDomainName = `${armName}.postgres.database.azure.com`;
            break;
        case "azure-native:keyvault:Vault":
            computed.properties = { ...(inputs.properties as State), vaultUri: `https://${armName}.vault.azure.net/` };
            break;
        case "azure-native:keyvault:Secret":
            computed.properties = {
                ...(inputs.properties as State),
                secretUri: `https://${String(inputs.vaultName)}.vault.azure.net/secrets/${armName}`,
                secretUriWithVersion: `https://${String(inputs.vaultName)}.vault.azure.net/secrets/${armName}/${digest.slice(0, 32)}`,
            };
            break;
        case "azure-native:storage:StorageAccount":
            computed.primaryEndpoints = { blob: `https://${armName}.blob.core.windows.net/` };
            break;
        case "azure-native:operationalinsights:Workspace":
            computed.customerId = uuidFrom(digest, "workspace");
            break;
        case "azure-native:compute:VirtualMachine":
            computed.vmId = uuidFrom(digest, "vm");
            break;
        case "azure-native:subscription:Alias": {
            // A tenant resource: Azure answers with the new subscription's id (billing.accountPerProject).
            const aliasName = String(inputs.aliasName ?? name);
            computed.name = aliasName;
            computed.properties = { ...(inputs.properties as State), subscriptionId: uuidFrom(digest, "subscription"), provisioningState: "Succeeded" };
            return { id: `/providers/Microsoft.Subscription/aliases/${aliasName}`, state: { ...inputs, ...computed } };
        }
    }
    return { id, state: { ...inputs, ...computed, id } };
}

export function mockAzureCall(token: string, inputs: State): State | undefined {
    switch (token) {
        case "azure-native:authorization:getClientConfig":
            return { clientId: "33333333-3333-3333-3333-333333333333", objectId: MOCK_DEPLOYER_OBJECT_ID, subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
        case "azure-native:network:getPublicIPAddress":
            // The same address the PublicIPAddress resource of that name was given.
            return { name: inputs.publicIpAddressName, ipAddress: publicIpFor(String(inputs.publicIpAddressName)) };
        case "azure-native:containerservice:listManagedClusterUserCredentials": {
            const cluster = String(inputs.resourceName);
            const fqdn = `${cluster}-${hashOf("azure-native:containerservice:ManagedCluster", cluster).slice(0, 8)}.hcp.mock.azmk8s.io`;
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfigFor(cluster, fqdn)).toString("base64") }] };
        }
        default:
            return undefined;
    }
}

/** A documentation-range address (RFC 5737) per ARM name, so a plan never shows a real host. */
function publicIpFor(armName: string): string {
    return `203.0.113.${parseInt(hashOf("public-ip", armName).slice(0, 2), 16) % 254 + 1}`;
}

function uuidFrom(digest: string, salt: string): string {
    const h = hashOf(digest, salt);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
