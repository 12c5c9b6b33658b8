import { inputsOf, ReplacementInputs } from "../replacement-inputs";
import type * as billing from "@pulumi/gcp/billing";
import type * as container from "@pulumi/gcp/container";
import type * as kms from "@pulumi/gcp/kms";
import type * as organizations from "@pulumi/gcp/organizations";
import type * as secretmanager from "@pulumi/gcp/secretmanager";
import type * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type * as sql from "@pulumi/gcp/sql";

/**
 * Inputs of stateful GCP resources that cannot change in place. pulumi-gcp bridges Google's
 * Terraform provider (the google-beta build), so these are the attributes its schema marks
 * ForceNew, in Pulumi's camelCase:
 *
 * - `inputs` (and `nestedInputs`): the provider replaces the resource (by default creating the
 *   new one first, which fails for a fixed name that is still taken) when one of them changes;
 * - `createOnly`: GCP refuses to change them after creation although the provider would try.
 *
 * Where config can change one of them, the adapter refuses the change before anything is touched
 * (a creation-settings check), or the resource's name follows the input so the replacement can
 * be created first. Keeping them in one place lets the adapters, their tests and the docs agree.
 * Check the `source` again when pulumi-gcp gets a new major version.
 */
const TF_GOOGLE = "https://github.com/hashicorp/terraform-provider-google/blob/e03b7622a26cf4e878f90bdccaca6aa3d03a7999/google/services";

