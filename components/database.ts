import * as pulumi from "@pulumi/pulumi";
import { adapterFor } from "../providers";
import { PlatformContext } from "./context";
import { NetworkOutputs } from "./network";
import { DatabaseSettings } from "./types";

export interface DatabaseArgs {
    context: PlatformContext;
    settings: DatabaseSettings;
    network: NetworkOutputs;
    /**
     * Security principals (see ClusterOutputs.nodeSecurityPrincipal) admitted on the
     * PostgreSQL port: the cluster's nodes and the bastion, nothing else. There is no
     * CIDR form on purpose: an address range would also admit whatever else lands in it.
     */
    allowedSources: pulumi.Input<string>[];
}

/** The same on every cloud; `password` and `connectionString` are secrets. */
export interface DatabaseOutputs {
    /** Writer endpoint. */
    host: pulumi.Output<string>;
    /** Load-balanced reader endpoint; the writer's host where the cloud has no separate one. */
    readerHost: pulumi.Output<string>;
    port: pulumi.Output<number>;
    databaseName: pulumi.Output<string>;
    username: pulumi.Output<string>;
    password: pulumi.Output<string>;
    /** postgresql://user:password@host:port/db?sslmode=require */
    connectionString: pulumi.Output<string>;
}

/** Managed PostgreSQL in the data subnets: encrypted with a customer-managed key, TLS only, reachable only from `allowedSources`. */
export class Database extends pulumi.ComponentResource implements DatabaseOutputs {
    readonly host: pulumi.Output<string>;
    readonly readerHost: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly databaseName: pulumi.Output<string>;
    readonly username: pulumi.Output<string>;
    readonly password: pulumi.Output<string>;
    readonly connectionString: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Database", name, {}, opts);
        const outputs = adapterFor(args.context.cloud).createDatabase(name, args, { parent: this });
        this.host = outputs.host;
        this.readerHost = outputs.readerHost;
        this.port = outputs.port;
        this.databaseName = outputs.databaseName;
        this.username = outputs.username;
        // Wrapped here as well as in the adapter, so no adapter can leak them in clear.
        this.password = pulumi.secret(outputs.password);
        this.connectionString = pulumi.secret(outputs.connectionString);
        this.registerOutputs({
            host: this.host,
            readerHost: this.readerHost,
            port: this.port,
            databaseName: this.databaseName,
            username: this.username,
            password: this.password,
            connectionString: this.connectionString,
        });
    }
}
