import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { serviceAccountId } from "./network-names";

/**
 * What the nodes' own identity may do, and nothing more: GKE's least-privilege role for node
 * service accounts (logs, metrics, resource metadata and autoscaler metrics: the permissions of
 * logging.logWriter, monitoring.metricWriter, monitoring.viewer,
 * stackdriver.resourceMetadata.writer and autoscaling.metricsWriter together; GKE docs,
 * "Configure node service accounts", and CIS GKE Benchmark 2.0 recommendation 5.2.1) plus
 * pulling images from the project's Artifact Registry. Workloads get their Google Cloud rights
 * through Workload Identity, never through the node's account.
 */
export const NODE_ROLES = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"] as const;

/**
 * The deployer's role on the project. Kubernetes Engine Admin, not Cluster Admin: Cluster Admin
 * manages clusters but holds no container.* permission on Kubernetes API objects (IAM docs,
 * "Google Kubernetes Engine roles and permissions"), so the Kubernetes provider below could not
 * create a namespace with it. GKE grants a cluster's creator nothing inside the cluster.
 */
export const DEPLOYER_ROLE = "roles/container.admin";

/** The node account's id: gke-nodes-<prefix>, cut and hashed to GCP's 30 characters. */
export const nodeAccountId = (context: PlatformContext) => serviceAccountId(context, "gke-nodes");

/** "user:" or "serviceAccount:" for an email, as IAM members are written. */
export const memberOf = (email: string) => `${email.endsWith(".gserviceaccount.com") ? "serviceAccount" : "user"}:${email}`;

export interface NodeIdentity {
    accountId: string;
    account: serviceaccount.Account;
    grants: projects.IAMMember[];
}

/**
 * The node pools' dedicated service account (never the Compute Engine default one, which holds
 * Editor on the project in many organisations), with NODE_ROLES on the project. Its email is the
 * cluster's nodeSecurityPrincipal: firewall rules of the database and others target it.
 */
export function createNodeIdentity(name: string, context: PlatformContext, opts: pulumi.CustomResourceOptions): NodeIdentity {
    const project = context.gcpScope!.project;
    const accountId = nodeAccountId(context);
    const account = new serviceaccount.Account(`${name}-nodes`, {
        project,
        accountId,
        displayName: `GKE nodes of ${context.namePrefix}`,
        description: "Node pools of the anycloud cluster: logs, metrics and image pulls only; workloads use Workload Identity",
    }, opts);
    const grants = NODE_ROLES.map((role) => new projects.IAMMember(`${name}-nodes-${role.split("/")[1].replace(/\./g, "-")}`, {
        project,
        role,
        member: account.member,
    }, opts));
    return { accountId, account, grants };
}

export interface DeployerAccess {
    email: pulumi.Output<string>;
    grants: pulumi.Resource[];
}

/**
 * The identity running this deploy (the one the gcp provider's credentials belong to, which the
 * kubeconfig's application-default credentials resolve to as well), made explicit:
 *
 * - DEPLOYER_ROLE on the project, so the Kubernetes provider may manage the cluster's objects;
 * - Service Account User on the node account only: GKE refuses to create node pools that run as
 *   an account the caller may not act as (iam.serviceAccounts.actAs).
 *
 * Both are kept on delete (retainOnDelete). IAMMember is non-authoritative per role and member,
 * and deleting it removes the member from the role even when someone granted it before this
 * stack existed: a `pulumi destroy`, or a deploy by another identity (which replaces the
 * member), would otherwise take the cluster admin role away from a CI account that needs it.
 * docs/gcp.md tells how to revoke a former deployer's grant by hand.
 */
export function grantDeployer(name: string, context: PlatformContext, nodeAccount: serviceaccount.Account, opts: pulumi.CustomResourceOptions): DeployerAccess {
    const email = organizations.getClientOpenIdUserInfoOutput({ parent: opts.parent }).email;
    const member = email.apply((address) => {
        if (!address) {
            throw new Error("createCluster: the gcp provider's credentials have no email (getClientOpenIdUserInfo needs the userinfo.email scope); the deployer's cluster access cannot be granted");
        }
        return memberOf(address);
    });
    const kept = { ...opts, retainOnDelete: true };
    return {
        email,
        grants: [
            new projects.IAMMember(`${name}-deployer-admin`, { project: context.gcpScope!.project, role: DEPLOYER_ROLE, member }, kept),
            new serviceaccount.IAMMember(`${name}-deployer-acts-as-nodes`, { serviceAccountId: nodeAccount.name, role: "roles/iam.serviceAccountUser", member }, kept),
        ],
    };
}
