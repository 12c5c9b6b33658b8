import { inputsOf, ReplacementInputs } from "../replacement-inputs";
import type * as budgets from "@pulumi/aws/budgets";
import type * as kms from "@pulumi/aws/kms";
import type * as organizations from "@pulumi/aws/organizations";
import type * as eks from "@pulumi/eks";
import type * as rds from "@pulumi/aws/rds";
import * as pulumi from "@pulumi/pulumi";

/**
 * Inputs that make the provider replace a stateful resource (delete it and create a new one)
 * instead of updating it in place. pulumi-aws bridges the Terraform AWS provider, so these are
 * the attributes that provider's schema marks ForceNew (or RequiresReplace), renamed to Pulumi's
 * camelCase input names.
 *
 * Keeping them in one place lets the adapters, their tests and the docs agree. The adapters
 * derive keepers from this table (for example the database's final-snapshot suffix), and the
 * tests check that the resources whose inputs appear here are protected. The `source` of an
 * entry is the provider file at the commit that was read. Check it again when pulumi-aws gets
 * a new major version.
 */
const TF_AWS = "https://github.com/hashicorp/terraform-provider-aws/blob";

/** Keyed by Pulumi resource type token. */
export const REPLACEMENT_INPUTS: Record<string, ReplacementInputs> = {
    "aws:rds/cluster:Cluster": {
        inputs: inputsOf<rds.ClusterArgs>(
            "availabilityZones", "clusterIdentifier", "clusterIdentifierPrefix", "clusterScalabilityType",
            "databaseName", "dbSubnetGroupName", "dbSystemId", "engine", "engineMode", "kmsKeyId",
            "masterUsername", "restoreToPointInTime", "s3Import", "snapshotIdentifier", "sourceRegion", "storageEncrypted",
        ),
        source: `${TF_AWS}/0168cf6844f393420326f1426bf18ed357b56a77/internal/service/rds/cluster.go`,
        note: "availabilityZones is also Computed: with fewer than three zones RDS adds its own, and every later update replaces the cluster. "
            + "storageType forces replacement only for non-Aurora engines (CustomizeDiff). Removing snapshotIdentifier does not force replacement (DiffSuppressFunc). "
            + "s3Import: every field inside it is ForceNew. "
            + "engineVersion, dbClusterParameterGroupName, manageMasterUserPassword, masterUserSecretKmsKeyId, port and vpcSecurityGroupIds are updated in place.",
    },
    "aws:rds/clusterInstance:ClusterInstance": {
        inputs: inputsOf<rds.ClusterInstanceArgs>(
            "availabilityZone", "clusterIdentifier", "customIamInstanceProfile", "dbSubnetGroupName", "engine", "identifier", "identifierPrefix",
        ),
        source: `${TF_AWS}/01606926a0c0ab9174aec440f976a48b0baee722/internal/service/rds/cluster_instance.go`,
        note: "instanceClass, dbParameterGroupName, engineVersion and the Performance Insights and monitoring inputs are updated in place. "
            + "An instance's data lives in the cluster's storage, so replacing an instance causes downtime but loses no data.",
    },
    "aws:kms/key:Key": {
        inputs: inputsOf<kms.KeyArgs>("customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"),
        source: `${TF_AWS}/00a35305dc1b297a6fcdecdfbba33f1e63c3da39/internal/service/kms/key.go`,
        note: "description, policy, enableKeyRotation and rotationPeriodInDays are updated in place. "
            + "Replacing the key schedules the old one for deletion, and with it every snapshot and backup encrypted under it.",
    },
    "eks:index:Cluster": {
        inputs: inputsOf<eks.ClusterArgs>("name", "kubernetesServiceIpAddressRange", "ipFamily", "encryptionConfigKeyArn", "serviceRole", "bootstrapSelfManagedAddons"),
        source: "@pulumi/aws eks/cluster.d.ts and types/input.d.ts (7.48): kubernetesNetworkConfig.serviceIpv4Cidr, ipFamily and bootstrapSelfManagedAddons \"force a new cluster\"; "
            + "EKS API UpdateClusterConfig (name, role and an encryption key once set cannot change); pulumi-eks v4.3.0 nodejs/eks/cluster/cluster.ts (ignoreChanges on bootstrapSelfManagedAddons)",
        note: "The remote component builds an aws:eks/cluster:Cluster whose ForceNew inputs these map onto. The cluster name is fixed, so a replacement "
            + "cannot create the new cluster while the old one holds the name: existing-cluster.ts keeps name and Service range from creation (a Stash) "
            + "and refuses a change. bootstrapSelfManagedAddons is ignored by the component after creation. "
            + "version, endpoint access, public CIDRs, log types, subnets (within the creation zones) and upgradePolicy are updated in place.",
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        inputs: inputsOf<rds.SubnetGroupArgs>("name", "namePrefix"),
        source: `${TF_AWS}/01c08000ddb14181b5bd19201d8fca311dc570e4/internal/service/rds/subnet_group.go`,
        note: "subnetIds and description are updated in place. The cluster's dbSubnetGroupName is ForceNew, so a subnet group with a new name replaces the cluster.",
    },
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
        inputs: inputsOf<rds.ClusterParameterGroupArgs>("description", "family", "name", "namePrefix"),
        source: `${TF_AWS}/01e5fd8f048e919760263fed00bb5a7120439a4f/internal/service/rds/cluster_parameter_group.go`,
        note: "Replacing the group is harmless: it is named by namePrefix, so the new group is created before the old one is deleted, "
            + "and the cluster's dbClusterParameterGroupName is updated in place. This is how a major version change switches the family.",
    },
    "aws:organizations/account:Account": {
        // parentId: pulumi/pulumi-aws#6242 (open) reports a replacement on a changed parent; ignored, so moving the account is done in Organizations.
        inputs: inputsOf<organizations.AccountArgs>("email", "iamUserAccessToBilling", "name", "roleName", "parentId"),
        source: `${TF_AWS}/01f431114674c27cf790fafb67ac274bf8f765e1/internal/service/organizations/account.go`,
        note: "billing.accountPerProject (account-per-project.ts): the account is protected and ignores changes of all five, so it is never replaced. "
            + "Terraform updates parentId in place (MoveAccount), but pulumi/pulumi-aws#6242 reports a replacement on 7.20, so a changed organizationalUnitId is ignored: move the account in Organizations. Tags are updated in place. "
            + "closeOnDeletion only decides what a delete does (close the account, or only remove it from the organization); it stays false. "
            + "roleName cannot be read back from AWS, so an imported account shows a diff on it unless it is ignored.",
    },
    "aws:budgets/budget:Budget": {
        inputs: inputsOf<budgets.BudgetArgs>("accountId", "name", "namePrefix"),
        source: `${TF_AWS}/01d5888a070712729f1d55bb0918d299a3d2a140/internal/service/budgets/budget.go`,
        note: "Holds no data: a replaced budget only starts its own history again. Its name is <prefix>-monthly (billing.ts), so only a new "
            + "customer, project or environment replaces it, and then with a new name, created before the old one is deleted. "
            + "limitAmount, filterExpression, metrics, notifications and their subscribers are updated in place (UpdateBudget, then notification by notification).",
    },
};

/**
 * Keepers for a random value that must change exactly when a resource of `type` is replaced:
 * the given inputs, as strings. Each of them must be a replacement input of `type`, so that no
 * in-place update renews the value.
 */
export function replacementKeepers(type: string, inputs: Record<string, pulumi.Input<string | number | boolean>>): Record<string, pulumi.Output<string>> {
    const known = REPLACEMENT_INPUTS[type]?.inputs ?? [];
    const inPlace = Object.keys(inputs).filter((key) => !known.includes(key));
    if (inPlace.length > 0) {
        throw new Error(`${inPlace.join(", ")} ${inPlace.length === 1 ? "does" : "do"} not replace ${type} (providers/aws/replacement-inputs.ts), so it must not renew its keepers`);
    }
    return Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, pulumi.output(value).apply(String)]));
}
