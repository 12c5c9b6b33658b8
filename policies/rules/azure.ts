import { Rule } from "../rule";
import { rule as aksApiAuthorizedRanges } from "./azure-aks-api-authorized-ranges";
import { rule as aksAuditLogs } from "./azure-aks-audit-logs";
import { rule as aksMonitoringAddon } from "./azure-aks-monitoring-addon";
import { rule as aksAutoUpgradeChannel } from "./azure-aks-auto-upgrade-channel";
import { rule as aksAzurePolicyAddon } from "./azure-aks-azure-policy-addon";
import { rule as aksEncryptionAtHost } from "./azure-aks-encryption-at-host";
import { rule as aksEntraIdRbac } from "./azure-aks-entra-id-rbac";
import { rule as aksKmsEtcdEncryption } from "./azure-aks-kms-etcd-encryption";
import { rule as aksLocalAccountsDisabled } from "./azure-aks-local-accounts-disabled";
import { rule as aksMultiZonePools } from "./azure-aks-multi-zone-pools";
import { rule as aksNetworkPolicy } from "./azure-aks-network-policy";
import { rule as aksNoNodePublicIp } from "./azure-aks-no-node-public-ip";
import { rule as aksOsDiskCmk } from "./azure-aks-os-disk-cmk";
import { rule as aksPrivateCluster } from "./azure-aks-private-cluster";
import { rule as aksRbacEnabled } from "./azure-aks-rbac-enabled";
import { rule as aksStandardTier } from "./azure-aks-standard-tier";
import { rule as aksWorkloadIdentity } from "./azure-aks-workload-identity";
import { rule as billingBudget } from "./azure-billing-budget";
import { rule as computeVmNoPublicIp } from "./azure-compute-vm-no-public-ip";
import { rule as computeVmPasswordAuthDisabled } from "./azure-compute-vm-password-auth-disabled";
import { rule as networkFlowLogRetention } from "./azure-network-flow-log-retention";
import { rule as networkNoRdpFromInternet } from "./azure-network-no-rdp-from-internet";
import { rule as networkNoSshFromInternet } from "./azure-network-no-ssh-from-internet";
import { rule as networkSubnetNsg } from "./azure-network-subnet-nsg";
import { rule as networkVnetFlowLog } from "./azure-network-vnet-flow-log";
import { rule as postgresGeoRedundantBackup } from "./azure-postgres-geo-redundant-backup";
import { rule as postgresNoPublicFirewallRule } from "./azure-postgres-no-public-firewall-rule";
import { rule as postgresPrivateEndpoint } from "./azure-postgres-private-endpoint";
import { rule as postgresPublicNetworkAccessDisabled } from "./azure-postgres-public-network-access-disabled";
import { rule as postgresSecureTransport } from "./azure-postgres-secure-transport";

/** Every azure rule, one per file in this folder (policies/rules/azure-<service>-<rule>.ts). */
export const AZURE_RULES: readonly Rule[] = [
    // AKS: the API endpoint decision, identity, network, add-ons, upgrades, encryption, zones
    aksPrivateCluster,
    aksApiAuthorizedRanges,
    aksRbacEnabled,
    aksEntraIdRbac,
    aksLocalAccountsDisabled,
    aksWorkloadIdentity,
    aksNetworkPolicy,
    aksNoNodePublicIp,
    aksAzurePolicyAddon,
    aksAuditLogs,
    aksMonitoringAddon,
    aksStandardTier,
    aksAutoUpgradeChannel,
    aksKmsEtcdEncryption,
    aksOsDiskCmk,
    aksEncryptionAtHost,
    aksMultiZonePools,
    // PostgreSQL Flexible Server
    postgresPublicNetworkAccessDisabled,
    postgresPrivateEndpoint,
    postgresNoPublicFirewallRule,
    postgresSecureTransport,
    postgresGeoRedundantBackup,
    // Network
    networkNoSshFromInternet,
    networkNoRdpFromInternet,
    networkSubnetNsg,
    networkVnetFlowLog,
    networkFlowLogRetention,
    // Bastion VM
    computeVmNoPublicIp,
    computeVmPasswordAuthDisabled,
    // Billing
    billingBudget,
];
