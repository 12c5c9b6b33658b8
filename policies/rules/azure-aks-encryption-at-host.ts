import { defineRule, exception, fail, PASS, tagsOf } from "../rule";
import { AGENT_POOL, MANAGED_CLUSTER, poolsOf } from "./azure-aks-no-node-public-ip";

export const rule = defineRule({
    id: "azure-aks-encryption-at-host",
    description: "Every AKS node pool encrypts at the VM host (enableEncryptionAtHost): temp disks at rest and the data flowing between the host and Azure Storage.",
    severity: "low",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_227"] },
    remediation: "Not in this anycloud release. Encryption at host costs nothing but needs the subscription feature Microsoft.Compute/EncryptionAtHost "
        + "(az feature register --namespace Microsoft.Compute --name EncryptionAtHost) and can only be set when a pool is created; "
        + "a fork sets enableEncryptionAtHost: true on new pools (and on the system pool of a new cluster).",
    resourceTypes: [MANAGED_CLUSTER, AGENT_POOL],
    check(resource) {
        const pools = poolsOf(resource);
        const plain = pools.filter((pool) => pool.props.enableEncryptionAtHost !== true).map((pool) => pool.name);
        if (pools.length > 0 && plain.length === 0) {
            return PASS;
        }
        if (tagsOf(resource)["managed-by"] === "anycloud") {
            return exception("OS disks and their host caches are encrypted at rest with platform-managed keys anyway, and the default node sizes from medium up (Dsv5) have no local temp disk; "
                + "encryption at host can only be set when a pool is created (turning it on would rebuild every pool and cannot reach an existing cluster's system pool) "
                + "and fails unless the subscription registered the EncryptionAtHost feature, which anycloud cannot assume", []);
        }
        return fail(`${plain.join(", ") || "the pool"} ${plain.length > 1 ? "do" : "does"} not encrypt at host (enableEncryptionAtHost is not true)`);
    },
});
