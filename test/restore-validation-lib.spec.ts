import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { SUPPORTED_RESTORE_TEST_TYPES, type RestoreTestType } from "../lib/restore/restore-testing";
import { parseRestoreEvent, restoreValidationEventPattern } from "../lib/restore/validation-events";
import {
  ALWAYS_CALLED,
  CALLS_BY_TYPE,
  requiredInterfaceEndpoints,
  validatorActions,
} from "../lib/restore/validator-access";
import { validatorRolePolicy, validatorTrustPolicy } from "../lib/restore/validator-policy";
import { completedRestoreEvent, PLAN } from "./fixtures/restore-events";
import { PROJECT_DIR } from "./helpers";

describe("restore validation events", () => {
  it("the rule matches completed restore jobs of one plan, by detail.status and detail.restoreTestingPlanArn", () => {
    assert.deepEqual(restoreValidationEventPattern(PLAN), {
      source: ["aws.backup"],
      "detail-type": ["Restore Job State Change"],
      detail: { status: ["COMPLETED"], restoreTestingPlanArn: [PLAN] },
    });
  });

  it("takes a completed restore test of the expected plan", () => {
    const parsed = parseRestoreEvent(completedRestoreEvent(), PLAN);
    assert.deepEqual(parsed, {
      kind: "restore-test",
      job: {
        restoreJobId: "D59196C8-8951-4C80-E71E-8F41E6D364E5",
        restoreTestingPlanArn: PLAN,
        resourceType: "EBS",
        createdResourceArn: "arn:aws:ec2:eu-west-1:333333333333:volume/vol-0abc",
      },
    });
    // Without an expected plan, any plan's test is taken.
    assert.equal(parseRestoreEvent(completedRestoreEvent({ restoreTestingPlanArn: "arn:other" })).kind, "restore-test");
  });

  it("ignores, with a reason, everything that is not a completed restore test of the plan", () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      ["text", /not an object/],
      [{ ...completedRestoreEvent(), source: "aws.ec2" }, /source is "aws.ec2"/],
      [
        { ...completedRestoreEvent(), "detail-type": "Backup Job State Change" },
        /detail-type is "Backup Job State Change"/,
      ],
      [{ ...completedRestoreEvent(), detail: null }, /no detail/],
      [completedRestoreEvent({ status: "RUNNING" }), /status is "RUNNING", not COMPLETED/],
      [completedRestoreEvent({ status: "FAILED" }), /status is "FAILED"/],
      [completedRestoreEvent({ state: "COMPLETED", status: undefined }), /status is undefined/],
      [completedRestoreEvent({ restoreTestingPlanArn: undefined }), /not a restore test job/],
      [
        completedRestoreEvent({
          restoreTestingPlanArn: "arn:aws:backup:eu-west-1:333333333333:restore-testing-plan:other-1",
        }),
        /is not this validator's plan/,
      ],
      [completedRestoreEvent({ restoreJobId: "" }), /no restoreJobId/],
    ];
    for (const [event, reason] of cases) {
      const parsed = parseRestoreEvent(event, PLAN);
      assert.equal(parsed.kind, "ignored", JSON.stringify(event));
      if (parsed.kind === "ignored") assert.match(parsed.reason, reason);
    }
  });
});

