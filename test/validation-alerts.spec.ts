/**
 * The IRE's validation alerts: the pure pieces (filter pattern, alarm names, key and topic
 * policies) and the component as the ire stack registers it under the mock engine.
 *
 * CloudWatch Logs' filter pattern matcher cannot run here (no network, no local implementation), so
 * the pattern is checked as an exact string against the documented JSON syntax, and the handler's
 * own log line is checked to carry the fields and values the pattern selects.
 */
import { strict as assert } from "assert";
import type { StackRun } from "../harness/engine";
import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from "@aws-sdk/client-backup";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EFSClient } from "@aws-sdk/client-efs";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { createHandler } from "../lambda/restore-validator/handler";
import { actionsOf, awsPrincipalsOf, PolicyDocument, servicePrincipalsOf } from "../lib/recoverypolicies/document";
import { alarmTopicKeyPolicy, KEY_ADMIN_ACTIONS } from "../lib/recoverypolicies/key-policy";
import { alarmTopicPolicy } from "../lib/recoverypolicies/topic-policy";
import {
  alarmArnPattern,
  alarmNames,
  ALERTS_METRIC_NAMESPACE,
  FAILED_VALIDATIONS_METRIC,
  failedValidationFilterPattern,
} from "../lib/restore/validation-alerts";
import { completedRestoreEvent, PLAN } from "./fixtures/restore-events";
import { jsonInput, named, ofType, recordStack } from "./helpers";

const ACCOUNT = "333333333333";
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/IsolationDeployer`;
const ALARMS = `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:isolation-ire-alarm-*`;
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:isolation-ire-validation-alerts`;

const T = {
  component: "isolation:ire:ValidationAlerts",
  validation: "isolation:ire:RestoreValidation",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  fn: "aws:lambda/function:Function",
  provider: "pulumi:providers:aws",
};

