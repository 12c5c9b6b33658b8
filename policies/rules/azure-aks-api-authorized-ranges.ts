import { defineRule, fail, isInternet, isSet, listOf, notApplicable, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

/** A range that admits everyone: 0.0.0.0/0 and its spellings, or any /0. */
const opensToAll = (range: string) => isInternet(range) || /\/0$/.test(range.trim());

export const rule = defineRule({
    id: "azure-aks-api-authorized-ranges",
    description: "A public AKS API server admits only its authorized IP ranges (apiServerAccessProfile.authorizedIPRanges), none of them the whole internet; a private cluster passes.",
    severity: "critical",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_6"], trivy: ["AZU-0041"], cis: ["CIS AKS 1.8 5.4.1"] },
    remediation: "anycloud sets the ranges to anycloud:allowedCidrs plus the NAT gateway's address; list the office's egress ranges there, never 0.0.0.0/0, "
        + "or use anycloud:cluster.apiAccess: private. A fork that builds the cluster itself must set apiServerAccessProfile.authorizedIPRanges.",
    resourceTypes: ["azure-native:containerservice:ManagedCluster"],
    check(resource) {
        if (valueAt(resource.props, "apiServerAccessProfile.enablePrivateCluster") === true) {
            return PASS;
        }
        const value = valueAt(resource.props, "apiServerAccessProfile.authorizedIPRanges");
        const ranges = listOf(value).filter((range) => range !== UNKNOWN_VALUE);
        const open = ranges.filter(opensToAll);
        if (open.length > 0) {
            return fail(`the public API server admits ${open.join(", ")}: anyone on the internet`);
        }
        if (ranges.length > 0) {
            return PASS;
        }
        if (value === UNKNOWN_VALUE || listOf(value).includes(UNKNOWN_VALUE) || isSet(resource, "apiServerAccessProfile.authorizedIPRanges")) {
            return notApplicable("the authorized IP ranges are computed during the deployment (they include the NAT gateway's address), so they cannot be read before it");
        }
        return fail("the API server is public and has no authorized IP ranges: it admits the whole internet");
    },
});
