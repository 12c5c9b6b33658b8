import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { AwsAccount } from "./account";
import { keyPolicy } from "./key-policy";

/**
 * The AWS services that publish the platform's billing alarms: AWS Budgets (threshold alerts)
 * and Cost Anomaly Detection (anomaly alerts). Service principals from the Billing and Cost
 * Management User Guide, "Creating an Amazon SNS topic for budget notifications" and "... for
 * anomaly notifications".
 */
export const ALERT_PUBLISHERS = ["budgets.amazonaws.com", "costalerts.amazonaws.com"] as const;

export interface AlertTopic {
    topic: sns.Topic;
    /** What a budget or anomaly subscription naming the topic waits for: without them AWS drops the alarm silently. */
    ready: pulumi.Resource[];
}

/**
 * Both publishers encrypt the message for the topic themselves, so they need the key; an
 * account-root `kms:*` statement does not reach service principals, and the AWS-managed
 * aws/sns key cannot be granted to them at all. No aws:SourceAccount condition here, unlike on
 * the topic: AWS documents none for these principals on a key, and a grant that does not match
 * loses every alarm without an error. The key encrypts this topic only, and the topic's policy
 * admits this account's alarms only.
 */
function alertPublishersGrant() {
    return (): Record<string, unknown> => ({
        Sid: "BillingAlarmsEncryptForTheAlertTopic",
        Effect: "Allow",
        Principal: { Service: [...ALERT_PUBLISHERS] },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
    });
}

/**
 * The topic policy: only the two billing services may publish, and only for alarms of this
 * account (aws:SourceAccount, against the confused deputy). It replaces SNS's default policy,
 * so no other account or service is admitted; the account's own principals still reach the
 * topic through IAM. AWS's example for Budgets adds `ArnLike aws:SourceArn
 * arn:aws:budgets::<account>:*`, which admits no less than the account condition and has been
 * reported to stop Budgets from publishing (cds-snc/notification-terraform#2042).
 */
export function alertTopicPolicy(topicArn: pulumi.Input<string>, accountId: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([topicArn, accountId]).apply(([arn, account]) => JSON.stringify({
        Version: "2012-10-17",
        Statement: ALERT_PUBLISHERS.map((service) => ({
            Sid: service === "budgets.amazonaws.com" ? "BudgetsPublishThisAccountsAlarms" : "AnomalyDetectionPublishesThisAccountsAlarms",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "SNS:Publish",
            Resource: arn,
            Condition: { StringEquals: { "aws:SourceAccount": account } },
        })),
    }));
}

/**
 * An SNS topic for the platform's billing alarms, encrypted with a customer-managed key, for
 * chat and paging integrations (Amazon Q Developer in chat applications, a Lambda). Nobody is
 * subscribed here: the alert e-mails go to the budget and the anomaly subscription directly,
 * without an SNS confirmation step.
 */
export function createAlertTopic(name: string, context: PlatformContext, account: AwsAccount, opts: pulumi.ComponentResourceOptions): AlertTopic {
    const tags = componentTags(context, "billing");
    const topicName = `${context.namePrefix}-billing-alerts`;
    // Alarms pass through and are not kept, so nothing outlives the key: the shortest deletion window.
    const key = new kms.Key(`${name}-alerts-key`, {
        description: `SNS topic ${topicName}: budget and cost anomaly alarms`,
        enableKeyRotation: true,
        deletionWindowInDays: 7,
        policy: keyPolicy(account, [alertPublishersGrant()]),
        tags,
    }, opts);
    new kms.Alias(`${name}-alerts-key-alias`, { name: `alias/${topicName}`, targetKeyId: key.keyId }, opts);
    const topic = new sns.Topic(`${name}-alerts`, {
        name: topicName,
        kmsMasterKeyId: key.arn,
        tags,
    }, opts);
    const policy = new sns.TopicPolicy(`${name}-alerts-policy`, {
        arn: topic.arn,
        policy: alertTopicPolicy(topic.arn, account.accountId),
    }, opts);
    return { topic, ready: [key, policy] };
}
