import * as container from "@pulumi/gcp/container";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAdapterOutputs, ClusterAddonSupport, ClusterArgs } from "../../components/cluster";
import { allowHealthChecks, authorizedNetworks, CONTROL_PLANE_ENDPOINTS, privateClusterConfig } from "./cluster-access";
import { checkCreationSettings, clusterLocation, clusterName, locationMode } from "./cluster-creation-settings";
import { createSecretsKey } from "./cluster-encryption";
import { createNodeIdentity, grantDeployer } from "./cluster-identity";
import { clusterKubeconfig } from "./cluster-kubeconfig";
import { createNodePools, NODE_CONFIG } from "./cluster-pools";
import { ingressSupport } from "./ingress";
import { componentLabels } from "./labels";
import { SECONDARY_RANGES, subnetRangesOf } from "./network-ranges";

/**
 * REGULAR in every environment: GKE's default channel, the one Google describes for production
 * that wants features before STABLE gets them, and the same channel everywhere, so a version that
 * dev was created with is one prod can be created with (a minimum version not yet offered by a
 * channel fails the cluster's creation).
 */
export const RELEASE_CHANNEL = "REGULAR";

/** GKE's Gateway API support: off (see createCluster); ClusterAddonSupport.ingress.gatewayApiCrds follows it. */
export const GATEWAY_API_CHANNEL = "CHANNEL_DISABLED";

/**
 * The default node pool GKE insists on creating: a small shared-core machine (2 vCPU, 4 GB), as the
 * node service account (never the Compute Engine default one), removed right after creation.
 */
export const DEFAULT_POOL_MACHINE_TYPE = "e2-medium";

/**
 * Ignored after creation. The default pool is deleted once the cluster exists; the provider then
 * reads nodeConfig (several of its fields are ForceNew) and nodePools from what remains and would
 * replace the cluster on the next run (the provider's documented hazard with
 * removeDefaultNodePool); initialNodeCount is ForceNew as well.
 */
export const CLUSTER_IGNORED_FIELDS = ["nodeConfig", "nodePools", "initialNodeCount"];

/**
 * The StorageClass GKE creates with its Compute Engine persistent disk CSI driver (enabled
 * below): balanced persistent disks, encrypted at rest with Google-managed keys, bound in the
 * zone of the pod that uses them (WaitForFirstConsumer). GKE owns and reconciles it.
 */
export const STORAGE_CLASS_NAME = "standard-rwo";

/**
 * Service load balancers as GKE makes them: an external passthrough Network Load Balancer by
 * default, an internal one with this annotation. For either, GKE creates the VPC firewall rule
 * (k8s-fw-..., priority 1000, above the network's deny of all other ingress) that admits
 * exactly `loadBalancerSourceRanges` to the nodes, so admitExternal has nothing to open.
 */
export const LOAD_BALANCER_ANNOTATIONS = {
    external: {},
    internal: { "networking.gke.io/load-balancer-type": "Internal" },
};

const loadBalancerSupport: ClusterAddonSupport["loadBalancer"] = {
    externalAnnotations: LOAD_BALANCER_ANNOTATIONS.external,
    internalAnnotations: LOAD_BALANCER_ANNOTATIONS.internal,
    admitExternal: () => [],
};

/** Local offset (hours from UTC, standard time) of a region's metro, by name prefix; the window starts near 02:00 there. */
const UTC_OFFSETS: [RegExp, number][] = [
    [/^us-west/, -8],
    [/^us-central|^us-south|^northamerica-south/, -6],
    [/^us-east|^northamerica-northeast/, -5],
    [/^southamerica-west/, -4],
    [/^southamerica-east/, -3],
    [/^africa-|^me-west/, 2],
    [/^me-/, 3],
    [/^asia-south/, 5.5],
    [/^asia-southeast1|^asia-east/, 8],
    [/^asia-southeast2/, 7],
    [/^asia-northeast/, 9],
    [/^australia-/, 10],
    [/^europe-west2$/, 0],
    [/^europe-/, 1],
];