describe("validation alerts: filter pattern and names", () => {
  it("is the documented JSON pattern selecting msg 'validation result' and status FAILED", () => {
    assert.equal(failedValidationFilterPattern(), '{ ($.msg = "validation result") && ($.status = "FAILED") }');
  });

  it("selects fields and values that the handler's FAILED line has and its SUCCESSFUL line does not", async () => {
    // The handler's real decision line for a restore job AWS Backup cannot describe (reported
    // FAILED): the logged object is what reaches CloudWatch Logs as JSON.
    const backup = mockClient(BackupClient);
    try {
      backup.on(DescribeRestoreJobCommand).rejects(new Error("AccessDeniedException"));
      backup.on(PutRestoreValidationResultCommand).resolves({});
      const lines: Record<string, unknown>[] = [];
      const handler = createHandler({
        backup: new BackupClient({ region: "eu-west-1" }),
        ec2: new EC2Client({ region: "eu-west-1" }),
        s3: new S3Client({ region: "eu-west-1" }),
        dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
        rds: new RDSClient({ region: "eu-west-1" }),
        efs: new EFSClient({ region: "eu-west-1" }),
        expectedPlanArn: PLAN,
        log: (e) => lines.push(e),
      });
      await handler(completedRestoreEvent());
      const decision = lines.find((l) => l.msg === "validation result");
      assert.ok(decision, `no decision line in ${JSON.stringify(lines)}`);
      assert.equal(decision.status, "FAILED");
      // The pattern's selectors and values, read back from the pattern string itself.
      const selected = [...failedValidationFilterPattern().matchAll(/\$\.(\w+) = "([^"]+)"/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(selected, [
        ["msg", "validation result"],
        ["status", "FAILED"],
      ]);
      const parsed = JSON.parse(JSON.stringify(decision)) as Record<string, unknown>;
      for (const [field, value] of selected) assert.equal(parsed[field], value, field);
      const successful: Record<string, unknown> = { ...parsed, status: "SUCCESSFUL" };
      assert.ok(
        selected.some(([field, value]) => successful[field] !== value),
        "a SUCCESSFUL line must not match",
      );
    } finally {
      backup.restore();
    }
  });

  it("names the alarms under the prefix the ArnLike pattern covers, and nothing else", () => {
    const names = alarmNames("isolation-ire");
    const pattern = alarmArnPattern("aws", "eu-west-1", ACCOUNT, "isolation-ire");
    assert.equal(pattern, ALARMS);
    const glob = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === "*" ? ".*" : `\\${c}`))}$`);
    for (const n of Object.values(names)) assert.match(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${n}`, glob);
    assert.doesNotMatch(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:isolation-ire-other`, glob);
    assert.doesNotMatch(`arn:aws:cloudwatch:eu-west-1:444444444444:alarm:${names.failed}`, glob);
  });
});

describe("validation alerts: key and topic policies", () => {
  const key = alarmTopicKeyPolicy({ accountId: ACCOUNT, deployRoleArn: DEPLOY_ROLE, alarmArnPattern: ALARMS });

  it("lets CloudWatch alarms of this account, and only those, generate data keys and decrypt", () => {
    const cw = key.Statement.filter((s) => servicePrincipalsOf(s).includes("cloudwatch.amazonaws.com"));
    assert.equal(cw.length, 1);
    assert.equal(cw[0].Effect, "Allow");
    assert.deepEqual(actionsOf(cw[0]).sort(), ["kms:Decrypt", "kms:GenerateDataKey*"]);
    assert.deepEqual(cw[0].Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": ALARMS },
    });
  });

  it("has no account-root statement and no principal but the deploy role and CloudWatch", () => {
    const principals = key.Statement.flatMap((s) => awsPrincipalsOf(s));
    assert.deepEqual([...new Set(principals)], [DEPLOY_ROLE]);
    assert.doesNotMatch(JSON.stringify(key), /:root"|"Principal":"\*"|"AWS":"\*"/);
    const admin = key.Statement.find((s) => s.Sid === "KeyAdministration")!;
    for (const a of KEY_ADMIN_ACTIONS) assert.ok(actionsOf(admin).includes(a), a);
    // Deletable by the deploy role (after the 30-day window): it encrypts nothing at rest.
    assert.ok(actionsOf(admin).includes("kms:ScheduleKeyDeletion"));
    assert.ok(!actionsOf(admin).includes("kms:Decrypt"), "administrators cannot read messages");
  });

  it("lets only this account's alarms publish to the topic, and denies publishing without TLS", () => {
    const doc: PolicyDocument = alarmTopicPolicy({ topicArn: TOPIC, accountId: ACCOUNT, alarmArnPattern: ALARMS });
    assert.deepEqual(doc.Statement, [
      {
        Sid: "CloudWatchAlarmsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": ALARMS } },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: { Bool: { "aws:SecureTransport": false } },
      },
    ]);
  });
});

describe("validation alerts in the IRE stack", function () {
  let run: StackRun;
  before(async () => {
    run = await recordStack("ire");
  });

  it("is one component after RestoreValidation whose children use the IRE provider, nothing protected or retained", () => {
    const component = named(run, T.component, "validation-alerts");
    const children = run.resources.filter((r) => r.parent === component.urn);
    assert.deepEqual(
      children.map((c) => c.type).sort(),
      [T.alarm, T.alarm, T.alias, T.filter, T.key, T.subscription, T.topic, T.topicPolicy].sort(),
    );
    const provider = ofType(run, T.provider)[0];
    for (const c of children) {
      assert.ok(c.provider?.startsWith(`${provider.urn}::`), `${c.name} uses the account provider`);
      assert.equal(c.protect, false, c.name);
      assert.equal(c.retainOnDelete, false, c.name);
    }
    const order = run.resources.map((r) => r.type);
    assert.ok(order.indexOf(T.validation) < order.indexOf(T.component));
  });

  it("counts FAILED decisions from the restore validator's own log group", () => {
    const filter = named(run, T.filter, "validation-alerts-failed");
    const logGroup = named(run, T.logGroup, "restore-validation-logs");
    assert.equal(filter.inputs.logGroupName, logGroup.outputs.name);
    assert.equal(filter.inputs.logGroupName, "/aws/lambda/isolation-ire-restore-validator");
    assert.equal(filter.inputs.pattern, failedValidationFilterPattern());
    assert.deepEqual(filter.inputs.metricTransformation, {
      namespace: ALERTS_METRIC_NAMESPACE,
      name: FAILED_VALIDATIONS_METRIC,
      value: "1",
      unit: "Count",
    });
  });

  it("alarms on any FAILED and on any validator error, publishing to the topic; missing data is not breaching", () => {
    const topic = named(run, T.topic, "validation-alerts");
    const fn = named(run, T.fn, "restore-validation");
    const failed = named(run, T.alarm, "validation-alerts-failed");
    const errors = named(run, T.alarm, "validation-alerts-errors");
    assert.equal(failed.inputs.name, "isolation-ire-alarm-restore-validation-failed");
    assert.equal(failed.inputs.namespace, ALERTS_METRIC_NAMESPACE);
    assert.equal(failed.inputs.metricName, FAILED_VALIDATIONS_METRIC);
    assert.equal(failed.inputs.dimensions, undefined);
    assert.equal(errors.inputs.name, "isolation-ire-alarm-restore-validator-errors");
    assert.equal(errors.inputs.namespace, "AWS/Lambda");
    assert.equal(errors.inputs.metricName, "Errors");
    assert.deepEqual(errors.inputs.dimensions, { FunctionName: fn.outputs.name });
    assert.equal(fn.outputs.name, "isolation-ire-restore-validator");
    const policy = named(run, T.topicPolicy, "validation-alerts");
    for (const alarm of [failed, errors]) {
      assert.equal(alarm.inputs.statistic, "Sum", alarm.name);
      assert.equal(alarm.inputs.comparisonOperator, "GreaterThanOrEqualToThreshold", alarm.name);
      assert.equal(alarm.inputs.threshold, 1, alarm.name);
      assert.equal(alarm.inputs.evaluationPeriods, 1, alarm.name);
      assert.equal(alarm.inputs.period, 300, alarm.name);
      assert.equal(alarm.inputs.treatMissingData, "notBreaching", alarm.name);
      assert.deepEqual(alarm.inputs.alarmActions, [topic.outputs.arn], alarm.name);
      assert.ok(alarm.dependencies.includes(policy.urn), `${alarm.name} waits for the topic policy`);
    }
  });

  it("encrypts the topic with a rotating IRE key (30-day window, no root) that CloudWatch may use; the topic policy admits these alarms", () => {
    const key = named(run, T.key, "validation-alerts-key");
    const topic = named(run, T.topic, "validation-alerts");
    assert.equal(topic.inputs.kmsMasterKeyId, key.outputs.arn);
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.equal(key.inputs.deletionWindowInDays, 30);
    assert.equal(key.inputs.bypassPolicyLockoutSafetyCheck, false);
    const keyPolicy = jsonInput(key.inputs.policy) as PolicyDocument;
    const VERIFY = "arn:aws:iam::333333333333:role/IsolationVerify";
    assert.deepEqual(
      keyPolicy,
      alarmTopicKeyPolicy({
        accountId: ACCOUNT,
        deployRoleArn: DEPLOY_ROLE,
        alarmArnPattern: ALARMS,
        auditorRoleArns: [VERIFY],
      }),
    );
    // isolation:auditorRoleArns reads the key's metadata, for npm run verify, and nothing else.
    assert.deepEqual(
      keyPolicy.Statement.filter((st) => awsPrincipalsOf(st).includes(VERIFY)).map((st) => [st.Sid, actionsOf(st)]),
      [["AuditorsReadKeyMetadata", ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"]]],
    );
    assert.doesNotMatch(JSON.stringify(keyPolicy), /:root"/);
    const alias = named(run, T.alias, "validation-alerts-key");
    assert.equal(alias.inputs.name, "alias/isolation-ire/validation-alerts");
    assert.equal(alias.inputs.targetKeyId, key.outputs.keyId);
    const policy = named(run, T.topicPolicy, "validation-alerts");
    assert.equal(policy.inputs.arn, topic.outputs.arn);
    assert.deepEqual(
      jsonInput(policy.inputs.policy),
      alarmTopicPolicy({ topicArn: topic.outputs.arn as string, accountId: ACCOUNT, alarmArnPattern: ALARMS }),
    );
    assert.equal(run.outputs.validationAlertsTopicArn, topic.outputs.arn);
  });

  it("subscribes each address of isolation:ireAlertEmails by email, and none when the key is absent", async () => {
    const topic = named(run, T.topic, "validation-alerts");
    const subs = ofType(run, T.subscription);
    assert.deepEqual(
      subs.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]),
      [["email", "restore-validation@example.com", topic.outputs.arn]],
    );
    const two = await recordStack("ire", { "isolation:ireAlertEmails": ["a@example.com", "b@example.org"] });
    assert.deepEqual(
      ofType(two, T.subscription)
        .map((s) => s.inputs.endpoint)
        .sort(),
      ["a@example.com", "b@example.org"],
    );
    const none = await recordStack("ire", { "isolation:ireAlertEmails": undefined });
    assert.equal(ofType(none, T.subscription).length, 0);
    assert.equal(ofType(none, T.alarm).length, 2, "the alarms exist even before anyone subscribes");
  });
});
