import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { serviceAccountAssumeRolePolicy } from "./assume-role";

/** The cluster's OIDC provider, which lets one Kubernetes service account assume one IAM role (IRSA). */
export interface ClusterIdentity {
    oidcProviderArn: pulumi.Input<string>;
    oidcIssuer: pulumi.Input<string>;
}

export interface ServiceAccountRoleArgs {
    identity: ClusterIdentity;
    namespace: string;
    serviceAccount: string;
    /** AWS managed policies the add-on documents as its permissions. */
    managedPolicyArns?: string[];
    /** An inline policy document (JSON) where the managed ones are too broad or missing. */
    inlinePolicy?: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * An IAM role for exactly one add-on's service account. With the nodes' metadata hop limit
 * at 1, pods cannot borrow the node role, so every add-on that calls AWS gets its own role.
 */
export function serviceAccountRole(name: string, args: ServiceAccountRoleArgs, opts: pulumi.ComponentResourceOptions): { role: iam.Role; ready: pulumi.Resource[] } {
    const role = new iam.Role(name, {
        assumeRolePolicy: serviceAccountAssumeRolePolicy(args.identity.oidcProviderArn, args.identity.oidcIssuer, args.namespace, args.serviceAccount),
        tags: args.tags,
    }, opts);
    const ready: pulumi.Resource[] = (args.managedPolicyArns ?? []).map((policyArn, i) =>
        new iam.RolePolicyAttachment(`${name}-policy-${i}`, { role: role.name, policyArn }, opts));
    if (args.inlinePolicy) {
        ready.push(new iam.RolePolicy(`${name}-inline`, { role: role.id, policy: args.inlinePolicy }, opts));
    }
    return { role, ready };
}
