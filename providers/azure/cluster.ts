import * as containerservice from "@pulumi/azure-native/containerservice";
import * as monitor from "@pulumi/azure-native/monitor";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAdapterOutputs, ClusterArgs } from "../../components/cluster";
import { componentTags, PlatformContext } from "../../components/context";
import { Environment } from "../../components/types";
import { admitToPrivateApi, apiServerAccessProfile, dnsServiceIp } from "./cluster-api-access";
import { checkCreationSettings } from "./cluster-creation-settings";
import { userKubeconfig } from "./cluster-kubeconfig";
import { createClusterIdentities, grantClusterAdmins } from "./cluster-identity";
import { loadBalancerSupport } from "./cluster-load-balancer";
import { createUserPools, systemPoolIgnoreChanges, systemPoolProfile } from "./cluster-pools";
import { ingressSupport } from "./ingress";
import { azureName } from "./foundation";
import { nsgName, subnetPrefixesOf } from "./network";


/** Where AKS keeps the nodes, their disks, volumes and load balancers (the budget counts it too). */
export const AKS_NODE_RESOURCE_GROUP = (context: PlatformContext) => azureName(context, "rg-aks-nodes");
/** Control-plane logs sent to Log Analytics: audit of every write (and of admins' reads), the API server, Entra ID authentication. */
export const CONTROL_PLANE_LOG_CATEGORIES = ["kube-audit-admin", "kube-apiserver", "guard"];

/**
 * Standard outside dev: the financially backed API server uptime SLA and more control-plane
 * capacity, $0.10 per cluster-hour. Dev keeps the Free tier (no SLA) as a cost exception (the
 * azure-aks-standard-tier rule). The tier changes in place, either way.
 */
export function clusterSku(environment: Environment): { name: "Base"; tier: "Free" | "Standard" } {
    return { name: "Base", tier: environment === "dev" ? "Free" : "Standard" };
}

/**
 * AKS add-ons, each enabled in place on an existing cluster. `azurepolicy`: Azure Policy for
 * Kubernetes (Gatekeeper, run and updated by AKS in kube-system) audits or enforces the Kubernetes
 * policy assignments of the cluster's subscription or management group. It assigns no policy of
 * its own, so nothing changes until the organisation assigns some. No charge for AKS; its pods
 * use node capacity, and the subscription needs the Microsoft.PolicyInsights provider.
 */
export const CLUSTER_ADDONS = { azurepolicy: { enabled: true } };

/**
 * AKS's built-in StorageClass for Premium SSD managed disks through the Azure Disk CSI driver:
 * encrypted at rest with platform-managed keys, bound in the zone of the pod that uses them
 * (WaitForFirstConsumer; AKS makes them zone-redundant instead on 1.29+ clusters across zones).
 * Premium rather than the default `managed-csi` (Standard SSD): Elasticsearch and Prometheus
 * write constantly and want Premium's provisioned IOPS and latency, which AKS recommends for
 * production. Premium disks attach only to VM sizes with premium storage (an "s" among the
 * size's features): every size of NODE_VM_SIZES and the system pool's has it, and a pool's
 * `instanceType` needs it too, or a volume of a pod placed there cannot attach.
 */
export const STORAGE_CLASS_NAME = "managed-csi-premium";

/**
 * AKS: a small, stable inline system pool and the configured pools as separate AgentPools,
 * Azure CNI overlay with Cilium (network policy on), out through the network's NAT gateway,
 * the API private or limited to the allowlist, Entra ID and Azure RBAC only (no local
 * accounts), OIDC issuer and workload identity, the Azure Policy add-on, automatic patch and
 * node-image upgrades, control-plane logs to Log Analytics, and user-assigned identities for
 * control plane and kubelet. The security rules that check it: policies/rules/azure-aks-*.ts.
 */
