import { ConfigFile } from "@pulumi/kubernetes/yaml/v2/configFile";
import * as pulumi from "@pulumi/pulumi";
import { CRD_MANIFESTS, IngressPartArgs } from "./shared";

/**
 * The Gateway API CRDs (standard channel) unless the managed service brings its own, and Envoy Gateway's
 * CRDs, applied server-side from the pinned release manifests (CRD_MANIFESTS). A new version in
 * CRD_MANIFESTS updates every CRD in place on the next `pulumi up`, before the controllers that need it
 * (they wait for these). Kept on delete: deleting a CRD deletes every object of its kind, application
 * teams' HTTPRoutes included, so turning the edge off leaves them (remove them by hand, docs/ingress.md).
 * The Gateway API manifest also holds its safe-upgrades ValidatingAdmissionPolicy, which refuses an
 * experimental-channel CRD over a standard one and any CRD older than v1.5.
 */
export function createCrds(name: string, args: IngressPartArgs, parent: pulumi.Resource): pulumi.Resource[] {
    const options = (dependsOn: pulumi.Resource[]): pulumi.ComponentResourceOptions => ({
        parent,
        provider: args.provider,
        deletedWith: args.support.cluster,
        retainOnDelete: true,
        dependsOn,
    });
    const gatewayApi = args.support.ingress.gatewayApiCrds === "install"
        ? [new ConfigFile(`${name}-gateway-api-crds`, { file: CRD_MANIFESTS.gatewayApi.url }, options([]))]
        : [];
    // Envoy Gateway's CRDs reference Gateway API kinds (policy targets); applied after them.
    const envoyGateway = new ConfigFile(`${name}-envoy-gateway-crds`, { file: CRD_MANIFESTS.envoyGateway.url }, options(gatewayApi));
    return [...gatewayApi, envoyGateway];
}
