import * as compute from "@pulumi/gcp/compute";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import { ClusterArgs } from "../../components/cluster";
import { FIREWALL_PRIORITY, firewallName, SubnetRanges } from "./network";

/**
 * The control plane: private nodes, and a control plane without a control-plane range
 * (masterIpv4CidrBlock): since GKE 1.29 such a cluster is built on Private Service Connect (the
 * private endpoint is an address of the node subnet, and no VPC peering with Google's network is
 * made), which GKE's network isolation docs recommend over the VPC-peering "legacy private
 * clusters", and whose endpoint access can be changed in place later. `apiAccess: private` turns
 * the public endpoint off.
 */
export function privateClusterConfig(args: ClusterArgs): inputs.container.ClusterPrivateClusterConfig {
    return { enablePrivateNodes: true, enablePrivateEndpoint: args.settings.apiAccess === "private" };
}

/**
 * The DNS-based endpoint admits any caller with IAM permission from anywhere, past authorized
 * networks: turned off for user traffic, so the IP allowlist below is the only way in. Google's
 * own services may still use it (the field's doc).
 */
export const CONTROL_PLANE_ENDPOINTS: inputs.container.ClusterControlPlaneEndpointsConfig = {
    dnsEndpointConfig: { allowExternalTraffic: false },
};

/**
 * Who reaches the API server (master authorized networks), enforced on both endpoints:
 *
 * - the office allowlist (public endpoint), for apiAccess: allowlist only;
 * - inside the VPC: the node subnet and the pod range (kubelets, controllers and webhooks
 *   calling the API through its private endpoint), and the bastion subnet when a bastion is
 *   among the apiSources (a tunnel through it is how a deployer reaches a private API).
 *   apiSources are service-account emails, which authorized networks cannot name, so the
 *   bastion's subnet stands for them.
 *
 * gcpPublicCidrsAccessEnabled: false shuts out every other Google Cloud public address (any
 * customer's VM, Cloud Shell, Cloud Build), which GKE otherwise admits.
 */
export function authorizedNetworks(args: ClusterArgs, ranges: pulumi.Output<SubnetRanges>): pulumi.Output<inputs.container.ClusterMasterAuthorizedNetworksConfig> {
    const office = args.settings.apiAccess === "allowlist"
        ? args.context.allowedCidrs.map((cidr) => ({ cidrBlock: cidr, displayName: `allowlist ${cidr}` }))
        : [];
    return ranges.apply((r) => ({
        cidrBlocks: [
            ...office,
            { cidrBlock: r.node, displayName: "nodes" },
            { cidrBlock: r.pods, displayName: "pods" },
            ...(args.apiSources.length > 0 ? [{ cidrBlock: r.bastion, displayName: "bastion subnet" }] : []),
        ],
        gcpPublicCidrsAccessEnabled: false,
        privateEndpointEnforcementEnabled: true,
    }));
}

/** Google's health checkers (Cloud Load Balancing docs, "Probe IP ranges and firewall rules"). */
export const HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];

/**
 * Health checks of load balancers in front of Services, to the nodes' kube-proxy health port
 * (10256, externalTrafficPolicy: Cluster) and the NodePort range (healthCheckNodePort for
 * externalTrafficPolicy: Local), above the network's deny of all other ingress (65534).
 *
 * GKE creates its own rules for what it runs, all at priority 1000 and so also above that deny:
 * control plane to nodes (443, 10250), node to node and pod to pod, and per load balancer or
 * NEG-backed Ingress the health-check rule it needs. This one does not depend on GKE's
 * reconciler (which a cluster may switch off, disableL4LbFirewallReconciliation), and targets
 * the node service account, not a network tag anyone who may edit an instance could set.
 */
export function allowHealthChecks(name: string, args: ClusterArgs, nodeAccountEmail: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): compute.Firewall {
    return new compute.Firewall(`${name}-allow-health-checks`, {
        project: args.context.gcpScope!.project,
        name: firewallName(args.context, "allow-lb-health-checks-to-nodes"),
        network: args.network.networkId,
        direction: "INGRESS",
        priority: FIREWALL_PRIORITY.allow,
        sourceRanges: HEALTH_CHECK_RANGES,
        targetServiceAccounts: [nodeAccountEmail],
        allows: [{ protocol: "tcp", ports: ["10256", "30000-32767"] }],
        description: "Load balancer health checks to the GKE nodes (kube-proxy health port and NodePorts)",
    }, opts);
}
