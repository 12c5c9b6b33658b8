import * as dns from "@pulumi/gcp/dns";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import type { IngressSupport } from "../../components/cluster";
import type { PlatformContext } from "../../components/context";
import { MANAGED_ZONE } from "./ingress-validation";
import { serviceAccountId } from "./network-names";


/**
 * A backend service-based external passthrough Network Load Balancer (GKE docs, "LoadBalancer Service
 * parameters": the annotation is read when the Service is created, so only a new Service gets one; the
 * Gateway's is always new). It keeps the client's address on the way to Envoy, as the target pool-based
 * one did, and is the one GKE develops further.
 */
export const GATEWAY_SERVICE_ANNOTATIONS = {
    external: { "cloud.google.com/l4-rbs": "enabled" },
    // The same as the cluster's internal annotation (cluster.ts LOAD_BALANCER_ANNOTATIONS): an internal passthrough Network Load Balancer.
    internal: { "networking.gke.io/load-balancer-type": "Internal" },
};

export interface GcpIngressArgs {
    context: PlatformContext;
}

/** The zone's project and name, from anycloud:ingress.externalDns.zone (validated). */
export function managedZoneOf(zone: string, defaultProject: pulumi.Input<string>): { project: pulumi.Input<string>; name: string } {
    const match = MANAGED_ZONE.exec(zone);
    if (!match) {
        throw new Error(`externalDns: ${zone} is not a Cloud DNS managed zone name`);
    }
    return { project: match[1] ?? defaultProject, name: match[2] };
}

/**
 * The edge on GKE: a regional external passthrough Network Load Balancer (backend service based) for the
 * Gateway's Service, an internal passthrough one with `internal`; GKE writes the VPC firewall rule that
 * admits exactly `loadBalancerSourceRanges` to the Service's ports. GKE installs Gateway API CRDs only
 * with its own Gateway controller, which this cluster keeps off (`gatewayApiConfig`, cluster.ts), so the
 * Ingress component installs them. external-dns gets a Google service account through Workload Identity,
 * allowed to change one managed zone.
 */
export function ingressSupport(args: GcpIngressArgs): IngressSupport {
    return {
        service: {
            external: { annotations: GATEWAY_SERVICE_ANNOTATIONS.external },
            internal: { annotations: GATEWAY_SERVICE_ANNOTATIONS.internal },
        },
        gatewayApiCrds: "install",
        externalDns(name, { zone, namespace, serviceAccount }, opts) {
            const { context } = args;
            const project = context.gcpScope!.project;
            const managedZone = managedZoneOf(zone, project);
            const account = new serviceaccount.Account(`${name}-account`, {
                project,
                accountId: serviceAccountId(context, "external-dns"),
                displayName: `external-dns of ${context.namePrefix}`,
                description: "Keeps the platform Gateway's host names in one Cloud DNS zone (Workload Identity)",
            }, opts);
            const ready = [
                // Changes to the records of the one zone.
                new dns.DnsManagedZoneIamMember(`${name}-zone-admin`, {
                    project: managedZone.project,
                    managedZone: managedZone.name,
                    role: "roles/dns.admin",
                    member: account.member,
                }, opts),
                // external-dns lists the project's zones to find it (dns.managedZones.list has no zone-level grant): read-only.
                new projects.IAMMember(`${name}-dns-reader`, {
                    project: managedZone.project,
                    role: "roles/dns.reader",
                    member: account.member,
                }, opts),
                new serviceaccount.IAMMember(`${name}-workload-identity`, {
                    serviceAccountId: account.name,
                    role: "roles/iam.workloadIdentityUser",
                    member: pulumi.interpolate`serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccount}]`,
                }, opts),
            ];
            return {
                provider: "google",
                values: {
                    serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": account.email } },
                    extraArgs: [pulumi.interpolate`--google-project=${managedZone.project}`, "--google-zone-visibility=public", `--zone-id-filter=${managedZone.name}`],
                },
                ready,
            };
        },
    };
}
