import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { platformContext } from "../../../components/context";
import { loadPlatformArgs } from "../../../components/config";
import { Recording, SECRET_MARKER } from "../../../plan/recorder";
import { POSTGRES_PORT, SOURCE_PRIORITIES } from "../../../providers/azure/database-access";
import { ADMIN_SECRET_NAME, breakIntoPairs, VAULT_SUFFIX_BYTES } from "../../../providers/azure/database-credentials";
import { databaseNames, globalNameSuffix, SERVER_NAME, SERVER_PARAMETERS, SERVER_TYPE, VAULT_NAME } from "../../../providers/azure/database";
import { nsgName, subnetPrefixes } from "../../../providers/azure/network";
import { REPLACEMENT_INPUTS } from "../../../providers/azure/replacement-inputs";
import { SSH_KEY } from "../../helpers/config";
import { AZURE_DEV_CONFIG, input, mocked, ofType, recordStack, single, toStackConfig } from "../../helpers/record";

const SERVER = SERVER_TYPE;
const CONFIGURATION = "azure-native:dbforpostgresql:Configuration";
const DATABASE = "azure-native:dbforpostgresql:Database";
const VAULT = "azure-native:keyvault:Vault";
const SECRET = "azure-native:keyvault:Secret";
const ZONE = "azure-native:privatedns:PrivateZone";
const ZONE_LINK = "azure-native:privatedns:VirtualNetworkLink";
const RULE = "azure-native:network:SecurityRule";
const SUBNET = "azure-native:network:Subnet";
const LOCK = "azure-native:authorization:ManagementLockByScope";
const DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const RANDOM_ID = "random:index/randomId:RandomId";
const ENTRA_ADMIN = "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra";
const ADMIN_GROUPS = ["44444444-4444-4444-4444-444444444444", "55555555-5555-5555-5555-555555555555"];

const PREFIXES = subnetPrefixes("10.0.0.0/16");
const primary = (recording: Recording) => single(recording, SERVER, "-database-server");
const replicasOf = (recording: Recording) => ofType(recording, SERVER).filter((r) => input(r, "createMode") === "Replica").sort((a, b) => a.name.localeCompare(b.name));
const subnet = (recording: Recording, tier: string) => ofType(recording, SUBNET).find((s) => input(s, "subnetName") === `snet-${tier}`)!;
/** The database's rules: those in its priority band of the data subnet's NSG. */
const databaseRules = (recording: Recording, nsg: string) => ofType(recording, RULE)
    .filter((r) => input(r, "networkSecurityGroupName") === nsg && input<number>(r, "priority") >= SOURCE_PRIORITIES.first && input<number>(r, "priority") <= SOURCE_PRIORITIES.last)
    .sort((a, b) => input<number>(a, "priority") - input<number>(b, "priority"));
const contextOf = (settings: Record<string, unknown>) => platformContext(loadPlatformArgs(toStackConfig(settings)));

