import { defineRule, exception, fail, isSet, PASS, tagsOf } from "../rule";

export const rule = defineRule({
    id: "azure-aks-os-disk-cmk",
    description: "The AKS nodes' OS and data disks are encrypted with a customer-managed key through a disk encryption set (diskEncryptionSetID).",
    severity: "low",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_117"], trivy: ["AZU-0067"] },
    remediation: "Not in this anycloud release: node disks and persistent volumes use Azure Storage encryption with platform-managed keys. "
        + "A fork that needs a customer-managed key creates a Key Vault key and a disk encryption set before the cluster and sets diskEncryptionSetID at creation "
        + "(it cannot change later: the cluster is replaced), plus a StorageClass whose diskEncryptionSetID parameter covers the volumes.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        if (isSet(resource, "diskEncryptionSetID")) {
            return PASS;
        }
        if (tagsOf(resource)["managed-by"] === "anycloud") {
            return exception("node OS disks, their host caches and persistent volumes are encrypted at rest by Azure Storage with platform-managed keys (AES-256); "
                + "a customer-managed key needs a disk encryption set fixed at cluster creation (diskEncryptionSetID replaces an existing cluster) "
                + "and a Key Vault key whose loss makes every node disk unreadable, which anycloud does not take on in this release", []);
        }
        return fail("diskEncryptionSetID is not set: the node disks are encrypted with platform-managed keys only");
    },
});
