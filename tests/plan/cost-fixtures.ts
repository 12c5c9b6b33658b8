import { loadPlatformArgs } from "../../components/config";
import { PlatformArgs } from "../../components/types";
import { ResourceRecord } from "../../plan/recorder";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, GCP_DEV_CONFIG, toStackConfig } from "../helpers/record";

/**
 * Hand-made recordings for the cost arithmetic: a few resources with known inputs, so a
 * known plan gives a known total whatever the real program registers next.
 */

const STACK = "urn:pulumi:cost::anycloud::";
const options: ResourceRecord["options"] = {
    protect: false, ignoreChanges: [], retainOnDelete: false, deleteBeforeReplace: false, additionalSecretOutputs: [], replaceOnChanges: [], provider: "", providers: {}, deletedWith: "",
};

export function urnOf(type: string, name: string): string {
    return `${STACK}${type}::${name}`;
}

export function record(type: string, name: string, parent: string, inputs: Record<string, unknown> = {}, dependencies: string[] = []): ResourceRecord {
    return { urn: urnOf(type, name), type, name, parent, custom: !type.startsWith("anycloud:") && type !== "eks:index:Cluster", inputs, secretInputs: [], dependencies, propertyDependencies: {}, options };
}

/** The stack, the platform and its five components; rules attribute children to the component above them. */
function skeleton(): { resources: ResourceRecord[]; parent: Record<string, string> } {
    const stack = record("pulumi:pulumi:Stack", "anycloud-cost", "");
    const platform = record("anycloud:index:Platform", "platform", stack.urn);
    const components = ["Network", "Cluster", "Database", "Bastion", "Observability"].map((kind) => record(`anycloud:index:${kind}`, `platform-${kind.toLowerCase()}`, platform.urn));
    return { resources: [stack, platform, ...components], parent: Object.fromEntries(components.map((c) => [c.type.split(":")[2].toLowerCase(), c.urn])) };
}

export function argsFor(settings: Record<string, unknown>): PlatformArgs {
    return loadPlatformArgs(toStackConfig(settings));
}

/** AWS in us-east-1, where the catalog has region prices: EKS, one node pool with its disks, a NAT gateway and its address, a key, an Aurora instance (no catalog price) and a type no rule knows. */
export function awsFixture(): { resources: ResourceRecord[]; args: PlatformArgs } {
    const { resources, parent } = skeleton();
    const template = record("aws:ec2/launchTemplate:LaunchTemplate", "platform-cluster-nodes", parent.cluster, { blockDeviceMappings: [{ ebs: { volumeSize: 50, volumeType: "gp3" } }] });
    resources.push(
        record("eks:index:Cluster", "platform-cluster-eks", parent.cluster, { version: "1.35" }),
        template,
        record("aws:eks/nodeGroup:NodeGroup", "platform-cluster-pool-system", parent.cluster, {
            instanceTypes: ["m6i.large"], scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 }, labels: { "anycloud.io/pool": "system" }, tags: { component: "cluster", "cost-type": "fixed" },
        }, [template.urn]),
        record("aws:iam/role:Role", "platform-cluster-node-role", parent.cluster),
        // No tags: attributed through its parent component, as the NAT gateway of the real plan.
        record("aws:ec2/natGateway:NatGateway", "platform-network-nat-0", parent.network, { tags: { Name: "nat-0" } }),
        record("aws:ec2/eip:Eip", "platform-network-nat-eip-0", parent.network, { domain: "vpc" }),
        record("aws:kms/key:Key", "platform-database-key", parent.database, { tags: { component: "database", "cost-type": "project" } }),
        record("aws:rds/clusterInstance:ClusterInstance", "platform-database-instance-0", parent.database, { instanceClass: "db.t4g.medium" }),
        record("aws:quantum/computer:Computer", "platform-network-mystery", parent.network),
    );
    return { resources, args: argsFor({ ...AWS_DEV_CONFIG, region: "us-east-1" }) };
}

/** Azure in eastus: a Free-tier AKS cluster with one pool, an HA PostgreSQL server, and kube-prometheus-stack with Grafana behind a load balancer. */
export function azureFixture(): { resources: ResourceRecord[]; args: PlatformArgs } {
    const { resources, parent } = skeleton();
    resources.push(
        record("azure-native:containerservice:ManagedCluster", "platform-cluster-aks", parent.cluster, {
            sku: { name: "Base", tier: "Free" },
            agentPoolProfiles: [{ name: "critical", vmSize: "Standard_D2s_v5", count: 1, minCount: 1, maxCount: 3 }],
        }),
        record("azure-native:dbforpostgresql:Server", "platform-database-server", parent.database, {
            sku: { name: "Standard_B1ms", tier: "Burstable" }, highAvailability: { mode: "ZoneRedundant" }, storage: { storageSizeGB: 32 },
        }),
        record("kubernetes:helm.sh/v3:Release", "platform-observability-kube-prometheus-stack", parent.observability, {
            chart: "kube-prometheus-stack",
            values: {
                prometheus: { prometheusSpec: { storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "managed-csi-premium", resources: { requests: { storage: "20Gi" } } } } } } },
                alertmanager: { enabled: false },
                grafana: { persistence: { enabled: false }, service: { type: "LoadBalancer" } },
            },
        }),
        record("kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "platform-observability-elasticsearch", parent.observability, {
            spec: { nodeSets: [{ name: "default", count: 3, volumeClaimTemplates: [{ spec: { storageClassName: "managed-csi-premium", resources: { requests: { storage: "30Gi" } } } }] }] },
        }),
    );
    return { resources, args: argsFor({ ...AZURE_DEV_CONFIG, region: "eastus" }) };
}

/** GCP in us-central1: a regional Cloud SQL instance (HA), Cloud NAT over two node pools, and a GKE cluster. */
export function gcpFixture(usage: Record<string, number> = {}): { resources: ResourceRecord[]; args: PlatformArgs } {
    const { resources, parent } = skeleton();
    const cluster = record("gcp:container/cluster:Cluster", "platform-cluster-gke", parent.cluster, { name: "gke", location: "us-central1", nodeLocations: ["us-central1-a", "us-central1-b", "us-central1-c"], removeDefaultNodePool: true });
    resources.push(
        cluster,
        record("gcp:container/nodePool:NodePool", "platform-cluster-pool-system", parent.cluster, { cluster: "gke", autoscaling: { totalMinNodeCount: 3, totalMaxNodeCount: 6 }, nodeConfig: { machineType: "n2-standard-2", diskType: "pd-balanced", diskSizeGb: 50 } }),
        // Per-zone counts: one node in each of the cluster's three zones.
        record("gcp:container/nodePool:NodePool", "platform-cluster-pool-apps", parent.cluster, { cluster: "gke", autoscaling: { minNodeCount: 1, maxNodeCount: 2 }, nodeConfig: { machineType: "n2-standard-4" } }),
        record("gcp:compute/routerNat:RouterNat", "platform-network-nat", parent.network),
        record("gcp:sql/databaseInstance:DatabaseInstance", "platform-database-instance", parent.database, {
            settings: { tier: "db-custom-2-13312", availabilityType: "REGIONAL", diskType: "PD_SSD", diskSize: 32, userLabels: { component: "database" } },
        }),
    );
    return { resources, args: argsFor({ ...GCP_DEV_CONFIG, region: "us-central1", billing: { usage } }) };
}
