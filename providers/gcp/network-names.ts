import { createHash } from "crypto";
import { PlatformContext } from "../../components/context";

/** Most GCP resource names (RFC 1035): 1-63 characters, a lowercase letter first, no hyphen last. */
export const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Service account ids: 6-30 characters of the same alphabet. */
export const SERVICE_ACCOUNT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

export const shortHash = (text: string, length = 6) => createHash("sha256").update(text).digest("hex").slice(0, length);

/**
 * `name` itself when it fits `max`; otherwise its head and six hex digits of a hash of the whole
 * name, so two long names that share a head still differ. The longest namePrefix is 49
 * characters (customer 20, project 20, "staging").
 */
export function fitName(name: string, max: number): string {
    if (name.length <= max) {
        return name;
    }
    const head = name.slice(0, max - 7).replace(/-+$/, "");
    return `${head}-${shortHash(name)}`;
}

/** `<kind>-<stem>` within `max` characters; the kind stays whole: it says what the resource is. */
function fit(kind: string, stem: string, max: number): string {
    if (max - kind.length - 8 < 1) {
        throw new Error(`no room for "${kind}" in a GCP name of at most ${max} characters`);
    }
    return fitName(`${kind}-${stem}`, max);
}

/**
 * The GCP name of a platform resource: `<kind>-<customer>-<project>-<environment>` (the longest
 * stem is 49 characters), shortened with a hash when over 63. Names are unique per project
 * (firewall rules, addresses, networks) or per region, so the stem keeps two platforms of one
 * project apart.
 */
export function gcpName(context: Pick<PlatformContext, "namePrefix">, kind: string): string {
    if (!/^[a-z][-a-z0-9]*$/.test(kind)) {
        throw new Error(`"${kind}" cannot start a GCP name`);
    }
    return fit(kind, context.namePrefix, 63);
}

/** A firewall rule's name: `fw-<what>-<stem>`, e.g. fw-deny-all-ingress-acme-transit-dev. */
export const firewallName = (context: Pick<PlatformContext, "namePrefix">, what: string) => gcpName(context, `fw-${what}`);

/** A service account id (6-30 characters, unique per project): `<kind>-<stem>`, cut and hashed when longer. */
export function serviceAccountId(context: Pick<PlatformContext, "namePrefix">, kind: string): string {
    const id = fit(kind, context.namePrefix, 30);
    if (!SERVICE_ACCOUNT_ID.test(id)) {
        throw new Error(`service account id "${id}" breaks GCP's rule (6-30 lowercase letters, digits and hyphens)`);
    }
    return id;
}
