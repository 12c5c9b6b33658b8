import { inputsOf, ReplacementInputs } from "../replacement-inputs";
import type * as consumption from "@pulumi/azure-native/consumption";
import type * as containerservice from "@pulumi/azure-native/containerservice";
import type * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import type * as keyvault from "@pulumi/azure-native/keyvault";
import type * as subscription from "@pulumi/azure-native/subscription";

/**
 * Inputs of stateful Azure resources that cannot change in place. Two kinds:
 *
 * - `inputs` (and `nestedInputs`): azure-native replaces the resource (deletes it and creates
 *   a new one) when one of them changes. These are the URL path parameters (names, resource
 *   group) plus what azure-native's generator marks `willReplaceOnChanges`: its hand-kept
 *   `forceNewMap` and the specs' `x-ms-mutability` (create-only) annotations.
 * - `createOnly`: Azure refuses to change them after creation, but azure-native does not know,
 *   so it attempts an in-place update and the deploy fails. Where config can change one of
 *   them, the adapter refuses the change before anything is touched (a creation-settings check).
 *
 * Keeping them in one place lets the adapters, their tests and the docs agree. The `source` of
 * an entry is where the flags were read. Check it again when azure-native gets a new major
 * version or the resource's default API version changes (the SDK's JSDoc names it).
 */
const AZURE_NATIVE = "https://github.com/pulumi/pulumi-azure-native/blob";
const POSTGRES_SPEC = "https://github.com/Azure/azure-rest-api-specs/blob/0d2955ab684f84082d25898ca86462dfe1f99462/specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/stable/2025-08-01/openapi.json";

