import { z } from "zod";
import { parseCidr } from "./cidr";
import { MAX_ZONES } from "./subnet-layout";
import { ApiAccess, Cloud, ComponentName, CostType, Environment, Exposure, NatGateways, Size, TaintEffect } from "./types";

/**
 * Shapes, value sets, formats and defaults of every anycloud setting. Cross-field rules
 * (region of the cloud, overlapping ranges, min <= max, ...) live in validation.ts.
 *
 * Defaults depend on the environment; the table below is also what docs/configuration.md
 * documents, so change both together.
 */
export const ENVIRONMENT_DEFAULTS = {
    dev: { zones: 2, natGateways: "single", protect: false, poolMin: 1, poolMax: 3, dbSize: "small", dbReplicas: 0, dbBackupDays: 7, dbHighAvailability: false, metricsDays: 7, metricsGb: 20, logDays: 7, logGb: 30, esNodes: 1 },
    staging: { zones: 3, natGateways: "single", protect: false, poolMin: 2, poolMax: 4, dbSize: "small", dbReplicas: 1, dbBackupDays: 7, dbHighAvailability: false, metricsDays: 15, metricsGb: 50, logDays: 14, logGb: 50, esNodes: 3 },
    prod: { zones: 3, natGateways: "perZone", protect: true, poolMin: 3, poolMax: 6, dbSize: "medium", dbReplicas: 1, dbBackupDays: 30, dbHighAvailability: true, metricsDays: 30, metricsGb: 100, logDays: 30, logGb: 100, esNodes: 3 },
} as const satisfies Record<Environment, object>;
export type EnvironmentDefaults = (typeof ENVIRONMENT_DEFAULTS)[Environment];

export const DEFAULT_KUBERNETES_VERSION = "1.35";
/** 1.31 left its last (extended) support on EKS on 2026-11-26; the other services retired it earlier. */
export const MIN_KUBERNETES_MINOR = 32;
export const POSTGRES_VERSIONS = [14, 15, 16, 17] as const;
export const MAX_REPLICAS = 5;
export const MAX_NODES_PER_POOL = 100;

const values = <T extends Record<string, string>>(set: T) => Object.values(set) as [T[keyof T], ...T[keyof T][]];

/**
 * A number as YAML users write it: `16`, or quoted, `"16"` (a quoted number is a string to YAML and
 * to Pulumi). Text counts only when, trimmed, it is a plain decimal: an optional minus, digits without
 * a leading zero, an optional fraction. "", "1e3", "0x10", "016" or "16abc" stay text, and the number
 * schema refuses them with the user's value in the message.
 */
export const DECIMAL_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function numberOfText(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    const text = value.trim();
    return DECIMAL_TEXT.test(text) ? Number(text) : value;
}

/** Every numeric setting goes through this, so a quoted number is accepted wherever a number is meant. */
export const num = <T extends z.ZodType>(schema: T) => z.preprocess(numberOfText, schema);

/** Names that become part of resource names and tags on all three clouds. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const name = (what: string) =>
    z.string()
        .regex(NAME_PATTERN, `must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, so it can be part of ${what} names and tags on every cloud`)
        // RDS refuses identifiers with two consecutive hyphens, and EC2 security-group names that start with "sg-".
        .refine((text) => !text.includes("--"), "must not contain two consecutive hyphens (RDS identifiers refuse them)")
        .refine((text) => !text.startsWith("sg-"), "must not start with \"sg-\" (EC2 refuses security-group names that look like group ids)");

const cidr = z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
    }
});

/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const logRetention = num(z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d)), { error: `must be a CloudWatch Logs retention in days: ${LOG_RETENTION_DAYS.join(", ")}` }));

const uuid = (what: string) => z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be ${what}: a GUID like 00000000-0000-0000-0000-000000000000`);

const LABEL_KEY = /^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;

const nodePool = (env: EnvironmentDefaults) =>
    z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9]{0,11}$/, "must be 1-12 lowercase letters and digits, starting with a letter (the AKS node pool rule, the tightest of the three clouds)"),
        size: z.enum(values(Size)).default("medium"),
        instanceType: z.string().min(1).optional(),
        min: num(z.number().int().min(0).max(MAX_NODES_PER_POOL)).default(env.poolMin),
        max: num(z.number().int().min(1).max(MAX_NODES_PER_POOL)).default(env.poolMax),
        labels: z.record(z.string().regex(LABEL_KEY, "must be a Kubernetes label key"), z.string().regex(LABEL_VALUE, "must be a Kubernetes label value")).optional(),
        taints: z.array(z.preprocess(taintOfText, z.strictObject({
            key: z.string().regex(LABEL_KEY, "must be a Kubernetes taint key"),
            value: z.string().regex(LABEL_VALUE, "must be a Kubernetes taint value").optional(),
            effect: z.enum(values(TaintEffect)),
        }))).optional(),
    });

/** kubectl's taint forms: "key=value:Effect", or "key:Effect" without a value. */
const TAINT_TEXT = /^([^=:\s]+)(?:=([^=:\s]*))?:([^=:\s]+)$/;
const TAINT_FORMS = `"key=value:Effect", "key:Effect" (where the cloud takes taints without a value) or { key, value, effect }, with Effect one of ${Object.values(TaintEffect).join(", ")}`;

