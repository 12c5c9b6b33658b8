import * as pulumi from "@pulumi/pulumi";
import { adapterFor } from "../providers";
import { Cluster } from "./cluster";
import { platformContext, PlatformContext } from "./context";
import { Network } from "./network";
import { PlatformArgs } from "./types";
import { PlatformInput, resolvePlatformInput } from "./input";

/** The stack outputs every cloud produces; `kubeconfig` is a secret. */
export interface PlatformOutputs {
    cloud: string;
    region: string;
    networkId: pulumi.Output<string>;
    publicSubnetIds: pulumi.Output<string[]>;
    privateSubnetIds: pulumi.Output<string[]>;
    dataSubnetIds: pulumi.Output<string[]>;
    clusterName: pulumi.Output<string>;
    clusterEndpoint: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
    oidcIssuer: pulumi.Output<string>;
}

/**
 * The whole platform for one customer deployment: Network and Cluster now, Database,
 * Bastion, Observability and Billing as they land. Validates its args before
 * registering anything (a ConfigError lists every problem).
 */
export class Platform extends pulumi.ComponentResource {
    readonly args: PlatformArgs;
    readonly context: PlatformContext;
    readonly network: Network;
    readonly cluster: Cluster;

    constructor(name: string, input: PlatformInput, opts?: pulumi.ComponentResourceOptions) {
        const args = resolvePlatformInput(input);
        super("anycloud:index:Platform", name, {}, opts);
        this.args = args;
        this.context = platformContext(args);
        const adapter = adapterFor(args.cloud);
        const provider = adapter.createProvider(name, this.context, { parent: this });
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, providers: [provider] };

        this.network = new Network(`${name}-network`, { context: this.context, settings: args.network }, childOpts);
        this.cluster = new Cluster(`${name}-cluster`, { context: this.context, settings: args.cluster, network: this.network }, childOpts);
        this.registerOutputs(this.outputs());
    }

    outputs(): PlatformOutputs {
        return {
            cloud: this.args.cloud,
            region: this.args.region,
            networkId: this.network.networkId,
            publicSubnetIds: this.network.publicSubnetIds,
            privateSubnetIds: this.network.privateSubnetIds,
            dataSubnetIds: this.network.dataSubnetIds,
            clusterName: this.cluster.name,
            clusterEndpoint: this.cluster.endpoint,
            kubeconfig: this.cluster.kubeconfig,
            oidcIssuer: this.cluster.oidcIssuer,
        };
    }
}
