/**
 * Alerting for the IRE's restore validation: someone hears about a FAILED restore test without
 * opening the restore job in the console. A metric filter on the restore validator's log group
 * counts its FAILED decisions; one alarm fires on any of them, another on the function's own
 * errors (AWS/Lambda Errors: a report that could not be made, a timeout, a crash). Both publish to
 * an SNS topic encrypted with a customer-managed key of the IRE, with email subscriptions from
 * isolation:ireAlertEmails.
 *
 * None of this needs a network path, which the IRE does not have: the metric filter runs in
 * CloudWatch Logs, the alarms are evaluated by CloudWatch and publish to SNS service-side.
 *
 * Nothing here is protected or retained on delete. The key encrypts alert messages only while SNS
 * holds them for delivery; no data at rest depends on it, so replacing or deleting it (after KMS's
 * 30-day window) loses nothing, unlike the recovery keys that encrypt backups. The evidence of each
 * validation stays on the restore job in AWS Backup.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertPolicySize } from "../lib/recoverypolicies/document";
import { alarmTopicKeyPolicy, KEY_POLICY_MAX_CHARS } from "../lib/recoverypolicies/key-policy";
import { alarmTopicPolicy } from "../lib/recoverypolicies/topic-policy";
import {
  ALARM_PERIOD_SECONDS,
  ALARM_THRESHOLD,
  alarmArnPattern,
  alarmNames,
  ALERTS_METRIC_NAMESPACE,
  FAILED_VALIDATIONS_METRIC,
  failedValidationFilterPattern,
} from "../lib/restore/validation-alerts";
import { KEY_DELETION_WINDOW_DAYS } from "./recovery-key";
import { requireProvider } from "./provider";

export interface ValidationAlertsArgs {
  /** The restore validator's log group (/aws/lambda/<function>), where its decisions are logged. */
  logGroupName: pulumi.Input<string>;
  /** The restore validator function, for its AWS/Lambda Errors metric. */
  functionName: pulumi.Input<string>;
  /** Email addresses subscribed to the topic (isolation:ireAlertEmails). */
  alertEmails: string[];
  /** The IRE account. */
  accountId: string;
  region: string;
  partition: string;
  /** The deploy role: the key's only administrator. */
  deployRoleArn: string;
  /** Read-only roles that may read the key's metadata, for npm run verify (isolation:auditorRoleArns). */
  auditorRoleArns: string[];
  /** Prefix of resource names (`isolation-ire`). */
  namePrefix: string;
}

export class ValidationAlerts extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: ValidationAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("ValidationAlerts", opts);
    super("isolation:ire:ValidationAlerts", name, {}, opts);
    const child = { parent: this, provider };
    const alarms = alarmNames(args.namePrefix);
    const alarmPattern = alarmArnPattern(args.partition, args.region, args.accountId, args.namePrefix);

    // An AWS-managed key (alias/aws/sns) cannot be used: its policy does not admit CloudWatch, so
    // the alarm action would fail (lib/recoverypolicies/key-policy.ts, alarmTopicKeyPolicy).
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: "IRE validation alerts topic: encrypts alarm notifications in flight",
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: assertPolicySize(
          alarmTopicKeyPolicy({
            accountId: args.accountId,
            deployRoleArn: args.deployRoleArn,
            alarmArnPattern: alarmPattern,
            auditorRoleArns: args.auditorRoleArns,
          }),
          KEY_POLICY_MAX_CHARS,
          `${name} key policy`,
        ),
        bypassPolicyLockoutSafetyCheck: false,
      },
      child,
    );
    new aws.kms.Alias(
      `${name}-key`,
      { name: `alias/${args.namePrefix}/validation-alerts`, targetKeyId: key.keyId },
      child,
    );

    const topic = new aws.sns.Topic(
      name,
      { name: `${args.namePrefix}-validation-alerts`, kmsMasterKeyId: key.arn },
      child,
    );
    const topicPolicy = new aws.sns.TopicPolicy(
      name,
      {
        arn: topic.arn,
        policy: topic.arn.apply((topicArn) =>
          JSON.stringify(alarmTopicPolicy({ topicArn, accountId: args.accountId, alarmArnPattern: alarmPattern })),
        ),
      },
      child,
    );

    // No defaultValue: a period without a FAILED line has no data point, which the alarm treats as
    // not breaching (rather than a stream of zeros to store and pay for).
    new aws.cloudwatch.LogMetricFilter(
      `${name}-failed`,
      {
        name: `${args.namePrefix}-restore-validation-failed`,
        logGroupName: args.logGroupName,
        pattern: failedValidationFilterPattern(),
        metricTransformation: {
          namespace: ALERTS_METRIC_NAMESPACE,
          name: FAILED_VALIDATIONS_METRIC,
          value: "1",
          unit: "Count",
        },
      },
      child,
    );

    const common = {
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: ALARM_THRESHOLD,
      evaluationPeriods: 1,
      period: ALARM_PERIOD_SECONDS,
      statistic: "Sum",
      treatMissingData: "notBreaching",
      alarmActions: [topic.arn],
    };
    // Alarms publish only once the topic policy lets them.
    const afterPolicy = { ...child, dependsOn: [topicPolicy] };
    new aws.cloudwatch.MetricAlarm(
      `${name}-failed`,
      {
        ...common,
        name: alarms.failed,
        alarmDescription:
          "A restore test in the IRE was reported FAILED to AWS Backup. See the restore job's validation status message in AWS Backup (Restore testing > restore jobs) and the restore validator's log group for the checks that failed.",
        namespace: ALERTS_METRIC_NAMESPACE,
        metricName: FAILED_VALIDATIONS_METRIC,
      },
      afterPolicy,
    );
    // Errors counts invocations that ended in an error, each retry included (AWS Lambda developer
    // guide, "Types of metrics for Lambda functions"). The handler turns every failed check into a
    // FAILED report, so an error means no report was made: PutRestoreValidationResult failed, or
    // the function timed out or crashed. This is broader than a metric filter on the handler's
    // "reporting the validation result failed" line, which would miss timeouts and crashes, and it
    // depends on no log format.
    new aws.cloudwatch.MetricAlarm(
      `${name}-errors`,
      {
        ...common,
        name: alarms.errors,
        alarmDescription:
          "The IRE restore validator failed: a restore test result could not be reported to AWS Backup (Lambda retries an asynchronous invocation twice). The restore job keeps no validation status; check the function's log group and report the result by hand.",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: args.functionName },
      },
      afterPolicy,
    );

    for (const email of args.alertEmails) {
      new aws.sns.TopicSubscription(
        `${name}-${email}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        child,
      );
    }

    this.topicArn = topic.arn;
    this.keyArn = key.arn;
    this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
  }
}
