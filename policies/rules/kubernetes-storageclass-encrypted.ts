import { defineRule, fail, notApplicable, PASS, valueAt } from "../rule";

export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

/** Provisioners whose volumes are encrypted only when the StorageClass asks (EBS: parameter `encrypted`). */
const ENCRYPTED_ON_REQUEST: Record<string, string> = {
    "ebs.csi.aws.com": "encrypted",
    "kubernetes.io/aws-ebs": "encrypted",
};
/** Provisioners whose disks the cloud always encrypts at rest (Azure Storage service encryption, Compute Engine default encryption). */
const ALWAYS_ENCRYPTED = ["disk.csi.azure.com", "kubernetes.io/azure-disk", "file.csi.azure.com", "pd.csi.storage.gke.io", "kubernetes.io/gce-pd"];

export const rule = defineRule({
    id: "kubernetes-storageclass-encrypted",
    description: "Every StorageClass the package creates provisions volumes encrypted at rest (on AWS, the EBS CSI driver's `encrypted: \"true\"`; Azure and GCP disks always are).",
    severity: "high",
    cloud: "kubernetes",
    references: {},
    remediation: "Set the StorageClass parameter `encrypted: \"true\"` (and `kmsKeyId` for a customer-managed key, as anycloud's "
        + "gp3 class does); volumes already provisioned stay as they are, so move their data to new volumes.",
    resourceTypes: [STORAGE_CLASS],
    check(storageClass) {
        const provisioner = String(storageClass.props.provisioner ?? "");
        const parameter = ENCRYPTED_ON_REQUEST[provisioner];
        if (parameter) {
            const value = valueAt(storageClass.props, `parameters.${parameter}`);
            return value === "true" || value === true ? PASS : fail(`${provisioner} volumes are not encrypted: parameters.${parameter} is ${value === undefined ? "not set" : String(value)}`);
        }
        if (ALWAYS_ENCRYPTED.includes(provisioner)) {
            return PASS;
        }
        return notApplicable(`provisioner ${provisioner || "(none)"} is not one this rule knows how encryption is set for`);
    },
});
