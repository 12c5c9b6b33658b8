import * as pulumi from "@pulumi/pulumi";
import { platformContext, PlatformContext } from "../../components/context";
import { PlatformArgs } from "../../components/types";
import { adapterFor } from "../../providers";

/** A bare component of a given type, standing in for anycloud's own when a test wires adapters by hand. */
export class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
    }
}

/** Stands in for what needs a component's outputs or resources first (the bastion, the cluster, the database). */
export class Probe extends pulumi.CustomResource {
    constructor(name: string, dependsOn: pulumi.Resource[], props: Record<string, pulumi.Input<unknown>> = {}) {
        super("test:index:Probe", name, props, { dependsOn });
    }
}

/**
 * The chosen cloud's foundation under a stand-in Platform, as the Platform wires it: the
 * enriched context, and options that make a component a child of the platform with its provider.
 */
export function wireFoundation(args: PlatformArgs): { context: PlatformContext; childOf: (type: string, name: string) => pulumi.ComponentResourceOptions } {
    const root = new Component("anycloud:index:Platform", "acme", {});
    const { provider, context } = adapterFor(args.cloud).createFoundation("acme", platformContext(args), { parent: root });
    return { context, childOf: (type, name) => ({ parent: new Component(type, name, { parent: root, providers: [provider] }) }) };
}
