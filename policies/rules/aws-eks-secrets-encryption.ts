import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { EKS_COMPONENT, EKS_TYPES, knownStrings } from "./aws-eks-private-endpoint";

export const rule = defineRule({
    id: "aws-eks-secrets-encryption",
    description: "Kubernetes Secrets are envelope-encrypted in etcd with a KMS key (encryptionConfig resources include \"secrets\").",
    severity: "high",
    cloud: "aws",
    references: {
        checkov: ["CKV_AWS_58"], trivy: ["AWS-0039"], cis: ["CIS EKS 1.8.0 5.3.1"],
        pulumiCompliance: "aws-eks-cluster-enable-cluster-encryption-config",
    },
    remediation: "anycloud passes a customer-managed KMS key of its own as encryptionConfigKeyArn (providers/aws/cluster.ts). A fork must keep it: "
        + "EKS cannot turn the encryption off or change the key once set, and adding it later re-encrypts every Secret.",
    resourceTypes: EKS_TYPES,
    check: (resource) => {
        if (resource.type === EKS_COMPONENT) {
            return isSet(resource, "encryptionConfigKeyArn") ? PASS : fail("encryptionConfigKeyArn is not set: Secrets are stored in etcd without KMS envelope encryption");
        }
        // pulumi-aws 6+ has one encryptionConfig block; older programs wrote a list of one.
        const raw = resource.props.encryptionConfig;
        const config = Array.isArray(raw) ? raw[0] : raw;
        if (!config || typeof config !== "object") {
            // @pulumi/eks builds the block from the key's ARN (an apply), so before the key exists the whole
            // block is unknown; its dependency on the key still shows.
            return isSet(resource, "encryptionConfig") ? PASS : fail("no encryptionConfig: Secrets are stored in etcd without KMS envelope encryption");
        }
        if (!knownStrings(valueAt(config, "resources")).includes("secrets")) {
            return fail(`encryptionConfig.resources is ${JSON.stringify(valueAt(config, "resources"))}, without "secrets"`);
        }
        // provider.keyArn is required by the schema, so an absent one is a value not known yet.
        return PASS;
    },
});
