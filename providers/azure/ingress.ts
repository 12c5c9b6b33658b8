import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import type { IngressSupport } from "../../components/cluster";
import type { PlatformContext } from "../../components/context";
import { stableGuid } from "./cluster-identity";
import { LOAD_BALANCER_ANNOTATIONS } from "./cluster-load-balancer";
import { azureName } from "./foundation";
import { DNS_ZONE_ID } from "./ingress-validation";


/** DNS Zone Contributor: manage a DNS zone's records, not its access (built-in role, learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
export const DNS_ZONE_CONTRIBUTOR = "befefa01-2a29-4197-83a8-272ff33ce314";

/** The audience AKS workload identity tokens carry (Azure's federated credentials accept exactly this). */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

export interface AzureIngressArgs {
    context: PlatformContext;
    /** The cluster's OIDC issuer URL, which signs its service account tokens. */
    oidcIssuer: pulumi.Input<string>;
    /** The Ingress component's tags (component ingress). */
    tags: Record<string, string>;
}

/**
 * The edge on AKS: the Gateway's Service gets a frontend on the cluster's Standard load balancer (a
 * public one by default; with the internal annotation a private one in the node subnet). AKS turns
 * `loadBalancerSourceRanges` into rules of its own NSG; the node subnet's NSG is opened by
 * `loadBalancer.admitExternal` (cluster-load-balancer.ts). The managed Gateway API CRDs of AKS are an
 * option this cluster does not turn on, so the Ingress component installs them. external-dns gets a
 * user-assigned identity, federated with its service account, allowed to change one DNS zone.
 */
export function ingressSupport(args: AzureIngressArgs): IngressSupport {
    return {
        service: {
            external: { annotations: LOAD_BALANCER_ANNOTATIONS.external },
            internal: { annotations: LOAD_BALANCER_ANNOTATIONS.internal },
        },
        gatewayApiCrds: "install",
        externalDns(name, { zone, namespace, serviceAccount }, opts) {
            const match = DNS_ZONE_ID.exec(zone);
            if (!match) {
                // Validation refuses other values (providers/azure/validation.ts).
                throw new Error(`externalDns: ${zone} is not an Azure DNS zone resource id`);
            }
            const [, zoneSubscription, zoneResourceGroup] = match;
            const { context } = args;
            const resourceGroupName = context.azureScope!.resourceGroupName;
            const identityName = azureName(context, "id-external-dns");
            const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
                resourceName: identityName,
                resourceGroupName,
                location: context.region,
                tags: args.tags,
            }, opts);
            const federation = new managedidentity.FederatedIdentityCredential(`${name}-federation`, {
                resourceGroupName,
                resourceName: identity.name,
                federatedIdentityCredentialResourceName: "external-dns",
                issuer: args.oidcIssuer,
                subject: `system:serviceaccount:${namespace}:${serviceAccount}`,
                audiences: [WORKLOAD_IDENTITY_AUDIENCE],
            }, opts);
            // The role's id in the zone's own subscription: the zone may live outside the platform's.
            const roleDefinitionId = `/subscriptions/${zoneSubscription}/providers/Microsoft.Authorization/roleDefinitions/${DNS_ZONE_CONTRIBUTOR}`;
            const grant = new authorization.RoleAssignment(`${name}-zone-contributor`, {
                roleAssignmentName: identity.principalId.apply((principal) => stableGuid(zone, principal, roleDefinitionId)),
                scope: zone,
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId,
                description: "external-dns keeps the Gateway's host names in this zone",
            }, opts);
            const configDirectory = "/etc/kubernetes";
            return {
                provider: "azure",
                values: {
                    serviceAccount: { annotations: { "azure.workload.identity/client-id": identity.clientId } },
                    // The workload identity webhook injects the token into pods with this label.
                    podLabels: { "azure.workload.identity/use": "true" },
                },
                // No credential: ids only; the token comes from workload identity.
                configFiles: {
                    "azure.json": pulumi.jsonStringify({
                        tenantId: context.azure.tenantId ?? "",
                        subscriptionId: zoneSubscription,
                        resourceGroup: zoneResourceGroup,
                        useWorkloadIdentityExtension: true,
                    }),
                },
                configDirectory,
                ready: [federation, grant],
            };
        },
    };
}
