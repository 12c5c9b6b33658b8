import { CheckedResource, defineRule, fail, notApplicable, PASS, SECRET_VALUE } from "../rule";
import { entriesOf, RELEASE, valuesOf } from "./kubernetes-helm-no-privileged-values";

/**
 * Names of keys and variables that hold a credential, compared without case, "-", "_" and ".":
 * ending in password, token, secret, API key, private key, ... (the words of trivy-checks KSV-0109).
 */
const CREDENTIAL_NAME = /(password|passwd|passphrase|pswrd|pwd|secret|token|apikey|privatekey|secretkey|accesskey|accesskeyid|clientsecret|credential|credentials|connectionstring)$/;

/**
 * Keys that name where a credential is rather than hold it, as charts spell them:
 * existingSecret, envFromSecret, configSecret (prometheus-operator), useExistingSecret, extraSecret...
 */
const REFERENCE_NAME = /^(existing|envfrom|config|use|extra|from|mount)/;

function normalised(name: string): string {
    return name.toLowerCase().replace(/[-_.\s]/g, "");
}

/** Whether a key or variable name says it holds a credential. */
export function isCredentialName(name: string): boolean {
    const n = normalised(name);
    return CREDENTIAL_NAME.test(n) && !REFERENCE_NAME.test(n);
}

/**
 * A value that refers to a credential kept elsewhere rather than holding one: "${VAR}" (Fluent Bit,
 * Grafana provisioning), "$(VAR)" (Kubernetes env expansion), "$__env{VAR}" / "$__file{path}"
 * (Grafana), "{{ ... }}" (a template), or empty.
 */
export function isReference(value: string): boolean {
    const v = value.trim();
    return v === "" || /^\$\{[^}]+\}$/.test(v) || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)
        || /^\$__(env|file)\{[^}]+\}$/.test(v) || /^\{\{[\s\S]*\}\}$/.test(v);
}

/** Shapes of credentials whatever they are called: a PEM private key, an AWS access key id, GitHub and Slack tokens. */
const CREDENTIAL_SHAPES: [RegExp, string][] = [
    [/-----BEGIN ([A-Z]+ )*PRIVATE KEY-----/, "a PEM private key"],
    [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
    [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "a GitHub token"],
    [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
];

/** A line of config text that assigns a literal to a credential key ("password: x", "HTTP_Passwd x", "token=x"). */
const ASSIGNMENT = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*(?::|=|\s)\s*(.*?)\s*$/;

/** What in a string looks like a literal credential: its shape, or (in config text) a credential key's line. Empty when nothing does. */
export function credentialsInText(text: string): string[] {
    if (text === SECRET_VALUE) {
        return [];
    }
    const found = CREDENTIAL_SHAPES.filter(([shape]) => shape.test(text)).map(([, what]) => what);
    for (const line of text.split("\n")) {
        const match = ASSIGNMENT.exec(line);
        if (!match || !isCredentialName(match[1])) {
            continue;
        }
        const assigned = match[2].replace(/^["']|["']$/g, "");
        if (assigned !== "" && !isReference(assigned) && assigned !== SECRET_VALUE && !/^[|>][-+]?$/.test(assigned)) {
            found.push(`a literal ${match[1]}`);
        }
    }
    return found;
}

/** A value under a key: whether it would carry a literal credential (the key says so, or the text does). */
export function literalCredential(key: string, value: unknown): string | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    if (isCredentialName(key) && !isReference(value)) {
        return `${key} holds a value`;
    }
    const found = credentialsInText(value);
    return found.length > 0 ? `it holds ${found.join(", ")}` : undefined;
}

/** Where the resource's input at `path` is a Pulumi secret, in the plan: marked, or under a path marked secret. */
export function isSecretAt(resource: CheckedResource, path: string, value: unknown): boolean {
    return value === SECRET_VALUE || (resource.secretPaths ?? []).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

/** The values' literal credentials: by key, by text, and env-style {name: "X_PASSWORD", value: "..."} entries. */
export function credentialValuesOf(values: unknown, root = "values"): { path: string; value: unknown; why: string }[] {
    const found: { path: string; value: unknown; why: string }[] = [];
    for (const entry of entriesOf(values, root)) {
        const why = literalCredential(entry.key, entry.value)
            ?? (entry.key === "value" && typeof entry.parent.name === "string" ? literalCredential(entry.parent.name, entry.value) : undefined);
        if (why) {
            found.push({ path: entry.path, value: entry.value, why });
        }
    }
    return found;
}

export const rule = defineRule({
    id: "kubernetes-helm-secret-values",
    description: "Every credential in a Helm release's values (a value under a password/token/secret-like key, or a private key or token in config text) is a Pulumi secret, so it is never plain in the state or the plan.",
    severity: "high",
    cloud: "kubernetes",
    // No scanner reads Helm values given to Pulumi; security-rules.md lists this under "Also to check".
    references: {},
    remediation: "Keep the credential out of the values: create a Kubernetes Secret and point the chart at it (existingSecret, "
        + "envFromSecret, secretKeyRef), as anycloud does for Grafana, Alertmanager and Fluent Bit. Where a chart takes it only "
        + "as a value, pass it through pulumi.secret() (a config secret: `pulumi config set --secret`).",
    resourceTypes: [RELEASE],
    check(release) {
        const credentials = credentialValuesOf(valuesOf(release));
        if (credentials.length === 0) {
            return PASS;
        }
        if (release.secretPaths === undefined) {
            return notApplicable(`the policy SDK hands rules secret values unwrapped, so whether ${credentials.map((c) => c.path).join(", ")} `
                + "are Pulumi secrets cannot be seen here; `anycloud plan` checks it");
        }
        const plain = credentials.filter((c) => !isSecretAt(release, c.path, c.value));
        return plain.length > 0
            ? fail(plain.map((c) => `${c.path} is not a Pulumi secret, and ${c.why}`).join("; "))
            : PASS;
    },
});
