import { refuseChangedCreationSettings } from "../../components/creation-settings";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { DatabaseSettings } from "../../components/types";
import { gcpLabels } from "./foundation";
import { DATABASE_TIERS } from "./sizes";

export const POSTGRES_PORT = 5432;

/**
 * Database flags of every instance (primary and replicas), after the PostgreSQL part of the CIS
 * Google Cloud Platform Foundation Benchmark (section 6.2) as far as Cloud SQL has the flag:
 * 6.2.1 log_error_verbosity, 6.2.2/6.2.3 connections and disconnections, 6.2.5 log_min_messages,
 * 6.2.6 log_min_error_statement, 6.2.7 log_min_duration_statement off, 6.2.8 pgaudit; plus lock
 * waits and checkpoints, and IAM database authentication.
 *
 * Not 6.2.4 `log_statement = ddl`: it writes `CREATE/ALTER ROLE ... PASSWORD '...'` in clear into
 * Cloud Logging. pgaudit logs the same DDL and role statements and redacts everything after the
 * PASSWORD token (pgaudit.c, TOKEN_REDACTED). pgaudit logs once `CREATE EXTENSION pgaudit` has run
 * in a database (docs/database.md, GCP "pgaudit").
 *
 * All are set at creation; a later change of `cloudsql.enable_pgaudit` restarts the instance.
 */
export const DATABASE_FLAGS: Record<string, string> = {
    "cloudsql.iam_authentication": "on",
    "cloudsql.enable_pgaudit": "on",
    "pgaudit.log": "ddl,role",
    log_connections: "on",
    log_disconnections: "on",
    log_lock_waits: "on",
    log_checkpoints: "on",
    log_error_verbosity: "default",
    log_min_messages: "warning",
    log_min_error_statement: "error",
    log_min_duration_statement: "-1",
};

export const EDITIONS = { enterprise: "ENTERPRISE", enterprisePlus: "ENTERPRISE_PLUS" } as const;

/** Days of transaction logs (the point-in-time window) each edition allows. */
export const MAX_TRANSACTION_LOG_DAYS = { enterprise: 7, enterprisePlus: 35 } as const;

/** UTC, like AWS: daily backups from 02:00, maintenance on Sunday (day 7) from 03:00. */
export const BACKUP_START_TIME = "02:00";
export const MAINTENANCE_WINDOW = { day: 7, hour: 3, updateTrack: "stable" };

/** Days a final backup, taken when the primary is deleted, is kept (the API allows 1-365). */
export const FINAL_BACKUP_RETENTION_DAYS = 30;

/**
 * The tier, from `instanceClass` or the size table of the configured edition: Enterprise Plus
 * takes only db-perf-optimized-N-* tiers and Enterprise only shared-core and custom ones
 * (validation.ts refuses a mismatched instanceClass before anything is registered).
 */
export function databaseTier(context: PlatformContext, settings: DatabaseSettings): { edition: string; tier: string } {
    const edition = context.gcp.databaseEdition;
    return { edition: EDITIONS[edition], tier: settings.instanceClass ?? DATABASE_TIERS[edition][settings.size] };
}

/**
 * Backups and the point-in-time window. `backupRetentionDays` is the window asked for: the daily
 * backups are kept that many days, and transaction logs as many days as the edition allows (7 on
 * Enterprise, 35 on Enterprise Plus). Cloud SQL wants more retained backups than log days
 * ("backup retention should be > transaction log retention"), so at least one backup more.
 */
export function backupPolicy(edition: keyof typeof MAX_TRANSACTION_LOG_DAYS, backupRetentionDays: number): { retainedBackups: number; transactionLogRetentionDays: number } {
    const transactionLogRetentionDays = Math.min(MAX_TRANSACTION_LOG_DAYS[edition], backupRetentionDays);
    return { transactionLogRetentionDays, retainedBackups: Math.max(backupRetentionDays, transactionLogRetentionDays + 1) };
}

/**
 * Private IP only, in the platform's VPC, from the Private Service Access range the network
 * reserved; no public address (CIS 6.2.9, 6.6), so authorized networks have nothing to apply
 * to. TLS required (ENCRYPTED_ONLY; client certificates are not required, so password and IAM
 * logins work with sslmode=require). No private path for Google services (BigQuery federation
 * and others would reach the data without passing the VPC).
 */
export function ipConfiguration(privateNetwork: pulumi.Input<string>, allocatedIpRange: pulumi.Input<string>): inputs.sql.DatabaseInstanceSettingsIpConfiguration {
    return {
        ipv4Enabled: false,
        privateNetwork,
        allocatedIpRange,
        sslMode: "ENCRYPTED_ONLY",
        enablePrivatePathForGoogleCloudServices: false,
    };
}

export const DATABASE_FLAG_LIST = Object.entries(DATABASE_FLAGS).map(([name, value]) => ({ name, value }));

/** Labels on the instance: Cloud SQL's userLabels sit inside `settings`, where the provider's defaultLabels do not reach. */
export function instanceLabels(context: PlatformContext): Record<string, string> {
    return gcpLabels(componentTags(context, "database"));
}

/** Settings every instance shares, primary and replicas. */
export function commonSettings(context: PlatformContext, settings: DatabaseSettings, ip: inputs.sql.DatabaseInstanceSettingsIpConfiguration) {
    const { edition, tier } = databaseTier(context, settings);
    return {
        // Always sent: PostgreSQL 16 and later would otherwise be Enterprise Plus, which refuses custom tiers.
        edition,
        tier,
        diskType: "PD_SSD",
        diskAutoresize: true,
        // The provider drops a diff in which the recorded size is larger than this (diskSizeCutomizeDiff,
        // autoresize on), so growth by autoresize is never fought, nor does it replace anything.
        diskAutoresizeLimit: settings.maxStorageGb,
        ipConfiguration: ip,
        databaseFlags: DATABASE_FLAG_LIST,
        insightsConfig: { queryInsightsEnabled: true, recordClientAddress: true, recordApplicationTags: true },
        maintenanceWindow: MAINTENANCE_WINDOW,
        dataApiAccess: "DISALLOW_DATA_API",
        userLabels: instanceLabels(context),
    };
}

/**
 * Settings the database's resources are created with that config can change but the resources
 * cannot: the instance's region and project (a new instance), the name stem (a new name), the
 * admin user's name and the database's name (a new user or database, and the old one dropped).
 * Every one of them is protected, so the engine would refuse the replacement anyway; this says
 * which key changed, and it runs before the instance name's random part is drawn again (its
 * keepers wait for it), so a refused change leaves nothing behind to undo.
 */
export function checkCreationSettings(name: string, created: Record<string, string>, parent: pulumi.Resource): pulumi.Output<void> {
    return refuseChangedCreationSettings(name, created, {
        subject: "the Cloud SQL instance",
        consequence: "replacing the instance, its database or its admin user",
        rebuildDoc: "docs/database.md, \"GCP: Deletion, replacement and teardown\",",
    }, { parent });
}
