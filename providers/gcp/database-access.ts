import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { NetworkOutputs } from "../../components/network";
import { POSTGRES_PORT } from "./database-settings";
import { FIREWALL_LOGS, FIREWALL_PRIORITY, firewallName } from "./network";
import { subnetRangesOf } from "./network-ranges";

/**
 * The port Cloud SQL connectors (the Cloud SQL Auth Proxy, the Go/Java/Python/Node connectors)
 * connect to on the instance's IP; they wrap PostgreSQL in their own TLS and check IAM
 * (cloudsql.instances.connect) first. Admitted beside 5432 so workloads may use them.
 */
export const CONNECTOR_PORT = 3307;

/**
 * Egress priorities (lower wins), the platform's bands (network.ts): components' allows, then
 * their targeted denies, both before GCP's implied allow-all egress (65535). At equal priority a
 * deny would win, so the bands must stay apart.
 */
export const EGRESS_PRIORITIES = { allow: FIREWALL_PRIORITY.allow, deny: FIREWALL_PRIORITY.deny } as const;

export interface AccessRules {
    allow: compute.Firewall;
    deny: compute.Firewall;
    /** The Private Service Access range, where the instance's private IPs are. */
    psaRange: pulumi.Output<string>;
}

/** fw-<what>-<stem>, hashed to 63 characters for long stems (network-names.ts). */
export function firewallNames(context: PlatformContext): { allow: string; deny: string } {
    return { allow: firewallName(context, "allow-postgres-egress"), deny: firewallName(context, "deny-postgres-egress") };
}

/**
 * "Reachable only from the cluster and the bastion", on GCP. Cloud SQL's private IP lives in a
 * Google-owned VPC peered with the platform's (Private Service Access); firewall rules of the
 * platform's VPC do not travel across the peering, and authorized networks apply only to public
 * IPs. What the platform does control is what leaves its own VMs, so the guard is on egress:
 *
 * - allow TCP 5432 (PostgreSQL) and 3307 (Cloud SQL connectors) towards the PSA range, only from
 *   VMs running as one of `allowedSources` (the node pools' and the bastion's service accounts,
 *   by email: firewalls target service accounts, never network tags, which anyone who can edit
 *   an instance can set; pods' traffic leaves with their node's identity);
 * - deny everything else towards the PSA range from every VM in the VPC, logged.
 *
 * This leaves out what is not in the VPC: another VPC peered with this one does not reach the
 * peered Cloud SQL network (peering is not transitive); networks connected by VPN or
 * Interconnect would, if the PSA routes were exported to them (not done here).
 */
export function createAccessRules(name: string, context: PlatformContext, net: NetworkOutputs, allowedSources: pulumi.Input<string>[], opts: pulumi.CustomResourceOptions): AccessRules {
    if (allowedSources.length === 0) {
        throw new Error("the GCP database needs at least one allowed source (the node pools' service account)");
    }
    const names = firewallNames(context);
    const psaRange = subnetRangesOf(net).apply((ranges) => ranges.psa);
    const ruleOpts = { ...opts, dependsOn: context.gcpScope!.services };
    const allow = new compute.Firewall(`${name}-egress-allow`, {
        name: names.allow,
        description: "PostgreSQL and Cloud SQL connectors to the Private Service Access range, only from the cluster nodes and the bastion",
        network: net.networkId,
        direction: "EGRESS",
        priority: EGRESS_PRIORITIES.allow,
        destinationRanges: [psaRange],
        allows: [{ protocol: "tcp", ports: [String(POSTGRES_PORT), String(CONNECTOR_PORT)] }],
        targetServiceAccounts: allowedSources,
    }, ruleOpts);
    const deny = new compute.Firewall(`${name}-egress-deny`, {
        name: names.deny,
        description: "Nothing else in the VPC reaches the Private Service Access range (Cloud SQL)",
        network: net.networkId,
        direction: "EGRESS",
        priority: EGRESS_PRIORITIES.deny,
        destinationRanges: [psaRange],
        denies: [{ protocol: "all" }],
        // Refused attempts are the interesting ones: who tried to reach the database.
        logConfig: FIREWALL_LOGS,
    }, ruleOpts);
    return { allow, deny, psaRange };
}