export const MAINTENANCE_WINDOW_HOURS = 4;

/**
 * A daily four-hour window starting near 02:00 local time of the region. GKE wants at least 48
 * hours of windows in any 32 days, each at least 4 hours long (GKE docs, "Maintenance windows and
 * exclusions"); a window on weekend nights only falls short of that, a daily one has 128.
 */
export function maintenanceWindow(region: string): { startTime: string; endTime: string; recurrence: string } {
    const offset = UTC_OFFSETS.find(([pattern]) => pattern.test(region))?.[1] ?? 0;
    const start = Math.floor((((2 - offset) % 24) + 24) % 24);
    const time = (hour: number) => `2026-01-0${1 + Math.floor(hour / 24)}T${String(hour % 24).padStart(2, "0")}:00:00Z`;
    return { startTime: time(start), endTime: time(start + MAINTENANCE_WINDOW_HOURS), recurrence: "FREQ=DAILY" };
}

/**
 * GKE Standard: private nodes in the network's node subnet (VPC-native, pods and Services from
 * the subnet's secondary ranges), the API limited to the allowlist or private only, Dataplane V2
 * (network policy enforced), Workload Identity, shielded nodes, Secrets encrypted with the
 * platform's Cloud KMS key, no legacy ABAC, no client certificates, anonymous access limited to
 * health checks, the REGULAR release channel with a daily maintenance window, and the configured
 * pools as separate, autoscaled NodePools running as a dedicated least-privilege service account.
 */
