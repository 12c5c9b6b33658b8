import * as pulumi from "@pulumi/pulumi";

/**
 * Trust policy letting one AWS service assume a role: the only kind of trust this package
 * grants to a service. Where the service sends them, `aws:SourceAccount` (and
 * `aws:SourceArn`) keep another account from using the service to act as this role
 * (the confused-deputy problem, IAM User Guide).
 */
export function serviceAssumeRolePolicy(service: string, source?: { account: pulumi.Input<string>; arnLike?: pulumi.Input<string> }): pulumi.Output<string> {
    return pulumi.all([source?.account, source?.arnLike]).apply(([account, arnLike]) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            ...(account && {
                Condition: {
                    StringEquals: { "aws:SourceAccount": account },
                    ...(arnLike && { ArnLike: { "aws:SourceArn": arnLike } }),
                },
            }),
        }],
    }));
}

/**
 * Trust policy for a Kubernetes service account through the cluster's OIDC provider (IRSA):
 * only that service account of that namespace, and only with the STS audience.
 */
export function serviceAccountAssumeRolePolicy(oidcProviderArn: pulumi.Input<string>, oidcIssuer: pulumi.Input<string>, namespace: string, serviceAccount: string): pulumi.Output<string> {
    return pulumi.all([oidcProviderArn, oidcIssuer]).apply(([providerArn, issuer]) => {
        const host = issuer.replace(/^https:\/\//, "");
        return JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${host}:aud`]: "sts.amazonaws.com",
                    },
                },
            }],
        });
    });
}
