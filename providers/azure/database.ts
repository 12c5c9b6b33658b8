import { createHash } from "crypto";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, keepsData, PlatformContext } from "../../components/context";
import { DatabaseArgs, DatabaseOutputs, postgresConnectionString } from "../../components/database";
import { createAccessRules, createPrivateDns, POSTGRES_PORT } from "./database-access";
import { createAdminPassword, createCredentialsVault, createVaultNameSuffix } from "./database-credentials";
import { databaseSku } from "./sizes";

export const SERVER_TYPE = "azure-native:dbforpostgresql:Server";

/**
 * Flexible Server names: 3-63 lowercase letters, digits and hyphens, starting and ending with a
 * letter or digit. The name is a DNS label under postgres.database.azure.com, so it is unique
 * across all of Azure.
 */
export const SERVER_NAME = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Key Vault names: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter
 * or digit, no two hyphens in a row; unique across Azure, and held by a soft-deleted vault until
 * it is purged.
 */
export const VAULT_NAME = /^(?=.{3,24}$)[a-zA-Z](?:-?[a-zA-Z0-9])*$/;

/**
 * Server parameters set on every server. TLS is required (and already Azure's default) and no
 * older than 1.2; connections and disconnections are logged, to PostgreSQLLogs. All four are
 * dynamic: no restart. pgaudit is not among them: it needs `shared_preload_libraries` (static, so
 * a restart Pulumi cannot perform, and a list whose Azure default would be overwritten) and a
 * CREATE EXTENSION in each database; docs/database.md has the steps.
 */
export const SERVER_PARAMETERS: Record<string, string> = {
    require_secure_transport: "on",
    ssl_min_protocol_version: "TLSv1.2",
    log_connections: "on",
    log_disconnections: "on",
};

/** UTC, like the AWS maintenance window (Sunday 03:30); dayOfWeek 0 is Sunday. */
export const MAINTENANCE_WINDOW = { customWindow: "Enabled", dayOfWeek: 0, startHour: 3, startMinute: 30 };

/**
 * Inputs Azure (or the provider) changes under us, so a later `pulumi up` must not send ours:
 * the zone Azure picks is create-only (setting it, or seeing it after a refresh, would replace
 * the server) and swaps with the standby's on every HA failover; autogrow raises the storage
 * size, and Azure refuses a smaller one ("cannot be less than current size").
 */
export const SERVER_IGNORED_CHANGES = ["availabilityZone", "highAvailability.standbyAvailabilityZone", "storage.storageSizeGB"];

/** Six hex digits that make a global name unique per subscription and platform, and stay the same across runs. */
export function globalNameSuffix(context: PlatformContext): string {
    // With billing.accountPerProject the subscription is not known before it exists; the tenant salts instead.
    return createHash("sha256").update(`${context.azure.subscriptionId ?? context.azure.tenantId ?? ""}/${context.namePrefix}`).digest("hex").slice(0, 6);
}

/** The prefix cut to `length` characters, without a hyphen at the cut. */
function stem(text: string, length: number): string {
    return text.slice(0, length).replace(/-+$/, "");
}

/**
 * Globally unique names: readable stem plus a suffix. The server stem leaves room for "-r<n>" on
 * replicas (63 at most) and ends in the stable hash: a server's name cannot change. The vault
 * keeps 14 characters of the prefix and ends in six random hex digits kept in the state
 * (`createVaultNameSuffix`): 24 at most.
 */
export function databaseNames(context: PlatformContext): { server: string; replica: (index: number) => string; vaultStem: string; vault: (randomHex: string) => string } {
    const server = `${stem(`psql-${context.namePrefix}`, 52)}-${globalNameSuffix(context)}`;
    const vaultStem = `kv-${stem(context.namePrefix, 14)}`;
    return {
        server,
        replica: (index) => `${server}-r${index}`,
        vaultStem,
        vault: (randomHex) => `${vaultStem}-${randomHex}`,
    };
}

/**
 * Replicas ignore the zone (create-only) and, like the primary, the storage size: a replica is
 * created at the primary's size, and autogrow or `pulumi refresh` moves it later.
 */
export const REPLICA_IGNORED_CHANGES = ["availabilityZone", "storage.storageSizeGB"];

