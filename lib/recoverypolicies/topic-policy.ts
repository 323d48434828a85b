/**
 * The alerts topic's policy: EventBridge rules and AWS Backup vault notifications of this account
 * publish to it (Amazon SNS developer guide, access policy cases; AWS Backup developer guide,
 * "Backup vault notifications": backup.amazonaws.com needs SNS:Publish), nobody else does, and
 * nothing reaches it without TLS.
 */
import { policyDocument, PolicyDocument } from "./document";

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
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: args.topicArn,
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
  ]);
}
