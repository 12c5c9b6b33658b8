import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { Ipv4Range, overlaps, parseCidr } from "../../../components/cidr";
import { loadPlatformArgs } from "../../../components/config";
import { platformContext } from "../../../components/context";
import { Recording, ResourceRecord, SECRET_MARKER } from "../../../plan/recorder";
import { CONNECTOR_PORT, EGRESS_PRIORITIES, firewallNames } from "../../../providers/gcp/database-access";
import { adminSecretId, SECRET_ID } from "../../../providers/gcp/database-credentials";
import {
    BACKUP_START_TIME, backupPolicy, DATABASE_FLAG_LIST, DATABASE_FLAGS, FINAL_BACKUP_RETENTION_DAYS, MAX_TRANSACTION_LOG_DAYS, POSTGRES_PORT,
} from "../../../providers/gcp/database-settings";
import { INSTANCE_NAME, INSTANCE_TYPE, instanceNames } from "../../../providers/gcp/database";
import { subnetRanges } from "../../../providers/gcp/network-ranges";
import { REPLACEMENT_INPUTS } from "../../../providers/gcp/replacement-inputs";
import { DATABASE_TIERS, editionOfTier } from "../../../providers/gcp/sizes";
import { SSH_KEY } from "../../helpers/config";
import { GCP_DEV_CONFIG, input, mocked, ofType, recordStack, single, toStackConfig } from "../../helpers/record";

const INSTANCE = INSTANCE_TYPE;
const DATABASE = "gcp:sql/database:Database";
const USER = "gcp:sql/user:User";
const SECRET = "gcp:secretmanager/secret:Secret";
const SECRET_VERSION = "gcp:secretmanager/secretVersion:SecretVersion";
const FIREWALL = "gcp:compute/firewall:Firewall";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const SERVICE = "gcp:projects/service:Service";
const RANDOM_ID = "random:index/randomId:RandomId";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const STASH = "pulumi:index:Stash";
const PSA = subnetRanges("10.0.0.0/16").psa;

type Settings = Record<string, unknown>;
const primary = (recording: Recording) => single(recording, INSTANCE, "-database-instance");
const replicasOf = (recording: Recording) => ofType(recording, INSTANCE).filter((r) => input(r, "masterInstanceName") !== undefined).sort((a, b) => a.name.localeCompare(b.name));
const contextOf = (settings: Settings) => platformContext(loadPlatformArgs(toStackConfig(settings)));
const range = (text: string) => parseCidr(text) as Ipv4Range;
const emailOf = (recording: Recording, nameSuffix: string) => String(mocked(single(recording, ACCOUNT, nameSuffix)).state.email);
const databaseResources = (recording: Recording) => recording.resources.filter((r) => r.custom && r.name.includes("-database-"));

