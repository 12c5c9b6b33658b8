import { Rule } from "../rule";
import { rule as gkePrivateNodes } from "./gcp-gke-private-nodes";
import { rule as gkePrivateEndpoint } from "./gcp-gke-private-endpoint";
import { rule as gkeAuthorizedNetworks } from "./gcp-gke-authorized-networks";
import { rule as gkeMetadataServer } from "./gcp-gke-metadata-server";
import { rule as gkeNoDefaultServiceAccount } from "./gcp-gke-no-default-service-account";
import { rule as gkeShieldedNodes } from "./gcp-gke-shielded-nodes";
import { rule as gkeLegacyAbacDisabled } from "./gcp-gke-legacy-abac-disabled";
import { rule as gkeClientCertificateDisabled } from "./gcp-gke-client-certificate-disabled";
import { rule as gkeNetworkPolicy } from "./gcp-gke-network-policy";
import { rule as gkeWorkloadIdentity } from "./gcp-gke-workload-identity";
import { rule as gkeSecretsEncryption } from "./gcp-gke-secrets-encryption";
import { rule as gkeReleaseChannel } from "./gcp-gke-release-channel";
import { rule as gkeLoggingMonitoring } from "./gcp-gke-logging-monitoring";
import { rule as gkeNoAlpha } from "./gcp-gke-no-alpha";
import { rule as gkeVpcNative } from "./gcp-gke-vpc-native";
import { rule as gkeNodeImageCos } from "./gcp-gke-node-image-cos";
import { rule as gkeNodeAutoRepairUpgrade } from "./gcp-gke-node-auto-repair-upgrade";
import { rule as gkeNodePoolMultiZone } from "./gcp-gke-node-pool-multi-zone";
import { rule as sqlNoPublicIp } from "./gcp-sql-no-public-ip";
import { rule as sqlNoInternetAuthorizedNetwork } from "./gcp-sql-no-internet-authorized-network";
import { rule as sqlSslRequired } from "./gcp-sql-ssl-required";
import { rule as sqlBackupsEnabled } from "./gcp-sql-backups-enabled";
import { rule as sqlPointInTimeRecovery } from "./gcp-sql-point-in-time-recovery";
import { rule as sqlDeletionProtection } from "./gcp-sql-deletion-protection";
import { rule as vpcFirewallNoSshFromInternet } from "./gcp-vpc-firewall-no-ssh-from-internet";
import { rule as vpcFirewallNoAllPortsFromInternet } from "./gcp-vpc-firewall-no-all-ports-from-internet";
import { rule as vpcSubnetFlowLogs } from "./gcp-vpc-subnet-flow-logs";
import { rule as computeNoPublicIp } from "./gcp-compute-no-public-ip";
import { rule as computeBlockProjectSshKeys } from "./gcp-compute-block-project-ssh-keys";
import { rule as computeOsLogin } from "./gcp-compute-os-login";
import { rule as computeSerialPortDisabled } from "./gcp-compute-serial-port-disabled";
import { rule as computeShieldedVm } from "./gcp-compute-shielded-vm";
import { rule as computeNoDefaultServiceAccount } from "./gcp-compute-no-default-service-account";
import { rule as billingBudgetPerPlatform } from "./gcp-billing-budget-per-platform";

/** Every gcp rule, one per file in this folder (policies/rules/gcp-<service>-<rule>.ts). */
export const GCP_RULES: readonly Rule[] = [
    gkePrivateNodes,
    gkePrivateEndpoint,
    gkeAuthorizedNetworks,
    gkeMetadataServer,
    gkeNoDefaultServiceAccount,
    gkeShieldedNodes,
    gkeLegacyAbacDisabled,
    gkeClientCertificateDisabled,
    gkeNetworkPolicy,
    gkeWorkloadIdentity,
    gkeSecretsEncryption,
    gkeReleaseChannel,
    gkeLoggingMonitoring,
    gkeNoAlpha,
    gkeVpcNative,
    gkeNodeImageCos,
    gkeNodeAutoRepairUpgrade,
    gkeNodePoolMultiZone,
    sqlNoPublicIp,
    sqlNoInternetAuthorizedNetwork,
    sqlSslRequired,
    sqlBackupsEnabled,
    sqlPointInTimeRecovery,
    sqlDeletionProtection,
    vpcFirewallNoSshFromInternet,
    vpcFirewallNoAllPortsFromInternet,
    vpcSubnetFlowLogs,
    computeNoPublicIp,
    computeBlockProjectSshKeys,
    computeOsLogin,
    computeSerialPortDisabled,
    computeShieldedVm,
    computeNoDefaultServiceAccount,
    billingBudgetPerPlatform,
];