export function createCluster(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions): ClusterAdapterOutputs {
    const { context, settings, network } = args;
    if (!context.gcpScope) {
        throw new Error("createCluster: context.gcpScope is missing; the GCP foundation (providers/gcp/foundation.ts) creates it");
    }
    const { project, services } = context.gcpScope;
    // Every resource waits for the project's APIs: on a fresh project they are enabled first.
    const base: pulumi.CustomResourceOptions = { ...opts, dependsOn: services };
    const location = clusterLocation(context);
    const regional = locationMode(context) === "regional";
    const ranges = subnetRangesOf(network);
    const labels = componentLabels(context, "cluster");

    const nodes = createNodeIdentity(name, context, base);
    const deployer = grantDeployer(name, context, nodes.account, base);
    const secrets = createSecretsKey(name, context, base);
    const creationSettings = checkCreationSettings(name, {
        "anycloud:customer/project/environment": context.namePrefix,
        "anycloud:region": context.region,
        "anycloud:gcp.clusterLocation": locationMode(context),
        // The node subnet and its pods and Services ranges (network.cidr, cluster.serviceCidr) are
        // the network's: its own creation check refuses a change of either (network.ts).
    }, opts.parent!);

    const cluster = new container.Cluster(`${name}-gke`, {
        project,
        // The check runs before GKE is asked for anything; a refused change stops the cluster's update.
        name: creationSettings.apply(() => clusterName(context)),
        location,
        nodeLocations: regional ? network.zones : undefined,
        network: network.networkId,
        subnetwork: network.privateSubnetIds.apply((ids) => ids[0]),
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
            clusterSecondaryRangeName: SECONDARY_RANGES.pods,
            servicesSecondaryRangeName: SECONDARY_RANGES.services,
            stackType: "IPV4",
        },
        // Dataplane V2 (eBPF): NetworkPolicy is enforced without the Calico add-on.
        datapathProvider: "ADVANCED_DATAPATH",
        privateClusterConfig: privateClusterConfig(args),
        controlPlaneEndpointsConfig: CONTROL_PLANE_ENDPOINTS,
        masterAuthorizedNetworksConfig: authorizedNetworks(args, ranges),
        workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
        releaseChannel: { channel: RELEASE_CHANNEL },
        // A minimum: GKE upgrades within the channel past it. Raising it to "1.<n+1>" upgrades the
        // control plane to that minor's newest patch in the channel; the auto-upgraded node pools follow.
        minMasterVersion: settings.version,
        databaseEncryption: { state: "ENCRYPTED", keyName: secrets.key.id },
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        // Unauthenticated requests reach only the health endpoints (/healthz, /livez, /readyz).
        anonymousAuthenticationConfig: { mode: "LIMITED" },
        nodePoolDefaults: { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: "FALSE" } },
        maintenancePolicy: { recurringWindow: maintenanceWindow(context.region) },
        // The provider's own guard, which defaults to true: dev stacks must stay destroyable.
        deletionProtection: context.protect,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: {
            ...NODE_CONFIG,
            machineType: DEFAULT_POOL_MACHINE_TYPE,
            serviceAccount: nodes.account.email,
            // Only the default pool's, which lives for the minutes of the cluster's creation (nodeConfig is ignored after).
            resourceLabels: labels,
        },
        // GKE enables the driver on new Standard clusters by default; said here, because STORAGE_CLASS_NAME needs it.
        addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true } },
        // GKE's own Gateway controller and the Gateway API CRDs it would install and manage stay off, said
        // explicitly: Envoy Gateway is the implementation on every cloud, and the Ingress component installs
        // the standard CRDs of the version it supports (a cluster holds one copy of each CRD). In place either way.
        gatewayApiConfig: { channel: GATEWAY_API_CHANNEL },
        // GKE cost allocation: the billing export splits the cluster's cost by namespace and Kubernetes label.
        costManagementConfig: { enabled: true },
        loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
        securityPostureConfig: { mode: "BASIC" },
        resourceLabels: labels,
    }, {
        ...opts,
        protect: context.protect,
        ignoreChanges: CLUSTER_IGNORED_FIELDS,
        // GKE checks the key grant and the deployer's right to act as the node account at creation;
        // the default pool's nodes need the node account's roles and a way out through Cloud NAT.
        dependsOn: [...services, ...nodes.grants, ...deployer.grants, secrets.grant, ...network.privateRouting],
    });

    const nodePools = createNodePools(name, settings.nodePools, {
        cluster,
        zoneCount: regional ? network.zones.apply((zones) => zones.length) : 1,
        nodeAccountId: nodes.accountId,
        nodeAccountEmail: nodes.account.email,
        labels,
        dependsOn: [...services, ...nodes.grants, ...deployer.grants, ...network.privateRouting],
    }, opts);
    allowHealthChecks(name, args, nodes.account.email, base);

    // The private endpoint explicitly: with the public one off, `endpoint` is not guaranteed to be it.
    const server = pulumi.output(settings.apiAccess === "private" ? cluster.privateClusterConfig.privateEndpoint : cluster.endpoint)
        .apply((address) => {
            if (!address) {
                throw new Error(`createCluster: GKE reported no ${settings.apiAccess === "private" ? "private " : ""}endpoint for ${clusterName(context)}`);
            }
            return `https://${address}`;
        });
    const kubeconfig = clusterKubeconfig(cluster.name, server, cluster.masterAuth.clusterCaCertificate);
    const kubernetesProvider = new KubernetesProvider(`${name}-k8s`, {
        kubeconfig,
        enableServerSideApply: true,
    }, { parent: opts.parent, deletedWith: cluster, dependsOn: deployer.grants });

    return {
        name: cluster.name,
        endpoint: server,
        kubeconfig,
        nodeSecurityPrincipal: nodes.account.email,
        oidcIssuer: pulumi.interpolate`https://container.googleapis.com/v1/projects/${project}/locations/${location}/clusters/${cluster.name}`,
        kubernetesProvider,
        addonSupport: {
            cluster,
            kubernetesVersion: settings.version,
            // GKE runs DNS, the CNI and the CSI driver as part of the cluster; the default pool is gone, so nodes come from these.
            workloadsReady: nodePools,
            storage: { className: STORAGE_CLASS_NAME, ready: [] },
            loadBalancer: loadBalancerSupport,
            ingress: ingressSupport({ context }),
            // GKE Standard runs kube-dns unless dnsConfig asks for Cloud DNS, which this cluster does not.
            clusterDns: "kubeDns",
        },
    };
}
