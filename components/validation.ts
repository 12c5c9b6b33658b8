import { z } from "zod";
import { format, Ipv4Range, isInternetSource, isPrivate, overlaps, parseCidr } from "./cidr";
import { ENVIRONMENT_DEFAULTS, MIN_KUBERNETES_MINOR, numberOfText, settingSchemas, SettingKey, sshPublicKeyProblem } from "./config-schema";
import { ConfigError, Problem } from "./errors";
import { IMPLEMENTED_CLOUDS } from "../providers";
import { AddProblem, CLOUD_RULES } from "../providers/rules";
import { TAG_KEYS } from "./context";
import { cloudOfRegion, REGIONS } from "./regions";
import { MAX_NETWORK_PREFIX, tierPrefixes } from "./subnet-layout";
import { failed, markFailed, missing, Parsed, salvage } from "./parsed";
import { Cloud, Environment, NodePoolSettings, PlatformArgs } from "./types";

/** Per-cloud limits that differ from the cloud-agnostic schema. */
const CLOUD_LIMITS: Record<Cloud, { maxZones: number; minNetworkPrefix: number; backupDays: [number, number]; database: string }> = {
    aws: { maxZones: 6, minNetworkPrefix: 16, backupDays: [1, 35], database: "Aurora PostgreSQL" },
    azure: { maxZones: 3, minNetworkPrefix: 8, backupDays: [7, 35], database: "Azure Database for PostgreSQL" },
    gcp: { maxZones: 4, minNetworkPrefix: 8, backupDays: [1, 365], database: "Cloud SQL" },
};

/**
 * Turns raw settings (from stack config or library args) into complete PlatformArgs,
 * or throws one ConfigError listing every problem found. `prefix` is prepended to key
 * names in messages: "anycloud:" for stack config, "" for library args.
 */
export function resolvePlatformArgs(raw: Record<string, unknown>, prefix: string): PlatformArgs {
    const problems: Problem[] = [];
    const key = (path: (string | number | symbol)[]) => prefix + path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");

    const schemas = settingSchemas(ENVIRONMENT_DEFAULTS.dev);
    const known = Object.keys(schemas);
    for (const name of Object.keys(raw)) {
        if (!known.includes(name)) {
            problems.push({ key: key([name]), value: raw[name], message: `is not an anycloud setting; known settings: ${Object.keys(schemas).join(", ")}` });
        }
    }

    const environment = z.enum(["dev", "staging", "prod"]).safeParse(raw.environment ?? "dev");
    const envDefaults = ENVIRONMENT_DEFAULTS[environment.success ? (environment.data as Environment) : "dev"];
    const envSchemas = settingSchemas(envDefaults);
    const parsed: Partial<Record<SettingKey, unknown>> = {};
    const failedKeys: SettingKey[] = [];
    for (const name of Object.keys(envSchemas) as SettingKey[]) {
        const result = envSchemas[name].safeParse(raw[name], { reportInput: true });
        if (result.success) {
            parsed[name] = result.data;
        } else {
            failedKeys.push(name);
            for (const issue of result.error.issues) {
                problems.push(issueToProblem(issue, [name, ...issue.path], key, raw));
            }
            // What of the key did parse still meets the cross-field and per-cloud rules, so that a bad
            // field never hides the problems of its siblings (a failed field is left out).
            const partial = salvage(envSchemas[name], raw[name]);
            if (partial !== undefined) {
                parsed[name] = partial;
            }
        }
    }
    markFailed(parsed, failedKeys);
    const args = parsed as Parsed<PlatformArgs>;
    const { ingress } = args;
    if (ingress && ingress.sourceRanges === undefined && !failed(ingress, "sourceRanges") && !failed(ingress, "internal")) {
        // Public: the whole internet, on 80 and 443 only. Internal: the platform's own network; peered or VPN ranges are added by hand.
        const network = args.network;
        ingress.sourceRanges = ingress.internal ? [network?.cidr ?? "10.0.0.0/16"] : [INTERNET];
    }
    if (args.environment === "prod") {
        // Production is always protected; unprotecting a prod database takes a deliberate `pulumi state unprotect`.
        args.protect = true;
    }
    // Rules name the value they judge as parsed; where the user wrote it as text ("16"), show the text.
    const add = (path: (string | number)[], value: unknown, message: string) => problems.push({ key: key(path), value: asWritten(raw, path, value), message });
    crossFieldProblems(args, add);
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return parsed as PlatformArgs;
}

