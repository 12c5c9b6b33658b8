import { strict as assert } from "assert";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { Recording, ResourceRecord, SECRET_MARKER } from "../../../plan/recorder";
import { SNAPSHOT_IDENTIFIER } from "../../../providers/aws/database";
import { REPLACEMENT_INPUTS } from "../../../providers/aws/replacement-inputs";
import { expectProblem, problemsOf, SSH_KEY } from "../../helpers/config";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, rulesOf, single } from "../../helpers/record";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const KEY = "aws:kms/key:Key";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const PARAMETERS = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const SNAPSHOT_SUFFIX = "random:index/randomId:RandomId";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const EKS = "eks:index:Cluster";

type Statement = { Sid?: string; Principal?: { Service?: string; AWS?: string }; Condition?: Record<string, Record<string, unknown>> };
const statementsOf = (policy: string): Statement[] => (JSON.parse(policy) as { Statement: Statement[] }).Statement;
const databaseKey = (recording: Recording) => single(recording, KEY, "-database-key");

const byName = (records: ResourceRecord[]) => [...records].sort((a, b) => a.name.localeCompare(b.name));

describe("AWS database", () => {
    let dev: Recording;
    let noBastion: Recording;
    let prod: Recording;

    before(async () => {
        dev = await recordStack({
            ...AWS_DEV_CONFIG,
            database: { enabled: true, replicas: 2, backupRetentionDays: 10 },
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
            aws: { logRetentionDays: 30 },
        });
        noBastion = await recordStack({ ...AWS_DEV_CONFIG, database: { enabled: true } });
        prod = await recordStack({ ...AWS_DEV_CONFIG, environment: "prod", database: { enabled: true }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
    });

    it("runs a writer and one reader per replica, none of them publicly accessible", () => {
        const instances = ofType(dev, INSTANCE);
        assert.equal(instances.length, 3);
        for (const instance of [...instances, ...ofType(noBastion, INSTANCE), ...ofType(prod, INSTANCE)]) {
            assert.equal(input(instance, "publiclyAccessible"), false, `${instance.name} must set publiclyAccessible false`);
        }
        assert.deepEqual(instances.map((i) => input(i, "instanceClass")), ["db.t4g.medium", "db.t4g.medium", "db.t4g.medium"]);
        assert.deepEqual(byName(instances).map((i) => input(i, "promotionTier")), [0, 1, 1]);
        assert.equal(input(single(prod, INSTANCE, "-instance-0"), "instanceClass"), "db.r6g.large");
    });

    it("lives in the data subnets and lets the subnet group, not the cluster, pick zones", () => {
        const subnetGroup = single(dev, "aws:rds/subnetGroup:SubnetGroup");
        const tiers = subnetGroup.dependencies
            .map((urn) => dev.resources.find((r) => r.urn === urn && r.type === "aws:ec2/subnet:Subnet"))
            .filter((r) => r !== undefined)
            .map((r) => input<Record<string, string>>(r!, "tags").tier);
        assert.deepEqual(tiers, ["data", "data"]);
        assert.deepEqual(input(subnetGroup, "subnetIds"), dev.outputs.dataSubnetIds);
        const cluster = single(dev, CLUSTER);
        assert.equal(input(cluster, "availabilityZones"), undefined, "availabilityZones on the cluster makes every update a replacement");
        assert.equal(input(cluster, "dbSubnetGroupName"), mocked(subnetGroup).state.name);
    });

    it("admits exactly the cluster nodes and the bastion on 5432, and nothing else", () => {
        const group = single(dev, SECURITY_GROUP, "-database-sg");
        assert.equal(input(group, "ingress"), undefined, "no inline rules");
        assert.equal(input(group, "egress"), undefined, "no inline rules");
        assert.ok(input<string>(group, "description"));
        assert.deepEqual(input(single(dev, CLUSTER), "vpcSecurityGroupIds"), [mocked(group).id]);
        assert.deepEqual(rulesOf(dev, group, EGRESS), [], "a database opens no connections");

        const rules = byName(rulesOf(dev, group, INGRESS));
        assert.equal(rules.length, 2, `expected two ingress rules, got ${rules.map((r) => r.name).join(", ")}`);
        for (const rule of rules) {
            assert.equal(input(rule, "ipProtocol"), "tcp");
            assert.equal(input(rule, "fromPort"), 5432);
            assert.equal(input(rule, "toPort"), 5432);
            for (const field of ["cidrIpv4", "cidrIpv6", "prefixListId"]) {
                assert.equal(input(rule, field), undefined, `${rule.name}: no ${field}`);
            }
            assert.ok(input<string>(rule, "description"), `${rule.name} has a description`);
        }

        const eks = single(dev, EKS);
        const nodeGroupId = (mocked(eks).state.eksCluster as { vpcConfig: { clusterSecurityGroupId: string } }).vpcConfig.clusterSecurityGroupId;
        const bastionGroup = single(dev, SECURITY_GROUP, "-bastion-sg");
        const sources = rules.map((rule) => input(rule, "referencedSecurityGroupId"));
        assert.deepEqual(sources, [nodeGroupId, mocked(bastionGroup).id]);
        // The ids come from those very resources, not from look-alike strings.
        assert.ok(rules[0].dependencies.includes(eks.urn), "the first rule follows the EKS cluster's security group");
        assert.ok(rules[1].dependencies.includes(bastionGroup.urn), "the second rule follows the bastion's security group");
    });

    it("admits only the cluster nodes when the bastion is disabled", () => {
        const rules = rulesOf(noBastion, single(noBastion, SECURITY_GROUP, "-database-sg"), INGRESS);
        assert.equal(rules.length, 1);
        const eks = single(noBastion, EKS);
        assert.ok(rules[0].dependencies.includes(eks.urn));
        assert.equal(input(rules[0], "referencedSecurityGroupId"), (mocked(eks).state.eksCluster as { vpcConfig: { clusterSecurityGroupId: string } }).vpcConfig.clusterSecurityGroupId);
        assert.equal(ofType(noBastion, SECURITY_GROUP).length, 1);
    });

    it("encrypts storage and Performance Insights with a rotating customer-managed key", () => {
        const cluster = single(dev, CLUSTER);
        const key = single(dev, "aws:kms/key:Key", "-database-key");
        const keyArn = mocked(key).state.arn;
        assert.equal(input(key, "enableKeyRotation"), true);
        assert.equal(input(cluster, "storageEncrypted"), true);
        assert.equal(input(cluster, "kmsKeyId"), keyArn);
        for (const instance of ofType(dev, INSTANCE)) {
            assert.equal(input(instance, "performanceInsightsEnabled"), true);
            assert.equal(input(instance, "performanceInsightsKmsKeyId"), keyArn);
            assert.equal(input(instance, "monitoringInterval"), 60);
            assert.ok(instance.dependencies.some((urn) => urn.endsWith("-database-monitoring-role")));
        }
        const policy = single(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-database-monitoring-policy");
        assert.match(input<string>(policy, "policyArn"), /\/AmazonRDSEnhancedMonitoringRole$/);
    });

    it("forces TLS, logs connections, enables IAM auth and sends only the major version", () => {
        const cluster = single(dev, CLUSTER);
        const parameters = single(dev, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
        const values = Object.fromEntries(input<{ name: string; value: string }[]>(parameters, "parameters").map((p) => [p.name, p.value]));
        assert.equal(values["rds.force_ssl"], "1");
        assert.equal(values.log_connections, "1");
        assert.equal(input(parameters, "family"), "aurora-postgresql17");
        assert.equal(input(cluster, "dbClusterParameterGroupName"), mocked(parameters).state.name);
        assert.equal(input(cluster, "engine"), "aurora-postgresql");
        assert.equal(input(cluster, "engineVersion"), "17");
        assert.equal(input(cluster, "iamDatabaseAuthenticationEnabled"), true);
        assert.deepEqual(input(cluster, "enabledCloudwatchLogsExports"), ["postgresql"]);
        assert.equal(input(cluster, "copyTagsToSnapshot"), true);
    });

    it("keeps backups for the configured number of days", () => {
        assert.equal(input(single(dev, CLUSTER), "backupRetentionPeriod"), 10);
        assert.equal(input(single(prod, CLUSTER), "backupRetentionPeriod"), 30);
        assert.match(input<string>(single(dev, CLUSTER), "preferredBackupWindow"), /^\d\d:\d\d-\d\d:\d\d$/);
    });

    it("protects the cluster and its key in every environment; RDS deletion protection only in prod", () => {
        for (const [recording, prodLike] of [[dev, false], [prod, true]] as const) {
            const cluster = single(recording, CLUSTER);
            const key = databaseKey(recording);
            assert.equal(cluster.options.protect, true, "a replacement would delete the database first: the engine must refuse it");
            assert.equal(key.options.protect, true, "replacing the key would schedule the deletion of what it encrypts");
            assert.equal(input(cluster, "deletionProtection"), prodLike);
            assert.equal(input(cluster, "deleteAutomatedBackups"), !prodLike, "automated backups outlive a deleted cluster outside dev");
            for (const instance of ofType(recording, INSTANCE)) {
                assert.equal(instance.options.protect, prodLike, `${instance.name} follows the environment: it holds no data`);
            }
        }
    });

    it("refuses at preview every change that would replace the cluster, because it sets replacing inputs only on a protected cluster", () => {
        const replacing = REPLACEMENT_INPUTS[CLUSTER].inputs;
        const cluster = single(dev, CLUSTER);
        const set = replacing.filter((name) => input(cluster, name) !== undefined);
        // The fixed identifier is what makes a replacement delete first; it must be among the guarded inputs.
        assert.ok(set.includes("clusterIdentifier") && set.includes("kmsKeyId") && set.includes("masterUsername"), `replacing inputs set: ${set.join(", ")}`);
        assert.equal(input(cluster, "clusterIdentifier"), "acme-transit-dev-pg");
        assert.equal(cluster.options.protect, true, "in dev too");
    });

    it("keeps a final snapshot in every environment, under a name no earlier deletion used", () => {
        const identifiers: string[] = [];
        for (const recording of [dev, prod]) {
            const cluster = single(recording, CLUSTER);
            assert.equal(input(cluster, "skipFinalSnapshot"), false, "every environment keeps a final snapshot");
            const identifier = input<string>(cluster, "finalSnapshotIdentifier");
            const suffix = String(mocked(single(recording, SNAPSHOT_SUFFIX, "-final-snapshot-suffix")).state.hex);
            assert.equal(identifier, `${input(cluster, "clusterIdentifier")}-final-${suffix}`);
            assert.match(identifier, SNAPSHOT_IDENTIFIER, "RDS: letters, digits, single hyphens, starting with a letter, not ending with a hyphen");
            identifiers.push(identifier);
        }
        assert.notEqual(identifiers[0], identifiers[1], "two stacks never share a final snapshot name");
    });

    it("renews the snapshot suffix exactly when the cluster would be replaced", async () => {
        const cluster = single(dev, CLUSTER);
        const keepers = input<Record<string, string>>(single(dev, SNAPSHOT_SUFFIX, "-final-snapshot-suffix"), "keepers");
        const replacingInputsSet = Object.fromEntries(REPLACEMENT_INPUTS[CLUSTER].inputs
            .filter((name) => input(cluster, name) !== undefined)
            .map((name) => [name, String(input(cluster, name))]));
        assert.deepEqual(keepers, replacingInputsSet, "keepers: every replacing input of the cluster, and nothing updated in place");

        const renamed = await recordStack({ ...AWS_DEV_CONFIG, database: { enabled: true, databaseName: "orders" } });
        const before = input<string>(single(noBastion, CLUSTER), "finalSnapshotIdentifier");
        const after = input<string>(single(renamed, CLUSTER), "finalSnapshotIdentifier");
        assert.notEqual(after, before, "a replaced cluster leaves its snapshot under a new name");
    });

    it("keeps the key when the stack is destroyed, since the snapshots and backups it encrypts outlive the stack", () => {
        for (const recording of [dev, prod]) {
            assert.equal(databaseKey(recording).options.retainOnDelete, true);
        }
    });

    it("lets RDS generate, keep and rotate the master password: no password in the plan, the state or the outputs", () => {
        const cluster = single(dev, CLUSTER);
        const key = databaseKey(dev);
        assert.equal(input(cluster, "manageMasterUserPassword"), true);
        assert.equal(input(cluster, "masterUserSecretKmsKeyId"), mocked(key).state.arn, "the secret is encrypted with the database's key");
        for (const field of ["masterPassword", "masterPasswordWo", "masterPasswordWoVersion"]) {
            assert.equal(input(cluster, field), undefined, `no ${field}`);
        }
        assert.deepEqual(cluster.secretInputs, []);
        for (const recording of [dev, noBastion, prod]) {
            // Every input of every resource and every output (the SDK itself lists masterPassword among the cluster's additionalSecretOutputs);
            // observability's own passwords (Grafana, Elasticsearch users) are its tests' business.
            const resources = recording.resources.filter((r) => !r.name.startsWith("platform-observability"));
            const text = JSON.stringify({ inputs: resources.map((r) => [r.type, r.inputs]), outputs: recording.outputs });
            assert.ok(!/masterPassword/i.test(text), "no master password input anywhere");
            assert.ok(!/randomPassword/i.test(text), "no generated password resource anywhere");
            assert.deepEqual(recording.secretOutputs.filter((o) => o.startsWith("database")), [], "nothing of the database needs hiding");
        }
        assert.equal(input(cluster, "iamDatabaseAuthenticationEnabled"), true, "applications can sign in with IAM tokens instead");
    });

    it("publishes where the credentials are, and a connection string without a password", () => {
        const cluster = mocked(single(dev, CLUSTER));
        const secret = (cluster.state.masterUserSecrets as { secretArn: string }[])[0].secretArn;
        assert.equal(dev.outputs.databaseCredentialsSecret, secret);
        assert.match(String(dev.outputs.databaseCredentialsSecret), /^arn:aws:secretsmanager:eu-central-1:\d{12}:secret:rds!cluster-/);
        assert.equal(dev.outputs.databaseConnectionString, `postgresql://platform_admin@${cluster.state.endpoint}:5432/app?sslmode=require`);
        const databaseOutputs = Object.entries(dev.outputs).filter(([key]) => key.startsWith("database"));
        assert.deepEqual(databaseOutputs.filter(([, value]) => value === SECRET_MARKER), [], "no database output is a secret any more");

        assert.equal(dev.outputs.databaseHost, cluster.state.endpoint);
        assert.equal(dev.outputs.databaseReaderHost, cluster.state.readerEndpoint);
        assert.equal(dev.outputs.databasePort, 5432);
        assert.equal(dev.outputs.databaseName, "app");
        assert.equal(dev.outputs.databaseUsername, "platform_admin");
    });

    it("upgrades the major version in place, moving to a parameter group of the new family", async () => {
        const v16 = await recordStack({ ...AWS_DEV_CONFIG, database: { enabled: true, version: 16 } });
        for (const [recording, major] of [[v16, 16], [dev, 17]] as const) {
            const cluster = single(recording, CLUSTER);
            const parameters = single(recording, PARAMETERS);
            assert.equal(input(cluster, "engineVersion"), String(major));
            assert.equal(input(parameters, "family"), `aurora-postgresql${major}`);
            assert.equal(input(cluster, "dbClusterParameterGroupName"), mocked(parameters).state.name);
            assert.equal(input(cluster, "allowMajorVersionUpgrade"), true, "otherwise RDS refuses a raised database.version");
            assert.equal(input(cluster, "applyImmediately"), true, "otherwise the upgrade waits for the maintenance window while Pulumi deletes the old group");
            // A fixed name would make the new-family group collide with the old one, which the cluster still uses.
            assert.equal(input(parameters, "name"), undefined);
            assert.equal(input(parameters, "namePrefix"), "acme-transit-dev-pg-");
            assert.equal(parameters.options.deleteBeforeReplace, false);
            for (const instance of ofType(recording, INSTANCE)) {
                assert.equal(input(instance, "engineVersion"), undefined, `${instance.name} follows the cluster's version`);
                assert.equal(input(instance, "dbParameterGroupName"), undefined, `${instance.name}: a custom instance group blocks a major upgrade`);
            }
        }
    });

    it("exports PostgreSQL logs into its own group, kept for the configured days and encrypted with the database key", () => {
        const logGroup = single(dev, LOG_GROUP, "-database-logs");
        const key = databaseKey(dev);
        const name = "/aws/rds/cluster/acme-transit-dev-pg/postgresql";
        assert.equal(input(logGroup, "name"), name);
        assert.equal(input(logGroup, "retentionInDays"), 30);
        assert.equal(input(logGroup, "kmsKeyId"), mocked(key).state.arn);
        assert.equal(input<Record<string, string>>(logGroup, "tags").component, "database");
        assert.ok(single(dev, CLUSTER).dependencies.includes(logGroup.urn), "the group exists before RDS starts exporting");

        const logs = statementsOf(input<string>(key, "policy")).filter((s) => s.Principal?.Service?.startsWith("logs."));
        assert.equal(logs.length, 1);
        assert.equal(logs[0].Principal?.Service, "logs.eu-central-1.amazonaws.com");
        assert.deepEqual(logs[0].Condition?.ArnEquals?.["kms:EncryptionContext:aws:logs:arn"], [`arn:aws:logs:eu-central-1:${MOCK_ACCOUNT_ID}:log-group:${name}`],
            "CloudWatch Logs may use the key for this log group only");
        assert.ok(!JSON.stringify(dev).includes("RDSOSMetrics"), "the account-wide Enhanced Monitoring group is RDS's, not this stack's");
    });

    it("lets only RDS of this account assume the monitoring role", () => {
        const role = single(dev, "aws:iam/role:Role", "-database-monitoring-role");
        const [trust] = statementsOf(input<string>(role, "assumeRolePolicy"));
        assert.equal(trust.Principal?.Service, "monitoring.rds.amazonaws.com");
        assert.deepEqual(trust.Condition?.StringEquals, { "aws:SourceAccount": MOCK_ACCOUNT_ID }, "confused-deputy guard");
    });

    it("has no database outputs or resources when disabled", async () => {
        const off = await recordStack(AWS_DEV_CONFIG);
        assert.deepEqual(ofType(off, CLUSTER), []);
        assert.deepEqual(Object.keys(off.outputs).filter((k) => k.startsWith("database")), []);
    });

    describe("validation", () => {
        const withDatabase = (database: Record<string, unknown>) => ({ ...AWS_DEV_CONFIG, database: { enabled: true, ...database } });

        it("names the key, the bad value and what is allowed", () => {
            expectProblem(withDatabase({ version: 13 }), "anycloud:database.version", /14, 15, 16, 17/, 13);
            expectProblem(withDatabase({ version: "17a" }), "anycloud:database.version", /14, 15, 16, 17/, "17a");
            expectProblem(withDatabase({ version: "13" }), "anycloud:database.version", /14, 15, 16, 17/, "13");
            expectProblem(withDatabase({ replicas: 6 }), "anycloud:database.replicas", /at most 5/, 6);
            expectProblem(withDatabase({ replicas: -1 }), "anycloud:database.replicas", /at least 0/, -1);
            expectProblem(withDatabase({ backupRetentionDays: 40 }), "anycloud:database.backupRetentionDays", /Aurora PostgreSQL's range for automatic backups: 1\.\.35 days/, 40);
            expectProblem(withDatabase({ backupRetentionDays: 0 }), "anycloud:database.backupRetentionDays", /at least 1/, 0);
            expectProblem(withDatabase({ storageGb: 100, maxStorageGb: 50 }), "anycloud:database.maxStorageGb", /below storageGb \(100\)/, 50);
            expectProblem(withDatabase({ instanceClass: "r6g.large" }), "anycloud:database.instanceClass", /db\.<family>\.<size>/, "r6g.large");
            expectProblem(withDatabase({ highAvailability: true, replicas: 0 }), "anycloud:database.replicas", /at least 1 when highAvailability/, 0);
        });

        it("accepts the documented limits", () => {
            assert.deepEqual(problemsOf(withDatabase({ replicas: 5, backupRetentionDays: 35, storageGb: 50, maxStorageGb: 50, instanceClass: "db.r7g.large" })), []);
            assert.deepEqual(problemsOf(withDatabase({ replicas: 0, backupRetentionDays: 1, version: 14 })), []);
        });
    });
});
