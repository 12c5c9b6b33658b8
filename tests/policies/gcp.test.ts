import { strict as assert } from "assert";
import { evaluate } from "../../policies/evaluate";
import { CheckedResource, Rule, UNKNOWN_VALUE } from "../../policies/rule";
import { GCP_RULES } from "../../policies/rules/gcp";
import { rule as billingBudget } from "../../policies/rules/gcp-billing-budget-per-platform";
import { rule as blockProjectKeys } from "../../policies/rules/gcp-compute-block-project-ssh-keys";
import { rule as vmDefaultAccount } from "../../policies/rules/gcp-compute-no-default-service-account";
import { rule as vmPublicIp } from "../../policies/rules/gcp-compute-no-public-ip";
import { rule as osLogin } from "../../policies/rules/gcp-compute-os-login";
import { rule as serialPort } from "../../policies/rules/gcp-compute-serial-port-disabled";
import { rule as shieldedVm } from "../../policies/rules/gcp-compute-shielded-vm";
import { rule as authorizedNetworks } from "../../policies/rules/gcp-gke-authorized-networks";
import { rule as clientCertificate } from "../../policies/rules/gcp-gke-client-certificate-disabled";
import { rule as legacyAbac } from "../../policies/rules/gcp-gke-legacy-abac-disabled";
import { rule as loggingMonitoring } from "../../policies/rules/gcp-gke-logging-monitoring";
import { rule as metadataServer } from "../../policies/rules/gcp-gke-metadata-server";
import { rule as networkPolicy } from "../../policies/rules/gcp-gke-network-policy";
import { rule as noAlpha } from "../../policies/rules/gcp-gke-no-alpha";
import { rule as nodeDefaultAccount } from "../../policies/rules/gcp-gke-no-default-service-account";
import { rule as autoRepairUpgrade } from "../../policies/rules/gcp-gke-node-auto-repair-upgrade";
import { rule as nodeImage } from "../../policies/rules/gcp-gke-node-image-cos";
import { rule as multiZone } from "../../policies/rules/gcp-gke-node-pool-multi-zone";
import { rule as privateEndpoint } from "../../policies/rules/gcp-gke-private-endpoint";
import { rule as privateNodes } from "../../policies/rules/gcp-gke-private-nodes";
import { rule as releaseChannel } from "../../policies/rules/gcp-gke-release-channel";
import { rule as secretsEncryption } from "../../policies/rules/gcp-gke-secrets-encryption";
import { rule as shieldedNodes } from "../../policies/rules/gcp-gke-shielded-nodes";
import { rule as vpcNative } from "../../policies/rules/gcp-gke-vpc-native";
import { rule as workloadIdentity } from "../../policies/rules/gcp-gke-workload-identity";
import { rule as sqlBackups } from "../../policies/rules/gcp-sql-backups-enabled";
import { rule as sqlDeletionProtection } from "../../policies/rules/gcp-sql-deletion-protection";
import { rule as sqlAuthorizedNetworks } from "../../policies/rules/gcp-sql-no-internet-authorized-network";
import { rule as sqlPublicIp } from "../../policies/rules/gcp-sql-no-public-ip";
import { rule as sqlPitr } from "../../policies/rules/gcp-sql-point-in-time-recovery";
import { rule as sqlSsl } from "../../policies/rules/gcp-sql-ssl-required";
import { rule as firewallAllPorts } from "../../policies/rules/gcp-vpc-firewall-no-all-ports-from-internet";
import { rule as firewallSsh } from "../../policies/rules/gcp-vpc-firewall-no-ssh-from-internet";
import { rule as subnetFlowLogs } from "../../policies/rules/gcp-vpc-subnet-flow-logs";
import { assertException as exceptionReason, assertFails, assertNotApplicable, assertPasses, cleanFindingsOn, findingsOn, resource } from "./helpers";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const FIREWALL = "gcp:compute/firewall:Firewall";
const SUBNET = "gcp:compute/subnetwork:Subnetwork";
const VM = "gcp:compute/instance:Instance";
const NETWORK = "gcp:compute/network:Network";
const BUDGET = "gcp:billing/budget:Budget";
const SA = "urn:pulumi:test::anycloud::gcp:serviceaccount/account:Account::nodes";
const NODE_ACCOUNT = "gke-nodes@acme-transit-prod.iam.gserviceaccount.com";
const DEFAULT_ACCOUNT = "123456789012-compute@developer.gserviceaccount.com";