/** The value at `path` in the user's settings, if the path leads anywhere. */
function writtenAt(raw: unknown, path: PropertyKey[]): { found: boolean; value?: unknown } {
    let at: unknown = raw;
    for (const step of path) {
        if (typeof at !== "object" || at === null) {
            return { found: false };
        }
        at = (at as Record<PropertyKey, unknown>)[step];
    }
    return { found: true, value: at };
}

/**
 * `value` (parsed) as the user wrote it: a number they quoted comes back as their text, entry by entry
 * in a list. Anything else is shown as parsed.
 */
function asWritten(raw: unknown, path: PropertyKey[], value: unknown): unknown {
    const written = writtenAt(raw, path);
    return written.found ? sameAsWritten(written.value, value) : value;
}

function sameAsWritten(written: unknown, value: unknown): unknown {
    if (typeof value === "number" && typeof written === "string" && numberOfText(written) === value) {
        return written;
    }
    if (Array.isArray(value) && Array.isArray(written) && value.length === written.length) {
        return value.map((item, i) => sameAsWritten(written[i], item));
    }
    return value;
}

function issueToProblem(issue: z.core.$ZodIssue, path: PropertyKey[], key: (path: PropertyKey[]) => string, raw: unknown): Problem {
    // The user's own value where the path reaches it (a quoted number stays quoted); else what zod saw.
    // A map's bad key is the key itself.
    const written = issue.code === "invalid_key" ? { found: false } : writtenAt(raw, path);
    const input = written.found ? written.value : (issue as { input?: unknown }).input;
    switch (issue.code) {
        case "invalid_value":
            return { key: key(path), value: input, message: `${input === undefined ? "is required; it " : ""}must be one of: ${issue.values.map((v) => String(v)).join(", ")}` };
        case "unrecognized_keys":
            return { key: key([...path, issue.keys[0]]), value: (input as Record<string, unknown>)?.[issue.keys[0]], message: `is not a known setting (unknown key${issue.keys.length > 1 ? `s ${issue.keys.join(", ")}` : ""})` };
        case "invalid_type":
            if (input !== undefined && !issue.message.startsWith("Invalid input")) {
                return { key: key(path), value: input, message: issue.message }; // the setting's own message
            }
            return { key: key(path), value: input, message: input === undefined ? `is required (${issue.expected})` : invalidTypeMessage(issue.expected) };
        case "too_small":
            return { key: key(path), value: input, message: `must be at least ${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : issue.origin === "string" ? " character(s)" : ""}` };
        case "too_big":
            return { key: key(path), value: input, message: `must be at most ${String(issue.maximum)}${issue.origin === "array" ? " item(s)" : issue.origin === "string" ? " character(s)" : ""}` };
        case "invalid_key": {
            // A record's key (anycloud:tags) broke its own schema: say what the key must be.
            const inner = issue.issues[0] ? issueToProblem(issue.issues[0], path, key, undefined).message : issue.message;
            return { key: key(path), value: input, message: `has a key that ${inner}` };
        }
        default:
            return { key: key(path), value: input, message: issue.message };
    }
}

function invalidTypeMessage(expected: string): string {
    switch (expected) {
        case "int":
            return "must be a whole number";
        case "number":
            return "must be a number: digits, quoted or not (3 or \"3\", 1500 or \"1500\")";
        default:
            return `must be of type ${expected}`;
    }
}

