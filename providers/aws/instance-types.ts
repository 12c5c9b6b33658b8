/**
 * Which EKS AMI type fits an instance type, from its family name alone (no SDK, no API
 * call), so validation and the node-group adapter agree. A Graviton type on an x86_64
 * AMI (or the reverse) never joins the cluster: the node group fails after ~20 minutes.
 */
export type AmiType = "AL2023_x86_64_STANDARD" | "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_NVIDIA" | "AL2023_ARM_64_NVIDIA" | "AL2023_x86_64_NEURON";

export const INSTANCE_TYPE_PATTERN = /^([a-z]+)(\d+)([a-z0-9-]*)\.([a-z0-9-]+)$/;

/** Families with NVIDIA GPUs (p*, g*, gr*); g5g and p6e-gb* are the Graviton ones. */
const NVIDIA_FAMILIES = /^(p|g|gr)\d/;
/** AWS Inferentia and Trainium. */
const NEURON_FAMILIES = /^(inf\d|trn\d)/;
/** Families AL2023 EKS AMIs do not serve: Mac hosts, first-generation Graviton, previous-generation types. */
const UNSUPPORTED_FAMILIES = /^(mac\d|a1|t1|m1|m2|m3|c1|c3|r3|i2|hs1|cr1|cc2|g2)$/;

/** The AMI type for `instanceType`, or a reason it cannot run EKS nodes. */
export function amiTypeFor(instanceType: string): AmiType | { problem: string } {
    const match = INSTANCE_TYPE_PATTERN.exec(instanceType);
    if (!match) {
        return { problem: "is not an EC2 instance type (expected <family><generation>[attributes].<size>, e.g. m7i.large or m7g.large)" };
    }
    const [, letters, generation, attributes] = match;
    const family = `${letters}${generation}`;
    if (UNSUPPORTED_FAMILIES.test(family) || UNSUPPORTED_FAMILIES.test(`${family}${attributes}`)) {
        return { problem: "is a family the Amazon Linux 2023 EKS AMIs do not support; pick a current generation (e.g. m7i, m7g, c7i)" };
    }
    // Graviton families carry a "g" right after the generation (m7g, c6gn, r8g, t4g, g5g, x2gd)
    // or a Grace part after a hyphen (p6e-gb200).
    const arm = /^g|-g/.test(attributes);
    if (NEURON_FAMILIES.test(family)) {
        return arm ? { problem: "is an Arm Neuron type, which EKS has no AMI for" } : "AL2023_x86_64_NEURON";
    }
    if (NVIDIA_FAMILIES.test(family)) {
        return arm ? "AL2023_ARM_64_NVIDIA" : "AL2023_x86_64_NVIDIA";
    }
    return arm ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}
