import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { PlatformContext } from "../../components/context";
import { azureName } from "./foundation";

/** Built-in role definition GUIDs (learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
export const BUILT_IN_ROLES = {
    /** Read and assign user-assigned identities: the control plane hands the kubelet identity to the nodes. */
    managedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
    /** subnets/join/action and subnet read: the control plane puts node NICs (and a private API endpoint) into the node subnet. */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /** Every Kubernetes resource of the cluster, through Azure RBAC for Kubernetes authorization. */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
} as const;

/** A built-in role's id in the platform's subscription (with billing.accountPerProject, the one created for it). */
export const roleDefinitionId = (context: PlatformContext, role: string): pulumi.Output<string> =>
    pulumi.interpolate`/subscriptions/${context.azureScope?.subscriptionId ?? context.azure.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;

/**
 * A GUID that is the same on every run for the same parts (role assignment names must be
 * GUIDs): the hash of the parts, with the version and variant bits of an RFC 4122 name-based UUID.
 * Like Bicep's guid(scope, principal, role), so a new principal or scope gets a new name and
 * the replacement is created before the old assignment is deleted.
 */
export function stableGuid(...parts: string[]): string {
    const hex = createHash("sha256").update(parts.join("\0")).digest("hex");
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface RoleGrant {
    scope: pulumi.Input<string>;
    principalId: pulumi.Input<string>;
    role: string;
    /** Omitted for the deployer, who may be a user or a service principal. */
    principalType?: "ServicePrincipal" | "Group";
    description: string;
}

/** One role assignment, named by a GUID of its scope, principal and role. */
export function grantRole(name: string, context: PlatformContext, grant: RoleGrant, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const definition = roleDefinitionId(context, grant.role);
    return new authorization.RoleAssignment(name, {
        roleAssignmentName: pulumi.all([grant.scope, grant.principalId, definition]).apply(([scope, principal, role]) => stableGuid(scope, principal, role)),
        scope: grant.scope,
        principalId: grant.principalId,
        // Set for identities created in the same deploy: Entra ID may not have replicated a new
        // principal yet, and with its type given ARM skips the lookup that would fail (PrincipalNotFound).
        // Left to ARM for the deployer: the SDK would send its default "User", which ARM rejects
        // for a service principal (UnmatchedPrincipalType); an Output of undefined sends nothing.
        principalType: grant.principalType ?? pulumi.output<string | undefined>(undefined),
        roleDefinitionId: definition,
        description: grant.description,
    }, opts);
}

export interface ClusterIdentities {
    controlPlane: managedidentity.UserAssignedIdentity;
    kubelet: managedidentity.UserAssignedIdentity;
    /** What the control plane needs before AKS is asked to create the cluster. */
    grants: authorization.RoleAssignment[];
}

/**
 * User-assigned identities, so their rights can be granted before the cluster exists (AKS
 * validates them at creation): the control plane's needs Network Contributor on the node
 * subnet (a custom subnet; the Azure CLI grants exactly this scope, and so does Azure's own
 * terraform-azurerm-aks module) and Managed Identity Operator on the kubelet identity, which
 * is otherwise bare: workloads get their Azure rights through workload identity, never
 * through the node's identity.
 */
export function createClusterIdentities(name: string, context: PlatformContext, nodeSubnetId: pulumi.Input<string>, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): ClusterIdentities {
    const resourceGroupName = context.azureScope!.resourceGroupName;
    const identity = (suffix: string, kind: string) => new managedidentity.UserAssignedIdentity(`${name}-${suffix}`, {
        resourceName: azureName(context, kind),
        resourceGroupName,
        location: context.region,
        tags,
    }, opts);
    const controlPlane = identity("control-plane-identity", "id-aks");
    const kubelet = identity("kubelet-identity", "id-aks-kubelet");
    const grants = [
        grantRole(`${name}-control-plane-operates-kubelet-identity`, context, {
            scope: kubelet.id,
            principalId: controlPlane.principalId,
            principalType: "ServicePrincipal",
            role: BUILT_IN_ROLES.managedIdentityOperator,
            description: "AKS control plane assigns the kubelet identity to the nodes",
        }, opts),
        grantRole(`${name}-control-plane-joins-node-subnet`, context, {
            scope: nodeSubnetId,
            principalId: controlPlane.principalId,
            principalType: "ServicePrincipal",
            role: BUILT_IN_ROLES.networkContributor,
            description: "AKS control plane joins nodes (and a private API endpoint) to the node subnet",
        }, opts),
    ];
    return { controlPlane, kubelet, grants };
}

/**
 * Cluster admin through Azure RBAC for the identity running this deploy (the Kubernetes
 * provider below needs it; AKS grants the creator nothing on the Kubernetes API) and for each
 * `anycloud:azure.adminGroupObjectIds` group. A later deploy by another principal moves the
 * deployer's grant to that principal (new name, created before the old one is deleted).
 */
export function grantClusterAdmins(name: string, context: PlatformContext, clusterId: pulumi.Output<string>, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment[] {
    const deployer = authorization.getClientConfigOutput({ parent: opts.parent });
    return [
        grantRole(`${name}-admin-deployer`, context, {
            scope: clusterId,
            principalId: deployer.objectId,
            role: BUILT_IN_ROLES.aksRbacClusterAdmin,
            description: "The identity that deploys the platform manages the cluster's Kubernetes resources",
        }, opts),
        // Named by group, not position: removing one group must not rewrite the others.
        ...context.azure.adminGroupObjectIds.map((group) => grantRole(`${name}-admin-group-${group}`, context, {
            scope: clusterId,
            principalId: group,
            principalType: "Group",
            role: BUILT_IN_ROLES.aksRbacClusterAdmin,
            description: "Cluster administrators (anycloud:azure.adminGroupObjectIds)",
        }, opts)),
    ];
}