function crossFieldProblems(args: Parsed<PlatformArgs>, add: AddProblem): void {
    const { cloud, region, network, cluster, database, bastion, allowedCidrs } = args;

    if (cloud && !IMPLEMENTED_CLOUDS.includes(cloud)) {
        add(["cloud"], cloud, `is not implemented in this release of anycloud; implemented: ${IMPLEMENTED_CLOUDS.join(", ")}`);
    }
    if (cloud && region !== undefined && !REGIONS[cloud].includes(region)) {
        const other = cloudOfRegion(region);
        add(["region"], region, other
            ? `is a region of ${other}, but cloud is ${cloud}; ${cloud} regions include ${REGIONS[cloud].slice(0, 6).join(", ")}, ...`
            : `is not a ${cloud} region; see docs/configuration.md for the list, e.g. ${REGIONS[cloud].slice(0, 6).join(", ")}`);
    }

    const limits = cloud ? CLOUD_LIMITS[cloud] : undefined;
    const networkRange = network?.cidr !== undefined ? (parseCidr(network.cidr) as Ipv4Range) : undefined;
    if (network?.cidr !== undefined && networkRange) {
        if (networkRange.prefix > MAX_NETWORK_PREFIX) {
            const tiers = tierPrefixes(networkRange.prefix);
            add(["network", "cidr"], network.cidr, `is too small: room is kept for 8 zones x 3 tiers, so each zone's private subnet would be a /${tiers.private}; use a /${MAX_NETWORK_PREFIX} or larger (e.g. 10.0.0.0/16)`);
        }
        if (limits && networkRange.prefix < limits.minNetworkPrefix) {
            add(["network", "cidr"], network.cidr, `is larger than ${cloud} allows for one network (/${limits.minNetworkPrefix} at most)`);
        }
        if (!isPrivate(networkRange)) {
            add(["network", "cidr"], network.cidr, "is not a private range; use one (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
        }
    }
    if (limits && network?.zones !== undefined && network.zones > limits.maxZones) {
        add(["network", "zones"], network.zones, `is more than ${cloud} regions offer; allowed 2..${limits.maxZones}`);
    }

    if (cluster) {
        if (cluster.version !== undefined && Number(cluster.version.split(".")[1]) < MIN_KUBERNETES_MINOR) {
            add(["cluster", "version"], cluster.version, `is past the end of support on the managed services; use 1.${MIN_KUBERNETES_MINOR} or newer`);
        }
        if (cluster.serviceCidr !== undefined && networkRange && overlaps(parseCidr(cluster.serviceCidr) as Ipv4Range, networkRange)) {
            add(["cluster", "serviceCidr"], cluster.serviceCidr, `overlaps network.cidr ${network!.cidr}; Service IPs must not collide with node or database addresses`);
        }
        nodePoolProblems(cluster.nodePools, add);
        const pools = cluster.nodePools;
        // Only when every pool's min and taints are known: an unknown one might be the one.
        if (pools && !pools.some(runsAddOns) && pools.every(knownForAddOns)) {
            add(["cluster", "nodePools"], pools.map((p) => p?.name), "needs at least one untainted pool with min >= 1, or cluster add-ons (DNS, metrics) have nowhere to run");
        }
    }

    if (allowedCidrs) {
        const ranges = allowedCidrs.map((text) => (text === undefined ? undefined : (parseCidr(text) as Ipv4Range)));
        ranges.forEach((range, i) => {
            if (range === undefined) {
                return;
            }
            if (range.prefix === 0) {
                add(["allowedCidrs", i], allowedCidrs[i], "opens the platform to the whole internet; list the office's public ranges instead");
            } else if (!isInternetSource(range)) {
                add(["allowedCidrs", i], allowedCidrs[i], "is not a public range; the allowlist holds the office's public egress addresses, as the internet sees them");
            }
            ranges.slice(0, i).forEach((earlier, j) => {
                if (earlier && overlaps(range, earlier)) {
                    add(["allowedCidrs", i], allowedCidrs[i], `overlaps allowedCidrs[${j}] ${format(earlier)}; list each range once`);
                }
            });
        });
        if (allowedCidrs.length === 0 && cluster?.apiAccess === "allowlist") {
            add(["allowedCidrs"], allowedCidrs, "is empty, but cluster.apiAccess is allowlist; add the office's public CIDRs or set cluster.apiAccess to private");
        }
        if (allowedCidrs.length === 0 && bastion?.enabled) {
            add(["allowedCidrs"], allowedCidrs, "is empty, but the bastion is enabled and admits SSH only from this list; add the office's public CIDRs or set bastion.enabled to false");
        }
    }

    if (database?.enabled) {
        if (database.maxStorageGb !== undefined && database.storageGb !== undefined && database.maxStorageGb < database.storageGb) {
            add(["database", "maxStorageGb"], database.maxStorageGb, `is below storageGb (${database.storageGb}); the autoscaling ceiling must be >= the initial size`);
        }
        if (limits && database.backupRetentionDays !== undefined) {
            const [low, high] = limits.backupDays;
            if (database.backupRetentionDays < low || database.backupRetentionDays > high) {
                add(["database", "backupRetentionDays"], database.backupRetentionDays, `is outside ${limits.database}'s range for automatic backups: ${low}..${high} days`);
            }
        }
    }

    observabilityProblems(args, add);
    ingressProblems(args, add);
    reservedTagProblems(args.tags, add);

    if (cloud) {
        CLOUD_RULES[cloud]?.(args, add);
    }

    if (bastion?.enabled && !failed(bastion, "sshPublicKey")) {
        const line = bastion.sshPublicKey ?? "";
        const problem = sshPublicKeyProblem(line);
        if (problem) {
            add(["bastion", "sshPublicKey"], line || undefined, line ? problem : "is required when the bastion is enabled (an OpenSSH public key line, e.g. ssh-ed25519 AAAA... you@laptop)");
        }
    }
}

type Pool = Parsed<NodePoolSettings> | undefined;

/** A pool the cluster's add-ons can run on: at least one node, and no taint that keeps them off. */
const runsAddOns = (pool: Pool) => pool?.min !== undefined && pool.min >= 1 && (pool.taints ?? []).every((t) => t?.effect === "PreferNoSchedule");

const knownForAddOns = (pool: Pool) => pool?.min !== undefined && !failed(pool, "taints") && (pool.taints ?? []).every((t) => t?.effect !== undefined);

function observabilityProblems({ observability, allowedCidrs, ingress }: Parsed<PlatformArgs>, addProblem: AddProblem): void {
    if (!observability) {
        return;
    }
    const add: AddProblem = (path, value, message) => addProblem(["observability", ...path], value, message);
    const { monitoring, logging, exposure } = observability;
    if (logging?.enabled && logging.elasticsearchNodes === 2) {
        add(["logging", "elasticsearchNodes"], 2, "cannot survive losing a node (two master-eligible nodes have no majority without each other); use 1, or 3 or more");
    }
    if (monitoring?.enabled && (monitoring.alertEmails?.length ?? 0) > 0 && missing(monitoring, "smtp")) {
        add(["monitoring", "smtp"], undefined, "is required when monitoring.alertEmails is set: Alertmanager sends mail through your SMTP relay ({ smarthost: \"host:port\", from, username, password })");
    }
    if (monitoring?.enabled && monitoring.smtp?.password && missing(monitoring.smtp, "username")) {
        add(["monitoring", "smtp", "username"], undefined, "is required when smtp.password is set");
    }
    const exposed = monitoring?.enabled || logging?.enabled;
    if (exposed && exposure === "allowlist" && allowedCidrs?.length === 0) {
        add(["exposure"], exposure, "puts Grafana and Kibana behind a load balancer that admits only allowedCidrs, which is empty; add the office's public CIDRs or use exposure: internal");
    }
    if (exposed && exposure === "gateway") {
        if (allowedCidrs?.length === 0) {
            add(["exposure"], exposure, "routes Grafana and Kibana through the Gateway admitting only allowedCidrs, which is empty; add the office's public CIDRs or use exposure: internal");
        }
        if (ingress?.enabled === false) {
            add(["exposure"], exposure, "routes Grafana and Kibana through the platform's Gateway, but ingress.enabled is false; enable ingress or use exposure: internal or allowlist");
        } else if (ingress?.internal) {
            add(["exposure"], exposure, "routes Grafana and Kibana through the Gateway admitting only allowedCidrs, the office's public addresses, which an internal load balancer (ingress.internal) never sees; use exposure: internal (kubectl port-forward, the bastion)");
        } else if (ingress && missing(ingress, "domain")) {
            add(["exposure"], exposure, "needs ingress.domain (and ingress.tlsEmail): Grafana and Kibana are served as grafana.<domain> and kibana.<domain> over HTTPS, told apart by host name");
        }
    }
}

/** The whole IPv4 internet: the public Gateway's default source range. */
export const INTERNET = "0.0.0.0/0";

function ingressProblems({ ingress }: Parsed<PlatformArgs>, addProblem: AddProblem): void {
    if (!ingress?.enabled) {
        return;
    }
    const add: AddProblem = (path, value, message) => addProblem(["ingress", ...path], value, message);
    const { domain, tlsEmail, internal, sourceRanges, externalDns } = ingress;
    if (domain && missing(ingress, "tlsEmail")) {
        add(["tlsEmail"], undefined, `is required with ingress.domain: the Gateway serves ${domain} over HTTPS with a Let's Encrypt certificate, and Let's Encrypt registers an account by e-mail (expiry notices go there)`);
    }
    if (tlsEmail && missing(ingress, "domain")) {
        add(["domain"], undefined, "is required with ingress.tlsEmail: a certificate is issued for the Gateway's host name, and without one there is nothing to issue it for");
    }
    if (internal && (domain || tlsEmail)) {
        add(["internal"], internal, "cannot take domain and tlsEmail: Let's Encrypt proves a name over HTTP from the internet (HTTP-01), which never reaches an internal load balancer; bring your own certificate or drop internal");
    }
    if (externalDns && missing(ingress, "domain")) {
        add(["externalDns"], externalDns, "needs ingress.domain: external-dns publishes the Gateway's host names (the domain, and grafana./kibana. under it) in the zone");
    }
    const ranges = (sourceRanges ?? []).map((text) => (text === undefined ? undefined : (parseCidr(text) as Ipv4Range)));
    ranges.forEach((range, i) => {
        if (range === undefined) {
            return;
        }
        if (internal && !isPrivate(range)) {
            add(["sourceRanges", i], sourceRanges![i], `is not a private range, but ingress.internal is true: an internal load balancer is reached from private addresses only (the network ${range.prefix === 0 ? "by default" : "or networks routed to it"}); list those`);
        } else if (internal === false && range.prefix > 0 && !isInternetSource(range)) {
            add(["sourceRanges", i], sourceRanges![i], "is not a public range; the internet-facing load balancer sees clients by their public addresses (use 0.0.0.0/0 for everyone, or set internal: true)");
        }
        ranges.slice(0, i).forEach((earlier, j) => {
            if (earlier && overlaps(range, earlier)) {
                add(["sourceRanges", i], sourceRanges![i], `overlaps sourceRanges[${j}] ${format(earlier)}; list each range once`);
            }
        });
    });
}

/** Where anycloud takes each taxonomy tag's value from, for the message that turns a user's tag away. */
const TAXONOMY_SOURCES: Record<string, string> = {
    [TAG_KEYS.customer]: "anycloud:customer",
    [TAG_KEYS.project]: "anycloud:project",
    [TAG_KEYS.environment]: "anycloud:environment",
    [TAG_KEYS.component]: "the component each resource belongs to",
    [TAG_KEYS.costType]: "anycloud:billing.costTypes",
    [TAG_KEYS.managedBy]: "the constant \"anycloud\"",
};

/**
 * The taxonomy's keys are anycloud's: a user tag under one of them would contradict the value the
 * invoice is split by. Compared without case, because Azure tag names ignore case ("Customer" is
 * "customer" there) and a second spelling splits a cost report on the other clouds.
 */
function reservedTagProblems(tags: Parsed<Record<string, string>> | undefined, add: AddProblem): void {
    for (const [name, value] of Object.entries(tags ?? {})) {
        const reserved = Object.values(TAG_KEYS).find((taxonomyKey) => taxonomyKey === name.toLowerCase());
        if (reserved !== undefined) {
            add(["tags", name], value, `is reserved: anycloud sets the "${reserved}" tag itself, from ${TAXONOMY_SOURCES[reserved]}; anycloud's own keys are ${Object.values(TAG_KEYS).join(", ")}. Use another key`);
        }
    }
}

/** Rules across the fields of node pools, on whichever pools and fields parsed. */
function nodePoolProblems(pools: Pool[] | undefined, add: AddProblem): void {
    const seen = new Set<string>();
    (pools ?? []).forEach((pool, i) => {
        if (pool?.min !== undefined && pool.max !== undefined && pool.min > pool.max) {
            add(["cluster", "nodePools", i, "min"], pool.min, `is greater than max (${pool.max}); min must be <= max`);
        }
        if (pool?.name !== undefined) {
            if (seen.has(pool.name)) {
                add(["cluster", "nodePools", i, "name"], pool.name, "is used by another node pool; names must be unique");
            }
            seen.add(pool.name);
        }
    });
}