/** Keyed by Pulumi resource type token. Each adapter adds the entries of the resources it owns. */
export const REPLACEMENT_INPUTS: Record<string, ReplacementInputs> = {
    "gcp:container/cluster:Cluster": {
        inputs: inputsOf<container.ClusterArgs>(
            "name", "location", "project", "network", "subnetwork", "networkingMode", "ipAllocationPolicy", "datapathProvider",
            "dataplaneOptimizationMode", "clusterIpv4Cidr", "defaultMaxPodsPerNode", "initialNodeCount", "nodePools",
            "enableAutopilot", "enableKubernetesAlpha", "enableTpu", "confidentialNodes", "description",
        ),
        nestedInputs: [
            "ipAllocationPolicy.clusterSecondaryRangeName", "ipAllocationPolicy.servicesSecondaryRangeName",
            "privateClusterConfig.masterIpv4CidrBlock", "privateClusterConfig.privateEndpointSubnetwork",
            "masterAuth.clientCertificateConfig.issueClientCertificate",
            "nodeConfig.serviceAccount", "nodeConfig.oauthScopes", "nodeConfig.metadata", "nodeConfig.shieldedInstanceConfig",
            "userManagedKeysConfig.clusterCa", "userManagedKeysConfig.etcdApiCa", "userManagedKeysConfig.etcdPeerCa", "userManagedKeysConfig.aggregationCa",
        ],
        source: `${TF_GOOGLE}/container/resource_container_cluster.go (ForceNew); ${TF_GOOGLE}/container/node_config.go (nodeConfig); `
            + "docs.cloud.google.com/kubernetes-engine/docs/concepts/network-isolation (a PSC-based cluster's endpoint access changes in place)",
        note: "The cluster's name is fixed, so a replacement in the same location fails (the new cluster cannot be created while the old one holds the name). "
            + "cluster-creation-settings.ts keeps the name (customer/project/environment), region and gcp.clusterLocation from creation (a Stash) and refuses a change with the key; "
            + "the subnet and its pods and services ranges are the network's, which refuses a change of network.cidr or cluster.serviceCidr the same way. "
            + "nodeConfig, nodePools and initialNodeCount are ignored after creation (the default pool is removed, and the provider would otherwise replace the cluster on every run). "
            + "No masterIpv4CidrBlock is set: the cluster uses Private Service Connect, and privateClusterConfig.enablePrivateEndpoint (apiAccess), "
            + "masterAuthorizedNetworksConfig, releaseChannel, minMasterVersion (upgrades only), databaseEncryption, maintenancePolicy, deletionProtection, "
            + "nodeLocations, addonsConfig (the persistent disk CSI driver), logging, monitoring and resourceLabels update in place.",
    },
    "gcp:container/nodePool:NodePool": {
        inputs: inputsOf<container.NodePoolArgs>("name", "namePrefix", "cluster", "location", "project", "initialNodeCount", "maxPodsPerNode", "placementPolicy", "queuedProvisioning", "networkConfig"),
        nestedInputs: [
            "nodeConfig.serviceAccount", "nodeConfig.oauthScopes", "nodeConfig.metadata", "nodeConfig.shieldedInstanceConfig",
            "nodeConfig.preemptible", "nodeConfig.spot", "nodeConfig.minCpuPlatform", "nodeConfig.guestAccelerators", "nodeConfig.localSsdCount",
            "nodeConfig.reservationAffinity", "nodeConfig.sandboxConfig", "nodeConfig.bootDiskKmsKey", "nodeConfig.advancedMachineFeatures",
        ],
        source: `${TF_GOOGLE}/container/resource_container_node_pool.go and node_config.go (ForceNew)`,
        note: "cluster-pools.ts names each pool after a hash of its machine type, the node account and the constant node settings (NODE_CONFIG), "
            + "so a change to any of them makes a new NodePool, created before the old one is deleted (GKE drains the old nodes). "
            + "initialNodeCount and nodeCount are ignored after creation (the autoscaler owns the count; a manual resize would otherwise replace the pool). "
            + "autoscaling limits, management, upgradeSettings, machineType, labels, taints and resourceLabels update in place; no version is set (auto-upgrade).",
    },
    "gcp:kms/keyRing:KeyRing": {
        inputs: inputsOf<kms.KeyRingArgs>("name", "location", "project"),
        source: `${TF_GOOGLE}/kms/resource_kms_key_ring.go (ForceNew)`,
        note: "Key rings cannot be deleted: a destroy only forgets the ring. Its name ends in a RandomId kept in the state (cluster-encryption.ts), "
            + "so a stack deployed again after a destroy gets a new ring instead of 409 already exists. Protected in prod.",
    },
    "gcp:kms/cryptoKey:CryptoKey": {
        inputs: inputsOf<kms.CryptoKeyArgs>("name", "keyRing", "purpose", "importOnly", "cryptoKeyBackend", "destroyScheduledDuration"),
        nestedInputs: ["versionTemplate.protectionLevel"],
        source: `${TF_GOOGLE}/kms/resource_kms_crypto_key.go (ForceNew)`,
        note: "The key encrypting the cluster's Secrets: replacing it schedules the old versions for destruction (30 days) while etcd may still need them. "
            + "Its name and ring are fixed at creation; protected in prod. rotationPeriod and labels update in place.",
    },
    "gcp:serviceaccount/account:Account": {
        inputs: inputsOf<serviceaccount.AccountArgs>("accountId", "project"),
        source: `${TF_GOOGLE}/resourcemanager/resource_google_service_account.go (ForceNew)`,
        note: "The node account's id derives from customer/project/environment only (serviceAccountId). A new id would replace every node pool "
            + "(nodeConfig.serviceAccount is ForceNew; the pools' names follow the id, so they are created first).",
    },
    "gcp:sql/databaseInstance:DatabaseInstance": {
        inputs: inputsOf<sql.DatabaseInstanceArgs>("name", "project", "region", "masterInstanceName", "replicaConfiguration", "encryptionKeyName"),
        nestedInputs: ["settings.collation", "replicaConfiguration.cascadableReplica"],
        createOnly: ["settings.ipConfiguration.privateNetwork"],
        source: `${TF_GOOGLE}/sql/resource_sql_database_instance.go (ForceNew: name, project, region, encryption_key_name, settings.collation, every replica_configuration field; `
            + "CustomizeDiff: ForceNewIf master_instance_name and replica_configuration.cascadable_replica, privateNetworkCustomizeDiff (private_network set -> unset), "
            + "diskSizeCutomizeDiff (a smaller disk_size only with autoresize off), autoUpgradeEnabledCustomizeDiff (MySQL))",
        note: "The primary and the database and user on it are protected in every environment (database.ts): a replacement-triggering change stops at preview. "
            + "The name ends in a RandomId whose keepers are project and region (and the name stem): a deliberate rebuild gets a fresh name, created before the old "
            + "instance is deleted, instead of waiting a week for the old one. database-settings.ts keeps customer/project/environment, region, gcp.project, "
            + "database.username and database.databaseName from creation (a Stash) and refuses a change with the key, before the RandomId could be renewed. "
            + "settings.diskSize does not replace while diskAutoresize is on (a recorded size above the configured one is dropped from the plan). "
            + "Private IP cannot be removed once set (the provider would replace; the API refuses in place). databaseVersion (major upgrades in place), "
            + "settings.edition, tier, availabilityType, backupConfiguration, databaseFlags, insightsConfig, ipConfiguration.sslMode, deletionProtectionEnabled, "
            + "finalBackupConfig, retainBackupsOnDelete and userLabels update in place; some (flags such as cloudsql.enable_pgaudit, tier) restart the instance.",
    },
    "gcp:sql/database:Database": {
        inputs: inputsOf<sql.DatabaseArgs>("name", "instance", "project"),
        source: `${TF_GOOGLE}/sql/resource_sql_database.go (ForceNew)`,
        note: "Replacing the database drops its tables: protected in every environment, and database.databaseName is kept from creation (Stash). "
            + "deletedWith the instance, so a teardown does not call DROP DATABASE on a database with open connections.",
    },
    "gcp:sql/user:User": {
        inputs: inputsOf<sql.UserArgs>("name", "instance", "type", "host", "project"),
        source: `${TF_GOOGLE}/sql/resource_sql_user.go (ForceNew; iam_email is computed)`,
        note: "The admin user: protected in every environment and database.username kept from creation (Stash); PostgreSQL cannot drop a role that owns objects. "
            + "password updates in place (rotation). deletedWith the instance.",
    },
    "gcp:secretmanager/secret:Secret": {
        inputs: inputsOf<secretmanager.SecretArgs>("secretId", "project", "replication", "tags"),
        source: `${TF_GOOGLE}/secretmanager/resource_secret_manager_secret.go (ForceNew: secret_id, replication and its fields, tags)`,
        note: "Secret Manager has no soft delete: replacing the secret deletes every version. Its id is <prefix>-postgres-admin; protected in prod. labels update in place.",
    },
    "gcp:secretmanager/secretVersion:SecretVersion": {
        inputs: inputsOf<secretmanager.SecretVersionArgs>("secret", "secretData", "secretDataWoVersion", "project"),
        source: `${TF_GOOGLE}/secretmanager/resource_secret_manager_secret_version.go (ForceNew)`,
        note: "A new password makes a new version (the intended rotation); deletionPolicy DISABLE keeps the old version, disabled.",
    },
    "gcp:organizations/project:Project": {
        inputs: inputsOf<organizations.ProjectArgs>("projectId", "tags"),
        source: "https://github.com/hashicorp/terraform-provider-google/blob/00b984c6987304290117e54f87cdfd38f2be0685/google/services/resourcemanager/resource_google_project.go (ForceNew); "
            + "@pulumi/gcp 9.37 organizations/project.d.ts (tags: \"causes resource replacement when mutated\")",
        note: "billing.accountPerProject (account-per-project.ts): the project is protected, has deletionPolicy PREVENT and ignores changes of both, so it is never replaced. "
            + "folderId and orgId move the project, billingAccount relinks it, name and labels change in place; autoCreateNetwork acts at creation only.",
    },
    "gcp:billing/budget:Budget": {
        inputs: inputsOf<billing.BudgetArgs>("billingAccount"),
        source: "https://github.com/hashicorp/terraform-provider-google/blob/07fc8657afe854e6679f9e01de04f96955a1f910/google/services/billing/resource_billing_budget.go (ForceNew)",
        note: "Holds no data: a new gcp.billingAccount creates the budget on the new account (its id is server-generated, so the old one is deleted after). "
            + "amount, budgetFilter (projects, labels, calendar period), thresholdRules and allUpdatesRule are updated in place.",
    },
};
