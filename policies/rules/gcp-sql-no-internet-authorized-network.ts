import { defineRule, fail, PASS, valueAt } from "../rule";
import { isEveryone } from "./gcp-vpc-firewall-no-ssh-from-internet";

export const rule = defineRule({
    id: "gcp-sql-no-internet-authorized-network",
    description: "No Cloud SQL authorized network admits the whole internet (no settings.ipConfiguration.authorizedNetworks value of 0.0.0.0/0 or any other /0).",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_11"],
        trivy: ["GCP-0017"],
    },
    remediation: "anycloud sets no authorized networks (the instances have no public address to apply them to); a fork that adds some must list specific ranges, never 0.0.0.0/0.",
    resourceTypes: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check(resource) {
        const networks = valueAt(resource.props, "settings.ipConfiguration.authorizedNetworks");
        const open = (Array.isArray(networks) ? networks : [])
            .map((network) => valueAt(network, "value"))
            .filter(isEveryone);
        return open.length > 0
            ? fail(`authorized networks admit ${open.join(", ")}: any address on the internet may connect`)
            : PASS;
    },
});
