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
 * EC2 Auto Scaling launches managed-node-group instances with its service-linked role; without
 * these grants a volume encrypted with this key fails to attach and the node never starts.
 */
export function autoScalingGrants(): ((partition: string, accountId: string) => Statement)[] {
    const role = (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    return [
        (partition, accountId) => ({
            Sid: "AutoScalingUsesTheKeyForVolumes",
            Effect: "Allow",
            Principal: { AWS: role(partition, accountId) },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
        }),
        (partition, accountId) => ({
            Sid: "AutoScalingGrantsTheKeyToEc2",
            Effect: "Allow",
            Principal: { AWS: role(partition, accountId) },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        }),
    ];
}
