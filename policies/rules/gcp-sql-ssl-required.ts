import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

/** The SSL modes that refuse unencrypted connections (Cloud SQL Admin API, IpConfiguration.sslMode). */
const ENCRYPTED_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const rule = defineRule({
    id: "gcp-sql-ssl-required",
    description: "Cloud SQL accepts only TLS-encrypted connections: settings.ipConfiguration.sslMode is ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED (or the legacy requireSsl = true).",
    severity: "high",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_6"],
        trivy: ["GCP-0015"],
    },
    remediation: "anycloud sets sslMode ENCRYPTED_ONLY (providers/gcp/database-settings.ts): TLS for every connection, with password and IAM database logins and sslmode=require in clients, without issuing a client certificate to every application. This rule follows Trivy's GCP-0015, which accepts it; Checkov's CKV_GCP_6 asks for TRUSTED_CLIENT_CERTIFICATE_REQUIRED and reports ENCRYPTED_ONLY as failed.",
    resourceTypes: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check(resource) {
        const ip = valueAt(resource.props, "settings.ipConfiguration");
        const mode = valueAt(ip, "sslMode");
        if (mode === UNKNOWN_VALUE || (typeof mode === "string" && ENCRYPTED_MODES.includes(mode))) {
            return PASS;
        }
        if ((mode === undefined || mode === "") && valueAt(ip, "requireSsl") === true) {
            return PASS;
        }
        return fail(`settings.ipConfiguration.sslMode is ${mode === undefined || mode === "" ? "not set (Cloud SQL then allows unencrypted connections)" : String(mode)}: clients may connect without TLS`);
    },
});
