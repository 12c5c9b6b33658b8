import { defineRule, fail, isSet, notApplicable, PASS, valueAt } from "../rule";

/** Envoy proxy-only subnets, which take no flow logs (the provider's doc for logConfig; Checkov's exceptions). */
const PROXY_PURPOSES = ["REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "INTERNAL_HTTPS_LOAD_BALANCER"];

export const rule = defineRule({
    id: "gcp-vpc-subnet-flow-logs",
    description: "Every VPC subnet records flow logs (logConfig set, flowSampling above 0).",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_26"],
        trivy: ["GCP-0076", "GCP-0029"],
        cis: ["CIS GKE 1.9.0 5.6.1"],
    },
    remediation: "anycloud turns flow logs on for every subnet at the CIS settings: 5-second aggregation, every flow, all metadata (providers/gcp/network.ts); a fork must keep logConfig. CIS GKE 5.6.1 also names intranode visibility, which this rule does not check.",
    resourceTypes: ["gcp:compute/subnetwork:Subnetwork"],
    check(resource) {
        const purpose = valueAt(resource.props, "purpose");
        if (typeof purpose === "string" && PROXY_PURPOSES.includes(purpose)) {
            return notApplicable(`a proxy-only subnet (${purpose}): GCP does not log its flows`);
        }
        if (!isSet(resource, "logConfig")) {
            return fail("logConfig is not set: the subnet records no flow logs");
        }
        const sampling = valueAt(resource.props, "logConfig.flowSampling");
        return sampling === 0 || sampling === "0"
            ? fail("logConfig.flowSampling = 0: no flow is sampled, so none is logged")
            : PASS;
    },
});