/** Keyed by Pulumi resource type token. Each adapter adds the entries of the resources it owns. */
export const REPLACEMENT_INPUTS: Record<string, ReplacementInputs> = {
    "azure-native:containerservice:ManagedCluster": {
        inputs: inputsOf<containerservice.ManagedClusterArgs>(
            "resourceName", "resourceGroupName", "location", "dnsPrefix", "fqdnSubdomain", "nodeResourceGroup",
            "networkProfile", "diskEncryptionSetID", "linuxProfile", "windowsProfile",
        ),
        nestedInputs: [
            "networkProfile.networkPlugin", "networkProfile.networkPluginMode", "networkProfile.networkDataplane",
            "networkProfile.networkPolicy", "networkProfile.networkMode", "networkProfile.podCidr", "networkProfile.podCidrs",
            "networkProfile.serviceCidr", "networkProfile.serviceCidrs", "networkProfile.dnsServiceIP",
            "networkProfile.outboundType", "networkProfile.ipFamilies",
        ],
        createOnly: ["apiServerAccessProfile.enablePrivateCluster", "apiServerAccessProfile.privateDNSZone"],
        source: `${AZURE_NATIVE}/f8d3054ad7a51690d78c6418a507ecd0a97bf847/provider/pkg/gen/replacement.go (forceNewMap, whole networkProfile); `
            + "pulumi/pulumi-azure-native#4771 (July 2026: only the networkProfile leaves in nestedInputs replace; loadBalancerProfile, natGatewayProfile, advancedNetworking update in place); "
            + `${AZURE_NATIVE}/080cda17eb4b5115258d794289841cd79404b64d/provider/pkg/gen/__snapshots__/gen_managedcluster_test.snap (willReplaceOnChanges of the generated schema); `
            + "learn.microsoft.com/azure/aks/private-clusters (a public cluster cannot become private, nor the reverse)",
        note: "Whichever of the two forceNewMap versions the installed provider has, every networkProfile field anycloud sets replaces the cluster. "
            + "The cluster's name is fixed, so a replacement fails anyway (the new cluster cannot be created while the old one holds the name); "
            + "cluster-creation-settings.ts keeps the name, apiAccess, serviceCidr and podCidr from creation (a Stash) and refuses a change with the key. "
            + "agentPoolProfiles is not a replacement input (pulumi/pulumi-azure-native#2774), but AKS rejects a cluster PUT that adds a pool or "
            + "changes an existing pool's VM size, zones or subnet: the adapter ignores those fields of the inline system pool after creation. "
            + "kubernetesVersion, sku, authorizedIPRanges, aadProfile, autoUpgradeProfile, securityProfile, oidcIssuerProfile and tags update in place.",
    },
    "azure-native:containerservice:AgentPool": {
        inputs: inputsOf<containerservice.AgentPoolArgs>("agentPoolName", "resourceName", "resourceGroupName", "vmSize", "gpuInstanceProfile"),
        nestedInputs: ["networkProfile.nodePublicIPTags"],
        createOnly: ["availabilityZones", "vnetSubnetID", "maxPods", "osDiskType", "osDiskSizeGB"],
        source: `${AZURE_NATIVE}/f8d3054ad7a51690d78c6418a507ecd0a97bf847/provider/pkg/gen/replacement.go (forceNewMap: vmSize, gpuInstanceProfile); `
            + "pulumi/pulumi-azure-native#3655 (vmSize replaces the pool); learn.microsoft.com/azure/aks/manage-node-pools#limitations",
        note: "The adapter names each user pool after a hash of its VM size and zones (cluster-pools.ts), so a resize or a new zone creates "
            + "the new pool before the old one is deleted (AKS drains the old nodes). count is not managed after creation: the cluster autoscaler owns it. "
            + "orchestratorVersion, minCount, maxCount, nodeLabels, nodeTaints, upgradeSettings and tags update in place.",
    },
    "azure-native:dbforpostgresql:Server": {
        inputs: inputsOf<dbforpostgresql.ServerArgs>("serverName", "resourceGroupName", "location", "administratorLogin", "availabilityZone", "sourceServerResourceId", "pointInTimeUTC"),
        nestedInputs: ["backup.geoRedundantBackup"],
        createOnly: ["network.delegatedSubnetResourceId", "network.privateDnsZoneArmResourceId", "storage.type"],
        source: `${POSTGRES_SPEC} ([read, create] x-ms-mutability; path parameters); `
            + "learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private (a server cannot move to another subnet)",
        note: "The server is protected in every environment (database.ts), so a replacement-triggering change is refused by the engine "
            + "instead of deleting the data. availabilityZone is ignored after creation: it drifts after an HA failover. "
            + "administratorLoginPassword, version (upward only, without replicas), sku, storage size (grow only; ignored after autogrow), "
            + "backupRetentionDays, highAvailability.mode, authConfig and maintenanceWindow update in place.",
    },
    "azure-native:dbforpostgresql:Database": {
        inputs: inputsOf<dbforpostgresql.DatabaseArgs>("databaseName", "serverName", "resourceGroupName"),
        source: `${POSTGRES_SPEC} (path parameters)`,
        note: "Replacing the database drops its tables: it is protected in every environment.",
    },
    "azure-native:keyvault:Vault": {
        inputs: inputsOf<keyvault.VaultArgs>("vaultName", "resourceGroupName", "location"),
        createOnly: ["properties.enablePurgeProtection", "properties.enableSoftDelete"],
        source: "Key Vault REST API (path parameters; purge protection and soft delete cannot be turned off once on): learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
        note: "softDeleteRetentionInDays is kept constant (90) by database-credentials.ts.",
    },
    "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": {
        inputs: inputsOf<dbforpostgresql.AdministratorsMicrosoftEntraArgs>("objectId", "serverName", "resourceGroupName"),
        source: `${POSTGRES_SPEC} (path parameters: the administrator is addressed by its object id)`,
        note: "A new first admin group replaces the server's Entra administrator; the server and its data are untouched.",
    },
    "azure-native:subscription:Alias": {
        inputs: inputsOf<subscription.AliasArgs>("aliasName"),
        createOnly: ["properties"],
        source: "Alias REST API, PUT /providers/Microsoft.Subscription/aliases/{aliasName} (path parameter); learn.microsoft.com/azure/templates/microsoft.subscription/aliases "
            + "(\"you can't use it to update an existing subscription; changes to its properties aren't retained\")",
        note: "billing.accountPerProject (account-per-project.ts): the alias is protected and ignores changes of aliasName and properties. "
            + "Deleting it deletes the alias only; the subscription stays active (pulumi/pulumi-azure-native#2343).",
    },
    "azure-native:consumption:Budget": {
        inputs: inputsOf<consumption.BudgetArgs>("budgetName", "scope"),
        createOnly: ["timePeriod.startDate"],
        source: "@pulumi/azure-native 3.28 consumption/budget.d.ts (API 2024-08-01; path /{scope}/providers/Microsoft.Consumption/budgets/{budgetName}); "
            + "Azure/CanadaPubSecALZ#317 and Azure/azure-quickstart-templates#7095 (\"Start date of budgets cannot be updated. Please delete and create a new budget.\"); "
            + "hashicorp/terraform-provider-azurerm#12121 (a monthly budget cannot start before the current month, nor more than a year ahead)",
        note: "Holds no data, but a replacement FAILS once the budget is older than a month. billing.ts never sends the start date again "
            + "(ignoreChanges on timePeriod.startDate), and Pulumi gives an ignored input its old value in the new resource too "
            + "(pulumi/pulumi#2657: the engine puts the old inputs into the goal state), so the replacement asks Azure for a past month, which it refuses at creation. "
            + "budgetName (budget-<prefix>) and scope (the resource group's id) change only with customer, project or environment, which replace the resource group "
            + "and everything in it anyway. To rebuild a budget on purpose: delete it (pulumi state delete, then in the portal), set billing.startDate to the current month "
            + "or leave it unset after deleting the <platform>-billing-budget-start Stash from the state, and run up. "
            + "amount, notifications and category are updated in place.",
    },
};
