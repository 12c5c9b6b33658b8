import * as pulumi from "@pulumi/pulumi";

/** A bare component of a given type, standing in for anycloud's own when a test wires adapters by hand. */
export class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
    }
}
