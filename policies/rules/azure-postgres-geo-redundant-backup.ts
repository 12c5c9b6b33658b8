import { CheckedResource, defineRule, exception, fail, notApplicable, PASS, StackView, tagsOf, UNKNOWN_VALUE, valueAt, Verdict } from "../rule";

export const POSTGRES_SERVER = "azure-native:dbforpostgresql:Server";

/** A read replica's source server in the stack: the one its sourceServerResourceId comes from or names. */
export function sourceServerOf(replica: CheckedResource, stack: StackView): CheckedResource | undefined {
    const fromUrn = (replica.propertyDependencies.sourceServerResourceId ?? []).map((urn) => stack.byUrn(urn)).find((r) => r?.type === POSTGRES_SERVER);
    if (fromUrn) {
        return fromUrn;
    }
    const id = String(replica.props.sourceServerResourceId ?? "").toLowerCase();
    // serverName is an input only; a deployed server's state has it as `name`.
    return stack.ofType(POSTGRES_SERVER).find((server) => {
        const name = server.props.serverName ?? server.props.name;
        return server !== replica && typeof name === "string" && id.endsWith(`/flexibleservers/${name.toLowerCase()}`);
    });
}

/**
 * Whether the server is injected into a delegated subnet: its delegatedSubnetResourceId is set, or
 * (unknown before the deployment) its network input comes from a Subnet.
 */
export function isVnetInjected(server: CheckedResource, stack: StackView): boolean {
    const subnet = valueAt(server.props, "network.delegatedSubnetResourceId");
    if (typeof subnet === "string" && subnet !== "" && subnet !== UNKNOWN_VALUE) {
        return true;
    }
    return (server.propertyDependencies.network ?? []).some((urn) => stack.byUrn(urn)?.type === "azure-native:network:Subnet");
}

/**
 * A read replica: created with createMode Replica (an input only), or, in a deployed server's
 * state (what a policy pack sees), a replica replicationRole or a source server.
 */
export const isReplica = (server: CheckedResource) => String(server.props.createMode ?? "").toLowerCase() === "replica"
    || /replica/i.test(String(server.props.replicationRole ?? ""))
    || (typeof server.props.sourceServerResourceId === "string" && server.props.sourceServerResourceId !== "");

function checkServer(server: CheckedResource, stack: StackView, seen: Set<string>): Verdict {
    if (isReplica(server)) {
        const source = sourceServerOf(server, stack);
        if (!source || seen.has(source.urn)) {
            return notApplicable("a read replica takes no backups, and its source server is not in this stack");
        }
        seen.add(server.urn);
        const verdict = checkServer(source, stack, seen);
        // The replica's data is backed up by its source: the source's verdict, said of the replica.
        return verdict.status === "fail" ? fail(`its source server ${source.name}: ${verdict.message}`) : verdict;
    }
    const geo = valueAt(server.props, "backup.geoRedundantBackup");
    if (typeof geo === "string" && geo.toLowerCase() === "enabled") {
        return PASS;
    }
    const environment = tagsOf(server).environment;
    if (environment === "dev" || environment === "staging") {
        return exception(`${environment} server: backups stay in the region (zone-redundant storage where the region has zones); geo-redundant backup storage `
            + "costs more and can only be chosen when a server is created, so anycloud enables it in prod only and cannot add it to an existing server without replacing it", []);
    }
    return fail(`backup.geoRedundantBackup is ${geo === undefined ? "not set (Disabled)" : JSON.stringify(geo)}: a regional outage takes the backups with the server`);
}

export const rule = defineRule({
    id: "azure-postgres-geo-redundant-backup",
    description: "A PostgreSQL Flexible Server's backups are geo-redundant (backup.geoRedundantBackup: Enabled), so they survive the loss of the region; a read replica is judged by its source server.",
    severity: "medium",
    cloud: "azure",
    references: { checkov: ["CKV_AZURE_136"] },
    remediation: "anycloud enables geo-redundant backup in prod (dev and staging are documented cost exceptions). It is fixed at creation: an existing server keeps its setting, "
        + "and moving one means restoring into a new server (docs/database.md).",
    resourceTypes: [POSTGRES_SERVER],
    check(resource, stack) {
        return checkServer(resource, stack, new Set());
    },
});