export function createCluster(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions): ClusterAdapterOutputs {
    const { context, settings, network } = args;
    if (!context.azureScope) {
        throw new Error("createCluster: context.azureScope is missing; the Azure foundation (providers/azure/foundation.ts) creates it");
    }
    const { resourceGroupName, logAnalyticsWorkspaceId } = context.azureScope;
    const tags = componentTags(context, "cluster");
    const clusterName = azureName(context, "aks");
    const nodeSubnetId = network.privateSubnetIds.apply((ids) => ids[0]);
    const nodeSubnetPrefix = subnetPrefixesOf(network).apply((prefixes) => prefixes.private);

    const identities = createClusterIdentities(name, context, nodeSubnetId, tags, opts);
    const creationSettings = checkCreationSettings(name, {
        "anycloud:customer/project/environment": context.namePrefix,
        "anycloud:cluster.apiAccess": settings.apiAccess,
        "anycloud:cluster.serviceCidr": settings.serviceCidr,
        "anycloud:azure.podCidr": context.azure.podCidr,
    }, opts.parent!);
    const placement = { kubernetesVersion: settings.version, zones: network.zones, subnetId: nodeSubnetId, tags };

    const cluster = new containerservice.ManagedCluster(`${name}-aks`, {
        // The check runs before AKS is asked for anything; a refused change stops the cluster's update.
        resourceName: creationSettings.apply(() => clusterName),
        resourceGroupName,
        location: context.region,
        dnsPrefix: context.namePrefix,
        nodeResourceGroup: AKS_NODE_RESOURCE_GROUP(context),
        kubernetesVersion: settings.version,
        sku: clusterSku(context.environment),
        identity: { type: "UserAssigned", userAssignedIdentities: [identities.controlPlane.id] },
        identityProfile: {
            kubeletidentity: { resourceId: identities.kubelet.id, clientId: identities.kubelet.clientId, objectId: identities.kubelet.principalId },
        },
        agentPoolProfiles: [systemPoolProfile(context.environment, placement)],
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            podCidr: context.azure.podCidr,
            serviceCidr: settings.serviceCidr,
            dnsServiceIP: dnsServiceIp(settings.serviceCidr),
            outboundType: "userAssignedNATGateway",
            loadBalancerSku: "standard",
        },
        apiServerAccessProfile: apiServerAccessProfile(args, opts.parent!),
        enableRBAC: true,
        // Entra ID tokens only: no static admin kubeconfig exists that could leak.
        disableLocalAccounts: true,
        aadProfile: {
            managed: true,
            enableAzureRBAC: true,
            tenantID: context.azure.tenantId,
            adminGroupObjectIDs: context.azure.adminGroupObjectIds,
        },
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        addonProfiles: CLUSTER_ADDONS,
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        tags,
    }, {
        ...opts,
        protect: context.protect,
        ignoreChanges: systemPoolIgnoreChanges(),
        // AKS checks the control plane's rights at creation, and nodes must reach the internet through the NAT.
        dependsOn: [...identities.grants, ...network.privateRouting],
    });

    new monitor.DiagnosticSetting(`${name}-control-plane-logs`, {
        name: "control-plane-to-log-analytics",
        resourceUri: cluster.id,
        workspaceId: logAnalyticsWorkspaceId,
        // Resource-specific tables (AKSAudit, AKSAuditAdmin, AKSControlPlane), which AKS recommends over AzureDiagnostics.
        logAnalyticsDestinationType: "Dedicated",
        logs: CONTROL_PLANE_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
    }, opts);

    const userPools = createUserPools(name, {
        pools: settings.nodePools,
        resourceGroupName,
        clusterName: cluster.name,
        clusterArmName: clusterName,
        placement,
        dependsOn: network.privateRouting,
    }, opts);

    const admins = grantClusterAdmins(name, context, cluster.id, opts);
    const apiRules = admitToPrivateApi(name, args, nodeSubnetPrefix, opts);
    const kubeconfig = userKubeconfig(cluster, resourceGroupName, opts.parent!);
    // A new Azure RBAC role assignment can take up to five minutes to reach AKS's authorization
    // server (AKS docs, "Use Azure RBAC for Kubernetes Authorization"). Waiting for the grants
    // orders the calls but cannot wait out that delay: on a first `up`, Kubernetes resources made
    // through this provider may get 403 Forbidden, and running `up` again a few minutes later
    // succeeds. A pause (@pulumi/time's Sleep) would need a package this project does not have;
    // docs/azure.md tells the operator.
    const kubernetesProvider = new KubernetesProvider(`${name}-k8s`, {
        kubeconfig,
        enableServerSideApply: true,
    }, { parent: opts.parent, deletedWith: cluster, dependsOn: [...admins, ...apiRules] });

    const oidcIssuer = cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL ?? "");
    return {
        name: cluster.name,
        endpoint: pulumi.output(settings.apiAccess === "private" ? cluster.privateFQDN : cluster.fqdn).apply((fqdn) => `https://${fqdn}`),
        kubeconfig,
        nodeSecurityPrincipal: nodeSubnetPrefix,
        oidcIssuer,
        kubernetesProvider,
        addonSupport: {
            cluster,
            kubernetesVersion: settings.version,
            // The system pool is inline: the cluster is ready with it, and with CoreDNS and the CSI drivers AKS runs there.
            workloadsReady: [cluster, ...userPools],
            storage: { className: STORAGE_CLASS_NAME, ready: [] },
            loadBalancer: loadBalancerSupport({
                resourceGroupName,
                networkSecurityGroupName: nsgName(context, "private"),
                after: [...network.privateRouting, ...apiRules],
            }),
            ingress: ingressSupport({ context, oidcIssuer, tags: componentTags(context, "ingress") }),
            clusterDns: "coreDns",
        },
    };
}
