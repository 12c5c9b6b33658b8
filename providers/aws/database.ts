import { LogGroup } from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as rds from "@pulumi/aws/rds";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import { RandomId } from "@pulumi/random/randomId";
import { componentTags, keepsData, PlatformContext } from "../../components/context";
import { DatabaseArgs, DatabaseOutputs, postgresConnectionString } from "../../components/database";
import { awsAccount } from "./account";
import { serviceAssumeRolePolicy } from "./assume-role";
import { keyPolicy, logsGrant } from "./key-policy";
import { replacementKeepers } from "./replacement-inputs";
import { DATABASE_INSTANCE_CLASSES } from "./sizes";

export const POSTGRES_PORT = 5432;
export const ENGINE = "aurora-postgresql";
export const CLUSTER_TYPE = "aws:rds/cluster:Cluster";

/**
 * Only the major goes to RDS ("17"): Aurora resolves a partial version to the current
 * default minor at creation, and the provider compares engineVersion as a prefix of
 * engineVersionActual, so AWS's automatic minor upgrades cause no diff. A pinned minor
 * would instead make the next `up` try to downgrade after every minor upgrade.
 */
export function engineVersion(major: number): string {
    return String(major);
}

/** UTC; the maintenance window must not overlap the backup window. */
export const BACKUP_WINDOW = "02:00-03:00";
export const MAINTENANCE_WINDOW = "sun:03:30-sun:04:30";

/**
 * What a deleted database leaves behind, besides the final snapshot that every environment
 * keeps: prod (or `protect`) also has RDS deletion protection; outside dev the automated
 * backups stay restorable to a point in time until their retention runs out.
 */
export function dataGuards(context: PlatformContext): { deletionProtection: boolean; retainAutomatedBackups: boolean } {
    return { deletionProtection: keepsData(context), retainAutomatedBackups: context.protect || context.environment !== "dev" };
}

/**
 * RDS snapshot identifiers: 1-255 letters, digits and hyphens, starting with a letter, with
 * no two consecutive hyphens and no hyphen at the end.
 */
export const SNAPSHOT_IDENTIFIER = /^(?=.{1,255}$)[A-Za-z](?:-?[A-Za-z0-9])*$/;

/**
 * Aurora PostgreSQL: a writer and `replicas` readers in the data subnets, storage, Performance
 * Insights, logs and the master secret encrypted with a customer-managed key, TLS forced, IAM
 * auth on, reachable on 5432 only from the security groups in `allowedSources`. The master
 * password is generated, kept and rotated by RDS in Secrets Manager and never passes through
 * Pulumi.
 */
