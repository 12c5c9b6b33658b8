import { defineRule, exception, fail, isSet, PASS, tagsOf, valueAt } from "../rule";

export const rule = defineRule({
    id: "azure-aks-kms-etcd-encryption",
    description: "The AKS cluster encrypts Kubernetes Secrets in etcd with a Key Vault key through KMS (securityProfile.azureKeyVaultKms enabled with a keyId).",
    severity: "high",
    cloud: "azure",
    references: { cis: ["CIS AKS 1.8 5.3.1"] },
    remediation: "Not in this anycloud release (docs/azure.md). A fork turns on securityProfile.azureKeyVaultKms { enabled, keyId (with its version), keyVaultNetworkAccess } "
        + "with the control-plane identity holding Key Vault Crypto User on the key; it can be enabled on an existing cluster.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        if (valueAt(resource.props, "securityProfile.azureKeyVaultKms.enabled") === true && isSet(resource, "securityProfile.azureKeyVaultKms.keyId")) {
            return PASS;
        }
        if (tagsOf(resource)["managed-by"] === "anycloud") {
            return exception("etcd is encrypted at rest with platform-managed keys; Key Vault KMS would need a key vault open to every network "
                + "(KMS does not work through the vault's firewall unless the API server is VNet-integrated), manual rotation of the key version, "
                + "and a key whose deletion breaks the cluster, and its successor with automatic rotation (KMS data encryption) is in preview; "
                + "instead only Entra ID identities holding Azure RBAC roles can read Secrets, and no local account exists", ["azure-aks-entra-id-rbac", "azure-aks-local-accounts-disabled"]);
        }
        return fail("securityProfile.azureKeyVaultKms is not enabled with a keyId: Secrets in etcd are encrypted with platform-managed keys only");
    },
});