/**
 * A taint written as kubectl writes it becomes the object form; "key=:Effect" (an empty value) is
 * "key:Effect", as Kubernetes reads it. Text in neither form is refused naming the forms.
 */
function taintOfText(value: unknown, ctx: z.RefinementCtx): unknown {
    if (typeof value !== "string") {
        return value;
    }
    const match = TAINT_TEXT.exec(value.trim());
    if (!match) {
        ctx.addIssue({ code: "custom", message: `is not a taint; write it as ${TAINT_FORMS}`, input: value });
        return value;
    }
    const [, key, text, effect] = match;
    if (!(Object.values(TaintEffect) as string[]).includes(effect)) {
        ctx.addIssue({ code: "custom", message: `has the effect "${effect}"; the effect is one of ${Object.values(TaintEffect).join(", ")} (case matters), as in "${key}${text ? `=${text}` : ""}:NoSchedule"`, input: value });
        return value;
    }
    return text ? { key, value: text, effect } : { key, effect };
}

export const SSH_KEY_TYPES = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];

/** The key's base64 blob starts with its own type name; checking that catches truncated or pasted-wrong keys. */
export function sshPublicKeyProblem(line: string): string | undefined {
    const [type, blob] = line.trim().split(/\s+/);
    if (!SSH_KEY_TYPES.includes(type) || !blob || !/^[A-Za-z0-9+/]+={0,3}$/.test(blob)) {
        return `must be one OpenSSH public key line ("<type> <base64> [comment]") with type one of ${SSH_KEY_TYPES.join(", ")}`;
    }
    const bytes = Buffer.from(blob, "base64");
    const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
    if (length !== type.length || bytes.subarray(4, 4 + length).toString("latin1") !== type) {
        return `is not a valid ${type} key: its base64 body is corrupt or belongs to another key type`;
    }
    if (type === "ssh-rsa" && bytes.length < 270) {
        return "is an RSA key shorter than 2048 bits; use ssh-ed25519 or RSA of at least 3072 bits";
    }
    return undefined;
}

/** Alertmanager's smarthost: "host:port". */
const SMARTHOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?:\d{1,5}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_RETENTION_DAYS = 3650;
export const MAX_ELASTICSEARCH_NODES = 9;

/**
 * Fixed running cost (the platform every customer deployment has) or project cost (what grows with the
 * customer's project: its data). The documented default per component; anycloud:billing.costTypes overrides.
 */
export const DEFAULT_COST_TYPES: Record<ComponentName, CostType> = {
    network: "fixed", cluster: "fixed", bastion: "fixed", observability: "fixed", billing: "fixed", ingress: "fixed", database: "project",
};

/** What the cost estimate assumes for usage it cannot see, per month (docs/cost-model.md). */
export const DEFAULT_USAGE = { natGbPerMonth: 100, egressGbPerMonth: 100, loadBalancerGbPerMonth: 100, cloudLogsGbPerMonth: 20 } as const;

const gb = num(z.number().min(0).max(10_000_000));

/**
 * A DNS host name Let's Encrypt can issue for: lowercase labels of letters, digits and hyphens (1-63 each,
 * no hyphen at either end), at least two, a last label that is not all digits (no IP address), no
 * wildcard. 245 characters at most, so grafana.<domain> and kibana.<domain> stay within DNS's 253.
 */