/** Node settings as anycloud gives the default pool and every pool (providers/gcp/cluster-pools.ts). */
const NODE_CONFIG = {
    imageType: "COS_CONTAINERD",
    metadata: { "disable-legacy-endpoints": "true" },
    serviceAccount: NODE_ACCOUNT,
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    resourceLabels: { component: "cluster", environment: "prod" },
};

/** A GKE cluster as anycloud builds it with apiAccess: allowlist; each test changes what its rule reads. */
function cluster(props: Record<string, unknown> = {}, extra: Partial<CheckedResource> = {}): CheckedResource {
    return resource(CLUSTER, {
        name: "gke-acme-transit-prod",
        location: "europe-west3",
        nodeLocations: ["europe-west3-a", "europe-west3-b", "europe-west3-c"],
        networkingMode: "VPC_NATIVE",
        datapathProvider: "ADVANCED_DATAPATH",
        privateClusterConfig: { enablePrivateEndpoint: false, enablePrivateNodes: true },
        controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: false } },
        masterAuthorizedNetworksConfig: {
            cidrBlocks: [{ cidrBlock: "203.0.113.0/24", displayName: "allowlist" }, { cidrBlock: "10.30.0.0/20", displayName: "nodes" }],
            gcpPublicCidrsAccessEnabled: false,
        },
        workloadIdentityConfig: { workloadPool: "acme-transit-prod.svc.id.goog" },
        releaseChannel: { channel: "REGULAR" },
        databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/europe-west3/keyRings/k/cryptoKeys/gke-secrets" },
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
        nodeConfig: NODE_CONFIG,
        resourceLabels: { component: "cluster", environment: "prod" },
        ...props,
    }, { name: "gke", ...extra });
}

function nodePool(props: Record<string, unknown> = {}, extra: Partial<CheckedResource> = {}): CheckedResource {
    return resource(NODE_POOL, {
        cluster: "gke-acme-transit-prod",
        location: "europe-west3",
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig: NODE_CONFIG,
        ...props,
    }, { name: "pool-apps", ...extra });
}

/** The primary Cloud SQL instance as anycloud builds it in prod (providers/gcp/database.ts). */
function sqlInstance(settings: Record<string, unknown> = {}, props: Record<string, unknown> = {}): CheckedResource {
    return resource(SQL, {
        databaseVersion: "POSTGRES_17",
        deletionProtection: true,
        settings: {
            ipConfiguration: { ipv4Enabled: false, privateNetwork: "projects/p/global/networks/vpc", sslMode: "ENCRYPTED_ONLY" },
            backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
            deletionProtectionEnabled: true,
            finalBackupConfig: { enabled: true, retentionDays: 30 },
            userLabels: { component: "database", environment: "prod" },
            ...settings,
        },
        ...props,
    }, { name: "database" });
}

