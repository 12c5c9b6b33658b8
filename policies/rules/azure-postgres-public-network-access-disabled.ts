import { defineRule, fail, PASS, valueAt } from "../rule";
import { isVnetInjected, POSTGRES_SERVER } from "./azure-postgres-geo-redundant-backup";

/**
 * No scanner rule checks this on Flexible Server (security-rules.md, "Also to check"); Trivy's
 * AZU-0022 asks the same of other Azure database servers.
 */
export const rule = defineRule({
    id: "azure-postgres-public-network-access-disabled",
    description: "A PostgreSQL Flexible Server has no public endpoint: network.publicNetworkAccess is Disabled, or the server is injected into a delegated subnet (which has none).",
    severity: "high",
    cloud: "azure",
    references: {},
    remediation: "anycloud places the server in the delegated data subnet with publicNetworkAccess: Disabled; reach it through the bastion (docs/bastion.md). "
        + "A fork must not enable public network access.",
    resourceTypes: [POSTGRES_SERVER],
    check(resource, stack) {
        const access = valueAt(resource.props, "network.publicNetworkAccess");
        if (typeof access === "string") {
            return access.toLowerCase() === "disabled" ? PASS : fail(`network.publicNetworkAccess is ${access}: the server has a public endpoint`);
        }
        if (isVnetInjected(resource, stack)) {
            return PASS;
        }
        return fail("network.publicNetworkAccess is not set and the server is in no delegated subnet: Azure gives it a public endpoint");
    },
});
