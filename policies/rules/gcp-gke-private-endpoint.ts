import { defineRule, exception, fail, isSet, PASS, valueAt } from "../rule";

export const rule = defineRule({
    id: "gcp-gke-private-endpoint",
    description: "The GKE API has no public endpoint: privateClusterConfig.enablePrivateEndpoint = true (or IP endpoints off) and the DNS endpoint takes no external traffic.",
    severity: "high",
    cloud: "gcp",
    references: {
        cis: ["CIS GKE 1.9.0 5.6.4"],
    },
    remediation: "Set anycloud:cluster.apiAccess to private and deploy from inside the VPC (the bastion or a runner there, docs/bastion.md). With apiAccess: allowlist the public endpoint stays, limited to master authorized networks: an exception that holds while gcp-gke-authorized-networks passes.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const props = resource.props;
        if (valueAt(props, "controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic") === true) {
            return fail("the DNS endpoint takes external traffic: the API is reachable from the internet by anyone with IAM rights");
        }
        const privateOnly = valueAt(props, "privateClusterConfig.enablePrivateEndpoint") === true
            || valueAt(props, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled") === false;
        if (privateOnly) {
            return PASS;
        }
        // The API endpoint decision: apiAccess: allowlist keeps a public endpoint, restricted.
        if (isSet(resource, "masterAuthorizedNetworksConfig")) {
            return exception(
                "apiAccess: allowlist keeps a public API endpoint so that a deployer outside the VPC can install the Helm charts; it admits only the master authorized networks (allowedCidrs and the VPC's node, pod and bastion ranges)",
                ["gcp-gke-authorized-networks"],
            );
        }
        return fail("the API has a public endpoint and no master authorized networks limit it");
    },
});
