import * as pulumi from "@pulumi/pulumi";
import { adapterFor } from "../providers";
import { PlatformContext } from "./context";
import { NetworkSettings } from "./types";

export interface NetworkArgs {
    context: PlatformContext;
    settings: NetworkSettings;
    /**
     * The cluster's Kubernetes Service range, which the network must know where it carries it:
     * on GCP it is a secondary range of the node subnet. Other clouds keep it inside the cluster.
     */
    serviceCidr?: string;
}

/**
 * The same on every cloud. "Data" subnets host managed data services and have no route
 * to the internet: AWS database subnets, the Azure subnet delegated to PostgreSQL
 * Flexible Server, the GCP range reserved for private services access.
 */
export interface NetworkOutputs {
    networkId: pulumi.Output<string>;
    cidr: pulumi.Output<string>;
    zones: pulumi.Output<string[]>;
    publicSubnetIds: pulumi.Output<string[]>;
    privateSubnetIds: pulumi.Output<string[]>;
    dataSubnetIds: pulumi.Output<string[]>;
    /**
     * Resources that must exist before a host in a public subnet reaches the internet
     * (internet gateway, public routes): a public address attached earlier stays dark.
     */
    publicRouting: pulumi.Resource[];
    /**
     * Resources that must exist before a private workload reaches the internet (NAT, private
     * routes): nodes started earlier cannot pull images and never join the cluster.
     */
    privateRouting: pulumi.Resource[];
}

/** A private network over several zones: public, private and data tiers, NAT, firewalling, flow logs. */
export class Network extends pulumi.ComponentResource implements NetworkOutputs {
    readonly networkId: pulumi.Output<string>;
    readonly cidr: pulumi.Output<string>;
    readonly zones: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly dataSubnetIds: pulumi.Output<string[]>;
    readonly publicRouting: pulumi.Resource[];
    readonly privateRouting: pulumi.Resource[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Network", name, {}, opts);
        const outputs = adapterFor(args.context.cloud).createNetwork(name, args, { parent: this });
        this.networkId = outputs.networkId;
        this.cidr = outputs.cidr;
        this.zones = outputs.zones;
        this.publicSubnetIds = outputs.publicSubnetIds;
        this.privateSubnetIds = outputs.privateSubnetIds;
        this.dataSubnetIds = outputs.dataSubnetIds;
        this.publicRouting = outputs.publicRouting;
        this.privateRouting = outputs.privateRouting;
        const { networkId, cidr, zones, publicSubnetIds, privateSubnetIds, dataSubnetIds } = outputs;
        this.registerOutputs({ networkId, cidr, zones, publicSubnetIds, privateSubnetIds, dataSubnetIds });
    }
}