/** Every resource `record` waits for, directly or through others. */
function dependencyClosure(recording: Recording, record: ResourceRecord): Set<string> {
    const byUrn = new Map(recording.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const queue = [...record.dependencies];
    while (queue.length > 0) {
        const urn = queue.pop()!;
        if (!seen.has(urn)) {
            seen.add(urn);
            queue.push(...(byUrn.get(urn)?.dependencies ?? []));
        }
    }
    return seen;
}

describe("GCP database", () => {
    let dev: Recording;
    let noBastion: Recording;
    let prod: Recording;
    let plus: Recording;

    before(async () => {
        dev = await recordStack({
            ...GCP_DEV_CONFIG,
            database: { enabled: true, size: "medium", replicas: 2, backupRetentionDays: 10, storageGb: 128, maxStorageGb: 512 },
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
        });
        noBastion = await recordStack({ ...GCP_DEV_CONFIG, database: { enabled: true } });
        prod = await recordStack({ ...GCP_DEV_CONFIG, environment: "prod", gcp: { project: "acme-transit-prod" }, database: { enabled: true }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        plus = await recordStack({ ...GCP_DEV_CONFIG, gcp: { project: "acme-transit-dev", databaseEdition: "enterprisePlus" }, database: { enabled: true, size: "large", backupRetentionDays: 30, replicas: 1 } });
    });

    it("has a private IP only, in the platform's VPC, from the Private Service Access range, once the peering exists", () => {
        for (const recording of [dev, noBastion, prod, plus]) {
            const address = single(recording, "gcp:compute/globalAddress:GlobalAddress");
            const peering = single(recording, "gcp:servicenetworking/connection:Connection");
            for (const instance of ofType(recording, INSTANCE)) {
                assert.deepEqual(input(instance, "settings.ipConfiguration"), {
                    ipv4Enabled: false,
                    privateNetwork: recording.outputs.networkId,
                    allocatedIpRange: input(address, "name"),
                    sslMode: "ENCRYPTED_ONLY",
                    enablePrivatePathForGoogleCloudServices: false,
                }, `${instance.name}: no public IP, no authorized networks, no PSC, TLS only`);
                assert.equal(input(instance, "settings.dataApiAccess"), "DISALLOW_DATA_API", "no ExecuteSql API from outside the VPC");
                assert.equal(input(instance, "region"), "europe-west3");
                const waitsFor = dependencyClosure(recording, instance);
                assert.ok(waitsFor.has(peering.urn), `${instance.name} waits for the servicenetworking peering`);
                assert.ok(waitsFor.has(address.urn), `${instance.name} waits for the PSA range`);
            }
            assert.equal(input(address, "purpose"), "VPC_PEERING");
            assert.equal(`${input(address, "address")}/${input(address, "prefixLength")}`, PSA);
        }
        assert.match(String(dev.outputs.databaseHost), /^10\.250\.0\.\d+$/, "the host is the instance's private address");
    });

    it("guards 5432 with egress rules: only the node and bastion service accounts reach the PSA range, everyone else is denied and logged", () => {
        for (const [recording, sources] of [[dev, ["-cluster-nodes", "-bastion-sa"]], [noBastion, ["-cluster-nodes"]]] as const) {
            const names = firewallNames(contextOf(GCP_DEV_CONFIG));
            const allow = single(recording, FIREWALL, "-database-egress-allow");
            const deny = single(recording, FIREWALL, "-database-egress-deny");
            const emails = sources.map((suffix) => emailOf(recording, suffix));
            assert.equal(input(allow, "name"), names.allow);
            assert.equal(input(allow, "direction"), "EGRESS");
            assert.equal(input(allow, "priority"), EGRESS_PRIORITIES.allow);
            assert.deepEqual(input(allow, "destinationRanges"), [PSA]);
            assert.deepEqual(input(allow, "allows"), [{ protocol: "tcp", ports: [String(POSTGRES_PORT), String(CONNECTOR_PORT)] }]);
            assert.deepEqual(input(allow, "targetServiceAccounts"), emails, "nodes first, then the bastion; by service account, never by tag");
            for (const field of ["targetTags", "sourceRanges", "sourceTags", "denies"]) {
                assert.equal(input(allow, field), undefined, `allow: no ${field}`);
            }
            assert.equal(input(deny, "name"), names.deny);
            assert.equal(input(deny, "direction"), "EGRESS");
            assert.ok(input<number>(deny, "priority") > input<number>(allow, "priority"), "the allow is evaluated first");
            assert.equal(input(deny, "priority"), EGRESS_PRIORITIES.deny);
            assert.deepEqual(input(deny, "destinationRanges"), [PSA]);
            assert.deepEqual(input(deny, "denies"), [{ protocol: "all" }]);
            assert.equal(input(deny, "targetServiceAccounts"), undefined, "the deny applies to every VM of the VPC");
            assert.equal(input(deny, "targetTags"), undefined);
            assert.deepEqual(input(deny, "logConfig"), { metadata: "INCLUDE_ALL_METADATA" });
            for (const rule of [allow, deny]) {
                assert.equal(input(rule, "network"), recording.outputs.networkId);
                assert.ok(primary(recording).dependencies.includes(rule.urn), `the instance waits for ${rule.name}`);
            }

            // No rule of any component lets anything else through before the deny.
            const leaks = ofType(recording, FIREWALL)
                .filter((rule) => input(rule, "direction") === "EGRESS" && input(rule, "allows") !== undefined)
                .filter((rule) => input<number>(rule, "priority") <= EGRESS_PRIORITIES.deny)
                .filter((rule) => input<string[]>(rule, "destinationRanges").some((cidr) => overlaps(range(cidr), range(PSA))))
                .filter((rule) => {
                    const targets = input<string[] | undefined>(rule, "targetServiceAccounts") ?? [];
                    return targets.length === 0 || targets.some((email) => !emails.includes(email));
                })
                .map((rule) => rule.name);
            assert.deepEqual(leaks, []);
        }
    });

    it("requires TLS, turns IAM database authentication on, and sets the CIS PostgreSQL logging flags on every instance", () => {
        assert.equal(DATABASE_FLAGS["cloudsql.iam_authentication"], "on");
        assert.equal(DATABASE_FLAGS.log_connections, "on");
        assert.equal(DATABASE_FLAGS.log_disconnections, "on");
        assert.equal(DATABASE_FLAGS.log_lock_waits, "on");
        assert.equal(DATABASE_FLAGS.log_min_duration_statement, "-1");
        assert.equal(DATABASE_FLAGS.log_min_error_statement, "error");
        assert.equal(DATABASE_FLAGS.log_min_messages, "warning");
        assert.equal(DATABASE_FLAGS.log_error_verbosity, "default");
        assert.equal(DATABASE_FLAGS["cloudsql.enable_pgaudit"], "on");
        assert.equal(DATABASE_FLAGS.log_statement, undefined, "log_statement=ddl would log role passwords in clear; pgaudit redacts them");
        for (const instance of [...ofType(dev, INSTANCE), ...ofType(prod, INSTANCE)]) {
            assert.deepEqual(input(instance, "settings.databaseFlags"), DATABASE_FLAG_LIST, instance.name);
            assert.equal(input(instance, "settings.ipConfiguration.sslMode"), "ENCRYPTED_ONLY");
            assert.equal(input(instance, "settings.insightsConfig.queryInsightsEnabled"), true);
            assert.equal(input(instance, "databaseVersion"), "POSTGRES_17");
        }
        assert.deepEqual(ofType(dev, USER).map((u) => input(u, "type")), ["BUILT_IN"], "the platform creates no IAM database users of its own");
        for (const instance of ofType(dev, INSTANCE)) {
            assert.equal(input(instance, "settings.connectorEnforcement"), undefined, "left to the operator: REQUIRED would refuse the direct connections the outputs describe");
        }
    });

    it("sets the edition explicitly, with a tier of that edition", () => {
        for (const [recording, edition, tier] of [[dev, "ENTERPRISE", "db-custom-2-13312"], [prod, "ENTERPRISE", DATABASE_TIERS.enterprise.medium], [plus, "ENTERPRISE_PLUS", "db-perf-optimized-N-4"]] as const) {
            for (const instance of ofType(recording, INSTANCE)) {
                assert.equal(input(instance, "settings.edition"), edition, `${instance.name}: PostgreSQL 16+ would default to Enterprise Plus`);
                assert.equal(input(instance, "settings.tier"), tier);
                assert.equal(editionOfTier(input<string>(instance, "settings.tier")), edition === "ENTERPRISE" ? "enterprise" : "enterprisePlus");
            }
        }
    });

    it("runs REGIONAL when highAvailability, ZONAL otherwise; replicas are zonal", () => {
        assert.equal(input(primary(prod), "settings.availabilityType"), "REGIONAL");
        assert.equal(input(primary(dev), "settings.availabilityType"), "ZONAL");
        for (const replica of [...replicasOf(dev), ...replicasOf(prod)]) {
            assert.equal(input(replica, "settings.availabilityType"), "ZONAL");
        }
    });

    it("takes daily backups with point-in-time recovery for backupRetentionDays, within each edition's log limits", () => {
        const backups = (recording: Recording) => input<Record<string, unknown>>(primary(recording), "settings.backupConfiguration");
        assert.deepEqual(backups(dev), {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            startTime: BACKUP_START_TIME,
            transactionLogRetentionDays: 7,
            backupRetentionSettings: { retainedBackups: 10, retentionUnit: "COUNT" },
        });
        assert.deepEqual(backups(prod).backupRetentionSettings, { retainedBackups: 30, retentionUnit: "COUNT" });
        assert.equal(backups(prod).transactionLogRetentionDays, 7, "Enterprise keeps at most 7 days of logs");
        assert.equal(backups(plus).transactionLogRetentionDays, 30, "Enterprise Plus up to 35");
        assert.deepEqual(backups(plus).backupRetentionSettings, { retainedBackups: 31, retentionUnit: "COUNT" }, "more backups than log days");
        for (const edition of ["enterprise", "enterprisePlus"] as const) {
            for (let days = 1; days <= 365; days++) {
                const policy = backupPolicy(edition, days);
                assert.ok(policy.transactionLogRetentionDays >= 1 && policy.transactionLogRetentionDays <= MAX_TRANSACTION_LOG_DAYS[edition], `${edition} ${days}`);
                assert.ok(policy.retainedBackups > policy.transactionLogRetentionDays, `${edition} ${days}: Cloud SQL wants backup retention > log retention`);
                assert.ok(policy.retainedBackups >= days && policy.retainedBackups <= 365, `${edition} ${days}`);
            }
        }
        for (const replica of replicasOf(dev)) {
            assert.equal(input(replica, "settings.backupConfiguration"), undefined, "Cloud SQL takes no backups of replicas");
        }
    });

    it("starts storage at storageGb on SSD and lets it grow up to maxStorageGb", () => {
        for (const [recording, size, limit] of [[dev, 128, 512], [noBastion, 32, 256]] as const) {
            for (const instance of ofType(recording, INSTANCE)) {
                assert.equal(input(instance, "settings.diskType"), "PD_SSD");
                assert.equal(input(instance, "settings.diskSize"), size, instance.name);
                assert.equal(input(instance, "settings.diskAutoresize"), true);
                assert.equal(input(instance, "settings.diskAutoresizeLimit"), limit);
            }
        }
    });

    it("creates a later replica at the primary's grown disk size", async () => {
        const grown = await recordStack({ ...GCP_DEV_CONFIG, database: { enabled: true, replicas: 1, storageGb: 64 } }, "grown", {
            priorState: { [INSTANCE]: (args) => (args.inputs.masterInstanceName === undefined ? { settings: { ...(args.inputs.settings as object), diskSize: 300 } } : undefined) },
        });
        assert.equal(input(primary(grown), "settings.diskSize"), 64, "the primary is still asked for storageGb; the provider drops the shrink with autoresize on");
        assert.equal(input(replicasOf(grown)[0], "settings.diskSize"), 300);
    });

    it("names instances with a random part kept in the state, never a fixed name", async () => {
        const names = instanceNames(contextOf(GCP_DEV_CONFIG));
        const suffix = single(dev, RANDOM_ID, "-database-instance-suffix");
        assert.deepEqual(Object.keys(input<Record<string, unknown>>(suffix, "keepers")).sort(), ["project", "region", "stem"], "only what replaces the instance anyway draws a new name");
        assert.equal(input(primary(dev), "name"), names.primary(String(mocked(suffix).state.hex)));
        assert.match(input<string>(primary(dev), "name"), INSTANCE_NAME);

        const deployedWith = (hex: string) => recordStack({ ...GCP_DEV_CONFIG, database: { enabled: true } }, "again", {
            priorState: { [RANDOM_ID]: (args) => (args.name.endsWith("-database-instance-suffix") ? { hex } : undefined) },
        });
        // One after the other: the mock runtime is global.
        const first = input<string>(primary(await deployedWith("0a1b2c3d")), "name");
        const second = input<string>(primary(await deployedWith("d4e5f6a7")), "name");
        assert.equal(first, `${names.stem}-0a1b2c3d`);
        assert.equal(second, `${names.stem}-d4e5f6a7`, "a stack deployed again does not wait a week for the old name");

        const long = contextOf({ ...GCP_DEV_CONFIG, customer: "abcdefghij-klmnopqrs", project: "zyxwvutsrq-ponmlkjih", environment: "staging" });
        const longNames = instanceNames(long);
        for (const hex of ["00000000", "ffffffff"]) {
            const name = longNames.primary(hex);
            assert.match(name, INSTANCE_NAME);
            assert.match(longNames.replica(name, 5, "ffff"), INSTANCE_NAME);
        }
        const replicaSuffixes = ofType(dev, RANDOM_ID).filter((r) => /-database-replica-\d+-suffix$/.test(r.name));
        assert.equal(replicaSuffixes.length, 2, "each replica draws its own, so a re-added replica gets a fresh name");
        for (const replica of replicasOf(dev)) {
            assert.match(input<string>(replica, "name"), INSTANCE_NAME);
            assert.ok(input<string>(replica, "name").startsWith(`${input(primary(dev), "name")}-r`));
        }
    });

    it("sets replacing inputs only on protected instances, and renews names only on replacing inputs", () => {
        const entry = REPLACEMENT_INPUTS[INSTANCE];
        assert.ok(entry, `providers/<cloud>/replacement-inputs.ts lists no ${INSTANCE}`);
        const set = entry.inputs.filter((name) => input(primary(dev), name) !== undefined);
        assert.deepEqual(set.sort(), ["name", "project", "region"], `replacing inputs set on the primary: ${set.join(", ")}`);
        assert.equal(primary(dev).options.protect, true, "in dev too");
        const keepers = [
            ...Object.keys(input<Record<string, unknown>>(single(dev, RANDOM_ID, "-database-instance-suffix"), "keepers")).filter((key) => key !== "stem"),
            ...Object.keys(input<Record<string, unknown>>(single(dev, RANDOM_ID, "-database-replica-1-suffix"), "keepers")),
        ];
        for (const keeper of keepers) {
            assert.ok(entry.inputs.includes(keeper), `${keeper} is no replacement input of ${INSTANCE}: an in-place update would rename the instance`);
        }
        for (const type of [DATABASE, USER]) {
            const inputs = REPLACEMENT_INPUTS[type]?.inputs ?? [];
            const record = single(dev, type);
            assert.ok(inputs.every((name) => input(record, name) === undefined || record.options.protect), `${type}: set replacing inputs only on a protected resource`);
        }
    });

    it("refuses a change of what the instance, its database or its user were created with, naming the key", async () => {
        const created = { "anycloud:customer/project/environment": "acme-transit-dev", "anycloud:region": "europe-west3", "anycloud:gcp.project": "acme-transit-dev", "anycloud:database.username": "platform_admin", "anycloud:database.databaseName": "app" };
        const priorState = { [STASH]: (args: { name: string }) => (args.name.endsWith("-database-created-with") ? { output: created } : undefined) };
        await assert.rejects(recordStack({ ...GCP_DEV_CONFIG, database: { enabled: true, username: "someone_else" } }, "renamed", { priorState }),
            /anycloud:database\.username = "someone_else": was "platform_admin" when the Cloud SQL instance was created/);
        await assert.rejects(recordStack({ ...GCP_DEV_CONFIG, database: { enabled: true, databaseName: "other" } }, "other-db", { priorState }),
            /anycloud:database\.databaseName = "other"/);
        await recordStack({ ...GCP_DEV_CONFIG, database: { enabled: true } }, "same", { priorState });
    });

    it("protects instance, database and user everywhere; deletion protection (both flags) and retained backups in prod", () => {
        for (const [recording, prodLike] of [[dev, false], [prod, true]] as const) {
            const instance = primary(recording);
            assert.equal(instance.options.protect, true, "a replacement would delete the data: the engine must refuse it");
            assert.equal(single(recording, DATABASE).options.protect, true, "replacing the database drops its tables");
            assert.equal(single(recording, USER).options.protect, true);
            assert.equal(input(instance, "deletionProtection"), prodLike, "the provider's guard (defaults to true: dev must be destroyable)");
            assert.equal(input(instance, "settings.deletionProtectionEnabled"), prodLike, "Cloud SQL's own guard, for every client");
            assert.equal(input(instance, "settings.retainBackupsOnDelete"), prodLike);
            assert.deepEqual(input(instance, "settings.finalBackupConfig"), { enabled: true, retentionDays: FINAL_BACKUP_RETENTION_DAYS });
            for (const replica of replicasOf(recording)) {
                assert.equal(replica.options.protect, prodLike, `${replica.name} holds no data of its own`);
                assert.equal(input(replica, "deletionProtection"), prodLike, "sent explicitly: the provider's default (true) would block scaling down");
                assert.equal(input(replica, "settings.deletionProtectionEnabled"), undefined);
            }
            assert.equal(single(recording, SECRET).options.protect, prodLike);
            for (const child of [single(recording, DATABASE), single(recording, USER)]) {
                assert.equal(child.options.deletedWith, instance.urn, `${child.name} goes with the instance in a teardown`);
            }
        }
    });

    it("creates one read replica per `replicas`, one after the other, like the primary but without backups or failover role", () => {
        const main = primary(dev);
        const replicas = replicasOf(dev);
        assert.equal(replicas.length, 2);
        let previous = single(dev, USER).urn;
        for (const replica of replicas) {
            assert.equal(input(replica, "masterInstanceName"), mocked(main).state.name);
            assert.equal(input(replica, "replicaConfiguration"), undefined, "failoverTarget is not supported for PostgreSQL");
            for (const field of ["tier", "edition", "ipConfiguration", "databaseFlags", "userLabels", "diskAutoresizeLimit"]) {
                assert.deepEqual(input(replica, `settings.${field}`), input(main, `settings.${field}`), `${replica.name}: ${field}`);
            }
            assert.ok(replica.dependencies.includes(previous), `${replica.name} waits for the operation before it`);
            previous = replica.urn;
        }
        assert.equal(dev.outputs.databaseReaderHost, mocked(replicas[0]).state.privateIpAddress);
        assert.deepEqual(replicasOf(noBastion), []);
        assert.equal(noBastion.outputs.databaseReaderHost, noBastion.outputs.databaseHost, "no replica: readers use the writer");
    });

    it("generates the password, keeps it in Secret Manager, and publishes only the secret's name", () => {
        const secret = single(dev, SECRET);
        const version = single(dev, SECRET_VERSION);
        const user = single(dev, USER);
        assert.equal(input(secret, "secretId"), adminSecretId(contextOf(GCP_DEV_CONFIG)));
        assert.match(input<string>(secret, "secretId"), SECRET_ID);
        assert.deepEqual(input(secret, "replication"), { auto: {} });
        assert.equal(input(version, "secret"), mocked(secret).id);
        assert.equal(input(version, "secretData"), SECRET_MARKER);
        assert.deepEqual(version.secretInputs, ["secretData"]);
        assert.equal(input(version, "deletionPolicy"), "DISABLE", "an older password stays readable for a restored backup");
        assert.equal(version.options.deletedWith, secret.urn);
        assert.deepEqual(user.secretInputs, ["password"]);
        assert.equal(input(user, "instance"), mocked(primary(dev)).state.name);

        assert.equal(dev.outputs.databaseCredentialsSecret, mocked(secret).state.name);
        assert.match(String(dev.outputs.databaseCredentialsSecret), /^projects\/[^/]+\/secrets\/[A-Za-z0-9_-]+$/);
        const host = String(mocked(primary(dev)).state.privateIpAddress);
        assert.equal(dev.outputs.databaseHost, host);
        assert.equal(dev.outputs.databaseConnectionString, `postgresql://platform_admin@${host}:5432/app?sslmode=require`);
        assert.equal(dev.outputs.databasePort, 5432);
        assert.equal(dev.outputs.databaseName, "app");
        assert.equal(dev.outputs.databaseUsername, "platform_admin");

        const password = String(mocked(single(dev, PASSWORD, "-database-admin-password")).state.result);
        assert.ok(!JSON.stringify(dev.outputs).includes(password), "no output holds the password");
        for (const resource of dev.resources) {
            assert.ok(!JSON.stringify(resource.inputs).includes(password), `${resource.name} has the password as a plain input`);
        }
        assert.ok(!dev.secretOutputs.some((key) => key.startsWith("database")), "nothing of the database is secret, because nothing of it is the password");
    });

    it("waits for the project's APIs, and labels what takes labels", () => {
        // The database is the customer project's cost by default (anycloud:billing.costTypes).
        const DATABASE_LABELS = { customer: "acme", project: "transit", environment: "dev", "managed-by": "anycloud", component: "database", "cost-type": "project" };
        const services = new Set(ofType(dev, SERVICE).map((s) => s.urn));
        for (const resource of databaseResources(dev).filter((r) => r.type.startsWith("gcp:"))) {
            assert.ok([...dependencyClosure(dev, resource)].some((urn) => services.has(urn)), `${resource.name} does not wait for the project services`);
        }
        for (const instance of ofType(dev, INSTANCE)) {
            assert.deepEqual(input(instance, "settings.userLabels"), DATABASE_LABELS, "userLabels sit inside settings, where the provider's defaultLabels do not reach");
        }
        assert.deepEqual(input(single(dev, SECRET), "labels"), DATABASE_LABELS);
    });

    it("documents the GCP database: random names, the isolation model, pgaudit and the teardown", () => {
        const docs = readFileSync(join(__dirname, "../../../docs/database.md"), "utf8");
        const gcp = docs.slice(docs.indexOf("## GCP: Cloud SQL for PostgreSQL"));
        assert.ok(gcp.length > 1000 && docs.includes("## Azure: PostgreSQL Flexible Server"), "the GCP section follows AWS and Azure");
        for (const needle of ["a week", "egress", String(CONNECTOR_PORT), "CREATE EXTENSION pgaudit", "roles/secretmanager.secretAccessor", "pulumi state unprotect", "--no-deletion-protection"]) {
            assert.ok(gcp.includes(needle), `docs/database.md (GCP) says nothing about ${needle}`);
        }
    });

    it("has no database outputs or resources when disabled", async () => {
        const off = await recordStack(GCP_DEV_CONFIG);
        assert.deepEqual(ofType(off, INSTANCE), []);
        assert.deepEqual(ofType(off, SECRET), []);
        assert.deepEqual(ofType(off, FIREWALL).filter((r) => r.name.includes("-database-")), []);
        assert.deepEqual(Object.keys(off.outputs).filter((k) => k.startsWith("database")), []);
    });
});
