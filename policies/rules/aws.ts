import { Rule } from "../rule";
import { rule as budgetsPlatformBudget } from "./aws-budgets-platform-budget";
import { rule as ec2InstanceImdsv2 } from "./aws-ec2-instance-imdsv2";
import { rule as ec2InstanceNoPublicIp } from "./aws-ec2-instance-no-public-ip";
import { rule as ec2LaunchTemplateImdsv2 } from "./aws-ec2-launch-template-imdsv2";
import { rule as eksAccessEntries } from "./aws-eks-access-entries";
import { rule as eksControlPlaneLogging } from "./aws-eks-control-plane-logging";
import { rule as eksNetworkPolicy } from "./aws-eks-network-policy";
import { rule as eksNodeGroupMultiZone } from "./aws-eks-node-group-multi-zone";
import { rule as eksNodeGroupPrivateSubnets } from "./aws-eks-node-group-private-subnets";
import { rule as eksNodeGroupRemoteAccess } from "./aws-eks-node-group-remote-access";
import { rule as eksPrivateEndpoint } from "./aws-eks-private-endpoint";
import { rule as eksPublicAccessRestricted } from "./aws-eks-public-access-restricted";
import { rule as eksSecretsEncryption } from "./aws-eks-secrets-encryption";
import { rule as eksSupportedVersion } from "./aws-eks-supported-version";
import { rule as eksWorkloadIdentity } from "./aws-eks-workload-identity";
import { rule as rdsBackupRetention } from "./aws-rds-backup-retention";
import { rule as rdsCopyTagsToSnapshot } from "./aws-rds-copy-tags-to-snapshot";
import { rule as rdsCustomerManagedKey } from "./aws-rds-customer-managed-key";
import { rule as rdsDeletionProtection } from "./aws-rds-deletion-protection";
import { rule as rdsEnhancedMonitoring } from "./aws-rds-enhanced-monitoring";
import { rule as rdsFinalSnapshot } from "./aws-rds-final-snapshot";
import { rule as rdsIamAuth } from "./aws-rds-iam-auth";
import { rule as rdsLogExports } from "./aws-rds-log-exports";
import { rule as rdsNoPublicInstance } from "./aws-rds-no-public-instance";
import { rule as rdsPerformanceInsights } from "./aws-rds-performance-insights";
import { rule as rdsPerformanceInsightsCmk } from "./aws-rds-performance-insights-cmk";
import { rule as rdsStorageEncrypted } from "./aws-rds-storage-encrypted";
import { rule as vpcDefaultSgRestrictsAll } from "./aws-vpc-default-sg-restricts-all";
import { rule as vpcFlowLogs } from "./aws-vpc-flow-logs";
import { rule as vpcNoAllPortsFromInternet } from "./aws-vpc-no-all-ports-from-internet";
import { rule as vpcNoDefaultVpc } from "./aws-vpc-no-default-vpc";
import { rule as vpcNoRdpFromInternet } from "./aws-vpc-no-rdp-from-internet";
import { rule as vpcNoSshFromInternet } from "./aws-vpc-no-ssh-from-internet";
import { rule as vpcSecurityGroupDescriptions } from "./aws-vpc-security-group-descriptions";

/** Every aws rule, one per file in this folder (policies/rules/aws-<service>-<rule>.ts). */
export const AWS_RULES: readonly Rule[] = [
    eksPrivateEndpoint,
    eksPublicAccessRestricted,
    eksSecretsEncryption,
    eksControlPlaneLogging,
    eksSupportedVersion,
    eksNetworkPolicy,
    eksWorkloadIdentity,
    eksAccessEntries,
    eksNodeGroupPrivateSubnets,
    eksNodeGroupMultiZone,
    eksNodeGroupRemoteAccess,
    ec2LaunchTemplateImdsv2,
    ec2InstanceImdsv2,
    ec2InstanceNoPublicIp,
    vpcNoSshFromInternet,
    vpcNoRdpFromInternet,
    vpcNoAllPortsFromInternet,
    vpcSecurityGroupDescriptions,
    vpcDefaultSgRestrictsAll,
    vpcFlowLogs,
    vpcNoDefaultVpc,
    rdsNoPublicInstance,
    rdsStorageEncrypted,
    rdsCustomerManagedKey,
    rdsBackupRetention,
    rdsDeletionProtection,
    rdsFinalSnapshot,
    rdsIamAuth,
    rdsLogExports,
    rdsEnhancedMonitoring,
    rdsPerformanceInsights,
    rdsPerformanceInsightsCmk,
    rdsCopyTagsToSnapshot,
    budgetsPlatformBudget,
];
