import { strict as assert } from "assert";
import { Recording, ResourceRecord, SECRET_MARKER } from "../../../plan/recorder";
import { PASSWORD_SPECIAL_CHARACTERS } from "../../../providers/aws/database";
import { expectProblem, problemsOf, SSH_KEY } from "../../helpers/config";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, rulesOf, single } from "../../helpers/record";


const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const EKS = "eks:index:Cluster";



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

    it("forces TLS, logs connections, enables IAM auth and keeps the major version pinned", () => {
        const cluster = single(dev, CLUSTER);
        const parameters = single(dev, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
        const values = Object.fromEntries(input<{ name: string; value: string }[]>(parameters, "parameters").map((p) => [p.name, p.value]));
        assert.equal(values["rds.force_ssl"], "1");
        assert.equal(values.log_connections, "1");
        assert.equal(input(parameters, "family"), "aurora-postgresql17");
        assert.equal(input(cluster, "dbClusterParameterGroupName"), mocked(parameters).state.name);
        assert.equal(input(cluster, "engine"), "aurora-postgresql");
        assert.equal(input(cluster, "engineVersion"), "17");
        assert.equal(input(cluster, "allowMajorVersionUpgrade"), false);
        assert.equal(input(cluster, "iamDatabaseAuthenticationEnabled"), true);
        assert.deepEqual(input(cluster, "enabledCloudwatchLogsExports"), ["postgresql"]);
        assert.equal(input(cluster, "copyTagsToSnapshot"), true);
    });

    it("keeps backups for the configured number of days", () => {
        assert.equal(input(single(dev, CLUSTER), "backupRetentionPeriod"), 10);
        assert.equal(input(single(prod, CLUSTER), "backupRetentionPeriod"), 30);
        assert.match(input<string>(single(dev, CLUSTER), "preferredBackupWindow"), /^\d\d:\d\d-\d\d:\d\d$/);
    });

    it("protects prod against deletion and keeps a final snapshot; dev does neither", () => {
        const cluster = single(prod, CLUSTER);
        assert.equal(input(cluster, "deletionProtection"), true);
        assert.equal(input(cluster, "skipFinalSnapshot"), false);
        assert.equal(input(cluster, "finalSnapshotIdentifier"), "acme-transit-prod-pg-final");
        for (const record of [cluster, ...ofType(prod, INSTANCE), single(prod, "aws:kms/key:Key", "-database-key")]) {
            assert.equal(record.options.protect, true, `${record.name} is protected in prod`);
        }
        const devCluster = single(dev, CLUSTER);
        assert.equal(input(devCluster, "deletionProtection"), false);
        assert.equal(input(devCluster, "skipFinalSnapshot"), true);
        for (const record of [devCluster, ...ofType(dev, INSTANCE), single(dev, "aws:kms/key:Key", "-database-key")]) {
            assert.equal(record.options.protect, false, `${record.name} is not protected in dev`);
        }
    });

    it("publishes the password and connection string only as secrets", () => {
        const generator = single(dev, "random:index/randomPassword:RandomPassword");
        const password = String(mocked(generator).state.result);
        assert.ok(password.length >= 16);
        assert.match(input<string>(generator, "overrideSpecial"), /^[-_.~]+$/, "only characters that need no escaping in a URL");
        assert.equal(input(generator, "overrideSpecial"), PASSWORD_SPECIAL_CHARACTERS);

        assert.ok(dev.secretOutputs.includes("databasePassword"));
        assert.ok(dev.secretOutputs.includes("databaseConnectionString"));
        assert.equal(dev.outputs.databasePassword, SECRET_MARKER);
        assert.equal(dev.outputs.databaseConnectionString, SECRET_MARKER);
        assert.ok(single(dev, CLUSTER).secretInputs.includes("masterPassword"));
        assert.ok(!JSON.stringify(dev).includes(password), "the password appears nowhere in clear");
        assert.ok(!JSON.stringify(dev).includes("postgresql://"), "the connection string appears nowhere in clear");

        assert.equal(dev.outputs.databaseHost, mocked(single(dev, CLUSTER)).state.endpoint);
        assert.equal(dev.outputs.databaseReaderHost, mocked(single(dev, CLUSTER)).state.readerEndpoint);
        assert.equal(dev.outputs.databasePort, 5432);
        assert.equal(dev.outputs.databaseName, "app");
        assert.equal(dev.outputs.databaseUsername, "platform_admin");
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
            expectProblem(withDatabase({ version: "17" }), "anycloud:database.version", /14, 15, 16, 17/, "17");
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
