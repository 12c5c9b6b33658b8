import { LogGroup } from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as rds from "@pulumi/aws/rds";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { componentTags, PlatformContext } from "../../components/context";
import { DatabaseArgs, DatabaseOutputs } from "../../components/database";
import { DATABASE_INSTANCE_CLASSES } from "./sizes";
import { serviceAssumeRolePolicy } from "./assume-role";

export const POSTGRES_PORT = 5432;
export const ENGINE = "aurora-postgresql";

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
export const LOG_RETENTION_DAYS = 90;

/**
 * Characters RDS accepts in a master password (it rejects / @ " and space) that are also
 * unreserved in URLs, so the password goes into a connection string without escaping.
 */
export const PASSWORD_SPECIAL_CHARACTERS = "-_.~";

/** Whether this database keeps a final snapshot and refuses deletion. */
export function keepsData(context: PlatformContext): { deletionProtection: boolean; finalSnapshot: boolean } {
    const prod = context.environment === "prod";
    return { deletionProtection: context.protect || prod, finalSnapshot: context.protect || context.environment !== "dev" };
}

/**
 * Aurora PostgreSQL: a writer and `replicas` readers in the data subnets, storage and
 * Performance Insights encrypted with a customer-managed key, TLS forced, IAM auth on,
 * reachable on 5432 only from the security groups in `allowedSources`.
 */
export function createDatabase(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions): DatabaseOutputs {
    const { context, settings, network } = args;
    const tags = componentTags(context, "database");
    const prefix = context.namePrefix;
    const identifier = `${prefix}-pg`;
    const stateful = { ...opts, protect: context.protect };
    const keep = keepsData(context);

    const key = new kms.Key(`${name}-key`, {
        description: `Storage, Performance Insights and log encryption of the ${identifier} Aurora cluster`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
    }, stateful);
    new kms.Alias(`${name}-key-alias`, { name: `alias/${identifier}`, targetKeyId: key.keyId }, opts);

    const securityGroup = createSecurityGroup(name, args, tags, opts);

    const subnetGroup = new rds.SubnetGroup(`${name}-subnets`, {
        name: identifier,
        description: `Data subnets of ${prefix}`,
        subnetIds: network.dataSubnetIds,
        tags,
    }, opts);

    // namePrefix: a new major needs a new family, and a replacement group must coexist with the old one until the cluster moves over.
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

    const password = new RandomPassword(`${name}-password`, {
        length: 32,
        special: true,
        overrideSpecial: PASSWORD_SPECIAL_CHARACTERS,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
    }, { parent: opts.parent });
    const secretPassword = pulumi.secret(password.result);

    // Created before the cluster so RDS exports into a group with a retention instead of one kept forever.
    const logGroup = new LogGroup(`${name}-logs`, {
        name: `/aws/rds/cluster/${identifier}/postgresql`,
        retentionInDays: LOG_RETENTION_DAYS,
        tags,
    }, opts);

    const cluster = new rds.Cluster(`${name}-cluster`, {
        clusterIdentifier: identifier,
        engine: ENGINE,
        engineVersion: engineVersion(settings.version),
        allowMajorVersionUpgrade: false,
        // No availabilityZones: with fewer than three, RDS fills in its own and every later update would replace the cluster.
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [securityGroup.id],
        dbClusterParameterGroupName: parameters.name,
        port: POSTGRES_PORT,
        databaseName: settings.databaseName,
        masterUsername: settings.username,
        masterPassword: secretPassword,
        iamDatabaseAuthenticationEnabled: true,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        backupRetentionPeriod: settings.backupRetentionDays,
        preferredBackupWindow: BACKUP_WINDOW,
        preferredMaintenanceWindow: MAINTENANCE_WINDOW,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        deletionProtection: keep.deletionProtection,
        skipFinalSnapshot: !keep.finalSnapshot,
        finalSnapshotIdentifier: keep.finalSnapshot ? `${identifier}-final` : undefined,
        // Automated backups outlive a deleted cluster where data is kept, so a mistaken delete stays restorable to a point in time.
        deleteAutomatedBackups: !keep.finalSnapshot,
        tags,
    }, { ...stateful, dependsOn: [logGroup] });

    const monitoringRole = new iam.Role(`${name}-monitoring-role`, {
        assumeRolePolicy: serviceAssumeRolePolicy("monitoring.rds.amazonaws.com"),
        tags,
    }, opts);
    const monitoringPolicy = new iam.RolePolicyAttachment(`${name}-monitoring-policy`, {
        role: monitoringRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    }, opts);

    const instanceClass = settings.instanceClass ?? DATABASE_INSTANCE_CLASSES[settings.size];
    // Instance 0 is created alone first, so it becomes the writer; readers are failover targets in tier order.
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
        }, { ...stateful, dependsOn: i === 0 ? [monitoringPolicy] : [monitoringPolicy, instances[0]] }));
    }

    const host = cluster.endpoint;
    const port = cluster.port;
    return {
        host,
        readerHost: cluster.readerEndpoint,
        port,
        databaseName: pulumi.output(settings.databaseName),
        username: pulumi.output(settings.username),
        password: secretPassword,
        connectionString: pulumi.secret(pulumi.interpolate`postgresql://${settings.username}:${secretPassword.apply(encodeURIComponent)}@${host}:${port}/${settings.databaseName}?sslmode=require`),
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