export const HOST_NAME = /^(?=.{1,245}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[a-z0-9-]*[a-z])[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const RESERVED_DB_USERS = ["postgres", "admin", "root", "rdsadmin", "rds_superuser", "azure_superuser", "azure_pg_admin", "cloudsqlsuperuser", "cloudsqladmin", "public", "user"];

/** One schema per top-level key, so a problem in one key never hides the problems of another. */
export function settingSchemas(env: EnvironmentDefaults) {
    return {
        cloud: z.enum(values(Cloud)),
        region: z.string().min(1),
        customer: name("resource"),
        project: name("resource"),
        environment: z.enum(values(Environment)).default("dev"),
        allowedCidrs: z.array(cidr).default([]),
        protect: z.boolean().default(env.protect),
        network: z.strictObject({
            cidr: cidr.default("10.0.0.0/16"),
            zones: num(z.number().int().min(2).max(MAX_ZONES)).default(env.zones),
            natGateways: z.enum(values(NatGateways)).default(env.natGateways),
        }).prefault({}),
        cluster: z.strictObject({
            // Text, never a number: YAML reads an unquoted 1.30 as the number 1.3.
            version: z.string({ error: (issue) => (typeof issue.input === "number" ? `must be quoted, "1.<minor>" such as "${DEFAULT_KUBERNETES_VERSION}": unquoted, YAML reads a version as a number (1.30 becomes 1.3)` : undefined) })
                .regex(/^1\.\d{2}$/, `must be a Kubernetes minor version "1.<minor>", e.g. "${DEFAULT_KUBERNETES_VERSION}"`).default(DEFAULT_KUBERNETES_VERSION),
            apiAccess: z.enum(values(ApiAccess)).default("allowlist"),
            serviceCidr: cidr.default("172.20.0.0/16"),
            nodePools: z.array(nodePool(env)).min(1).prefault([{ name: "system" }]),
        }).prefault({}),
        database: z.strictObject({
            enabled: z.boolean().default(true),
            version: num(z.union(POSTGRES_VERSIONS.map((v) => z.literal(v)), { error: `must be a supported PostgreSQL major version: ${POSTGRES_VERSIONS.join(", ")}` })).default(17),
            size: z.enum(values(Size)).default(env.dbSize),
            instanceClass: z.string().min(1).optional(),
            replicas: num(z.number().int().min(0).max(MAX_REPLICAS)).default(env.dbReplicas),
            storageGb: num(z.number().int().min(20).max(65536)).default(32),
            maxStorageGb: num(z.number().int().min(20).max(65536)).default(256),
            backupRetentionDays: num(z.number().int().min(1).max(365)).default(env.dbBackupDays),
            highAvailability: z.boolean().default(env.dbHighAvailability),
            databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "must be 1-63 lowercase letters, digits and underscores, starting with a letter").default("app"),
            username: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "must be 1-31 lowercase letters, digits and underscores, starting with a letter")
                .refine((user) => !RESERVED_DB_USERS.includes(user), `is reserved by a cloud's PostgreSQL service; reserved: ${RESERVED_DB_USERS.join(", ")}`)
                .default("platform_admin"),
        }).prefault({}),
        bastion: z.strictObject({
            enabled: z.boolean().default(true),
            size: z.enum(values(Size)).default("small"),
            sshPublicKey: z.string().default(""),
        }).prefault({}),
        observability: z.strictObject({
            monitoring: z.strictObject({
                enabled: z.boolean().default(true),
                retentionDays: num(z.number().int().min(1).max(MAX_RETENTION_DAYS)).default(env.metricsDays),
                storageGb: num(z.number().int().min(5).max(16384)).default(env.metricsGb),
                alertEmails: z.array(z.string().regex(EMAIL, "must be an e-mail address")).default([]),
                // Often a secret (`pulumi config set --secret --path`), which the offline plan cannot decrypt: only its presence is checked here.
                alertWebhookUrl: z.string().min(1).optional(),
                smtp: z.strictObject({
                    smarthost: z.string().regex(SMARTHOST, "must be \"host:port\" of your SMTP relay, e.g. smtp.example.com:587"),
                    from: z.string().regex(EMAIL, "must be the sender's e-mail address"),
                    username: z.string().min(1).optional(),
                    password: z.string().min(1).optional(),
                }).optional(),
            }).prefault({}),
            logging: z.strictObject({
                enabled: z.boolean().default(true),
                retentionDays: num(z.number().int().min(1).max(MAX_RETENTION_DAYS)).default(env.logDays),
                storageGb: num(z.number().int().min(5).max(16384)).default(env.logGb),
                elasticsearchNodes: num(z.number().int().min(1).max(MAX_ELASTICSEARCH_NODES)).default(env.esNodes),
            }).prefault({}),
            exposure: z.enum(values(Exposure)).default("internal"),
        }).prefault({}),
        ingress: z.strictObject({
            enabled: z.boolean().default(true),
            internal: z.boolean().default(false),
            domain: z.string().regex(HOST_NAME, "must be a DNS host name in lowercase, e.g. api.example.com (at least two labels of a-z, 0-9 and hyphens, no wildcard, no IP address, at most 245 characters)").optional(),
            tlsEmail: z.string().regex(EMAIL, "must be an e-mail address (Let's Encrypt sends certificate expiry notices there)").optional(),
            // The default depends on `internal` and the network: filled in by validation.ts.
            sourceRanges: z.array(cidr).min(1).optional(),
            externalDns: z.strictObject({
                // The cloud's zone id format is checked by providers/<cloud>/validation.ts.
                zone: z.string().min(1),
            }).optional(),
        }).prefault({}),
        billing: z.strictObject({
            monthlyBudget: num(z.number().positive().max(100_000_000)).optional(),
            currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code such as USD or EUR (the billing account's currency)").default("USD"),
            // Ascending and distinct: AWS refuses two notifications at one threshold, Azure silently merges them.
            thresholds: z.array(num(z.number().positive().max(1000))).min(1).max(10)
                .refine((list) => list.every((p, i) => i === 0 || p > list[i - 1]), "must be distinct percentages in ascending order, e.g. [50, 80, 100]")
                .default([50, 80, 100]),
            alertEmails: z.array(z.string().regex(EMAIL, "must be an e-mail address")).default([]),
            forecastAlerts: z.boolean().default(true),
            startDate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, "must be the first day of a month, \"YYYY-MM-01\" (Azure budgets start on a month's first day)").optional(),
            costTypes: z.strictObject(Object.fromEntries(Object.values(ComponentName).map((c) => [c, z.enum(values(CostType)).default(DEFAULT_COST_TYPES[c])])) as Record<ComponentName, z.ZodDefault<z.ZodEnum<{ fixed: "fixed"; project: "project" }>>>).prefault({}),
            accountPerProject: z.boolean().default(false),
            usage: z.strictObject({
                natGbPerMonth: gb.default(DEFAULT_USAGE.natGbPerMonth),
                egressGbPerMonth: gb.default(DEFAULT_USAGE.egressGbPerMonth),
                loadBalancerGbPerMonth: gb.default(DEFAULT_USAGE.loadBalancerGbPerMonth),
                cloudLogsGbPerMonth: gb.default(DEFAULT_USAGE.cloudLogsGbPerMonth),
            }).prefault({}),
        }).prefault({}),
        // Cloud rules on keys and values (AWS, Azure, GCP label charset) are in providers/<cloud>/validation.ts.
        tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
        aws: z.strictObject({
            clusterAdminArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, "must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), not an STS assumed-role session")).default([]),
            flowLogRetentionDays: logRetention.default(90),
            logRetentionDays: logRetention.default(90),
            zoneIds: z.array(z.string().regex(/^[a-z]{2,5}\d-az\d{1,2}$/, "must be an availability zone ID such as euc1-az1 (aws ec2 describe-availability-zones shows them)")).optional(),
            apiAccessCidrs: z.array(cidr).default([]),
            apiAccessSecurityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, "must be a security group id (sg-...)")).default([]),
            upgradeSupport: z.enum(["standard", "extended"]).default("standard"),
            activateCostAllocationTags: z.boolean().default(false),
            accountEmail: z.string().regex(EMAIL, "must be an e-mail address (the new account's root user; unique across AWS)").optional(),
            organizationalUnitId: z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, "must be an organizational unit id (ou-...) or the organization's root id (r-...)").optional(),
        }).prefault({}),
        azure: z.strictObject({
            subscriptionId: uuid("a subscription id").optional(),
            tenantId: uuid("a tenant id").optional(),
            adminGroupObjectIds: z.array(uuid("an Entra ID group object id")).default([]),
            logAnalyticsWorkspaceId: z.string().regex(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, "must be a Log Analytics workspace resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>)").optional(),
            podCidr: cidr.default("10.244.0.0/16"),
            // Flow-log retention stops at 365 days; Log Analytics starts at 30.
            logRetentionDays: num(z.number().int().min(30).max(365)).default(90),
            billingScope: z.string().regex(/^\/providers\/Microsoft\.Billing\/billingAccounts\/[^/]+\/(enrollmentAccounts\/[^/]+|billingProfiles\/[^/]+\/invoiceSections\/[^/]+)$/i, "must be a billing scope: /providers/Microsoft.Billing/billingAccounts/<id>/enrollmentAccounts/<id> (EA) or .../billingProfiles/<id>/invoiceSections/<id> (MCA)").optional(),
        }).prefault({}),
        gcp: z.strictObject({
            project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "must be a GCP project id: 6-30 lowercase letters, digits and hyphens, starting with a letter (gcloud config get-value project)").optional(),
            databaseEdition: z.enum(["enterprise", "enterprisePlus"]).default("enterprise"),
            clusterLocation: z.enum(["regional", "zonal"]).optional(),
            bastionIapTunnel: z.boolean().default(false),
            billingAccount: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, "must be a Cloud Billing account id, XXXXXX-XXXXXX-XXXXXX (gcloud billing accounts list)").optional(),
            folderId: z.string().regex(/^\d{6,20}$/, "must be a folder id (digits)").optional(),
            organizationId: z.string().regex(/^\d{6,20}$/, "must be an organization id (digits)").optional(),
        }).prefault({}),
    };
}

export type SettingKey = keyof ReturnType<typeof settingSchemas>;

