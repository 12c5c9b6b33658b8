import * as sql from "@pulumi/gcp/sql";
import * as pulumi from "@pulumi/pulumi";
import { RandomId } from "@pulumi/random/randomId";
import { keepsData, PlatformContext } from "../../components/context";
import { DatabaseArgs, DatabaseOutputs, postgresConnectionString } from "../../components/database";
import { createAccessRules } from "./database-access";
import { createAdminPassword, createAdminSecret, PASSWORD_POLICY } from "./database-credentials";
import {
    BACKUP_START_TIME, backupPolicy, checkCreationSettings, commonSettings, FINAL_BACKUP_RETENTION_DAYS, ipConfiguration, POSTGRES_PORT,
} from "./database-settings";
import { rangeNameOf } from "./network-ranges";

export const INSTANCE_TYPE = "gcp:sql/databaseInstance:DatabaseInstance";

/**
 * Cloud SQL instance ids: lowercase letters, digits and hyphens, starting with a letter; the API
 * allows 98 characters, anycloud keeps to 63 (a DNS label; project id, colon and instance id
 * then stay within 98 too, as the older rule had it) and ends on a letter or digit.
 */
export const INSTANCE_NAME = /^(?=.{1,63}$)[a-z](?:[-a-z0-9]*[a-z0-9])?$/;

/** Random bytes of the primary's name (8 hex digits) and of each replica's (4). */
export const INSTANCE_SUFFIX_BYTES = 4;
export const REPLICA_SUFFIX_BYTES = 2;

/** Characters of namePrefix in the instance name: "pg-" + 40 + "-" + 8 hex = 52, and "-r<n>-" + 4 hex on replicas = 60. */
export const NAME_STEM_LENGTH = 40;

/**
 * Instance names. A deleted instance's name stays taken for up to a week (Cloud SQL docs,
 * "Delete instances"), and a named instance is replaced delete-first, so a fixed name would make
 * a stack destroyed and deployed again (or a replaced instance) wait a week. The name ends in
 * random hex kept in the state: a new stack state draws a new one, ordinary updates keep it.
 */
export function instanceNames(context: PlatformContext): { stem: string; primary: (hex: string) => string; replica: (primary: string, index: number, hex: string) => string } {
    const stem = `pg-${context.namePrefix.slice(0, NAME_STEM_LENGTH).replace(/-+$/, "")}`;
    return {
        stem,
        primary: (hex) => `${stem}-${hex}`,
        replica: (primary, index, hex) => `${primary}-r${index}-${hex}`,
    };
}

/**
 * Cloud SQL for PostgreSQL with a private IP only, in the Private Service Access range the
 * network reserved and peered (servicenetworking.Connection): TLS required, REGIONAL (a standby
 * in another zone) when `highAvailability`, daily backups with point-in-time recovery, storage
 * that grows up to `maxStorageGb`, query insights, the CIS logging flags and pgaudit, IAM
 * database authentication beside the admin password, `replicas` read replicas. Egress firewall
 * rules of the platform's VPC admit 5432 towards the range only from `allowedSources` (service
 * account emails). The admin password is generated and kept in Secret Manager; only the secret's
 * name is an output.
 */
