import * as pulumi from "@pulumi/pulumi";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { adapterFor } from "../providers";
import { PlatformContext } from "./context";
import { NetworkOutputs } from "./network";
import { ClusterSettings, TaintEffect } from "./types";

/** The Kubernetes label every node of a pool carries, the same on every cloud (and how an update finds a pool's live size). */
export const POOL_LABEL = "anycloud.io/pool";

/**
 * The size an update asks a pool for: what it runs now (the autoscaler's choice), kept within
 * [min, max], so an update never resets the autoscaler's work, and a raised min or a lowered
 * max moves the size with it (every cloud refuses a size outside the limits). A new pool starts at min.
 */
export function poolSizeWithin(pool: { min: number; max: number }, current: number | undefined): number {
    return Math.min(pool.max, Math.max(pool.min, current ?? pool.min));
}

/** How the EKS and GKE APIs name a taint's effect (AKS takes "key=value:Effect" strings instead). */
export const TAINT_EFFECT_API_NAMES: Record<TaintEffect, string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

export interface ClusterArgs {
    context: PlatformContext;
    settings: ClusterSettings;
    network: NetworkOutputs;
    /**
     * Security principals (see nodeSecurityPrincipal) admitted to the API's private endpoint,
     * e.g. the bastion, so a deployer inside the network reaches a private API.
     */
    apiSources: pulumi.Input<string>[];
}

export interface ClusterOutputs {
    name: pulumi.Output<string>;
    endpoint: pulumi.Output<string>;
    /** Secret: grants access to the cluster. */
    kubeconfig: pulumi.Output<string>;
    /**
     * What a firewall rule names to admit traffic from the nodes: an AWS security group id,
     * an Azure subnet / application security group id, a GCP network tag.
     */
    nodeSecurityPrincipal: pulumi.Output<string>;
    /** OIDC issuer URL (https://...) for workload identity (IRSA, Azure workload identity, GKE). */
    oidcIssuer: pulumi.Output<string>;
}

/**
 * What software installed on the cluster (observability, ingress) needs to know that differs per
 * cloud, supplied by the cluster adapter, so those components are the same code on every cloud.
 */
export interface ClusterAddonSupport {
    /** The managed cluster: Kubernetes objects in it use `deletedWith` this, so destroying the cluster does not wait on them. */
    cluster: pulumi.Resource;
    /** Kubernetes minor version of the control plane, "1.<minor>". */
    kubernetesVersion: string;
    /** What workloads must wait for: node pools and the core add-ons (DNS, CNI), so a release does not time out on a cluster without nodes. */
    workloadsReady: pulumi.Resource[];
    storage: {
        /** An encrypted StorageClass that binds volumes in the zone of the pod using them (WaitForFirstConsumer). */
        className: string;
        /** What a PersistentVolumeClaim must wait for: the CSI driver and the StorageClass, where the adapter creates them. */
        ready: pulumi.Resource[];
    };
    loadBalancer: {
        /** Service annotations for a load balancer reachable from the internet (narrowed by `loadBalancerSourceRanges`). */
        externalAnnotations: Record<string, string>;
        /** Service annotations for a load balancer reachable only inside the network. */
        internalAnnotations: Record<string, string>;
        /**
         * Opens the network's own firewall, where the cloud's controller does not, for traffic from
         * `sources` to load balancers on `ports` (external ones, and internal ones admitting `sources`
         * from the network). Returns what a Service must wait for.
         */
        admitExternal(name: string, rule: { ports: number[]; sources: string[] }, opts: pulumi.CustomResourceOptions): pulumi.Resource[];
    };
    /** What the edge (the Ingress component) needs of this cloud. */
    ingress: IngressSupport;
    /** The cluster DNS the managed service runs, which decides the DNS scrape target. */
    clusterDns: "coreDns" | "kubeDns";
}

/** A Service of type LoadBalancer as a cloud wants it: its annotations and, where the cloud has one, its load balancer class. */
export interface LoadBalancerService {
    annotations: Record<string, string>;
    /** spec.loadBalancerClass: immutable once the Service exists. */
    loadBalancerClass?: string;
}

/** The cloud identity external-dns runs as, and how its chart is told to use it. */
export interface ExternalDnsIdentity {
    /** external-dns's `--provider`: aws, azure or google. */
    provider: string;
    /**
     * Chart values that make external-dns use the identity and the zone: service account annotations and
     * labels, pod labels, extra arguments and environment (the component adds sources, filters and the owner id).
     */
    values: Record<string, unknown>;
    /** Configuration files external-dns reads (Azure's azure.json: ids, no credential), mounted at `configDirectory`. */
    configFiles?: Record<string, pulumi.Input<string>>;
    configDirectory?: string;
    /** What the release must wait for: the identity's grants. */
    ready: pulumi.Resource[];
}

/**
 * What the edge needs of the cloud: how the Gateway's load balancer is asked for, whether the
 * managed service brings the Gateway API CRDs itself, and external-dns's workload identity.
 */
export interface IngressSupport {
    /**
     * The Service in front of the Gateway, which the Gateway's implementation creates: always a new
     * Service, so it may ask for what a cloud offers only at creation (a load balancer class, GKE's
     * backend service-based passthrough load balancer).
     */
    service: { external: LoadBalancerService; internal: LoadBalancerService };
    /**
     * "managed" where the managed service installs and upgrades the standard Gateway API CRDs itself
     * (the Ingress component then installs none); "install" where the component must.
     */
    gatewayApiCrds: "install" | "managed";
    /**
     * external-dns's identity for one hosted zone (`zone` in the cloud's terms, anycloud:ingress.externalDns.zone):
     * allowed to change records in that zone only, trusted for exactly `namespace/serviceAccount`.
     */
    externalDns(name: string, args: { zone: string; namespace: string; serviceAccount: string }, opts: pulumi.CustomResourceOptions): ExternalDnsIdentity;
}

export interface ClusterAdapterOutputs extends ClusterOutputs {
    kubernetesProvider: KubernetesProvider;
    addonSupport: ClusterAddonSupport;
}

/** Managed Kubernetes: HA control plane, private nodes, API reachable only from the allowlist (or only privately). */
export class Cluster extends pulumi.ComponentResource implements ClusterOutputs {
    readonly name: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly nodeSecurityPrincipal: pulumi.Output<string>;
    readonly oidcIssuer: pulumi.Output<string>;
    /** For Kubernetes resources on this cluster; create them with `deletedWith: addonSupport.cluster`. */
    readonly kubernetesProvider: KubernetesProvider;
    /** What add-on components need to know about this cloud's cluster. */
    readonly addonSupport: ClusterAddonSupport;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Cluster", name, {}, opts);
        const outputs = adapterFor(args.context.cloud).createCluster(name, args, { parent: this });
        this.name = outputs.name;
        this.endpoint = outputs.endpoint;
        this.kubeconfig = pulumi.secret(outputs.kubeconfig);
        this.nodeSecurityPrincipal = outputs.nodeSecurityPrincipal;
        this.oidcIssuer = outputs.oidcIssuer;
        this.kubernetesProvider = outputs.kubernetesProvider;
        this.addonSupport = outputs.addonSupport;
        this.registerOutputs({
            name: this.name,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
            nodeSecurityPrincipal: this.nodeSecurityPrincipal,
            oidcIssuer: this.oidcIssuer,
        });
    }
}
