import * as pulumi from "@pulumi/pulumi";
import { adapterFor } from "../providers";
import { PlatformContext } from "./context";
import { NetworkOutputs } from "./network";
import { BastionSettings } from "./types";

export interface BastionArgs {
    context: PlatformContext;
    settings: BastionSettings;
    network: NetworkOutputs;
}

export interface BastionOutputs {
    /** Stable public address (survives a rebuild of the host). */
    publicIp: pulumi.Output<string>;
    sshUser: pulumi.Output<string>;
    /**
     * What a firewall rule names to admit traffic from the bastion (same idea as
     * ClusterOutputs.nodeSecurityPrincipal): an AWS security group id, ...
     */
    securityPrincipal: pulumi.Output<string>;
}

/** A hardened jump host in a public subnet: SSH only from the office allowlist, key-only login, automatic security updates. */
export class Bastion extends pulumi.ComponentResource implements BastionOutputs {
    readonly publicIp: pulumi.Output<string>;
    readonly sshUser: pulumi.Output<string>;
    readonly securityPrincipal: pulumi.Output<string>;

    constructor(name: string, args: BastionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Bastion", name, {}, opts);
        const outputs = adapterFor(args.context.cloud).createBastion(name, args, { parent: this });
        this.publicIp = outputs.publicIp;
        this.sshUser = outputs.sshUser;
        this.securityPrincipal = outputs.securityPrincipal;
        this.registerOutputs({ ...outputs });
    }
}
