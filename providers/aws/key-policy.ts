import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "./account";

type Statement = Record<string, unknown>;

/**
 * A customer-managed key's policy: the account administers it through IAM (the AWS default),
 * plus grants to the services that encrypt with it on the platform's behalf.
 */
export function keyPolicy(account: AwsAccount, grants: ((partition: string, accountId: string) => Statement)[]): pulumi.Output<string> {
    return pulumi.all([account.partition, account.accountId]).apply(([partition, accountId]) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersThroughIam",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            ...grants.map((grant) => grant(partition, accountId)),
        ],
    }));
}

/** CloudWatch Logs encrypts the named log groups with the key, and nothing else (encryption-context condition). */
export function logsGrant(region: string, logGroupNames: string[]) {
    return (partition: string, accountId: string): Statement => ({
        Sid: "CloudWatchLogsEncryptsTheseLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
            ArnEquals: {
                "kms:EncryptionContext:aws:logs:arn": logGroupNames.map((name) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`),
            },
        },
    });
}

/**
 * Volumes through EC2 only, for principals of this account: EC2 Auto Scaling launches
 * managed-node-group instances with its service-linked role, and without these grants a
 * volume encrypted with this key fails to attach and the node never starts. The role is not
 * named: a key policy naming a principal that does not exist yet is refused
 * (MalformedPolicyDocumentException), and AWSServiceRoleForAutoScaling only appears with an
 * account's first Auto Scaling group. The conditions are those of the AWS-managed aws/ebs key.
 */
export function ec2VolumeGrants(region: string): ((partition: string, accountId: string) => Statement)[] {
    const throughEc2 = (accountId: string) => ({ "kms:CallerAccount": accountId, "kms:ViaService": `ec2.${region}.amazonaws.com` });
    return [
        (_partition, accountId) => ({
            Sid: "AccountPrincipalsUseTheKeyForVolumesThroughEc2",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: throughEc2(accountId) },
        }),
        (_partition, accountId) => ({
            Sid: "AccountPrincipalsGrantTheKeyToEc2",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { StringEquals: throughEc2(accountId), Bool: { "kms:GrantIsForAWSResource": true } },
        }),
    ];
}
