import * as pulumi from "@pulumi/pulumi";
import { adapterFor } from "../providers";
import { Bastion } from "./bastion";
import { Cluster } from "./cluster";
import { platformContext, PlatformContext } from "./context";
import { Database } from "./database";
import { Network } from "./network";
import { Billing } from "./billing";
import { Ingress } from "./ingress";
import { Observability, observabilityGatewayHosts } from "./observability";
import { PlatformArgs } from "./types";
import { PlatformInput, resolvePlatformInput } from "./input";

/**
 * The stack outputs every cloud produces; `kubeconfig` is a secret, and no output holds a
 * password (`databaseCredentialsSecret` points into the cloud's secret store). Database and
 * bastion outputs are present only when that component is enabled.
 */
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
    databaseHost?: pulumi.Output<string>;
    databaseReaderHost?: pulumi.Output<string>;
    databasePort?: pulumi.Output<number>;
    databaseName?: pulumi.Output<string>;
    databaseUsername?: pulumi.Output<string>;
    databaseCredentialsSecret?: pulumi.Output<string>;
    databaseConnectionString?: pulumi.Output<string>;
    bastionPublicIp?: pulumi.Output<string>;
    bastionSshUser?: pulumi.Output<string>;
    /** "<namespace>/<name>" of the Grafana Service and of the Secret holding its admin login. */
    grafanaService?: string;
    grafanaAdminSecret?: string;
    /** "<namespace>/<name>" of the Kibana Service and of the Secret holding the `elastic` login. */
    kibanaService?: string;
    kibanaUserSecret?: string;
    /** The observability stack's private CA (PEM, public): trust it to reach Grafana and Kibana over HTTPS. */
    observabilityCaCertificate?: pulumi.Output<string>;
    /** "<namespace>/<name>" of the shared Gateway applications attach HTTPRoutes to (with ingress enabled). */
    ingressGateway?: string;
    /** https://<ingress.domain>, where the Gateway serves applications (with a domain). */
    ingressUrl?: string;
    /** The platform's monthly budget (present with billing.monthlyBudget). */
    budgetId?: pulumi.Output<string>;
    /** AWS: the encrypted SNS topic budget and anomaly alerts go to; subscribe more recipients to it. */
    billingAlertTopic?: pulumi.Output<string>;
}

/**
 * The whole platform for one customer deployment: Network, Cluster, Bastion, Database, Ingress
 * (the edge) and Observability, and Billing (budgets and alarms). Validates its args before registering
 * anything (a ConfigError lists every problem).
 */
export class Platform extends pulumi.ComponentResource {
    readonly args: PlatformArgs;
    readonly context: PlatformContext;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly bastion?: Bastion;
    readonly database?: Database;
    readonly ingress?: Ingress;
    readonly observability?: Observability;
    readonly billing?: Billing;

    constructor(name: string, input: PlatformInput, opts?: pulumi.ComponentResourceOptions) {
        const args = resolvePlatformInput(input);
        super("anycloud:index:Platform", name, {}, opts);
        this.args = args;
        const adapter = adapterFor(args.cloud);
        const foundation = adapter.createFoundation(name, platformContext(args), { parent: this });
        this.context = foundation.context;
        const provider = foundation.provider;
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, providers: [provider] };

        this.network = new Network(`${name}-network`, { context: this.context, settings: args.network, serviceCidr: args.cluster.serviceCidr }, childOpts);
        if (args.bastion.enabled) {
            this.bastion = new Bastion(`${name}-bastion`, { context: this.context, settings: args.bastion, network: this.network }, childOpts);
        }
        // The bastion is the in-network door to a private API (SSH or Session Manager port forward).
        const apiSources = this.bastion ? [this.bastion.securityPrincipal] : [];
        this.cluster = new Cluster(`${name}-cluster`, { context: this.context, settings: args.cluster, network: this.network, apiSources }, childOpts);
        if (args.database.enabled) {
            // Order matters: rules are named by position, so the cluster (always present) comes first.
            const allowedSources = [this.cluster.nodeSecurityPrincipal, ...(this.bastion ? [this.bastion.securityPrincipal] : [])];
            this.database = new Database(`${name}-database`, { context: this.context, settings: args.database, network: this.network, allowedSources }, childOpts);
        }
        const { monitoring, logging } = args.observability;
        const observed = monitoring.enabled || logging.enabled;
        if (args.ingress.enabled) {
            // Grafana's and Kibana's host names only with observability.exposure: gateway (validation requires a domain then).
            const restrictedHosts = observed ? observabilityGatewayHosts(args.observability, this.context.allowedCidrs) : [];
            this.ingress = new Ingress(`${name}-ingress`, { context: this.context, settings: args.ingress, cluster: this.cluster, restrictedHosts }, childOpts);
        }
        if (observed) {
            const gateway = this.ingress && args.observability.exposure === "gateway"
                ? { listeners: this.ingress.restrictedListeners, ready: this.ingress.routesReady }
                : undefined;
            this.observability = new Observability(`${name}-observability`, { context: this.context, settings: args.observability, cluster: this.cluster, gateway }, childOpts);
        }
        if (args.billing.monthlyBudget !== undefined) {
            this.billing = new Billing(`${name}-billing`, { context: this.context, settings: args.billing }, childOpts);
        }
        this.registerOutputs(this.outputs());
    }

    outputs(): PlatformOutputs {
        const { database, bastion, ingress, observability, billing } = this;
        return definedOnly({
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
            ...(database && {
                databaseHost: database.host,
                databaseReaderHost: database.readerHost,
                databasePort: database.port,
                databaseName: database.databaseName,
                databaseUsername: database.username,
                databaseCredentialsSecret: database.credentialsSecret,
                databaseConnectionString: database.connectionString,
            }),
            ...(bastion && {
                bastionPublicIp: bastion.publicIp,
                bastionSshUser: bastion.sshUser,
            }),
            ...(observability && {
                grafanaService: observability.grafanaService,
                grafanaAdminSecret: observability.grafanaAdminSecret,
                kibanaService: observability.kibanaService,
                kibanaUserSecret: observability.kibanaUserSecret,
                observabilityCaCertificate: observability.observabilityCaCertificate,
            }),
            ...(ingress && {
                ingressGateway: ingress.gateway,
                ingressUrl: ingress.url,
            }),
            ...(billing && {
                budgetId: billing.budgetId,
                billingAlertTopic: billing.alertTopic,
            }),
        });
    }
}

/**
 * The outputs without keys whose value is undefined (a disabled part's): Pulumi would warn about each
 * ("Undefined value ... will not show as a stack output") instead of just leaving it out.
 */
function definedOnly<T extends object>(outputs: T): T {
    return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined)) as T;
}