describe("what the restore validator calls and may do", () => {
  const typeSets = fc.subarray([...SUPPORTED_RESTORE_TEST_TYPES] as RestoreTestType[]);

  it("every AWS SDK command the handler sends is in the table the role and the endpoint check read", () => {
    const source = fs.readFileSync(path.join(PROJECT_DIR, "lambda/restore-validator/handler.ts"), "utf8");
    const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]).sort();
    const table = [...ALWAYS_CALLED, ...Object.values(CALLS_BY_TYPE).flat()].map((c) => c.api);
    assert.ok(sent.length >= 10, `found ${sent.join(", ")}`);
    for (const api of sent) assert.ok(table.includes(api), `${api} is sent but not in validator-access.ts`);
    for (const api of new Set(table)) assert.ok(sent.includes(api), `${api} is in the table but never sent`);
  });

  it("needs backup for every plan, ec2 for EBS and EC2, dynamodb for DynamoDB, and no interface endpoint for S3", () => {
    const of = (types: RestoreTestType[]) => Object.fromEntries(requiredInterfaceEndpoints(types));
    assert.deepEqual(of(["S3"]), {
      backup: ["DescribeRestoreJob", "ListRestoreJobs", "PutRestoreValidationResult", "ListScanJobs"],
    });
    assert.deepEqual(Object.keys(of(["EBS", "EC2"])).sort(), ["backup", "ec2"]);
    assert.deepEqual(of(["EBS", "EC2"]).ec2, ["DescribeVolumes", "DescribeInstances"]);
    assert.deepEqual(of(["DynamoDB"]), {
      backup: ["DescribeRestoreJob", "ListRestoreJobs", "PutRestoreValidationResult"],
      dynamodb: ["DescribeTable"],
    });
    // RDS and Aurora share the RDS API's endpoint; EFS has its own.
    assert.deepEqual(of(["RDS", "Aurora", "EFS"]), {
      backup: ["DescribeRestoreJob", "ListRestoreJobs", "PutRestoreValidationResult"],
      rds: ["DescribeDBInstances", "DescribeDBClusters"],
      elasticfilesystem: ["DescribeFileSystems"],
    });
    assert.deepEqual(of(["Aurora"]).rds, ["DescribeDBClusters"]);
  });

  it("the role's actions are exactly the calls for the tested types, plus ENI and own-log actions", () => {
    fc.assert(
      fc.property(typeSets, (types) => {
        const doc = validatorRolePolicy({
          partition: "aws",
          region: "eu-west-1",
          accountId: "333333333333",
          logGroupArn: "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/v",
          resourceTypes: types,
        });
        const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        const calls = validatorActions(types);
        for (const a of calls) assert.ok(actions.includes(a), a);
        const extra = actions.filter((a) => !calls.includes(a)).sort();
        assert.deepEqual(extra, [
          "ec2:AssignPrivateIpAddresses",
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:UnassignPrivateIpAddresses",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
        ]);
        for (const s of doc.Statement) {
          assert.equal(s.Effect, "Allow");
          for (const a of Array.isArray(s.Action) ? s.Action : [s.Action]) assert.ok(!a.includes("*"), a);
        }
      }),
    );
  });

  it("holds each statement to what it may touch: own log group, own buckets, own tables, own ENIs", () => {
    const doc = validatorRolePolicy({
      partition: "aws",
      region: "eu-west-1",
      accountId: "333333333333",
      logGroupArn: "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/v",
      resourceTypes: ["EBS", "EC2", "S3", "DynamoDB"],
    });
    const by = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
    assert.equal(by.WriteOwnLogGroup.Resource, "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/v:*");
    assert.deepEqual(by.HeadRestoredBuckets.Action, ["s3:ListBucket"]);
    assert.deepEqual(by.HeadRestoredBuckets.Condition, { StringEquals: { "aws:ResourceAccount": "333333333333" } });
    assert.equal(by.DescribeRestoredTables.Resource, "arn:aws:dynamodb:eu-west-1:333333333333:table/*");
    assert.equal(by.ManageVpcNetworkInterfaces.Resource, "arn:aws:ec2:eu-west-1:333333333333:*/*");
    assert.deepEqual(by.ReadRestoreJobsAndReportValidation.Action, [
      "backup:DescribeRestoreJob",
      "backup:ListRestoreJobs",
      "backup:ListScanJobs",
      "backup:PutRestoreValidationResult",
    ]);
    assert.ok(!JSON.stringify(doc).includes("logs:CreateLogGroup"));
    assert.equal(by.DescribeRestoredDatabases, undefined, "no RDS statement without RDS or Aurora tests");
    assert.equal(by.DescribeRestoredFileSystems, undefined, "no EFS statement without EFS tests");
    // Without DynamoDB or S3 tests, no statement for them at all.
    const ebsOnly = validatorRolePolicy({
      partition: "aws",
      region: "eu-west-1",
      accountId: "333333333333",
      logGroupArn: "arn:aws:logs:eu-west-1:333333333333:log-group:x",
      resourceTypes: ["EBS"],
    });
    assert.deepEqual(
      ebsOnly.Statement.map((s) => s.Sid),
      [
        "ReadRestoreJobsAndReportValidation",
        "DescribeRestoredEc2Resources",
        "DescribeVpcNetworkInterfaces",
        "ManageVpcNetworkInterfaces",
        "WriteOwnLogGroup",
      ],
    );
  });

  it("reads restored databases and file systems of this account and region only", () => {
    const policy = (resourceTypes: RestoreTestType[]) =>
      Object.fromEntries(
        validatorRolePolicy({
          partition: "aws-us-gov",
          region: "us-gov-west-1",
          accountId: "333333333333",
          logGroupArn: "arn:aws-us-gov:logs:us-gov-west-1:333333333333:log-group:v",
          resourceTypes,
        }).Statement.map((s) => [s.Sid, s]),
      );
    const all = policy(["RDS", "Aurora", "EFS"]);
    assert.deepEqual(all.DescribeRestoredDatabases.Action, ["rds:DescribeDBClusters", "rds:DescribeDBInstances"]);
    assert.deepEqual(all.DescribeRestoredDatabases.Resource, [
      "arn:aws-us-gov:rds:us-gov-west-1:333333333333:db:*",
      "arn:aws-us-gov:rds:us-gov-west-1:333333333333:cluster:*",
    ]);
    assert.deepEqual(all.DescribeRestoredFileSystems.Action, ["elasticfilesystem:DescribeFileSystems"]);
    assert.equal(
      all.DescribeRestoredFileSystems.Resource,
      "arn:aws-us-gov:elasticfilesystem:us-gov-west-1:333333333333:file-system/*",
    );
    // Aurora alone: clusters only, no DB instances.
    const aurora = policy(["Aurora"]);
    assert.deepEqual(aurora.DescribeRestoredDatabases.Action, ["rds:DescribeDBClusters"]);
    assert.deepEqual(aurora.DescribeRestoredDatabases.Resource, [
      "arn:aws-us-gov:rds:us-gov-west-1:333333333333:cluster:*",
    ]);
    assert.equal(aurora.DescribeRestoredFileSystems, undefined);
    assert.equal(aurora.DescribeRestoredEc2Resources, undefined);
  });

  it("only the Lambda service may assume the role", () => {
    assert.deepEqual(validatorTrustPolicy().Statement, [
      { Sid: "LambdaOnly", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });
});
