import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { isEveryone } from "./gcp-vpc-firewall-no-ssh-from-internet";

export const rule = defineRule({
    id: "gcp-gke-authorized-networks",
    description: "The GKE API admits only master authorized networks: the list is enabled, holds no 0.0.0.0/0, does not admit all of Google Cloud's public addresses, and the DNS endpoint takes no user traffic past it.",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_20", "CKV_GCP_18"],
        trivy: ["GCP-0061", "GCP-0053"],
        cis: ["CIS GKE 1.9.0 5.6.3"],
    },
    remediation: "Set anycloud:allowedCidrs to the office's ranges (never 0.0.0.0/0); anycloud adds the node, pod and bastion ranges, keeps gcpPublicCidrsAccessEnabled false and the DNS endpoint's external traffic off (providers/gcp/cluster-access.ts). A fork must keep masterAuthorizedNetworksConfig.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const config = valueAt(resource.props, "masterAuthorizedNetworksConfig");
        if (config === undefined && !isSet(resource, "masterAuthorizedNetworksConfig")) {
            return fail("masterAuthorizedNetworksConfig is not set: the public endpoint admits every address");
        }
        const blocks = valueAt(config, "cidrBlocks");
        const open = (Array.isArray(blocks) ? blocks : [])
            .map((block) => valueAt(block, "cidrBlock"))
            .filter(isEveryone);
        if (open.length > 0) {
            return fail(`master authorized networks admit ${open.join(", ")}: the API is open to the internet`);
        }
        // GKE admits every Google Cloud public address unless this is false: unset is open.
        const gcpPublic = valueAt(config, "gcpPublicCidrsAccessEnabled");
        if (config !== undefined && gcpPublic !== false) {
            return fail(`gcpPublicCidrsAccessEnabled is ${gcpPublic === undefined ? "not set (GKE's default admits them)" : String(gcpPublic)}: every public address of Google Cloud (any customer's VM, Cloud Shell) reaches the API`);
        }
        if (valueAt(resource.props, "controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic") === true) {
            return fail("the DNS endpoint takes external traffic (allowExternalTraffic = true): callers with IAM rights reach the API from anywhere, past the authorized networks");
        }
        return PASS;
    },
});
