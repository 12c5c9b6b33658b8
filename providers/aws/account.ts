import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getSessionContextOutput } from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";

/** Facts about the account the deployer's credentials point at, read through the platform's provider. */
export interface AwsAccount {
    accountId: pulumi.Output<string>;
    /** "aws", "aws-cn" or "aws-us-gov": part of every ARN. */
    partition: pulumi.Output<string>;
    region: string;
    /**
     * The IAM role or user running `pulumi up` (an assumed-role session resolved to its role):
     * the principal EKS makes cluster admin at creation.
     */
    deployerArn: pulumi.Output<string>;
}

export function awsAccount(region: string, parent: pulumi.Resource): AwsAccount {
    const caller = getCallerIdentityOutput({}, { parent });
    return {
        accountId: caller.accountId,
        partition: getPartitionOutput({}, { parent }).partition,
        region,
        deployerArn: getSessionContextOutput({ arn: caller.arn }, { parent }).issuerArn,
    };
}