/**
 * PostgreSQL Flexible Server in the delegated data subnet: a private DNS zone linked to the
 * VNet, no public access, TLS 1.2+ required, zone-redundant HA when asked for, backups kept
 * `backupRetentionDays` (geo-redundant in prod), storage that grows by itself, `replicas` read
 * replicas, logs to the platform's Log Analytics workspace, and 5432 open only to
 * `allowedSources`. The administrator password is generated, kept in a Key Vault, and handed
 * out only as a reference to that secret. Entra ID authentication is on beside passwords, with
 * the first admin group as the Entra administrator.
 */
export function createDatabase(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions): DatabaseOutputs {
    const { context, settings, network: net } = args;
    const scope = context.azureScope;
    if (!scope) {
        throw new Error("the Azure database needs the foundation's resource group and workspace (context.azureScope)");
    }
    const resourceGroupName = scope.resourceGroupName;
    const tags = componentTags(context, "database");
    const names = databaseNames(context);
    const keep = keepsData(context);

    const password = createAdminPassword(name, opts);
    const vaultName = createVaultNameSuffix(name, context, names.vaultStem, opts).apply(names.vault);
    const credentials = createCredentialsVault(name, context, net, vaultName,
        pulumi.jsonStringify({ username: settings.username, password }), keep, opts);

    const rules = createAccessRules(name, context, net, args.allowedSources, opts);
    const dns = createPrivateDns(name, context, names.server, net.networkId, opts);
    const sku = databaseSku(settings.size, settings.instanceClass);
    const placement = {
        delegatedSubnetResourceId: net.dataSubnetIds.apply((ids) => ids[0]),
        privateDnsZoneArmResourceId: dns.zone.id,
        publicNetworkAccess: dbforpostgresql.ServerPublicNetworkAccessState.Disabled,
    };
    // Premium SSD (v1): the storage type that supports autogrow.
    const storage = { storageSizeGB: settings.storageGb, autoGrow: dbforpostgresql.StorageAutoGrow.Enabled, type: dbforpostgresql.StorageType.Premium_LRS };

    // protect in every environment, like the Aurora cluster: the name is fixed, so a replacement
    // would delete the server (and, five days later, its backups) before creating the new one.
    // The engine refuses such a change at preview instead (replacement-inputs.ts, docs/database.md).
    const server = new dbforpostgresql.Server(`${name}-server`, {
        serverName: names.server,
        resourceGroupName,
        location: context.region,
        version: String(settings.version),
        sku: { name: sku.name, tier: sku.tier },
        administratorLogin: settings.username,
        administratorLoginPassword: password,
        authConfig: {
            activeDirectoryAuth: dbforpostgresql.MicrosoftEntraAuth.Enabled,
            passwordAuth: dbforpostgresql.PasswordBasedAuth.Enabled,
            tenantId: context.azure.tenantId,
        },
        storage,
        backup: {
            backupRetentionDays: settings.backupRetentionDays,
            // Create-only, so it is always sent: a refresh that records Azure's "Disabled" must not
            // show up as a change, which would replace the server.
            geoRedundantBackup: context.environment === "prod" ? dbforpostgresql.GeographicallyRedundantBackup.Enabled : dbforpostgresql.GeographicallyRedundantBackup.Disabled,
        },
        highAvailability: {
            mode: settings.highAvailability ? dbforpostgresql.PostgreSqlFlexibleServerHighAvailabilityMode.ZoneRedundant : dbforpostgresql.PostgreSqlFlexibleServerHighAvailabilityMode.Disabled,
        },
        network: placement,
        maintenanceWindow: MAINTENANCE_WINDOW,
        tags,
    }, {
        ...opts,
        protect: true,
        // The zone link first, so the server's name resolves in the VNet from the start; the NSG
        // rules first, so the nodes and the bastion reach it as soon as it exists.
        dependsOn: [dns.link, ...rules],
        ignoreChanges: SERVER_IGNORED_CHANGES,
    });

    // One server operation at a time: Flexible Server refuses a parameter, database or replica
    // change while another one is running, so each waits for the previous.
    let previous: pulumi.Resource = server;
    for (const [parameter, value] of Object.entries(SERVER_PARAMETERS)) {
        previous = new dbforpostgresql.Configuration(`${name}-param-${parameter.replace(/_/g, "-")}`, {
            configurationName: parameter,
            serverName: server.name,
            resourceGroupName,
            value,
            source: "user-override",
        }, { ...opts, dependsOn: [previous] });
    }

    // Entra authentication admits nobody until the server has an Entra administrator: the first
    // platform admin group (anycloud:azure.adminGroupObjectIds) becomes it. The API wants the
    // principal's name too, and makes it the name of the PostgreSQL role; the config holds only
    // object ids, and Azure binds that role to the object id (as pgaadauth_create_principal_with_oid
    // does, whatever the role is called), so the id is the name: members sign in as that id.
    const adminGroup = context.azure.adminGroupObjectIds[0];
    if (adminGroup) {
        previous = new dbforpostgresql.AdministratorsMicrosoftEntra(`${name}-entra-admin`, {
            resourceGroupName,
            serverName: server.name,
            objectId: adminGroup,
            principalName: adminGroup,
            principalType: dbforpostgresql.PrincipalType.Group,
            tenantId: context.azure.tenantId,
        }, { ...opts, dependsOn: [previous] });
    }

    // Protected in every environment: deleting it (e.g. after a change of database.databaseName,
    // which replaces it) drops every table in it.
    const database = new dbforpostgresql.Database(`${name}-db`, {
        databaseName: settings.databaseName,
        serverName: server.name,
        resourceGroupName,
    }, { ...opts, protect: true, dependsOn: [previous] });
    previous = database;

    // Replicas copy the primary's data, admin and parameters; they take no backups and have no HA
    // of their own. They hold nothing the primary does not, so they follow context.protect.
    // A replica's disk must be at least the primary's, which autogrow may have raised above
    // storageGb: a replica added later starts at the primary's size as recorded in the state
    // (current after a refresh).
    const replicaStorage = { ...storage, storageSizeGB: server.storage.apply((current) => current?.storageSizeGB ?? settings.storageGb) };
    // A size change updates the primary before the replicas (they depend on it, which creation
    // needs, and Pulumi cannot order updates otherwise). That is the right order to scale down;
    // to scale up, where a replica smaller than its primary stops replaying (max_connections and
    // others must be at least the primary's), docs/database.md has the two-step deploy that scales
    // the replicas first.
    const replicas: dbforpostgresql.Server[] = [];
    for (let i = 1; i <= settings.replicas; i++) {
        const replica: dbforpostgresql.Server = new dbforpostgresql.Server(`${name}-replica-${i}`, {
            serverName: names.replica(i),
            resourceGroupName,
            location: context.region,
            createMode: dbforpostgresql.CreateMode.Replica,
            sourceServerResourceId: server.id,
            // Same compute and storage as the primary: Azure wants replicas at least as large, and
            // autogrow on wherever the primary has it.
            sku: { name: sku.name, tier: sku.tier },
            storage: replicaStorage,
            network: placement,
            maintenanceWindow: MAINTENANCE_WINDOW,
            tags,
        }, { ...opts, protect: context.protect, dependsOn: [previous], ignoreChanges: REPLICA_IGNORED_CHANGES });
        replicas.push(replica);
        previous = replica;
    }

    // Server logs (connections, errors, pgaudit once enabled) to the platform's workspace, which
    // keeps them azure.logRetentionDays.
    const diagnostics = [server, ...replicas].map((target, i) => new monitor.DiagnosticSetting(`${name}-diagnostics${i === 0 ? "" : `-replica-${i}`}`, {
        name: "postgres-to-log-analytics",
        resourceUri: target.id,
        workspaceId: scope.logAnalyticsWorkspaceId,
        logs: [{ category: "PostgreSQLLogs", enabled: true }],
        metrics: [{ category: "AllMetrics", enabled: true }],
    }, opts));

    if (keep) {
        // Outside Pulumi too: a delete from the portal, the CLI or a resource group deletion is
        // refused until the lock is removed (which takes Owner or User Access Administrator).
        // The lock covers what lives under the server (database, diagnostic settings) as well, so
        // it comes after them: a destroy then removes the lock before deleting any of them.
        new authorization.ManagementLockByScope(`${name}-server-lock`, {
            scope: server.id,
            lockName: "do-not-delete",
            level: authorization.LockLevel.CanNotDelete,
            notes: "The platform's PostgreSQL server: a deleted server is revivable for five days only. docs/database.md, \"Deletion\".",
        }, { ...opts, dependsOn: [database, ...diagnostics] });
    }

    const host = server.fullyQualifiedDomainName;
    return {
        host,
        readerHost: replicas.length > 0 ? replicas[0].fullyQualifiedDomainName : host,
        port: pulumi.output(POSTGRES_PORT),
        databaseName: database.name,
        username: pulumi.output(settings.username),
        credentialsSecret: credentials.reference,
        connectionString: postgresConnectionString(settings.username, host, POSTGRES_PORT, database.name),
    };
}
