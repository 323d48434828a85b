/**
 * The alerts topic's policy: EventBridge rules and AWS Backup vault notifications of this account
 * publish to it (Amazon SNS developer guide, access policy cases; AWS Backup developer guide,
 * "Backup vault notifications": backup.amazonaws.com needs SNS:Publish), nobody else does, and
 * nothing reaches it without TLS.
 */
import { denyInsecureTransport, policyDocument, PolicyDocument } from "./document";

export interface TopicPolicyArgs {
  topicArn: string;
  accountId: string;
  /** ArnLike pattern of the EventBridge rules allowed to publish. */
  eventRuleArnPattern: string;
}

export function alertsTopicPolicy(args: TopicPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "EventBridgeRulesOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: args.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": args.accountId },
        ArnLike: { "aws:SourceArn": args.eventRuleArnPattern },
      },
    },
    {
      Sid: "BackupVaultNotificationsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "backup.amazonaws.com" },
      Action: "sns:Publish",
      Resource: args.topicArn,
      Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
    },
    denyInsecureTransport("sns:Publish", args.topicArn),
  ]);
}

export interface AlarmTopicPolicyArgs {
  topicArn: string;
  accountId: string;
  /** ArnLike pattern of the CloudWatch alarms allowed to publish. */
  alarmArnPattern: string;
}

/**
 * The IRE's validation alerts topic: only this account's alarms publish to it (CloudWatch publishes
 * as cloudwatch.amazonaws.com; AWS re:Post knowledge center, "Why didn't I receive an SNS
 * notification for my CloudWatch alarm trigger?": sns:Publish for cloudwatch.amazonaws.com, scoped
 * with ArnLike aws:SourceArn on the alarm ARN), and nothing reaches it without TLS.
 */
export function alarmTopicPolicy(args: AlarmTopicPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "CloudWatchAlarmsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: args.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": args.accountId },
        ArnLike: { "aws:SourceArn": args.alarmArnPattern },
      },
    },
    denyInsecureTransport("sns:Publish", args.topicArn),
  ]);
}
