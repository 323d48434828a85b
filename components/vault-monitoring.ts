/**
 * The recovery stack's alerting: an SNS topic encrypted with its own recovery key; the vaults'
 * notifications (job failures, recovery point changes, restores); EventBridge rules on AWS
 * Backup's state changes and on the CloudTrail API calls that touch vaults, locks, policies,
 * recovery points, keys, the RAM share and the audit trail; and the email subscriptions.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  apiCallPattern,
  EventPattern,
  jobFailurePattern,
  serialisePattern,
  VAULT_NOTIFICATION_EVENTS,
  vaultStatePattern,
} from "../lib/recoverypolicies/event-patterns";
import { eventRuleArnPattern } from "../lib/recoverypolicies/principals";
import { alertsTopicPolicy } from "../lib/recoverypolicies/topic-policy";
import { requireProvider } from "./provider";

export interface VaultMonitoringArgs {
  /** Topic name. */
  topicName: string;
  /** The customer-managed key that encrypts the topic (its policy lets EventBridge and AWS Backup use it). */
  kmsKeyArn: pulumi.Input<string>;
  /** Vaults (names) whose notifications go to the topic. */
  vaultNames: Record<string, pulumi.Input<string>>;
  /** Email addresses subscribed to the topic. */
  alertEmails: string[];
  accountId: string;
  /** The region the topic, notifications and rules live in: each vault's own (SNS and EventBridge are regional). */
  region: string;
  partition: string;
  /** Set when `region` is not the provider's: every child is created there (the v7 per-resource region). */
  inOtherRegion?: boolean;
}

/** The rules and what each one watches. */
export const MONITORING_RULES: Record<string, { description: string; pattern: () => EventPattern }> = {
  "backup-job-failures": {
    description: "AWS Backup, copy and restore jobs that failed, were aborted or expired",
    pattern: jobFailurePattern,
  },
  "vault-state-changes": {
    description: "State changes of backup vaults and recovery points (deletions and lifecycle changes included)",
    pattern: vaultStatePattern,
  },
  "protection-api-calls": {
    description:
      "API calls that could weaken the bunker: vaults, locks, vault policies, recovery points, keys, RAM share, audit trail",
    pattern: apiCallPattern,
  },
};

export class VaultMonitoring extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: VaultMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("VaultMonitoring", opts);
    super("isolation:recovery:VaultMonitoring", name, {}, opts);
    const child = { parent: this, provider };
    // A vault can notify only a topic in its own region, and a rule can target only a topic in its own region.
    const where = args.inOtherRegion ? { region: args.region } : {};

    this.topic = new aws.sns.Topic(name, { ...where, name: args.topicName, kmsMasterKeyId: args.kmsKeyArn }, child);
    const topicPolicy = new aws.sns.TopicPolicy(
      name,
      {
        ...where,
        arn: this.topic.arn,
        policy: this.topic.arn.apply((topicArn) =>
          JSON.stringify(
            alertsTopicPolicy({
              topicArn,
              accountId: args.accountId,
              eventRuleArnPattern: eventRuleArnPattern(args.partition, args.region, args.accountId),
            }),
          ),
        ),
      },
      child,
    );

    for (const [key, vaultName] of Object.entries(args.vaultNames)) {
      new aws.backup.VaultNotifications(
        `${name}-${key}`,
        {
          ...where,
          backupVaultName: vaultName,
          snsTopicArn: this.topic.arn,
          backupVaultEvents: [...VAULT_NOTIFICATION_EVENTS],
        },
        // AWS Backup checks that it may publish when the notification is set up.
        { ...child, dependsOn: [topicPolicy] },
      );
    }

    for (const [ruleName, rule] of Object.entries(MONITORING_RULES)) {
      const eventRule = new aws.cloudwatch.EventRule(
        `${name}-${ruleName}`,
        {
          ...where,
          name: `isolation-${ruleName}`,
          description: rule.description,
          eventPattern: serialisePattern(rule.pattern()),
        },
        child,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${ruleName}`,
        { ...where, rule: eventRule.name, arn: this.topic.arn },
        { ...child, dependsOn: [topicPolicy] },
      );
    }

    for (const email of args.alertEmails) {
      new aws.sns.TopicSubscription(
        `${name}-${email}`,
        { ...where, topic: this.topic.arn, protocol: "email", endpoint: email },
        child,
      );
    }

    this.topicArn = this.topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