export function createDatabase(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions): DatabaseOutputs {
    const { context, settings, network } = args;
    const tags = componentTags(context, "database");
    const prefix = context.namePrefix;
    const identifier = `${prefix}-pg`;
    const keep = dataGuards(context);
    const account = awsAccount(context.region, opts.parent!);
    const logGroupName = `/aws/rds/cluster/${identifier}/postgresql`;

    // Protected in every environment: replacing the key would schedule the deletion of the key
    // that the data, the final snapshots and the retained backups are encrypted with.
    // retainOnDelete: every deletion of the cluster leaves a final snapshot (and, outside dev,
    // automated backups) that can only be restored while this key exists, so destroying the stack
    // keeps the key. Once the snapshots are deleted, schedule the key's deletion by hand
    // (docs/database.md, "Tearing down").
    const key = new kms.Key(`${name}-key`, {
        description: `Storage, Performance Insights, logs and master secret of the ${identifier} Aurora cluster`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy(account, [logsGrant(context.region, [logGroupName])]),
        tags,
    }, { ...opts, protect: true, retainOnDelete: true });
    new kms.Alias(`${name}-key-alias`, { name: `alias/${identifier}`, targetKeyId: key.keyId }, opts);

    const securityGroup = createSecurityGroup(name, args, tags, opts);

    const subnetGroup = new rds.SubnetGroup(`${name}-subnets`, {
        name: identifier,
        description: `Data subnets of ${prefix}`,
        subnetIds: network.dataSubnetIds,
        tags,
    }, opts);

    // namePrefix: a new major needs a new family, which replaces the group. Pulumi creates the new
    // group first, moves the cluster onto it during the upgrade, and then deletes the old one.
    const parameters = new rds.ClusterParameterGroup(`${name}-params`, {
        namePrefix: `${identifier}-`,
        family: `${ENGINE}${settings.version}`,
        description: `TLS-only, connection-logging parameters of ${identifier}`,
        parameters: [
            { name: "rds.force_ssl", value: "1" },
            { name: "ssl_min_protocol_version", value: "TLSv1.2" },
            { name: "log_connections", value: "1" },
            { name: "log_disconnections", value: "1" },
        ],
        tags,
    }, opts);

    // Created before the cluster, so that RDS exports into a group that has a retention and the
    // key, not into one it creates itself and keeps forever. Enhanced Monitoring writes to the
    // account-wide RDSOSMetrics group. RDS creates that group, and this stack must not: a second
    // platform in the same account would collide on it.
    const logGroup = new LogGroup(`${name}-logs`, {
        name: logGroupName,
        retentionInDays: context.aws.logRetentionDays,
        kmsKeyId: key.arn,
        tags,
    }, opts);

    // Every input here replaces the cluster when it changes (replacement-inputs.ts). They are also
    // the keepers of the final snapshot's suffix, so that each cluster that is deleted (by a destroy,
    // or by a replacement once unprotected) leaves a snapshot under a name of its own instead of
    // failing with DBClusterSnapshotAlreadyExistsFault.
    const identity = {
        clusterIdentifier: identifier,
        engine: ENGINE,
        databaseName: settings.databaseName,
        masterUsername: settings.username,
        dbSubnetGroupName: subnetGroup.name,
        storageEncrypted: true,
        kmsKeyId: key.arn,
    };
    const snapshotSuffix = new RandomId(`${name}-final-snapshot-suffix`, {
        byteLength: 4,
        keepers: replacementKeepers(CLUSTER_TYPE, identity),
    }, { parent: opts.parent });

    // protect in every environment: the identifier is fixed, so any replacement would delete this
    // database before creating the new one. The engine refuses such a change at preview instead.
    const cluster = new rds.Cluster(`${name}-cluster`, {
        ...identity,
        engineVersion: engineVersion(settings.version),
        // Raising database.version upgrades in place (docs/database.md). AWS refuses a lower major.
        allowMajorVersionUpgrade: true,
        // Otherwise RDS defers an engine upgrade and the parameter-group switch to the maintenance
        // window, while Pulumi goes on to delete the old group the cluster still uses.
        applyImmediately: true,
        // No availabilityZones: with fewer than three, RDS fills in its own and every later update would replace the cluster.
        vpcSecurityGroupIds: [securityGroup.id],
        dbClusterParameterGroupName: parameters.name,
        port: POSTGRES_PORT,
        // RDS generates the password, keeps it in Secrets Manager under this key and rotates it (every 7 days by default).
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: key.arn,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: settings.backupRetentionDays,
        preferredBackupWindow: BACKUP_WINDOW,
        preferredMaintenanceWindow: MAINTENANCE_WINDOW,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        deletionProtection: keep.deletionProtection,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: pulumi.interpolate`${identifier}-final-${snapshotSuffix.hex}`,
        // Where kept, automated backups outlive a deleted cluster, so a mistaken delete stays restorable to a point in time.
        deleteAutomatedBackups: !keep.retainAutomatedBackups,
        tags,
    }, { ...opts, protect: true, dependsOn: [logGroup] });

    const monitoringRole = new iam.Role(`${name}-monitoring-role`, {
        assumeRolePolicy: serviceAssumeRolePolicy("monitoring.rds.amazonaws.com", { account: account.accountId }),
        tags,
    }, opts);
    const monitoringPolicy = new iam.RolePolicyAttachment(`${name}-monitoring-policy`, {
        role: monitoringRole.name,
        policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    }, opts);

    const instanceClass = settings.instanceClass ?? DATABASE_INSTANCE_CLASSES[settings.size];
    // Instance 0 is created alone first, so it becomes the writer; readers are failover targets in tier order.
    // Replacing an instance loses no data (it lives in the cluster's storage), so instances follow context.protect.
    const instances: rds.ClusterInstance[] = [];
    for (let i = 0; i <= settings.replicas; i++) {
        instances.push(new rds.ClusterInstance(`${name}-instance-${i}`, {
            identifier: `${identifier}-${i}`,
            clusterIdentifier: cluster.id,
            engine: ENGINE,
            instanceClass,
            dbSubnetGroupName: subnetGroup.name,
            publiclyAccessible: false,
            promotionTier: i === 0 ? 0 : 1,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: key.arn,
            performanceInsightsRetentionPeriod: 7,
            monitoringInterval: 60,
            monitoringRoleArn: monitoringRole.arn,
            autoMinorVersionUpgrade: true,
            preferredMaintenanceWindow: MAINTENANCE_WINDOW,
            copyTagsToSnapshot: true,
            tags,
        }, { ...opts, protect: context.protect, dependsOn: i === 0 ? [monitoringPolicy] : [monitoringPolicy, instances[0]] }));
    }

    const host = cluster.endpoint;
    const port = cluster.port;
    return {
        host,
        readerHost: cluster.readerEndpoint,
        port,
        databaseName: pulumi.output(settings.databaseName),
        username: pulumi.output(settings.username),
        credentialsSecret: cluster.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            // A preview that switches an existing cluster to a managed password still shows its old, empty list.
            if (!arn && pulumi.runtime.isDryRun()) {
                return "";
            }
            if (!arn) {
                throw new Error(`RDS reports no managed master secret for ${identifier}; turn it on with modify-db-cluster --manage-master-user-password (docs/database.md, "Restore to a point in time")`);
            }
            return arn;
        }),
        connectionString: postgresConnectionString(settings.username, host, port, settings.databaseName),
    };
}

/**
 * Ingress: PostgreSQL from each allowed security group, one rule each, and nothing else;
 * no CIDR rule at all. Egress: none. The provider removes the allow-all egress rule AWS
 * adds to a new group, and a database never opens connections itself.
 */
function createSecurityGroup(name: string, args: DatabaseArgs, tags: Record<string, string>, opts: pulumi.ComponentResourceOptions): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(`${name}-sg`, {
        name: `${args.context.namePrefix}-database`,
        description: "PostgreSQL, only from the cluster nodes and the bastion",
        vpcId: args.network.networkId,
        tags: { ...tags, Name: `${args.context.namePrefix}-database` },
    }, opts);
    args.allowedSources.forEach((source, i) =>
        new vpc.SecurityGroupIngressRule(`${name}-ingress-${i}`, {
            securityGroupId: group.id,
            referencedSecurityGroupId: source,
            ipProtocol: "tcp",
            fromPort: POSTGRES_PORT,
            toPort: POSTGRES_PORT,
            description: "PostgreSQL from an allowed security group (cluster nodes or bastion)",
            tags,
        }, opts));
    return group;
}
