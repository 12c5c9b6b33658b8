import { CheckedResource, defineRule, fail, PASS, StackView } from "../rule";
import { isReplica, POSTGRES_SERVER, sourceServerOf } from "./azure-postgres-geo-redundant-backup";
import { ofServer } from "./azure-postgres-no-public-firewall-rule";

const CONFIGURATION = "azure-native:dbforpostgresql:Configuration";
const WEAK_TLS = ["tlsv1", "tlsv1.0", "tlsv1.1"];

/** The server's parameter values set in the stack, by name; a replica's include those of its source (copied at creation). */
function parametersOf(server: CheckedResource, stack: StackView): Map<string, { value: string; from: CheckedResource }> {
    const source = isReplica(server) ? sourceServerOf(server, stack) : undefined;
    const parameters = new Map<string, { value: string; from: CheckedResource }>();
    for (const owner of [source, server]) {
        for (const config of owner ? ofServer(owner, stack, CONFIGURATION) : []) {
            // configurationName is an input only; a deployed Configuration's state (what a policy pack sees) has it as `name`.
            parameters.set(String(config.props.configurationName ?? config.props.name ?? "").toLowerCase(), { value: String(config.props.value ?? ""), from: config });
        }
    }
    return parameters;
}

export const rule = defineRule({
    id: "azure-postgres-secure-transport",
    description: "A PostgreSQL Flexible Server refuses unencrypted connections: its require_secure_transport parameter is set to on in the stack (and ssl_min_protocol_version, where set, is TLS 1.2 or newer).",
    severity: "high",
    cloud: "azure",
    references: { cis: ["CIS Azure 3.0 5.2.1"] },
    remediation: "anycloud sets require_secure_transport=on and ssl_min_protocol_version=TLSv1.2 as dbforpostgresql.Configuration resources (providers/azure/database.ts); "
        + "a fork must keep both, and not rely on Azure's default, which anyone with access to the server can switch off unnoticed.",
    resourceTypes: [POSTGRES_SERVER],
    check(resource, stack) {
        const parameters = parametersOf(resource, stack);
        const secure = parameters.get("require_secure_transport");
        const problems: string[] = [];
        if (!secure) {
            problems.push("require_secure_transport is not set in the stack (no dbforpostgresql.Configuration for it)");
        } else if (secure.value.toLowerCase() !== "on") {
            problems.push(`require_secure_transport is ${secure.value} (${secure.from.name}): clients may connect without TLS`);
        }
        const tls = parameters.get("ssl_min_protocol_version");
        if (tls && WEAK_TLS.includes(tls.value.toLowerCase())) {
            problems.push(`ssl_min_protocol_version is ${tls.value} (${tls.from.name}): older than TLS 1.2`);
        }
        return problems.length === 0 ? PASS : fail(problems.join("; "));
    },
});
