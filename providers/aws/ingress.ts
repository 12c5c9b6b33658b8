import { getPartitionOutput } from "@pulumi/aws/getPartition";
import type { IngressSupport } from "../../components/cluster";
import type { PlatformContext } from "../../components/context";
import { ClusterIdentity, serviceAccountRole } from "./irsa";
import { LOAD_BALANCER_CLASS, loadBalancerControllerAnnotations } from "./load-balancer-controller";

/**
 * external-dns's rights: change and read the records of one hosted zone, and list the zones (an action
 * without resource-level scope, which external-dns needs to find that zone). The zone list also gives
 * it the zone's tags (ListTagsForResources, per zone).
 */
export function externalDnsPolicy(partition: string, zoneId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RecordsOfOneZone",
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                Resource: `arn:${partition}:route53:::hostedzone/${zoneId}`,
            },
            {
                Sid: "FindTheZone",
                Effect: "Allow",
                Action: ["route53:ListHostedZones"],
                Resource: "*",
            },
        ],
    });
}

export interface AwsIngressArgs {
    context: PlatformContext;
    identity: ClusterIdentity;
    /** The Ingress component's tags (component ingress). */
    tags: Record<string, string>;
}

/**
 * The edge on EKS: the Gateway's Service asks the AWS Load Balancer Controller for an NLB by class
 * (internet-facing only when asked), EKS installs no Gateway API CRDs, and external-dns gets an IRSA role
 * of its own for one Route 53 zone.
 */
export function ingressSupport(args: AwsIngressArgs): IngressSupport {
    return {
        service: {
            external: { annotations: loadBalancerControllerAnnotations("internet-facing"), loadBalancerClass: LOAD_BALANCER_CLASS },
            internal: { annotations: loadBalancerControllerAnnotations("internal"), loadBalancerClass: LOAD_BALANCER_CLASS },
        },
        gatewayApiCrds: "install",
        externalDns(name, { zone, namespace, serviceAccount }, opts) {
            const partition = getPartitionOutput({}, { parent: opts.parent }).partition;
            const { role, ready } = serviceAccountRole(`${name}-role`, {
                identity: args.identity,
                namespace,
                serviceAccount,
                inlinePolicy: partition.apply((p) => externalDnsPolicy(p, zone)),
                tags: args.tags,
            }, opts);
            return {
                provider: "aws",
                values: {
                    serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": role.arn } },
                    // Route 53 is global; STS is asked in the platform's region (the pod cannot read it from instance metadata).
                    env: [{ name: "AWS_DEFAULT_REGION", value: args.context.region }],
                    extraArgs: [`--zone-id-filter=${zone}`, "--aws-zone-type=public"],
                },
                ready,
            };
        },
    };
}