const replica = (settings: Record<string, unknown> = {}) => resource(SQL, {
    masterInstanceName: "pg-acme-transit-prod",
    deletionProtection: true,
    settings: { ipConfiguration: { ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY" }, userLabels: { environment: "prod" }, ...settings },
}, { name: "replica" });

const firewall = (props: Record<string, unknown>) => resource(FIREWALL, { direction: "INGRESS", ...props }, { name: "fw" });
const sshFromOffice = () => firewall({ allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["203.0.113.0/24"] });

/** The bastion VM as anycloud builds it (providers/gcp/bastion.ts). */
function bastion(props: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): CheckedResource {
    return resource(VM, {
        labels: { component: "bastion", environment: "prod" },
        metadata: {
            "block-project-ssh-keys": "true",
            "enable-oslogin": "FALSE",
            "serial-port-enable": "false",
            "ssh-keys": "anycloud:ssh-ed25519 AAAA ops@acme.example",
            ...metadata,
        },
        networkInterfaces: [{ subnetwork: "snet-bastion", accessConfigs: [{ natIp: "203.0.113.3", networkTier: "PREMIUM" }] }],
        serviceAccount: { email: "bastion-acme-transit-prod@p.iam.gserviceaccount.com", scopes: ["https://www.googleapis.com/auth/cloud-platform"] },
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        ...props,
    }, { name: "bastion" });
}

/** Another VM: no label of a component, no external address. */
const vm = (props: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) =>
    bastion({ labels: {}, networkInterfaces: [{ subnetwork: "snet-nodes" }], ...props }, { "enable-oslogin": "TRUE", "ssh-keys": undefined, ...metadata });

/** An exception whose reason matches `why`, compensated by exactly `compensatedBy`, all GCP rules. */
function assertException(rule: Rule, subject: CheckedResource, why: RegExp, compensatedBy: string[], others: CheckedResource[] = []): void {
    assert.match(exceptionReason(rule, subject, compensatedBy, others), why);
    for (const id of compensatedBy) {
        assert.ok(GCP_RULES.some((r) => r.id === id), `${rule.id} is compensated by ${id}, which is no GCP rule`);
    }
}

describe("policies: GCP rules", () => {
    describe("GKE cluster", () => {
        it("gcp-gke-private-nodes: the cluster's flag, not only the block, and no pool's override", () => {
            assertPasses(privateNodes, cluster());
            assertPasses(privateNodes, nodePool());
            assertFails(privateNodes, cluster({ privateClusterConfig: undefined }), /privateClusterConfig is not set/);
            assertFails(privateNodes, cluster({ privateClusterConfig: { enablePrivateEndpoint: false } }), /enablePrivateNodes is not set/);
            assertFails(privateNodes, cluster({ privateClusterConfig: { enablePrivateNodes: false } }), /enablePrivateNodes is false/);
            assertFails(privateNodes, nodePool({ networkConfig: { enablePrivateNodes: false } }), /public IP addresses/);
        });

        it("gcp-gke-private-endpoint: passes private only; allowlist is an exception compensated by the authorized networks", () => {
            assertPasses(privateEndpoint, cluster({ privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true } }));
            assertPasses(privateEndpoint, cluster({ controlPlaneEndpointsConfig: { ipEndpointsConfig: { enabled: false } } }));
            assertException(privateEndpoint, cluster(), /apiAccess: allowlist/, ["gcp-gke-authorized-networks"]);
            // In a preview the authorized networks come from the network's ranges and are not known yet.
            assertException(privateEndpoint, cluster({ masterAuthorizedNetworksConfig: undefined }, { propertyDependencies: { masterAuthorizedNetworksConfig: ["urn:stash"] } }), /allowlist/, ["gcp-gke-authorized-networks"]);
            assertFails(privateEndpoint, cluster({ masterAuthorizedNetworksConfig: undefined }), /no master authorized networks/);
            assertFails(privateEndpoint, cluster({
                privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
                controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
            }), /DNS endpoint takes external traffic/);
        });

        it("gcp-gke-private-endpoint: the allowlist exception fails once the API is open to the internet", () => {
            const open = cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "0.0.0.0/0" }] } });
            const report = evaluate([privateEndpoint, authorizedNetworks], [open]);
            const finding = report.rules.find((r) => r.id === privateEndpoint.id)!.findings[0];
            assert.equal(finding.status, "fail");
            assert.match(finding.message!, /compensating rule gcp-gke-authorized-networks does not pass/);
        });

        it("gcp-gke-authorized-networks: enabled, no /0, no Google Cloud public ranges, no external DNS traffic", () => {
            assertPasses(authorizedNetworks, cluster());
            assertPasses(authorizedNetworks, cluster({ masterAuthorizedNetworksConfig: undefined }, { propertyDependencies: { masterAuthorizedNetworksConfig: ["urn:stash"] } }));
            assertFails(authorizedNetworks, cluster({ masterAuthorizedNetworksConfig: undefined }), /not set/);
            assertFails(authorizedNetworks, cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "10.0.0.0/8" }, { cidrBlock: "0.0.0.0/0" }] } }), /admit 0\.0\.0\.0\/0/);
            assertFails(authorizedNetworks, cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "::/0" }] } }), /admit ::\/0/);
            assertFails(authorizedNetworks, cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [], gcpPublicCidrsAccessEnabled: true } }), /gcpPublicCidrsAccessEnabled/);
            assertFails(authorizedNetworks, cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }] } }), /gcpPublicCidrsAccessEnabled is not set/);
            assertFails(authorizedNetworks, cluster({ controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } } }), /DNS endpoint/);
        });

        it("gcp-gke-metadata-server: GKE_METADATA on the default pool and every pool, legacy endpoints off", () => {
            assertPasses(metadataServer, cluster());
            assertPasses(metadataServer, nodePool());
            assertPasses(metadataServer, cluster({ enableAutopilot: true, nodeConfig: undefined }));
            assertFails(metadataServer, nodePool({ nodeConfig: { ...NODE_CONFIG, workloadMetadataConfig: { mode: "GCE_METADATA" } } }), /mode = GCE_METADATA/);
            assertFails(metadataServer, cluster({ nodeConfig: undefined }), /default node pool.*not set/);
            assertFails(metadataServer, nodePool({ nodeConfig: { ...NODE_CONFIG, metadata: { "disable-legacy-endpoints": "false" } } }), /legacy/);
        });

        it("gcp-gke-no-default-service-account: a dedicated account, also when it is known only after apply", () => {
            assertPasses(nodeDefaultAccount, cluster());
            assertPasses(nodeDefaultAccount, nodePool({ nodeConfig: { ...NODE_CONFIG, serviceAccount: undefined } }, { propertyDependencies: { nodeConfig: [SA] } }));
            assertFails(nodeDefaultAccount, nodePool({ nodeConfig: { ...NODE_CONFIG, serviceAccount: undefined } }), /not set/);
            assertFails(nodeDefaultAccount, cluster({ nodeConfig: { ...NODE_CONFIG, serviceAccount: DEFAULT_ACCOUNT } }), /Compute Engine default/);
            assertFails(nodeDefaultAccount, cluster({ clusterAutoscaling: { enabled: true } }), /auto-provisioning/);
        });

        it("gcp-gke-shielded-nodes: shielded nodes, Secure Boot (default off) and Integrity Monitoring", () => {
            assertPasses(shieldedNodes, cluster());
            assertPasses(shieldedNodes, nodePool({ nodeConfig: { ...NODE_CONFIG, shieldedInstanceConfig: { enableSecureBoot: true } } }));
            assertFails(shieldedNodes, cluster({ enableShieldedNodes: false }), /enableShieldedNodes = false/);
            assertFails(shieldedNodes, nodePool({ nodeConfig: { ...NODE_CONFIG, shieldedInstanceConfig: undefined } }), /Secure Boot is off.*default false/);
            assertFails(shieldedNodes, nodePool({ nodeConfig: { ...NODE_CONFIG, shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: false } } }), /Integrity Monitoring is off/);
        });

        it("gcp-gke-legacy-abac-disabled", () => {
            assertPasses(legacyAbac, cluster());
            assertPasses(legacyAbac, cluster({ enableLegacyAbac: undefined }));
            assertFails(legacyAbac, cluster({ enableLegacyAbac: true }), /enableLegacyAbac = true/);
        });

        it("gcp-gke-client-certificate-disabled: no client certificate, no basic auth", () => {
            assertPasses(clientCertificate, cluster());
            assertPasses(clientCertificate, cluster({ masterAuth: undefined }));
            assertFails(clientCertificate, cluster({ masterAuth: { clientCertificateConfig: { issueClientCertificate: true } } }), /client certificate/);
            assertFails(clientCertificate, cluster({ masterAuth: { username: "admin" } }), /basic authentication/);
        });

        it("gcp-gke-network-policy: Dataplane V2 or the add-on", () => {
            assertPasses(networkPolicy, cluster());
            assertPasses(networkPolicy, cluster({ datapathProvider: undefined, networkPolicy: { enabled: true, provider: "CALICO" } }));
            assertFails(networkPolicy, cluster({ datapathProvider: "LEGACY_DATAPATH" }), /nothing enforces NetworkPolicy/);
            assertFails(networkPolicy, cluster({ datapathProvider: undefined, networkPolicy: { enabled: true }, addonsConfig: { networkPolicyConfig: { disabled: true } } }), /add-on is disabled/);
        });

        it("gcp-gke-workload-identity", () => {
            assertPasses(workloadIdentity, cluster());
            assertFails(workloadIdentity, cluster({ workloadIdentityConfig: undefined }), /workloadPool is not set/);
        });

        it("gcp-gke-secrets-encryption: ENCRYPTED with a key, wired or literal", () => {
            assertPasses(secretsEncryption, cluster());
            assertPasses(secretsEncryption, cluster({ databaseEncryption: { state: "ENCRYPTED" } }, { propertyDependencies: { databaseEncryption: ["urn:key"] } }));
            assertFails(secretsEncryption, cluster({ databaseEncryption: { state: "DECRYPTED" } }), /state is DECRYPTED/);
            assertFails(secretsEncryption, cluster({ databaseEncryption: { state: "ENCRYPTED" } }), /keyName is not set/);
        });

        it("gcp-gke-release-channel", () => {
            assertPasses(releaseChannel, cluster());
            assertFails(releaseChannel, cluster({ releaseChannel: { channel: "UNSPECIFIED" } }), /UNSPECIFIED/);
            assertFails(releaseChannel, cluster({ releaseChannel: undefined }), /not set/);
        });

        it("gcp-gke-logging-monitoring: system components to Cloud Logging and Cloud Monitoring", () => {
            assertPasses(loggingMonitoring, cluster());
            assertPasses(loggingMonitoring, cluster({ loggingConfig: undefined, monitoringConfig: undefined }));
            assertFails(loggingMonitoring, cluster({ loggingService: "none" }), /loggingService = none/);
            assertFails(loggingMonitoring, cluster({ monitoringConfig: { enableComponents: [] } }), /monitoringConfig.enableComponents \[\] lacks SYSTEM_COMPONENTS/);
        });

        it("gcp-gke-no-alpha", () => {
            assertPasses(noAlpha, cluster());
            assertFails(noAlpha, cluster({ enableKubernetesAlpha: true }), /alpha cluster/);
        });

        it("gcp-gke-vpc-native", () => {
            assertPasses(vpcNative, cluster());
            assertFails(vpcNative, cluster({ networkingMode: "ROUTES" }), /ROUTES/);
        });

        it("gcp-gke-node-image-cos", () => {
            assertPasses(nodeImage, cluster());
            assertPasses(nodeImage, nodePool({ nodeConfig: { ...NODE_CONFIG, imageType: undefined } }));
            assertFails(nodeImage, nodePool({ nodeConfig: { ...NODE_CONFIG, imageType: "UBUNTU_CONTAINERD" } }), /UBUNTU_CONTAINERD/);
        });
    });

    describe("GKE node pools", () => {
        it("gcp-gke-node-auto-repair-upgrade: neither turned off", () => {
            assertPasses(autoRepairUpgrade, nodePool());
            assertPasses(autoRepairUpgrade, nodePool({ management: undefined }));
            assertFails(autoRepairUpgrade, nodePool({ management: { autoRepair: false, autoUpgrade: true } }), /autoRepair = false/);
            assertFails(autoRepairUpgrade, nodePool({ management: { autoUpgrade: false } }), /autoUpgrade = false.*security patches/);
        });

        it("gcp-gke-node-pool-multi-zone: regional or several zones; a zonal pool is an exception only in dev", () => {
            const wired = { propertyDependencies: { cluster: [cluster().urn], location: [cluster().urn] } };
            assertPasses(multiZone, nodePool(), [cluster()]);
            // Location known only after apply: the cluster says where.
            assertPasses(multiZone, nodePool({ location: UNKNOWN_VALUE }, wired), [cluster({ nodeLocations: undefined })]);
            assertPasses(multiZone, nodePool({ location: "europe-west3-a", nodeLocations: ["europe-west3-a", "europe-west3-b"] }));
            const zonal = (environment: string) => cluster({ location: "europe-west3-a", nodeLocations: undefined, resourceLabels: { environment } });
            const pool = (environment: string) => nodePool({ location: "europe-west3-a", nodeConfig: { ...NODE_CONFIG, resourceLabels: { environment } } }, wired);
            assertFails(multiZone, pool("prod"), /one zone only \(europe-west3-a\)/, [zonal("prod")]);
            assertFails(multiZone, pool("staging"), /one zone only/, [zonal("staging")]);
            assertException(multiZone, pool("dev"), /dev runs a zonal GKE cluster/, [], [zonal("dev")]);
            assertNotApplicable(multiZone, nodePool({ location: undefined, cluster: undefined }), /not known/);
        });
    });

    describe("Cloud SQL", () => {
        it("gcp-sql-no-public-ip: ipv4Enabled false (the default is a public address)", () => {
            assertPasses(sqlPublicIp, sqlInstance());
            assertPasses(sqlPublicIp, replica());
            assertFails(sqlPublicIp, sqlInstance({ ipConfiguration: { ipv4Enabled: true } }), /ipv4Enabled = true/);
            assertFails(sqlPublicIp, sqlInstance({ ipConfiguration: { sslMode: "ENCRYPTED_ONLY" } }), /by default/);
        });

        it("gcp-sql-no-internet-authorized-network", () => {
            assertPasses(sqlAuthorizedNetworks, sqlInstance());
            assertPasses(sqlAuthorizedNetworks, sqlInstance({ ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [{ value: "203.0.113.0/24" }] } }));
            assertFails(sqlAuthorizedNetworks, sqlInstance({ ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [{ name: "all", value: "0.0.0.0/0" }] } }), /admit 0\.0\.0\.0\/0/);
        });

        it("gcp-sql-ssl-required: ENCRYPTED_ONLY, TRUSTED_CLIENT_CERTIFICATE_REQUIRED or the legacy requireSsl", () => {
            assertPasses(sqlSsl, sqlInstance());
            assertPasses(sqlSsl, sqlInstance({ ipConfiguration: { ipv4Enabled: false, sslMode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" } }));
            assertPasses(sqlSsl, sqlInstance({ ipConfiguration: { ipv4Enabled: false, requireSsl: true } }));
            assertFails(sqlSsl, sqlInstance({ ipConfiguration: { ipv4Enabled: false, sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } }), /ALLOW_UNENCRYPTED_AND_ENCRYPTED/);
            assertFails(sqlSsl, replica({ ipConfiguration: { ipv4Enabled: false } }), /not set/);
        });

        it("gcp-sql-backups-enabled: on the primary; a replica has none to have", () => {
            assertPasses(sqlBackups, sqlInstance());
            assertFails(sqlBackups, sqlInstance({ backupConfiguration: { enabled: false } }), /no automated backups/);
            assertFails(sqlBackups, sqlInstance({ backupConfiguration: undefined }), /off by default/);
            assertNotApplicable(sqlBackups, replica(), /read replica/);
        });

        it("gcp-sql-point-in-time-recovery", () => {
            assertPasses(sqlPitr, sqlInstance());
            assertFails(sqlPitr, sqlInstance({ backupConfiguration: { enabled: true } }), /pointInTimeRecoveryEnabled is not set/);
            assertFails(sqlPitr, sqlInstance({ backupConfiguration: { enabled: false, pointInTimeRecoveryEnabled: true } }), /backups are off/);
            assertNotApplicable(sqlPitr, replica(), /read replica/);
        });

        it("gcp-sql-deletion-protection: both guards in prod; outside prod an exception while a final backup is kept", () => {
            assertPasses(sqlDeletionProtection, sqlInstance());
            assertFails(sqlDeletionProtection, sqlInstance({ deletionProtectionEnabled: false }), /settings.deletionProtectionEnabled off on a production database/);
            assertFails(sqlDeletionProtection, sqlInstance({}, { deletionProtection: false }), /deletionProtection off/);
            // No environment label: judged as production.
            assertFails(sqlDeletionProtection, sqlInstance({ deletionProtectionEnabled: false, userLabels: {} }), /production/);
            const dev = { deletionProtectionEnabled: false, userLabels: { environment: "dev" } };
            assertException(sqlDeletionProtection, sqlInstance(dev, { deletionProtection: false }), /outside prod/, ["gcp-sql-backups-enabled"]);
            assertFails(sqlDeletionProtection, sqlInstance({ ...dev, finalBackupConfig: { enabled: false } }), /no final backup/);
            assertNotApplicable(sqlDeletionProtection, replica(), /read replica/);
        });
    });

    describe("VPC", () => {
        it("gcp-vpc-firewall-no-ssh-from-internet: 22 open to 0.0.0.0/0, ::/0, or to no source at all", () => {
            assertPasses(firewallSsh, sshFromOffice());
            assertPasses(firewallSsh, firewall({ denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] }));
            assertPasses(firewallSsh, firewall({ allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: ["0.0.0.0/0"] }));
            assertPasses(firewallSsh, firewall({ allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["0.0.0.0/0"], disabled: true }));
            assertPasses(firewallSsh, firewall({ direction: "EGRESS", allows: [{ protocol: "tcp", ports: ["22"] }], destinationRanges: ["0.0.0.0/0"] }));
            assertPasses(firewallSsh, firewall({ allows: [{ protocol: "tcp", ports: ["22"] }], sourceServiceAccounts: ["ci@p.iam.gserviceaccount.com"] }));
            assertFails(firewallSsh, firewall({ allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["203.0.113.0/24", "0.0.0.0/0"] }), /open to 0\.0\.0\.0\/0/);
            assertFails(firewallSsh, firewall({ allows: [{ protocol: "tcp", ports: ["20-30"] }], sourceRanges: ["::/0"] }), /open to ::\/0/);
            assertFails(firewallSsh, firewall({ allows: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] }), /SSH/);
            assertFails(firewallSsh, firewall({ allows: [{ protocol: "tcp", ports: ["22"] }] }), /no source/);
        });

        it("gcp-vpc-firewall-no-all-ports-from-internet: protocol all, or a protocol without ports, from the internet", () => {
            assertPasses(firewallAllPorts, sshFromOffice());
            assertPasses(firewallAllPorts, firewall({ denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] }));
            assertPasses(firewallAllPorts, firewall({ allows: [{ protocol: "all" }], sourceRanges: ["10.0.0.0/8"] }));
            assertPasses(firewallAllPorts, firewall({ allows: [{ protocol: "tcp", ports: ["10256", "30000-32767"] }], sourceRanges: ["35.191.0.0/16"] }));
            assertFails(firewallAllPorts, firewall({ allows: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] }), /all protocols and ports open to 0\.0\.0\.0\/0/);
            assertFails(firewallAllPorts, firewall({ allows: [{ protocol: "udp" }], sourceRanges: ["0.0.0.0/0"] }), /every udp port/);
            assertFails(firewallAllPorts, firewall({ allows: [{ protocol: "tcp", ports: ["0-65535"] }] }), /no source/);
        });

        it("gcp-vpc-subnet-flow-logs", () => {
            const logConfig = { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" };
            assertPasses(subnetFlowLogs, resource(SUBNET, { ipCidrRange: "10.30.0.0/20", logConfig }));
            assertFails(subnetFlowLogs, resource(SUBNET, { ipCidrRange: "10.30.0.0/20" }), /no flow logs/);
            assertFails(subnetFlowLogs, resource(SUBNET, { logConfig: { ...logConfig, flowSampling: 0 } }), /flowSampling = 0/);
            assertNotApplicable(subnetFlowLogs, resource(SUBNET, { purpose: "REGIONAL_MANAGED_PROXY" }), /proxy-only/);
        });
    });

    describe("Compute Engine VMs (the bastion)", () => {
        it("gcp-compute-no-public-ip: the bastion's address is an exception compensated by the firewall rules", () => {
            assertPasses(vmPublicIp, vm());
            assertException(vmPublicIp, bastion(), /door from the office/, ["gcp-vpc-firewall-no-ssh-from-internet", "gcp-vpc-firewall-no-all-ports-from-internet"]);
            assertFails(vmPublicIp, vm({ networkInterfaces: [{ accessConfigs: [{}] }] }), /external IP address/);
        });

        it("gcp-compute-no-public-ip: the bastion's exception fails once SSH is open to the internet", () => {
            const open = firewall({ allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["0.0.0.0/0"] });
            const report = evaluate([vmPublicIp, firewallSsh, firewallAllPorts], [bastion(), open]);
            const finding = report.rules.find((r) => r.id === vmPublicIp.id)!.findings[0];
            assert.equal(finding.status, "fail");
            assert.match(finding.message!, /gcp-vpc-firewall-no-ssh-from-internet does not pass/);
            assert.deepEqual(report.blocking, [vmPublicIp.id, firewallSsh.id]);
        });

        it("gcp-compute-block-project-ssh-keys", () => {
            assertPasses(blockProjectKeys, bastion());
            assertPasses(blockProjectKeys, bastion({}, { "block-project-ssh-keys": true }));
            assertFails(blockProjectKeys, bastion({}, { "block-project-ssh-keys": undefined }), /not set/);
            assertFails(blockProjectKeys, bastion({}, { "block-project-ssh-keys": "false" }), /project-wide SSH keys/);
        });

        it("gcp-compute-os-login: the bastion's key login is an exception; elsewhere OS Login stays on", () => {
            assertPasses(osLogin, vm());
            assertPasses(osLogin, vm({}, { "enable-oslogin": undefined }));
            assertPasses(osLogin, resource("gcp:compute/projectMetadata:ProjectMetadata", { metadata: { "enable-oslogin": "TRUE" } }));
            assertException(osLogin, bastion(), /OS Login would ignore/, ["gcp-compute-block-project-ssh-keys", "gcp-vpc-firewall-no-ssh-from-internet"]);
            assertFails(osLogin, vm({}, { "enable-oslogin": "FALSE" }), /OS Login off/);
            // Without blocked project keys the bastion's design does not hold.
            assertFails(osLogin, bastion({}, { "block-project-ssh-keys": "false" }), /OS Login off/);
            assertFails(osLogin, resource("gcp:compute/projectMetadata:ProjectMetadata", { metadata: {} }), /project's metadata/);
        });

        it("gcp-compute-serial-port-disabled", () => {
            assertPasses(serialPort, bastion());
            assertPasses(serialPort, vm({}, { "serial-port-enable": undefined }));
            assertFails(serialPort, bastion({}, { "serial-port-enable": "TRUE" }), /serial console/);
        });

        it("gcp-compute-shielded-vm: Secure Boot, vTPM, Integrity Monitoring", () => {
            assertPasses(shieldedVm, bastion());
            assertPasses(shieldedVm, bastion({ shieldedInstanceConfig: { enableSecureBoot: true } }));
            assertFails(shieldedVm, bastion({ shieldedInstanceConfig: undefined }), /enableSecureBoot not set/);
            assertFails(shieldedVm, bastion({ shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: false } }), /enableVtpm false/);
        });

        it("gcp-compute-no-default-service-account: a dedicated account, wired or literal, or none", () => {
            assertPasses(vmDefaultAccount, bastion());
            // In a preview the account's email is known only after apply.
            assertPasses(vmDefaultAccount, { ...bastion({ serviceAccount: { scopes: [] } }), propertyDependencies: { serviceAccount: [SA] } });
            assertPasses(vmDefaultAccount, vm({ serviceAccount: undefined }));
            assertFails(vmDefaultAccount, bastion({ serviceAccount: { email: DEFAULT_ACCOUNT, scopes: [] } }), /Compute Engine default/);
            assertFails(vmDefaultAccount, bastion({ serviceAccount: { scopes: [] } }), /no email/);
        });
    });

    describe("Billing", () => {
        const network = resource(NETWORK, { name: "vpc-acme-transit-prod" });
        const budget = (props: Record<string, unknown> = {}) => resource(BUDGET, {
            amount: { specifiedAmount: { currencyCode: "USD", units: "9000" } },
            thresholdRules: [{ thresholdPercent: 0.5 }, { thresholdPercent: 1 }],
            allUpdatesRule: { monitoringNotificationChannels: ["channel"], disableDefaultIamRecipients: false },
            ...props,
        }, { name: "budget" });

        it("gcp-billing-budget-per-platform: a budget with an amount, thresholds and a recipient", () => {
            assertPasses(billingBudget, network, [budget()]);
            assertPasses(billingBudget, network, [budget({ allUpdatesRule: undefined })]);
            assertFails(billingBudget, network, /no Cloud Billing budget/);
            assertFails(billingBudget, network, /no threshold rules/, [budget({ thresholdRules: [] })]);
            assertFails(billingBudget, network, /no recipient/, [budget({ allUpdatesRule: { disableDefaultIamRecipients: true } })]);
        });
    });

    describe("the reference stacks", () => {
        for (const stack of ["gcp-dev", "gcp-prod"]) {
            it(`${stack}: no GCP rule fails, and every rule judges at least one resource`, async () => {
                await cleanFindingsOn(stack, GCP_RULES);
            });
        }

        it("gcp-prod and gcp-dev carry exactly the documented exceptions", async () => {
            const exceptions = async (stack: string) => (await findingsOn(stack, GCP_RULES))
                .filter((f) => f.status === "exception").map((f) => `${f.rule} ${f.urn.split("::").pop()}`).sort();
            assert.deepEqual(await exceptions("gcp-prod"), [
                "gcp-compute-no-public-ip platform-bastion-vm",
                "gcp-compute-os-login platform-bastion-vm",
                "gcp-gke-private-endpoint platform-cluster-gke",
            ]);
            assert.deepEqual(await exceptions("gcp-dev"), [
                "gcp-compute-no-public-ip platform-bastion-vm",
                "gcp-compute-os-login platform-bastion-vm",
                "gcp-gke-node-pool-multi-zone platform-cluster-pool-apps",
                "gcp-gke-node-pool-multi-zone platform-cluster-pool-system",
                "gcp-gke-private-endpoint platform-cluster-gke",
                "gcp-sql-deletion-protection platform-database-instance",
            ]);
        });
    });

    it("every GCP rule is in the registry once, its id the name of its file", async () => {
        const ids = GCP_RULES.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length);
        for (const rule of GCP_RULES) {
            assert.equal(rule.cloud, "gcp");
            assert.match(rule.id, /^gcp-(gke|sql|vpc|compute|billing)-[a-z0-9-]+$/);
            assert.equal(((await import(`../../policies/rules/${rule.id}`)) as { rule: Rule }).rule, rule);
        }
    });
});
