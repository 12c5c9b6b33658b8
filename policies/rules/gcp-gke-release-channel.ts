import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

const CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"];

export const rule = defineRule({
    id: "gcp-gke-release-channel",
    description: "The GKE cluster is enrolled in a release channel (releaseChannel.channel RAPID, REGULAR, STABLE or EXTENDED), so Google patches the control plane and nodes.",
    severity: "medium",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_70"],
        cis: ["CIS GKE 1.9.0 5.5.4"],
    },
    remediation: "anycloud enrols every cluster in REGULAR (providers/gcp/cluster.ts RELEASE_CHANNEL); anycloud:cluster.version is a minimum within it. A fork must keep releaseChannel.channel.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const channel = valueAt(resource.props, "releaseChannel.channel");
        if (channel === UNKNOWN_VALUE || (typeof channel === "string" && CHANNELS.includes(channel))) {
            return PASS;
        }
        return fail(`releaseChannel.channel is ${channel === undefined ? "not set" : String(channel)}: the cluster's versions are managed by hand, outside a channel`);
    },
});
