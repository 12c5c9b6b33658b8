import { strict as assert } from "assert";
import { evaluate } from "../../policies/evaluate";
import { CheckedResource, UNKNOWN_VALUE } from "../../policies/rule";
import { AZURE_RULES } from "../../policies/rules/azure";
import { rule as aksApiAuthorizedRanges } from "../../policies/rules/azure-aks-api-authorized-ranges";
import { rule as aksAuditLogs } from "../../policies/rules/azure-aks-audit-logs";
import { rule as aksMonitoringAddon } from "../../policies/rules/azure-aks-monitoring-addon";
import { rule as aksAutoUpgradeChannel } from "../../policies/rules/azure-aks-auto-upgrade-channel";
import { rule as aksAzurePolicyAddon } from "../../policies/rules/azure-aks-azure-policy-addon";
import { rule as aksEncryptionAtHost } from "../../policies/rules/azure-aks-encryption-at-host";
import { rule as aksEntraIdRbac } from "../../policies/rules/azure-aks-entra-id-rbac";
import { rule as aksKmsEtcdEncryption } from "../../policies/rules/azure-aks-kms-etcd-encryption";
import { rule as aksLocalAccountsDisabled } from "../../policies/rules/azure-aks-local-accounts-disabled";
import { rule as aksMultiZonePools } from "../../policies/rules/azure-aks-multi-zone-pools";
import { rule as aksNetworkPolicy } from "../../policies/rules/azure-aks-network-policy";
import { rule as aksNoNodePublicIp } from "../../policies/rules/azure-aks-no-node-public-ip";
import { rule as aksOsDiskCmk } from "../../policies/rules/azure-aks-os-disk-cmk";
import { rule as aksPrivateCluster } from "../../policies/rules/azure-aks-private-cluster";
import { rule as aksRbacEnabled } from "../../policies/rules/azure-aks-rbac-enabled";
import { rule as aksStandardTier } from "../../policies/rules/azure-aks-standard-tier";
import { rule as aksWorkloadIdentity } from "../../policies/rules/azure-aks-workload-identity";
import { rule as billingBudget } from "../../policies/rules/azure-billing-budget";
import { rule as computeVmNoPublicIp } from "../../policies/rules/azure-compute-vm-no-public-ip";
import { rule as computeVmPasswordAuthDisabled } from "../../policies/rules/azure-compute-vm-password-auth-disabled";
import { rule as networkFlowLogRetention } from "../../policies/rules/azure-network-flow-log-retention";
import { rule as networkNoRdpFromInternet } from "../../policies/rules/azure-network-no-rdp-from-internet";
import { rule as networkNoSshFromInternet } from "../../policies/rules/azure-network-no-ssh-from-internet";
import { rule as networkSubnetNsg } from "../../policies/rules/azure-network-subnet-nsg";
import { rule as networkVnetFlowLog } from "../../policies/rules/azure-network-vnet-flow-log";
import { rule as postgresGeoRedundantBackup } from "../../policies/rules/azure-postgres-geo-redundant-backup";
import { rule as postgresNoPublicFirewallRule } from "../../policies/rules/azure-postgres-no-public-firewall-rule";
import { rule as postgresPrivateEndpoint } from "../../policies/rules/azure-postgres-private-endpoint";
import { rule as postgresPublicNetworkAccessDisabled } from "../../policies/rules/azure-postgres-public-network-access-disabled";
import { rule as postgresSecureTransport } from "../../policies/rules/azure-postgres-secure-transport";
import { assertException, assertFails, assertNotApplicable, assertPasses, cleanFindingsOn, named, referenceResources, wired } from "./helpers";

const AKS = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting";
const SERVER = "azure-native:dbforpostgresql:Server";
const CONFIGURATION = "azure-native:dbforpostgresql:Configuration";
const FIREWALL_RULE = "azure-native:dbforpostgresql:FirewallRule";
const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";
const NSG = "azure-native:network:NetworkSecurityGroup";
const NSG_RULE = "azure-native:network:SecurityRule";
const SUBNET = "azure-native:network:Subnet";
const VNET = "azure-native:network:VirtualNetwork";
const FLOW_LOG = "azure-native:network:FlowLog";
const NIC = "azure-native:network:NetworkInterface";
const VM = "azure-native:compute:VirtualMachine";
const GROUP = "azure-native:resources:ResourceGroup";
const BUDGET = "azure-native:consumption:Budget";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const anycloudTags = (environment: string, component = "cluster") => ({ "managed-by": "anycloud", environment, component });

/** An inline AKS pool profile as anycloud writes it, with `overrides`. */
const profile = (overrides: Record<string, unknown> = {}) => ({ name: "critical", mode: "System", availabilityZones: ["1", "2", "3"], enableNodePublicIP: false, ...overrides });
const cluster = (props: Record<string, unknown>, extra: Partial<CheckedResource> = {}) =>
    named(AKS, "aks", { resourceName: "aks-acme-transit-prod", agentPoolProfiles: [profile()], ...props }, extra);
const pool = (props: Record<string, unknown>) => named(POOL, "pool-apps", { agentPoolName: "appsd249", availabilityZones: ["1", "2"], ...props });