export function createDatabase(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions): DatabaseOutputs {
    const { context, settings, network: net } = args;
    const scope = context.gcpScope;
    if (!scope) {
        throw new Error("the GCP database needs the foundation's project services (context.gcpScope)");
    }
    const keep = keepsData(context);
    const names = instanceNames(context);
    const edition = context.gcp.databaseEdition;

    const created = checkCreationSettings(name, {
        "anycloud:customer/project/environment": context.namePrefix,
        "anycloud:region": context.region,
        // With billing.accountPerProject the project is the platform's own, fixed when it was created
        // (and the mode itself cannot change: providers/account-per-project.ts).
        "anycloud:gcp.project": context.billing.accountPerProject ? "its own (billing.accountPerProject)" : context.gcp.project!,
        "anycloud:database.username": settings.username,
        "anycloud:database.databaseName": settings.databaseName,
    }, opts.parent!);
    const checked = <T>(value: pulumi.Input<T>) => pulumi.all([created, value]).apply(([, resolved]) => resolved as T);

    // Keepers: the instance's replacement inputs that anycloud sets (replacement-inputs.ts), and
    // the stem. They only change once the check above has let them (a deliberate rebuild), and
    // then the new instance gets a new name and can be created before the old one is deleted.
    const suffix = new RandomId(`${name}-instance-suffix`, {
        byteLength: INSTANCE_SUFFIX_BYTES,
        keepers: { project: checked(scope.project), region: checked(context.region), stem: checked(names.stem) },
    }, opts);
    const instanceName = suffix.hex.apply(names.primary);

    const password = createAdminPassword(name, opts);
    const credentials = createAdminSecret(name, context, pulumi.jsonStringify({ username: settings.username, password }), keep, opts);
    const rules = createAccessRules(name, context, net, args.allowedSources, opts);

    const ip = ipConfiguration(net.networkId, net.dataSubnetIds.apply((ids) => rangeNameOf(ids[0])));
    const backups = backupPolicy(edition, settings.backupRetentionDays);
    const common = commonSettings(context, settings, ip);

    // protect in every environment, like Aurora and Flexible Server: a replacement would delete
    // the data (the new instance could come first, under its new name, but the old one and its
    // backups would still go). The engine refuses it at preview instead (replacement-inputs.ts).
    const instance = new sql.DatabaseInstance(`${name}-instance`, {
        name: instanceName,
        project: checked(scope.project),
        region: checked(context.region),
        databaseVersion: `POSTGRES_${settings.version}`,
        // The provider's guard (state only): refuses a delete or replacement while true.
        deletionProtection: context.protect,
        settings: {
            ...common,
            availabilityType: settings.highAvailability ? "REGIONAL" : "ZONAL",
            diskSize: settings.storageGb,
            backupConfiguration: {
                enabled: true,
                pointInTimeRecoveryEnabled: true,
                startTime: BACKUP_START_TIME,
                transactionLogRetentionDays: backups.transactionLogRetentionDays,
                backupRetentionSettings: { retainedBackups: backups.retainedBackups, retentionUnit: "COUNT" },
            },
            passwordValidationPolicy: PASSWORD_POLICY,
            // Cloud SQL's guard: refuses a delete from any client (console, gcloud, API) while true.
            deletionProtectionEnabled: keep,
            // Like AWS's final snapshot: deleting the instance leaves a backup for 30 days; outside
            // dev (as on AWS) the daily backups also outlive the instance until their retention ends.
            finalBackupConfig: { enabled: true, retentionDays: FINAL_BACKUP_RETENTION_DAYS },
            retainBackupsOnDelete: context.protect || context.environment !== "dev",
        },
    }, {
        ...opts,
        protect: true,
        // The project's APIs (Cloud SQL Admin, Service Networking) and the egress rules first, so
        // that the instance is reachable from the nodes and the bastion, and nothing else, from
        // its first minute. The peering comes through dataSubnetIds (the PSA range), which the
        // network resolves only once its servicenetworking connection exists.
        dependsOn: [...scope.services, rules.allow, rules.deny],
    });

    // Both protected in every environment: a new database name or user name would replace them,
    // and deleting the database drops its tables. deletedWith: when the instance itself is
    // deleted (a teardown), they go with it instead of one API call each, which PostgreSQL can
    // refuse (a user that owns objects, a database with open connections).
    const database = new sql.Database(`${name}-db`, {
        name: checked(settings.databaseName),
        instance: instance.name,
    }, { ...opts, protect: true, deletedWith: instance });

    const admin = new sql.User(`${name}-admin`, {
        name: checked(settings.username),
        instance: instance.name,
        type: "BUILT_IN",
        password,
    }, { ...opts, protect: true, deletedWith: instance, dependsOn: [database] });

    const replicas = createReplicas(name, args, instance, [database, admin], opts);

    const host = instance.privateIpAddress;
    return {
        host,
        readerHost: replicas.length > 0 ? replicas[0].privateIpAddress : host,
        port: pulumi.output(POSTGRES_PORT),
        databaseName: database.name,
        username: admin.name,
        credentialsSecret: credentials.reference,
        connectionString: postgresConnectionString(admin.name, host, POSTGRES_PORT, database.name),
    };
}

/**
 * Read replicas: asynchronous copies in the same region and network, with the primary's tier,
 * flags and network settings, no backups (Cloud SQL takes none on replicas) and no failover role
 * (replicaConfiguration.failoverTarget is not supported for PostgreSQL). Each has a random part
 * of its own in its name, drawn anew when it is created, so removing and re-adding a replica
 * within a week does not collide with the name the deleted one still holds. They hold nothing
 * the primary does not: Pulumi protect and the provider's guard follow `protect`.
 */
function createReplicas(name: string, args: DatabaseArgs, primary: sql.DatabaseInstance, after: pulumi.Resource[], opts: pulumi.CustomResourceOptions): sql.DatabaseInstance[] {
    const { context, settings, network: net } = args;
    const names = instanceNames(context);
    const common = commonSettings(context, settings, ipConfiguration(net.networkId, net.dataSubnetIds.apply((ids) => rangeNameOf(ids[0]))));
    // At least the primary's current disk (autoresize may have grown it past storageGb; after a
    // refresh the state has the grown size), which a new replica must not be smaller than.
    const diskSize = primary.settings.apply((current) => Math.max(current?.diskSize ?? 0, settings.storageGb));
    const replicas: sql.DatabaseInstance[] = [];
    let previous: pulumi.Resource[] = after;
    for (let i = 1; i <= settings.replicas; i++) {
        const suffix = new RandomId(`${name}-replica-${i}-suffix`, {
            byteLength: REPLICA_SUFFIX_BYTES,
            keepers: { masterInstanceName: primary.name, region: primary.region },
        }, opts);
        const replica: sql.DatabaseInstance = new sql.DatabaseInstance(`${name}-replica-${i}`, {
            name: pulumi.all([primary.name, suffix.hex]).apply(([primaryName, hex]) => names.replica(primaryName, i, hex)),
            masterInstanceName: primary.name,
            project: primary.project,
            region: primary.region,
            databaseVersion: `POSTGRES_${settings.version}`,
            deletionProtection: context.protect,
            settings: { ...common, availabilityType: "ZONAL", diskSize },
        }, { ...opts, protect: context.protect, dependsOn: previous });
        replicas.push(replica);
        // One after the other: Cloud SQL runs one operation at a time on the primary.
        previous = [replica];
    }
    return replicas;
}