describe("Azure database", () => {
    let dev: Recording;
    let noBastion: Recording;
    let prod: Recording;

    before(async () => {
        dev = await recordStack({
            ...AZURE_DEV_CONFIG,
            database: { enabled: true, size: "medium", replicas: 2, backupRetentionDays: 10, storageGb: 128 },
            bastion: { enabled: true, sshPublicKey: SSH_KEY },
        });
        noBastion = await recordStack({ ...AZURE_DEV_CONFIG, database: { enabled: true } });
        prod = await recordStack({ ...AZURE_DEV_CONFIG, environment: "prod", database: { enabled: true }, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
    });

    it("lives in the delegated data subnet, with public access disabled and a private DNS zone linked to the VNet", () => {
        for (const recording of [dev, noBastion, prod]) {
            const zone = single(recording, ZONE);
            const link = single(recording, ZONE_LINK);
            const serverName = input<string>(primary(recording), "serverName");
            assert.equal(input(zone, "privateZoneName"), `${serverName}.private.postgres.database.azure.com`, "a zone under postgres.database.azure.com that is not a server's name");
            assert.ok(!input<string>(zone, "privateZoneName").startsWith("privatelink."), "privatelink.* is the Private Endpoint convention");
            assert.equal(input(zone, "location"), "global");
            assert.equal(input(link, "privateZoneName"), mocked(zone).state.name);
            assert.deepEqual(input(link, "virtualNetwork"), { id: recording.outputs.networkId });
            assert.equal(input(link, "registrationEnabled"), false);
            for (const server of ofType(recording, SERVER)) {
                assert.deepEqual(input(server, "network"), {
                    delegatedSubnetResourceId: (recording.outputs.dataSubnetIds as string[])[0],
                    privateDnsZoneArmResourceId: mocked(zone).id,
                    publicNetworkAccess: "Disabled",
                }, server.name);
                assert.equal(input(server, "location"), "westeurope");
            }
            assert.ok(primary(recording).dependencies.includes(link.urn), "the zone is linked before the server is created");
            assert.equal(input(subnet(recording, "data"), "delegations.0.serviceName"), "Microsoft.DBforPostgreSQL/flexibleServers");
        }
    });

    it("admits exactly the node and bastion subnets on 5432, one rule each, on the data subnet's NSG", () => {
        const nsg = nsgName(contextOf(AZURE_DEV_CONFIG), "data");
        const rules = databaseRules(dev, nsg);
        assert.deepEqual(rules.map((r) => input(r, "sourceAddressPrefix")), [input(subnet(dev, "private"), "addressPrefix"), input(subnet(dev, "public"), "addressPrefix")]);
        assert.deepEqual(rules.map((r) => input(r, "sourceAddressPrefix")), [PREFIXES.private, PREFIXES.public], "nodes first, then the bastion");
        rules.forEach((rule, i) => {
            assert.equal(input(rule, "securityRuleName"), `allow-postgres-from-source-${i}`);
            assert.equal(input(rule, "priority"), SOURCE_PRIORITIES.first + i);
            assert.equal(input(rule, "direction"), "Inbound");
            assert.equal(input(rule, "access"), "Allow");
            assert.equal(input(rule, "protocol"), "Tcp");
            assert.equal(input(rule, "destinationPortRange"), String(POSTGRES_PORT));
            assert.equal(input(rule, "destinationAddressPrefix"), PREFIXES.data);
            for (const field of ["sourceApplicationSecurityGroups", "sourceAddressPrefixes", "destinationPortRanges"]) {
                assert.equal(input(rule, field), undefined, `${rule.name}: no ${field}`);
            }
            assert.ok(rule.dependencies.includes(subnet(dev, "data").urn), "the rule waits for the data subnet and its NSG");
            assert.ok(primary(dev).dependencies.includes(rule.urn));
        });

        // Nothing else on the data NSG admits 5432 from outside the data subnet itself.
        const others = ofType(dev, RULE).filter((r) => input(r, "networkSecurityGroupName") === nsg && !rules.includes(r) && input(r, "access") === "Allow" && input(r, "direction") === "Inbound");
        for (const rule of others) {
            assert.equal(input(rule, "sourceAddressPrefix"), PREFIXES.data, `${rule.name} admits something besides the data subnet`);
        }

        const alone = databaseRules(noBastion, nsg);
        assert.deepEqual(alone.map((r) => input(r, "sourceAddressPrefix")), [PREFIXES.private], "without a bastion, only the nodes");
    });

    it("requires TLS 1.2+ and logs connections, one server operation at a time", () => {
        const server = primary(dev);
        const parameters = ofType(dev, CONFIGURATION);
        assert.deepEqual(Object.fromEntries(parameters.map((p) => [input(p, "configurationName"), input(p, "value")])), SERVER_PARAMETERS);
        assert.equal(SERVER_PARAMETERS.require_secure_transport, "on");
        assert.equal(SERVER_PARAMETERS.ssl_min_protocol_version, "TLSv1.2");
        assert.equal(SERVER_PARAMETERS.log_connections, "on");
        let previous = server.urn;
        for (const parameter of parameters) {
            assert.equal(input(parameter, "serverName"), input(server, "serverName"));
            assert.equal(input(parameter, "source"), "user-override", "Azure wants the source with the value");
            assert.ok(parameter.dependencies.includes(previous), `${parameter.name} waits for the operation before it`);
            previous = parameter.urn;
        }
        const database = single(dev, DATABASE);
        assert.ok(database.dependencies.includes(previous), "the database waits for the last parameter");
        assert.equal(input(server, "version"), "17");
    });

    it("runs zone-redundant HA when asked, and leaves the zones to Azure", () => {
        assert.deepEqual(input(primary(prod), "highAvailability.mode"), "ZoneRedundant");
        assert.deepEqual(input(primary(dev), "highAvailability.mode"), "Disabled");
        for (const server of [...ofType(dev, SERVER), ...ofType(prod, SERVER)]) {
            assert.ok(["", undefined].includes(input(server, "availabilityZone")), `${server.name} pins no zone`);
            assert.ok(server.options.ignoreChanges.includes("availabilityZone"), `${server.name}: the zone is create-only and moves on failover`);
        }
        assert.ok(["", undefined].includes(input(primary(prod), "highAvailability.standbyAvailabilityZone")));
        assert.ok(primary(prod).options.ignoreChanges.includes("highAvailability.standbyAvailabilityZone"));
    });

    it("keeps backups for the configured days, geo-redundant in prod, and says so on every server", () => {
        assert.deepEqual(input(primary(dev), "backup"), { backupRetentionDays: 10, geoRedundantBackup: "Disabled" });
        assert.deepEqual(input(primary(prod), "backup"), { backupRetentionDays: 30, geoRedundantBackup: "Enabled" });
        assert.equal(input(primary(noBastion), "backup.geoRedundantBackup"), "Disabled", "create-only: always sent, so a refresh shows no change");
        for (const replica of replicasOf(dev)) {
            assert.equal(input(replica, "backup"), undefined, "replicas take no backups");
        }
    });

    it("starts storage at storageGb and lets it grow, without fighting the growth later", () => {
        for (const [recording, size] of [[dev, 128], [noBastion, 32]] as const) {
            for (const server of ofType(recording, SERVER)) {
                assert.deepEqual(input(server, "storage"), { storageSizeGB: size, autoGrow: "Enabled", type: "Premium_LRS" }, server.name);
                assert.ok(server.options.ignoreChanges.includes("storage.storageSizeGB"), `${server.name}: Azure refuses a size below the grown one`);
            }
        }
    });

    it("creates one read replica per `replicas`, one after the other, in the same subnet and size", () => {
        const server = primary(dev);
        const replicas = replicasOf(dev);
        assert.equal(replicas.length, 2);
        let previous = single(dev, DATABASE).urn;
        replicas.forEach((replica, i) => {
            assert.equal(input(replica, "serverName"), `${input(server, "serverName")}-r${i + 1}`);
            assert.match(input<string>(replica, "serverName"), SERVER_NAME);
            assert.equal(input(replica, "sourceServerResourceId"), mocked(server).id);
            assert.deepEqual(input(replica, "sku"), input(server, "sku"), "a replica at least as large as the primary");
            assert.deepEqual(input(replica, "sku"), { name: "Standard_D2ds_v5", tier: "GeneralPurpose" });
            for (const field of ["administratorLogin", "administratorLoginPassword", "highAvailability", "version"]) {
                assert.equal(input(replica, field), undefined, `${replica.name} inherits ${field} or cannot have it`);
            }
            assert.ok(replica.dependencies.includes(previous), `${replica.name} waits for the previous server operation`);
            previous = replica.urn;
        });
        assert.equal(dev.outputs.databaseReaderHost, mocked(replicas[0]).state.fullyQualifiedDomainName);
        assert.deepEqual(replicasOf(noBastion), []);
        assert.equal(noBastion.outputs.databaseReaderHost, noBastion.outputs.databaseHost, "no replica: readers use the writer");
    });

    it("protects server and database in every environment; replicas, vault, lock and purge protection in prod", () => {
        for (const [recording, prodLike] of [[dev, false], [prod, true]] as const) {
            const server = primary(recording);
            assert.equal(server.options.protect, true, "a replacement would delete the server first: the engine must refuse it");
            assert.equal(single(recording, DATABASE).options.protect, true, "replacing the database drops its tables");
            for (const replica of replicasOf(recording)) {
                assert.equal(replica.options.protect, prodLike, `${replica.name} holds no data of its own`);
            }
            assert.equal(single(recording, VAULT).options.protect, prodLike);
            assert.equal(input(single(recording, VAULT), "properties.enablePurgeProtection"), prodLike ? true : undefined, "never false: the API refuses it");
            const locks = ofType(recording, LOCK);
            assert.equal(locks.length, prodLike ? 1 : 0);
            if (prodLike) {
                assert.equal(input(locks[0], "scope"), mocked(server).id);
                assert.equal(input(locks[0], "level"), "CanNotDelete");
                const under = [single(recording, DATABASE), ...ofType(recording, DIAGNOSTICS).filter((d) => input<string>(d, "resourceUri") === mocked(server).id)];
                for (const child of under) {
                    assert.ok(locks[0].dependencies.includes(child.urn), `${child.name} is deleted after the lock, which covers it`);
                }
            }
            assert.ok(!locks.some((lock) => input<string>(lock, "scope").includes("privateDnsZones")), "a lock on the zone interferes with HA failover");
        }
    });

    it("sets replacing inputs only on a protected server", () => {
        const entry = REPLACEMENT_INPUTS[SERVER];
        assert.ok(entry, `providers/<cloud>/replacement-inputs.ts lists no ${SERVER}`);
        const server = primary(dev);
        const set = entry.inputs.filter((name) => input(server, name) !== undefined);
        assert.ok(set.includes("serverName") && set.includes("administratorLogin"), `replacing inputs set: ${set.join(", ")}`);
        assert.equal(server.options.protect, true, "in dev too");
    });

    it("generates the password, keeps it only as a secret input, and publishes none", () => {
        const server = primary(dev);
        const secret = single(dev, SECRET);
        assert.deepEqual(server.secretInputs, ["administratorLoginPassword"]);
        assert.deepEqual(secret.secretInputs, ["properties.value"]);
        assert.equal(input(server, "administratorLogin"), "platform_admin");
        const random = String(mocked(single(dev, PASSWORD, "database-admin-password")).state.result);
        for (const recording of [dev, noBastion, prod]) {
            const text = JSON.stringify({ inputs: recording.resources.map((r) => [r.type, r.inputs]), outputs: recording.outputs });
            assert.ok(!text.includes(random) && !text.includes(breakIntoPairs(random)), "the password appears nowhere in clear");
            assert.ok(!/password/i.test(JSON.stringify(recording.outputs)));
            assert.deepEqual(recording.secretOutputs.filter((o) => o.startsWith("database")), [], "nothing of the database needs hiding");
        }
        assert.deepEqual(input(server, "authConfig"), { activeDirectoryAuth: "Enabled", passwordAuth: "Enabled", tenantId: "11111111-1111-1111-1111-111111111111" });
    });

    it("never puts three letters or digits in a row into the password, so it cannot contain part of the login", () => {
        const sample = "Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f";
        const password = breakIntoPairs(sample);
        assert.equal(password.replace(/-/g, ""), sample);
        assert.doesNotMatch(password, /[A-Za-z0-9]{3}/);
        assert.ok(password.length >= 8 && password.length <= 128);
        for (const category of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) {
            assert.match(password, category);
        }
    });

    it("publishes a versionless Key Vault reference and a connection string without a password", () => {
        const vault = single(dev, VAULT);
        const secret = single(dev, SECRET);
        const server = mocked(primary(dev));
        assert.equal(dev.outputs.databaseCredentialsSecret, `https://${input(vault, "vaultName")}.vault.azure.net/secrets/${ADMIN_SECRET_NAME}`);
        assert.equal(dev.outputs.databaseCredentialsSecret, (mocked(secret).state.properties as { secretUri: string }).secretUri);
        assert.match(String(dev.outputs.databaseCredentialsSecret), /^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/secrets\/[a-z0-9-]+$/);
        assert.equal(input(secret, "vaultName"), mocked(vault).state.name);
        assert.equal(input(secret, "properties.contentType"), "application/json");
        assert.equal(input(secret, "properties.value"), SECRET_MARKER);
        assert.equal(secret.options.deletedWith, vault.urn, "deleting a secret is a data-plane call; the vault takes it along");

        assert.equal(dev.outputs.databaseHost, server.state.fullyQualifiedDomainName);
        assert.equal(dev.outputs.databaseConnectionString, `postgresql://platform_admin@${server.state.fullyQualifiedDomainName}:5432/app?sslmode=require`);
        assert.equal(dev.outputs.databasePort, 5432);
        assert.equal(dev.outputs.databaseName, "app");
        assert.equal(dev.outputs.databaseUsername, "platform_admin");
    });

    it("keeps the credentials in an RBAC-mode vault that only the office and the nodes can reach", () => {
        for (const recording of [dev, prod]) {
            const properties = input<Record<string, unknown>>(single(recording, VAULT), "properties");
            assert.equal(properties.enableRbacAuthorization, true);
            assert.equal(properties.accessPolicies, undefined);
            assert.equal(properties.enableSoftDelete, true);
            assert.equal(properties.softDeleteRetentionInDays, 90);
            assert.equal(properties.tenantId, "11111111-1111-1111-1111-111111111111");
            assert.deepEqual(properties.networkAcls, {
                defaultAction: "Deny",
                bypass: "None",
                ipRules: [{ value: "198.51.100.0/24" }],
                virtualNetworkRules: [{ id: (recording.outputs.privateSubnetIds as string[])[0], ignoreMissingVnetServiceEndpoint: true }],
            });
            assert.equal(input(single(recording, VAULT), "location"), "westeurope");
            assert.match(input<string>(single(recording, VAULT), "vaultName"), VAULT_NAME);
        }
    });

    it("sends server logs and metrics to the platform's workspace, from every server", () => {
        const workspace = single(dev, "azure-native:operationalinsights:Workspace");
        const settings = ofType(dev, DIAGNOSTICS).filter((d) => input<string>(d, "resourceUri").includes("flexibleServers"));
        assert.deepEqual(settings.map((d) => input(d, "resourceUri")).sort(), ofType(dev, SERVER).map((s) => mocked(s).id).sort());
        for (const setting of settings) {
            assert.equal(input(setting, "workspaceId"), mocked(workspace).id);
            assert.deepEqual(input(setting, "logs"), [{ category: "PostgreSQLLogs", enabled: true }]);
        }
    });

    it("tags every taggable database resource", () => {
        const taggable = [SERVER, VAULT, SECRET, ZONE, ZONE_LINK];
        for (const resource of dev.resources.filter((r) => taggable.includes(r.type))) {
            assert.equal(input<Record<string, string>>(resource, "tags")?.component, "database", resource.name);
            assert.equal(input<Record<string, string>>(resource, "tags")?.customer, "acme", resource.name);
        }
    });

    it("names servers and vaults within Azure's rules, unique per subscription, for the longest stems", () => {
        const long = contextOf({ ...AZURE_DEV_CONFIG, customer: "abcdefghij-klmnopqrs", project: "zyxwvutsrq-ponmlkjih", environment: "staging" });
        const names = databaseNames(long);
        for (const server of [names.server, names.replica(1), names.replica(5)]) {
            assert.match(server, SERVER_NAME);
        }
        for (const randomHex of ["000000", "ffffff", "a1b2c3"]) {
            assert.match(names.vault(randomHex), VAULT_NAME);
            assert.ok(names.vault(randomHex).length <= 24);
        }
        const other = { ...long, azure: { ...long.azure, subscriptionId: "99999999-9999-9999-9999-999999999999" } };
        assert.notEqual(databaseNames(other).server, names.server, "another subscription, another global name");
        assert.equal(globalNameSuffix(long), globalNameSuffix({ ...long }), "stable across runs");
        assert.equal(input(primary(dev), "serverName"), databaseNames(contextOf(AZURE_DEV_CONFIG)).server);
    });

    it("creates a later replica at the primary's grown storage size, and leaves replica sizes to autogrow after that", async () => {
        // The primary's state after autogrow (and a refresh): 512 GiB, where storageGb is still 128.
        const grown = await recordStack({ ...AZURE_DEV_CONFIG, database: { enabled: true, size: "medium", replicas: 1, storageGb: 128 } }, "test", {
            priorState: { [SERVER]: (args) => (args.inputs.createMode === "Replica" ? undefined : { storage: { storageSizeGB: 512, autoGrow: "Enabled", type: "Premium_LRS" } }) },
        });
        assert.equal(input(primary(grown), "storage.storageSizeGB"), 128, "the primary is still asked for storageGb, and ignores it after creation");
        const [replica] = replicasOf(grown);
        assert.deepEqual(input(replica, "storage"), { storageSizeGB: 512, autoGrow: "Enabled", type: "Premium_LRS" }, "a replica at least as large as the grown primary");
        assert.ok(replica.options.ignoreChanges.includes("storage.storageSizeGB"), "a replica's own growth is not fought either");
    });

    it("updates the primary before its replicas, and the docs give the replicas-first runbook for scaling up", () => {
        for (const replica of replicasOf(dev)) {
            assert.ok(replica.dependencies.includes(primary(dev).urn), `${replica.name} depends on the primary, so a size change reaches the primary first`);
        }
        const docs = readFileSync(join(__dirname, "../../../docs/database.md"), "utf8");
        const azure = docs.slice(docs.indexOf("## Azure: PostgreSQL Flexible Server"));
        const replicas = azure.slice(azure.indexOf("### Read replicas"), azure.indexOf("### Restore"));
        assert.match(replicas, /\*\*Scale down\*\*: one `pulumi up`/);
        const scaleUp = replicas.slice(replicas.indexOf("**Scale up**"));
        const targeted = scaleUp.search(/pulumi up --target '<urn of platform-database-replica-1>'/);
        assert.ok(targeted > 0, "scale up: first a deploy of the replicas only");
        assert.match(scaleUp.slice(targeted), /\n\s*pulumi up\s*(#[^\n]*)?\n/, "then a plain `pulumi up` for the primary");
        assert.doesNotMatch(replicas, /anycloud updates the primary first,\s+so to grow/, "no stale runbook");
    });

    it("names the vault with a random suffix kept in the state, so a stack deployed again gets a new vault name", async () => {
        const names = databaseNames(contextOf(AZURE_DEV_CONFIG));
        const suffix = single(dev, RANDOM_ID, "-database-vault-suffix");
        assert.equal(input(suffix, "byteLength"), VAULT_SUFFIX_BYTES);
        assert.deepEqual(Object.keys(input<Record<string, unknown>>(suffix, "keepers")).sort(), ["resourceGroupName", "stem"], "only a move that replaces the vault anyway draws a new suffix");
        assert.equal(input(suffix, "keepers.stem"), names.vaultStem);
        assert.equal(input(single(dev, VAULT), "vaultName"), names.vault(String(mocked(suffix).state.hex)), "the random suffix is in the name");

        const deployedWith = (hex: string) => recordStack({ ...AZURE_DEV_CONFIG, database: { enabled: true } }, "test", {
            priorState: { [RANDOM_ID]: (args) => (args.name.endsWith("-database-vault-suffix") ? { hex } : undefined) },
        });
        // One after the other: the mock runtime is global.
        const first = input<string>(single(await deployedWith("0a1b2c"), VAULT), "vaultName");
        const second = input<string>(single(await deployedWith("d4e5f6"), VAULT), "vaultName");
        assert.equal(first, `${names.vaultStem}-0a1b2c`);
        assert.equal(second, `${names.vaultStem}-d4e5f6`);
        for (const name of [first, second]) {
            assert.match(name, VAULT_NAME);
        }
        assert.equal(input(primary(dev), "serverName"), input(primary(noBastion), "serverName"), "the server's name stays deterministic");
    });

    it("makes the first admin group the server's Entra administrator, before the database; none without groups", async () => {
        const withGroups = await recordStack({ ...AZURE_DEV_CONFIG, azure: { ...(AZURE_DEV_CONFIG.azure as object), adminGroupObjectIds: ADMIN_GROUPS }, database: { enabled: true, replicas: 1, size: "medium" } });
        const admin = single(withGroups, ENTRA_ADMIN);
        assert.equal(input(admin, "objectId"), ADMIN_GROUPS[0]);
        assert.equal(input(admin, "principalType"), "group");
        assert.equal(input(admin, "principalName"), ADMIN_GROUPS[0], "config has no display name: the object id names the role");
        assert.equal(input(admin, "tenantId"), "11111111-1111-1111-1111-111111111111");
        assert.equal(input(admin, "serverName"), mocked(primary(withGroups)).state.name);
        const parameters = ofType(withGroups, CONFIGURATION);
        assert.ok(admin.dependencies.includes(parameters[parameters.length - 1].urn), "one server operation at a time: after the parameters");
        assert.ok(single(withGroups, DATABASE).dependencies.includes(admin.urn), "Entra is set up before the database (and the replicas) exist");
        assert.equal(input(primary(withGroups), "authConfig.activeDirectoryAuth"), "Enabled");
        assert.deepEqual(ofType(dev, ENTRA_ADMIN), [], "no groups, no Entra administrator");
    });

    it("has no database outputs or resources when disabled", async () => {
        const off = await recordStack(AZURE_DEV_CONFIG);
        assert.deepEqual(ofType(off, SERVER), []);
        assert.deepEqual(ofType(off, VAULT), []);
        assert.deepEqual(Object.keys(off.outputs).filter((k) => k.startsWith("database")), []);
    });
});
