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

/**
 * The same on every cloud. No password anywhere: the cloud's secret store holds the
 * master credentials and rotates them; `credentialsSecret` says where.
 */
export interface DatabaseOutputs {
    /** Writer endpoint. */
    host: pulumi.Output<string>;
    /** Load-balanced reader endpoint; the writer's host where the cloud has no separate one. */
    readerHost: pulumi.Output<string>;
    port: pulumi.Output<number>;
    databaseName: pulumi.Output<string>;
    username: pulumi.Output<string>;
    /**
     * Reference to the master credentials in the cloud's secret store (AWS Secrets Manager
     * ARN, Azure Key Vault secret id, GCP Secret Manager name); readers need IAM access to it.
     */
    credentialsSecret: pulumi.Output<string>;
    /** postgresql://user@host:port/db?sslmode=require: no password; take it from credentialsSecret. */
    connectionString: pulumi.Output<string>;
}

/** The connection string every cloud publishes: TLS required, and no password (it lives in `credentialsSecret`). */
export function postgresConnectionString(username: pulumi.Input<string>, host: pulumi.Input<string>, port: pulumi.Input<number>, databaseName: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`postgresql://${username}@${host}:${port}/${databaseName}?sslmode=require`;
}

/** Managed PostgreSQL in the data subnets: encrypted with a customer-managed key, TLS only, reachable only from `allowedSources`. */
export class Database extends pulumi.ComponentResource implements DatabaseOutputs {
    readonly host: pulumi.Output<string>;
    readonly readerHost: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly databaseName: pulumi.Output<string>;
    readonly username: pulumi.Output<string>;
    readonly credentialsSecret: pulumi.Output<string>;
    readonly connectionString: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("anycloud:index:Database", name, {}, opts);
        const outputs = adapterFor(args.context.cloud).createDatabase(name, args, { parent: this });
        this.host = outputs.host;
        this.readerHost = outputs.readerHost;
        this.port = outputs.port;
        this.databaseName = outputs.databaseName;
        this.username = outputs.username;
        this.credentialsSecret = outputs.credentialsSecret;
        this.connectionString = outputs.connectionString;
        this.registerOutputs({
            host: this.host,
            readerHost: this.readerHost,
            port: this.port,
            databaseName: this.databaseName,
            username: this.username,
            credentialsSecret: this.credentialsSecret,
            connectionString: this.connectionString,
        });
    }
}