describe("policies: Azure rules", () => {
    describe("AKS", () => {
        it("azure-aks-private-cluster: passes a private cluster, records apiAccess: allowlist as an exception of the authorized-ranges rule, fails an open API", () => {
            assertPasses(aksPrivateCluster, cluster({ apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "system" } }));
            const reason = assertException(aksPrivateCluster,
                cluster({ apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] } }), ["azure-aks-api-authorized-ranges"]);
            assert.match(reason, /allowlist/);
            // In a policy-pack preview the ranges (they hold the NAT address) are unknown but wired.
            const nat = named("azure-native:network:NatGateway", "nat", {});
            assertException(aksPrivateCluster, cluster({ apiServerAccessProfile: { enablePrivateCluster: false } }, wired("apiServerAccessProfile", nat)), ["azure-aks-api-authorized-ranges"], [nat]);
            assertFails(aksPrivateCluster, cluster({ apiServerAccessProfile: { enablePrivateCluster: false } }), /public.*no authorized IP ranges/);
            assertFails(aksPrivateCluster, cluster({}), /public/);
        });

        it("azure-aks-api-authorized-ranges: passes named ranges or a private cluster, fails no ranges or one open to the internet", () => {
            assertPasses(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24", "198.51.100.7/32"] } }));
            assertPasses(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: { enablePrivateCluster: true } }));
            assertFails(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24", "0.0.0.0/0"] } }), /admits 0\.0\.0\.0\/0/);
            assertFails(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: { authorizedIPRanges: ["10.0.0.0/0"] } }), /admits 10\.0\.0\.0\/0/);
            assertFails(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: { enablePrivateCluster: false } }), /no authorized IP ranges/);
            assertFails(aksApiAuthorizedRanges, cluster({}), /whole internet/);
            assertNotApplicable(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: { authorizedIPRanges: UNKNOWN_VALUE } }), /computed during the deployment/);
            const nat = named("azure-native:network:NatGateway", "nat", {});
            assertNotApplicable(aksApiAuthorizedRanges, cluster({ apiServerAccessProfile: {} }, wired("apiServerAccessProfile", nat)), /computed/, [nat]);
        });

        it("azure-aks-rbac-enabled: passes enableRBAC: true, fails false or unset", () => {
            assertPasses(aksRbacEnabled, cluster({ enableRBAC: true }));
            assertFails(aksRbacEnabled, cluster({ enableRBAC: false }), /enableRBAC is false/);
            assertFails(aksRbacEnabled, cluster({}), /not set/);
        });

        it("azure-aks-entra-id-rbac: passes a managed Entra ID profile with Azure RBAC, fails either missing", () => {
            assertPasses(aksEntraIdRbac, cluster({ aadProfile: { managed: true, enableAzureRBAC: true, tenantID: "t" } }));
            assertFails(aksEntraIdRbac, cluster({ aadProfile: { managed: true } }), /aadProfile\.enableAzureRBAC is not true/);
            assertFails(aksEntraIdRbac, cluster({}), /aadProfile\.managed and aadProfile\.enableAzureRBAC are not true/);
        });

        it("azure-aks-local-accounts-disabled: passes disableLocalAccounts: true, fails a cluster with a static admin credential", () => {
            assertPasses(aksLocalAccountsDisabled, cluster({ disableLocalAccounts: true }));
            assertFails(aksLocalAccountsDisabled, cluster({ disableLocalAccounts: false }), /static admin credential/);
            assertFails(aksLocalAccountsDisabled, cluster({}), /not set/);
        });

        it("azure-aks-workload-identity: passes the OIDC issuer with workload identity, fails either off", () => {
            assertPasses(aksWorkloadIdentity, cluster({ oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } }));
            assertFails(aksWorkloadIdentity, cluster({ oidcIssuerProfile: { enabled: true } }), /securityProfile\.workloadIdentity\.enabled is not true/);
            assertFails(aksWorkloadIdentity, cluster({}), /are not true/);
        });

        it("azure-aks-network-policy: passes azure, calico or cilium, fails none or unset", () => {
            for (const engine of ["cilium", "azure", "Calico"]) {
                assertPasses(aksNetworkPolicy, cluster({ networkProfile: { networkPlugin: "azure", networkPolicy: engine } }));
            }
            assertFails(aksNetworkPolicy, cluster({ networkProfile: { networkPlugin: "azure", networkPolicy: "none" } }), /"none"/);
            assertFails(aksNetworkPolicy, cluster({ networkProfile: { networkPlugin: "kubenet" } }), /not set/);
        });

        it("azure-aks-no-node-public-ip: passes pools without node public IPs, fails an inline pool or an AgentPool that has them", () => {
            assertPasses(aksNoNodePublicIp, cluster({}));
            // AKS's default is no public IP.
            assertPasses(aksNoNodePublicIp, cluster({ agentPoolProfiles: [profile({ enableNodePublicIP: undefined })] }));
            assertPasses(aksNoNodePublicIp, pool({ enableNodePublicIP: false }));
            assertFails(aksNoNodePublicIp, cluster({ agentPoolProfiles: [profile(), profile({ name: "edge", enableNodePublicIP: true })] }), /nodes of edge get public IP/);
            assertFails(aksNoNodePublicIp, pool({ enableNodePublicIP: true }), /appsd249/);
        });

        it("azure-aks-azure-policy-addon: passes the enabled add-on, fails it absent or off", () => {
            assertPasses(aksAzurePolicyAddon, cluster({ addonProfiles: { azurepolicy: { enabled: true } } }));
            // AKS matches add-on keys without case.
            assertPasses(aksAzurePolicyAddon, cluster({ addonProfiles: { azurePolicy: { enabled: true, config: { version: "v2" } } } }));
            assertFails(aksAzurePolicyAddon, cluster({ addonProfiles: { azurepolicy: { enabled: false } } }), /not enabled/);
            assertFails(aksAzurePolicyAddon, cluster({}), /not enabled/);
        });

        it("azure-aks-audit-logs: passes a diagnostic setting sending kube-audit(-admin) to a workspace, fails without one, without a workspace, or with only Container Insights", () => {
            const aks = cluster({});
            const workspace = named("azure-native:operationalinsights:Workspace", "logs", {});
            const setting = (props: Record<string, unknown>, extra: Partial<CheckedResource> = wired("resourceUri", aks)) => named(DIAGNOSTICS, "control-plane-logs", {
                resourceUri: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-acme-transit-prod`,
                workspaceId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log`,
                logs: [{ category: "kube-audit-admin", enabled: true }, { category: "kube-apiserver", enabled: true }], ...props,
            }, extra);
            assertPasses(aksAuditLogs, aks, [setting({})]);
            // Matched by the cluster's id, without a dependency.
            assertPasses(aksAuditLogs, aks, [setting({ logs: [{ categoryGroup: "audit", enabled: true }] }, {})]);
            assertPasses(aksAuditLogs, aks, [setting({ workspaceId: undefined }, { propertyDependencies: { resourceUri: [aks.urn], workspaceId: [workspace.urn] } }), workspace]);
            assertFails(aksAuditLogs, aks, /no diagnostic setting sends kube-audit/);
            assertFails(aksAuditLogs, aks, /no diagnostic setting/, [setting({ logs: [{ category: "kube-apiserver", enabled: true }, { category: "kube-audit", enabled: false }] })]);
            assertFails(aksAuditLogs, aks, /no Log Analytics workspace/, [setting({ workspaceId: undefined, storageAccountId: "st" })]);
            assertFails(aksAuditLogs, cluster({ addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: "w" } } } }), /Container Insights.*not the audit log/);
            // A setting of another resource does not count.
            assertFails(aksAuditLogs, aks, /no diagnostic setting/, [setting({ resourceUri: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql` }, {})]);
        });

        it("azure-aks-monitoring-addon: passes Container Insights, records anycloud's own log stack as an exception compensated by the audit-log rule", () => {
            assertPasses(aksMonitoringAddon, cluster({ addonProfiles: { omsagent: { enabled: true } } }));
            assert.match(assertException(aksMonitoringAddon, cluster({}), ["azure-aks-audit-logs"]), /Elasticsearch and Prometheus/);
            // The exception falls when the audit log is not kept either.
            const report = evaluate([aksMonitoringAddon, aksAuditLogs], [cluster({})]);
            assert.equal(report.rules.find((r) => r.id === "azure-aks-monitoring-addon")!.status, "fail");
        });

        it("azure-aks-standard-tier: passes Standard and Premium, records dev's Free tier as a cost exception, fails Free elsewhere", () => {
            assertPasses(aksStandardTier, cluster({ sku: { name: "Base", tier: "Standard" } }, { name: "prod" }));
            assertPasses(aksStandardTier, cluster({ sku: { name: "Base", tier: "Premium" } }));
            const reason = assertException(aksStandardTier, cluster({ sku: { name: "Base", tier: "Free" }, tags: anycloudTags("dev") }), []);
            assert.match(reason, /dev.*\$73 a month/);
            assertFails(aksStandardTier, cluster({ sku: { name: "Base", tier: "Free" }, tags: anycloudTags("staging") }), /"Free".*no uptime SLA/);
            assertFails(aksStandardTier, cluster({ tags: anycloudTags("prod") }), /not set \(Free\)/);
        });

        it("azure-aks-auto-upgrade-channel: passes a channel with node images patched, fails none, unset, or node OS channel None", () => {
            assertPasses(aksAutoUpgradeChannel, cluster({ autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" } }));
            assertPasses(aksAutoUpgradeChannel, cluster({ autoUpgradeProfile: { upgradeChannel: "stable" } }));
            assertFails(aksAutoUpgradeChannel, cluster({ autoUpgradeProfile: { upgradeChannel: "none" } }), /"none": the cluster gets no automatic upgrades/);
            assertFails(aksAutoUpgradeChannel, cluster({}), /not set/);
            assertFails(aksAutoUpgradeChannel, cluster({ autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "None" } }), /node OS security patches/);
        });

        it("azure-aks-kms-etcd-encryption: passes Key Vault KMS with a key, records anycloud's platform-key etcd as an exception held by the Entra ID rules, fails other clusters", () => {
            assertPasses(aksKmsEtcdEncryption, cluster({ securityProfile: { azureKeyVaultKms: { enabled: true, keyId: "https://kv.vault.azure.net/keys/etcd/0123", keyVaultNetworkAccess: "Public" } } }));
            const reason = assertException(aksKmsEtcdEncryption, cluster({ tags: anycloudTags("prod") }), ["azure-aks-entra-id-rbac", "azure-aks-local-accounts-disabled"]);
            assert.match(reason, /platform-managed keys/);
            assertFails(aksKmsEtcdEncryption, cluster({ securityProfile: { azureKeyVaultKms: { enabled: false } } }), /not enabled with a keyId/);
            assertFails(aksKmsEtcdEncryption, cluster({ securityProfile: { azureKeyVaultKms: { enabled: true } }, tags: { environment: "prod" } }), /not enabled with a keyId/);
        });

        it("azure-aks-os-disk-cmk: passes a disk encryption set, records anycloud's platform keys as an exception, fails other clusters", () => {
            assertPasses(aksOsDiskCmk, cluster({ diskEncryptionSetID: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des` }));
            const des = named("azure-native:compute:DiskEncryptionSet", "des", {});
            assertPasses(aksOsDiskCmk, cluster({}, wired("diskEncryptionSetID", des)), [des]);
            assert.match(assertException(aksOsDiskCmk, cluster({ tags: anycloudTags("prod") }), []), /replaces an existing cluster/);
            assertFails(aksOsDiskCmk, cluster({}), /platform-managed keys only/);
        });

        it("azure-aks-encryption-at-host: passes pools that encrypt at host, records anycloud's pools as an exception, fails other pools by name", () => {
            assertPasses(aksEncryptionAtHost, cluster({ agentPoolProfiles: [profile({ enableEncryptionAtHost: true })] }));
            assertPasses(aksEncryptionAtHost, pool({ enableEncryptionAtHost: true }));
            assert.match(assertException(aksEncryptionAtHost, pool({ tags: anycloudTags("prod") }), []), /EncryptionAtHost feature/);
            assertException(aksEncryptionAtHost, cluster({ tags: anycloudTags("dev") }), []);
            assertFails(aksEncryptionAtHost, cluster({ agentPoolProfiles: [profile({ enableEncryptionAtHost: true }), profile({ name: "user" })] }), /^user does not encrypt at host/);
            assertFails(aksEncryptionAtHost, pool({}), /appsd249 does not/);
        });

        it("azure-aks-multi-zone-pools: passes pools over two or more zones, fails a pool in one zone or none", () => {
            assertPasses(aksMultiZonePools, cluster({}));
            assertPasses(aksMultiZonePools, pool({ availabilityZones: ["1", "2"] }));
            assertFails(aksMultiZonePools, cluster({ agentPoolProfiles: [profile({ availabilityZones: ["1"] })] }), /critical runs in zone 1 only/);
            assertFails(aksMultiZonePools, pool({ availabilityZones: ["2", "2"] }), /zone 2, 2 only/);
            assertFails(aksMultiZonePools, pool({ availabilityZones: undefined }), /no availability zone/);
            assertNotApplicable(aksMultiZonePools, pool({ availabilityZones: UNKNOWN_VALUE }), /computed/);
        });
    });

    describe("PostgreSQL Flexible Server", () => {
        const dataSubnet = named(SUBNET, "data-subnet", { subnetName: "snet-data" });
        const injected = { delegatedSubnetResourceId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-data`, publicNetworkAccess: "Disabled" };
        const server = (props: Record<string, unknown> = {}, extra: Partial<CheckedResource> = {}) =>
            named(SERVER, "server", { serverName: "psql-acme", resourceGroupName: "rg", network: injected, tags: { ...anycloudTags("prod", "database") }, ...props }, extra);
        const replicaOf = (source: CheckedResource, props: Record<string, unknown> = {}) => named(SERVER, "replica-1", {
            serverName: "psql-acme-r1", resourceGroupName: "rg", createMode: "Replica", sourceServerResourceId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-acme`,
            network: injected, tags: source.props.tags, ...props,
        }, wired("sourceServerResourceId", source));

        it("azure-postgres-public-network-access-disabled: passes Disabled or a server injected into a delegated subnet, fails a public endpoint", () => {
            assertPasses(postgresPublicNetworkAccessDisabled, server());
            assertPasses(postgresPublicNetworkAccessDisabled, server({ network: { delegatedSubnetResourceId: injected.delegatedSubnetResourceId } }));
            assertPasses(postgresPublicNetworkAccessDisabled, server({ network: {} }, wired("network", dataSubnet)), [dataSubnet]);
            assertFails(postgresPublicNetworkAccessDisabled, server({ network: { publicNetworkAccess: "Enabled" } }), /publicNetworkAccess is Enabled/);
            assertFails(postgresPublicNetworkAccessDisabled, server({ network: undefined }), /in no delegated subnet/);
        });

        it("azure-postgres-private-endpoint: passes a server with a private endpoint, records a VNet-injected server as an exception held by no-public-access, fails a public one", () => {
            const open = server({ network: { publicNetworkAccess: "Enabled" } });
            const endpoint = named(PRIVATE_ENDPOINT, "pe", { privateLinkServiceConnections: [{ name: "psql", groupIds: ["postgresqlServer"] }] }, wired("privateLinkServiceConnections", open));
            assertPasses(postgresPrivateEndpoint, open, [endpoint]);
            const byId = named(PRIVATE_ENDPOINT, "pe", { privateLinkServiceConnections: [{ privateLinkServiceId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-acme` }] });
            assertPasses(postgresPrivateEndpoint, open, [byId]);
            assert.match(assertException(postgresPrivateEndpoint, server(), ["azure-postgres-public-network-access-disabled"]), /VNet-injected/);
            assertFails(postgresPrivateEndpoint, open, /no private endpoint.*publicNetworkAccess Enabled/);
        });

        it("azure-postgres-no-public-firewall-rule: passes no or narrow firewall rules, fails the whole internet or every Azure service", () => {
            const subject = server({ network: { publicNetworkAccess: "Enabled" } });
            const rule = (start: string, end: string) => named(FIREWALL_RULE, `fw-${start}-${end}`, { serverName: "psql-acme", resourceGroupName: "rg", startIpAddress: start, endIpAddress: end }, wired("serverName", subject));
            assertPasses(postgresNoPublicFirewallRule, subject);
            assertPasses(postgresNoPublicFirewallRule, subject, [rule("203.0.113.10", "203.0.113.20")]);
            assertPasses(postgresNoPublicFirewallRule, rule("203.0.113.10", "203.0.113.10"));
            assertFails(postgresNoPublicFirewallRule, subject, /0\.0\.0\.0-255\.255\.255\.255\) admits the internet/, [rule("0.0.0.0", "255.255.255.255")]);
            assertFails(postgresNoPublicFirewallRule, rule("0.0.0.0", "255.255.255.255"), /admits the internet/);
            assertFails(postgresNoPublicFirewallRule, rule("0.0.0.0", "0.0.0.0"), /every Azure service, of every tenant/);
            // Matched by server name too, and only on its own server.
            const byName = named(FIREWALL_RULE, "fw", { serverName: "psql-acme", resourceGroupName: "rg", startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" });
            assertFails(postgresNoPublicFirewallRule, subject, /admits the internet/, [byName]);
            assertPasses(postgresNoPublicFirewallRule, server({ serverName: "psql-other" }), [byName]);
        });

        it("azure-postgres-secure-transport: passes require_secure_transport on in the stack (a replica by its source), fails it off, unset, or TLS below 1.2", () => {
            const subject = server();
            const parameter = (name: string, value: string, of = subject) => named(CONFIGURATION, `param-${name}`, { configurationName: name, serverName: "psql-acme", value, source: "user-override" }, wired("serverName", of));
            assertPasses(postgresSecureTransport, subject, [parameter("require_secure_transport", "on"), parameter("ssl_min_protocol_version", "TLSv1.2")]);
            assertPasses(postgresSecureTransport, replicaOf(subject), [subject, parameter("require_secure_transport", "ON")]);
            assertFails(postgresSecureTransport, subject, /require_secure_transport is off.*without TLS/, [parameter("require_secure_transport", "off")]);
            assertFails(postgresSecureTransport, subject, /not set in the stack/);
            assertFails(postgresSecureTransport, subject, /ssl_min_protocol_version is TLSv1\.1/, [parameter("require_secure_transport", "on"), parameter("ssl_min_protocol_version", "TLSv1.1")]);
        });

        it("reads a deployed server's state as a policy pack sees it: parameters by name and id, a replica by its role", () => {
            // azure-native keeps outputs only: configurationName, serverName and createMode are inputs, absent from state.
            const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-acme";
            const primary = named(SERVER, "server", { id, name: "psql-acme", replicationRole: "Primary", backup: { geoRedundantBackup: "Enabled" }, tags: anycloudTags("prod", "database") });
            const deployedParameter = (name: string, value: string) => named(CONFIGURATION, `param-${name}`, { id: `${id}/configurations/${name}`, name, value });
            assertPasses(postgresSecureTransport, primary, [deployedParameter("require_secure_transport", "on")]);
            assertFails(postgresSecureTransport, primary, /require_secure_transport is off/, [deployedParameter("require_secure_transport", "off")]);
            const replica = named(SERVER, "replica", { name: "psql-acme-r1", replicationRole: "AsyncReplica", sourceServerResourceId: id, backup: { geoRedundantBackup: "Disabled" }, tags: anycloudTags("prod", "database") });
            assertPasses(postgresGeoRedundantBackup, replica, [primary]);
            assertPasses(postgresSecureTransport, replica, [primary, deployedParameter("require_secure_transport", "on")]);
        });

        it("azure-postgres-geo-redundant-backup: passes geo-redundant backups, records dev and staging as exceptions, fails prod, and judges a replica by its source", () => {
            const geo = (environment: string, mode: string) => server({ backup: { backupRetentionDays: 7, geoRedundantBackup: mode }, tags: anycloudTags(environment, "database") });
            assertPasses(postgresGeoRedundantBackup, geo("prod", "Enabled"));
            assert.match(assertException(postgresGeoRedundantBackup, geo("dev", "Disabled"), []), /^dev server.*only be chosen when a server is created/);
            assertException(postgresGeoRedundantBackup, geo("staging", "Disabled"), []);
            assertFails(postgresGeoRedundantBackup, geo("prod", "Disabled"), /"Disabled": a regional outage/);
            assertFails(postgresGeoRedundantBackup, server({ backup: { backupRetentionDays: 7 } }), /not set/);
            const source = geo("prod", "Enabled");
            assertPasses(postgresGeoRedundantBackup, replicaOf(source), [source]);
            const bare = geo("prod", "Disabled");
            assertFails(postgresGeoRedundantBackup, replicaOf(bare), /its source server server: backup\.geoRedundantBackup/, [bare]);
            const dev = geo("dev", "Disabled");
            assertException(postgresGeoRedundantBackup, replicaOf(dev), [], [dev]);
            assertNotApplicable(postgresGeoRedundantBackup, named(SERVER, "replica", { createMode: "Replica", sourceServerResourceId: "elsewhere" }), /source server is not in this stack/);
        });
    });

    describe("network", () => {
        const nsgRule = (props: Record<string, unknown>) => named(NSG_RULE, "rule", {
            securityRuleName: "allow-ssh", direction: "Inbound", access: "Allow", protocol: "Tcp", priority: 1000,
            sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22", sourceAddressPrefix: "203.0.113.0/24", ...props,
        });

        it("azure-network-no-ssh-from-internet: fails SSH allowed from *, Internet, 0.0.0.0/0 or any port range covering 22, in a rule or an NSG's inline rules", () => {
            assertPasses(networkNoSshFromInternet, nsgRule({}));
            assertPasses(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ["203.0.113.0/24", "198.51.100.0/24"] }));
            assertPasses(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "*", access: "Deny" }));
            assertPasses(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "*", direction: "Outbound" }));
            assertPasses(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "*", destinationPortRange: "443" }));
            assertPasses(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "VirtualNetwork", destinationPortRange: "*" }));
            assertFails(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "*" }), /allow-ssh allows port 22 from \*/);
            assertFails(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "Internet", destinationPortRange: "20-25" }), /from Internet/);
            assertFails(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ["10.0.0.0/8", "0.0.0.0/0"], destinationPortRange: undefined, destinationPortRanges: ["443", "22"] }), /from 0\.0\.0\.0\/0/);
            assertFails(networkNoSshFromInternet, nsgRule({ sourceAddressPrefix: "any", protocol: "*", destinationPortRange: "*" }), /from any/);
            const nsg = (rules: Record<string, unknown>[]) => named(NSG, "nsg", { networkSecurityGroupName: "nsg", securityRules: rules });
            assertPasses(networkNoSshFromInternet, nsg([{ ...nsgRule({}).props, name: "office" }]));
            assertFails(networkNoSshFromInternet, nsg([{ ...nsgRule({}).props, name: "office" }, { ...nsgRule({ sourceAddressPrefix: "0.0.0.0/0" }).props, name: "everyone" }]), /^everyone allows port 22/);
        });

        it("azure-network-no-rdp-from-internet: fails RDP allowed from the internet, passes it from named ranges", () => {
            assertPasses(networkNoRdpFromInternet, nsgRule({ destinationPortRange: "3389" }));
            // SSH is the other rule's.
            assertPasses(networkNoRdpFromInternet, nsgRule({ sourceAddressPrefix: "*", destinationPortRange: "22" }));
            assertFails(networkNoRdpFromInternet, nsgRule({ sourceAddressPrefix: "*", destinationPortRange: "3389" }), /port 3389 from \*/);
            assertFails(networkNoRdpFromInternet, nsgRule({ sourceAddressPrefix: "Internet", destinationPortRange: "3000-4000", protocol: "Udp" }), /port 3389 from Internet/);
        });

        it("azure-network-subnet-nsg: passes subnets with an NSG, fails one without, leaves out subnets Azure keeps NSG-free", () => {
            const nsg = named(NSG, "nsg", {});
            assertPasses(networkSubnetNsg, named(SUBNET, "subnet", { subnetName: "snet-private", networkSecurityGroup: { id: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg` } }));
            assertPasses(networkSubnetNsg, named(SUBNET, "subnet", { subnetName: "snet-private", networkSecurityGroup: {} }, wired("networkSecurityGroup", nsg)), [nsg]);
            assertFails(networkSubnetNsg, named(SUBNET, "subnet", { subnetName: "snet-private" }), /subnet snet-private has no NSG/);
            assertNotApplicable(networkSubnetNsg, named(SUBNET, "gateway", { subnetName: "GatewaySubnet" }), /takes no NSG/);
            assertNotApplicable(networkSubnetNsg, named(SUBNET, "files", { subnetName: "snet-files", delegations: [{ name: "netapp", serviceName: "Microsoft.Netapp/volumes" }] }), /Netapp/);
            const vnet = (subnets?: Record<string, unknown>[]) => named(VNET, "vnet", { virtualNetworkName: "vnet", subnets });
            assertPasses(networkSubnetNsg, vnet([{ name: "a", networkSecurityGroup: { id: "nsg-a" } }, { name: "AzureFirewallSubnet" }]));
            assertFails(networkSubnetNsg, vnet([{ name: "a", networkSecurityGroup: { id: "nsg-a" } }, { name: "b" }]), /inline subnet b has no NSG/);
            assertNotApplicable(networkSubnetNsg, vnet(), /separate Subnet resources/);
        });

        it("azure-network-flow-log-retention: passes 90 days or more, or 0 (forever), fails shorter or no retention", () => {
            const log = (retentionPolicy: unknown) => named(FLOW_LOG, "flow-log", { enabled: true, retentionPolicy });
            for (const days of [90, 365, 0]) {
                assertPasses(networkFlowLogRetention, log({ enabled: true, days }));
            }
            assertFails(networkFlowLogRetention, log({ enabled: true, days: 30 }), /days is 30: fewer than 90 days/);
            assertFails(networkFlowLogRetention, log({ enabled: false, days: 90 }), /no retention is set/);
            assertFails(networkFlowLogRetention, log(undefined), /no retention/);
        });

        it("azure-network-vnet-flow-log: passes a VNet with an enabled flow log, fails a VNet without one, or with a disabled one", () => {
            const vnet = named(VNET, "vnet", { virtualNetworkName: "vnet-acme", resourceGroupName: "rg" });
            const log = (enabled: unknown, extra: Partial<CheckedResource> = wired("targetResourceId", vnet)) => named(FLOW_LOG, "flow-log", {
                enabled, targetResourceId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-acme`, retentionPolicy: { enabled: true, days: 90 },
            }, extra);
            assertPasses(networkVnetFlowLog, vnet, [log(true)]);
            // Matched by the VNet's id.
            assertPasses(networkVnetFlowLog, vnet, [log(true, {})]);
            assertPasses(networkVnetFlowLog, log(true));
            assertFails(networkVnetFlowLog, vnet, /no flow log targets this VNet/);
            assertFails(networkVnetFlowLog, vnet, /flow log flow-log is not enabled/, [log(false)]);
            assertFails(networkVnetFlowLog, log(false), /not enabled \(enabled: false\)/);
            assertFails(networkVnetFlowLog, named(VNET, "other", { virtualNetworkName: "vnet-other" }), /no flow log/, [log(true, {})]);
        });
    });

    describe("bastion VM", () => {
        const linux = (overrides: Record<string, unknown> = {}) => ({
            adminUsername: "azureuser",
            linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ keyData: "ssh-ed25519 AAAA", path: "/home/azureuser/.ssh/authorized_keys" }] } },
            ...overrides,
        });

        it("azure-compute-vm-password-auth-disabled: passes SSH keys only, fails passwords allowed, an admin password or no key", () => {
            assertPasses(computeVmPasswordAuthDisabled, named(VM, "vm", { osProfile: linux() }));
            assertFails(computeVmPasswordAuthDisabled, named(VM, "vm", { osProfile: linux({ linuxConfiguration: { disablePasswordAuthentication: false, ssh: { publicKeys: [{ keyData: "k" }] } } }) }), /disablePasswordAuthentication is not true/);
            assertFails(computeVmPasswordAuthDisabled, named(VM, "vm", { osProfile: linux({ adminPassword: "[secret]" }) }), /an adminPassword is set/);
            assertFails(computeVmPasswordAuthDisabled, named(VM, "vm", { osProfile: linux({ linuxConfiguration: { disablePasswordAuthentication: true } }) }), /no SSH public key/);
            assertFails(computeVmPasswordAuthDisabled, named(VM, "vm", { osProfile: { adminUsername: "u", adminPassword: "p" } }), /may accept passwords/);
            assertNotApplicable(computeVmPasswordAuthDisabled, named(VM, "vm", { osProfile: { windowsConfiguration: {} } }), /Windows/);
            assertNotApplicable(computeVmPasswordAuthDisabled, named(VM, "vm", {}), /no OS profile/);
        });

        it("azure-compute-vm-no-public-ip: passes private NICs and VMs, records the bastion as an exception held by the SSH rule, fails any other public IP", () => {
            const ip = named("azure-native:network:PublicIPAddress", "ip", {});
            const nic = (publicIp: boolean, component: string) => named(NIC, `nic-${component}`, {
                networkInterfaceName: `nic-${component}`, tags: anycloudTags("prod", component),
                ipConfigurations: [{ name: "primary", subnet: { id: "snet" }, ...(publicIp ? { publicIPAddress: { id: "pip" } } : {}) }],
            }, wired("ipConfigurations", ip));
            const vm = (of: CheckedResource, component: string) => named(VM, `vm-${component}`, { networkProfile: { networkInterfaces: [{ id: "nic" }] }, tags: anycloudTags("prod", component) }, wired("networkProfile", of));
            assertPasses(computeVmNoPublicIp, nic(false, "jumpbox"));
            const bastionNic = nic(true, "bastion");
            assert.match(assertException(computeVmNoPublicIp, bastionNic, ["azure-network-no-ssh-from-internet", "azure-network-no-rdp-from-internet"]), /allowedCidrs/);
            assertException(computeVmNoPublicIp, vm(bastionNic, "bastion"), ["azure-network-no-ssh-from-internet", "azure-network-no-rdp-from-internet"], [bastionNic]);
            const exposed = nic(true, "jumpbox");
            assertFails(computeVmNoPublicIp, exposed, /public IP address on nic-jumpbox\/primary/);
            assertFails(computeVmNoPublicIp, vm(exposed, "jumpbox"), /nic-jumpbox\/primary/, [exposed]);
            const privateNic = nic(false, "jumpbox");
            assertPasses(computeVmNoPublicIp, vm(privateNic, "jumpbox"), [privateNic]);
            assertFails(computeVmNoPublicIp, named(VM, "vm", { networkProfile: { networkInterfaceConfigurations: [{ name: "nic", ipConfigurations: [{ name: "ip", publicIPAddressConfiguration: { name: "pip" } }] }] } }), /nic\/ip/);
        });
    });

    describe("billing", () => {
        const group = named(GROUP, "group", { resourceGroupName: "rg-acme-transit-prod", tags: { ...anycloudTags("prod", "network"), project: "transit" } });
        const budget = (props: Record<string, unknown>, extra: Partial<CheckedResource> = {}) => named(BUDGET, "budget", {
            amount: 9000, category: "Cost", timeGrain: "Monthly", scope: SUBSCRIPTION,
            notifications: { Actual_GreaterThan_80_Percent: { enabled: true, operator: "GreaterThan", threshold: 80, contactEmails: ["ops@acme.example"] } }, ...props,
        }, extra);
        const byGroups = (...values: string[]) => ({ dimensions: { name: "ResourceGroupName", operator: "In", values } });

        it("azure-billing-budget: passes a resource group counted by a budget that notifies someone, fails one no budget counts or whose budget notifies nobody", () => {
            assertPasses(billingBudget, group, [budget({ filter: byGroups("rg-acme-transit-prod", "rg-aks-nodes-acme-transit-prod") })]);
            // A subscription budget without a filter counts everything.
            assertPasses(billingBudget, group, [budget({})]);
            assertPasses(billingBudget, group, [budget({ scope: `${SUBSCRIPTION}/resourceGroups/rg-acme-transit-prod` })]);
            // Tags of the group.
            assertPasses(billingBudget, group, [budget({ filter: { tags: { name: "project", operator: "In", values: ["transit", "other"] } } }, {})]);
            // A filter built from the group's name, unknown before the deployment.
            assertPasses(billingBudget, group, [budget({ filter: byGroups() }, wired("filter", group))]);
            assertPasses(billingBudget, budget({}));
            assertFails(billingBudget, group, /no budget counts the spend of resource group rg-acme-transit-prod/);
            assertFails(billingBudget, group, /no budget counts/, [budget({ filter: byGroups("rg-someone-else") })]);
            assertFails(billingBudget, group, /no budget counts/, [budget({ scope: `${SUBSCRIPTION}/resourceGroups/rg-someone-else` })]);
            assertFails(billingBudget, group, /no budget counts/, [budget({ filter: { and: [byGroups("rg-acme-transit-prod"), { tags: { name: "project", operator: "In", values: ["other"] } }] } })]);
            const silent = budget({ notifications: { Actual_GreaterThan_80_Percent: { enabled: true, threshold: 80, contactEmails: [] } } });
            assertFails(billingBudget, group, /alerts nobody/, [silent]);
            assertFails(billingBudget, silent, /none of its notifications/);
            assertFails(billingBudget, budget({ amount: 0 }), /amount is 0/);
            // A deployed budget's state has no scope, only its id below the scope.
            const deployed = (scope: string) => budget({ scope: undefined, id: `${scope}/providers/Microsoft.Consumption/budgets/budget-acme` });
            assertPasses(billingBudget, group, [deployed(`${SUBSCRIPTION}/resourceGroups/rg-acme-transit-prod`)]);
            assertFails(billingBudget, group, /no budget counts/, [deployed(`${SUBSCRIPTION}/resourceGroups/rg-someone-else`)]);
        });
    });

    describe("the reference stacks", function () {
        this.timeout(120000);

        const designed = ["azure-aks-private-cluster", "azure-aks-monitoring-addon", "azure-aks-kms-etcd-encryption", "azure-aks-os-disk-cmk", "azure-aks-encryption-at-host",
            "azure-postgres-private-endpoint", "azure-compute-vm-no-public-ip"];
        for (const [stack, exceptions] of [["azure-dev", [...designed, "azure-aks-standard-tier", "azure-postgres-geo-redundant-backup"]], ["azure-prod", designed]] as const) {
            it(`${stack}: no rule fails, every rule finds something, and the exceptions are the designed ones`, async () => {
                const findings = await cleanFindingsOn(stack, AZURE_RULES);
                assert.deepEqual([...new Set(findings.filter((f) => f.status === "exception").map((f) => f.rule))].sort(), [...exceptions].sort());
            });
        }

        it("azure-prod: the bastion's exception turns into a failure once SSH is open to the internet", async () => {
            const resources = await referenceResources("azure-prod");
            const ssh = resources.find((r) => r.type === NSG_RULE && r.name === "platform-bastion-allow-ssh-from-allowlist")!;
            const broken = resources.map((r) => (r === ssh ? { ...r, props: { ...r.props, sourceAddressPrefixes: ["0.0.0.0/0"] } } : r));
            const report = evaluate(AZURE_RULES, broken);
            assert.deepEqual(report.rules.find((r) => r.id === "azure-network-no-ssh-from-internet")!.findings.filter((f) => f.status === "fail").map((f) => f.urn), [ssh.urn]);
            const bastion = report.rules.find((r) => r.id === "azure-compute-vm-no-public-ip")!;
            assert.equal(bastion.status, "fail");
            assert.ok(bastion.findings.every((f) => f.status === "fail" && /compensating rule azure-network-no-ssh-from-internet does not pass/.test(f.message!)));
            assert.ok(report.blocking.includes("azure-compute-vm-no-public-ip") && report.blocking.includes("azure-network-no-ssh-from-internet"));
        });
    });
});
