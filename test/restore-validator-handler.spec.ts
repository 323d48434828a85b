/**
 * The restore validator's handler against mocked AWS SDK v3 clients (aws-sdk-client-mock): what it
 * reads, what it reports with PutRestoreValidationResult, and when it throws.
 */
import { strict as assert } from "assert";
import {
  BackupClient,
  DescribeRestoreJobCommand,
  ListRestoreJobsCommand,
  ListScanJobsCommand,
  PutRestoreValidationResultCommand,
  type DescribeRestoreJobCommandOutput,
} from "@aws-sdk/client-backup";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeFileSystemsCommand, EFSClient } from "@aws-sdk/client-efs";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import {
  createHandler,
  type HandlerResult,
  type ValidationOutcome,
  type ValidatorDeps,
} from "../lambda/restore-validator/handler";
import { SWEEP_INPUT } from "../lib/restore/validation-sweep";
import { completedRestoreEvent, PLAN } from "./fixtures/restore-events";

const JOB_ID = "D59196C8-8951-4C80-E71E-8F41E6D364E5";
const RECOVERY_POINT = "arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0";
const VOLUME_ARN = "arn:aws:ec2:eu-west-1:333333333333:volume/vol-0abc";

const awsError = (name: string, message = name, httpStatusCode?: number) =>
  Object.assign(new Error(message), { name, ...(httpStatusCode ? { $metadata: { httpStatusCode } } : {}) });

function restoreJob(over: Partial<DescribeRestoreJobCommandOutput> = {}): Partial<DescribeRestoreJobCommandOutput> {
  return {
    RestoreJobId: JOB_ID,
    Status: "COMPLETED",
    ResourceType: "EBS",
    CreatedResourceArn: VOLUME_ARN,
    RecoveryPointArn: RECOVERY_POINT,
    CreatedBy: { RestoreTestingPlanArn: PLAN },
    ...over,
  };
}

describe("restore validator handler", () => {
  // Mocking the classes stubs every instance's send; each spec file mocks in before() and restores in after().
  let backup: AwsClientStub<BackupClient>;
  let ec2: AwsClientStub<EC2Client>;
  let s3: AwsClientStub<S3Client>;
  let dynamodb: AwsClientStub<DynamoDBClient>;
  let rds: AwsClientStub<RDSClient>;
  let efs: AwsClientStub<EFSClient>;
  before(() => {
    backup = mockClient(BackupClient);
    ec2 = mockClient(EC2Client);
    s3 = mockClient(S3Client);
    dynamodb = mockClient(DynamoDBClient);
    rds = mockClient(RDSClient);
    efs = mockClient(EFSClient);
  });
  after(() => {
    for (const m of [backup, ec2, s3, dynamodb, rds, efs]) m.restore();
  });
  let sleeps: number[];
  let logs: Record<string, unknown>[];

  const deps = (over: Partial<ValidatorDeps> = {}): ValidatorDeps => ({
    backup: new BackupClient({ region: "eu-west-1" }),
    ec2: new EC2Client({ region: "eu-west-1" }),
    s3: new S3Client({ region: "eu-west-1" }),
    dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
    rds: new RDSClient({ region: "eu-west-1" }),
    efs: new EFSClient({ region: "eu-west-1" }),
    expectedPlanArn: PLAN,
    waitAttempts: 3,
    waitIntervalMs: 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: (entry) => logs.push(entry),
    ...over,
  });
  const run = (event: unknown, over: Partial<ValidatorDeps> = {}) => createHandler(deps(over))(event);

  /** The one PutRestoreValidationResult the handler sent. */
  function reported() {
    const calls = backup.commandCalls(PutRestoreValidationResultCommand);
    assert.equal(calls.length, 1, "exactly one PutRestoreValidationResult");
    return calls[0].args[0].input;
  }
  const asReport = (r: HandlerResult) => {
    assert.equal(r.ignored, false);
    assert.ok(!("sweep" in r), "a validation, not a sweep");
    return r as ValidationOutcome;
  };

  beforeEach(() => {
    for (const m of [backup, ec2, s3, dynamodb, rds, efs]) m.reset();
    sleeps = [];
    logs = [];
    backup.on(DescribeRestoreJobCommand, { RestoreJobId: JOB_ID }).resolves(restoreJob());
    backup.on(ListScanJobsCommand, { ByRecoveryPointArn: RECOVERY_POINT }).resolves({ ScanJobs: [] });
    backup.on(PutRestoreValidationResultCommand).resolves({});
    ec2.on(DescribeVolumesCommand, { VolumeIds: ["vol-0abc"] }).resolves({
      Volumes: [{ VolumeId: "vol-0abc", State: "available" }],
    });
  });

  it("reports SUCCESSFUL for an available volume whose recovery point scanned clean", async () => {
    backup.on(ListScanJobsCommand, { ByRecoveryPointArn: RECOVERY_POINT }).resolves({
      ScanJobs: [
        {
          ScanJobId: "scan-1",
          State: "COMPLETED",
          ScanResult: { ScanResultStatus: "NO_THREATS_FOUND" },
        } as never,
      ],
    });
    const result = asReport(await run(completedRestoreEvent()));
    assert.deepEqual(reported(), {
      RestoreJobId: JOB_ID,
      ValidationStatus: "SUCCESSFUL",
      ValidationStatusMessage:
        "All 2 checks passed. restored resource: EBS volume vol-0abc is available. malware scan: NO_THREATS_FOUND (scan job scan-1).",
    });
    assert.equal(result.status, "SUCCESSFUL");
    assert.equal(result.restoreJobId, JOB_ID);
    assert.equal(backup.commandCalls(DescribeRestoreJobCommand)[0].args[0].input.RestoreJobId, JOB_ID);
    assert.deepEqual(sleeps, []);
  });

  it("reads every page of scan jobs", async () => {
    backup
      .on(ListScanJobsCommand, { ByRecoveryPointArn: RECOVERY_POINT })
      .resolvesOnce({ ScanJobs: [{ ScanJobId: "s1", State: "RUNNING" } as never], NextToken: "t2" })
      .resolvesOnce({
        ScanJobs: [{ ScanJobId: "s2", State: "COMPLETED", ScanResult: { ScanResultStatus: "THREATS_FOUND" } } as never],
      });
    await run(completedRestoreEvent());
    const calls = backup.commandCalls(ListScanJobsCommand);
    assert.equal(calls.length, 2);
    assert.equal(calls[1].args[0].input.NextToken, "t2");
    assert.equal(reported().ValidationStatus, "FAILED");
  });

  describe("FAILED, with a message that says what failed", () => {
    it("the restored volume does not exist", async () => {
      ec2
        .on(DescribeVolumesCommand)
        .rejects(awsError("InvalidVolume.NotFound", "The volume 'vol-0abc' does not exist."));
      await run(completedRestoreEvent());
      const r = reported();
      assert.equal(r.ValidationStatus, "FAILED");
      assert.match(
        r.ValidationStatusMessage!,
        /^1 of 2 checks failed\. restored resource: EBS volume vol-0abc does not exist\./,
      );
      assert.match(r.ValidationStatusMessage!, /Passed: malware scan: no scan job of the recovery point is visible/);
    });

    it("the restored instance is stopped", async () => {
      backup
        .on(DescribeRestoreJobCommand)
        .resolves(
          restoreJob({ ResourceType: "EC2", CreatedResourceArn: "arn:aws:ec2:eu-west-1:333333333333:instance/i-0abc" }),
        );
      ec2.on(DescribeInstancesCommand, { InstanceIds: ["i-0abc"] }).resolves({
        Reservations: [{ Instances: [{ InstanceId: "i-0abc", State: { Name: "stopped" } }] }],
      });
      await run(completedRestoreEvent({ resourceType: "EC2" }));
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(
        reported().ValidationStatusMessage!,
        /restored resource: EC2 instance i-0abc is stopped, not running/,
      );
    });

    it("the instance stays pending: looks again, then fails saying for how long", async () => {
      backup
        .on(DescribeRestoreJobCommand)
        .resolves(
          restoreJob({ ResourceType: "EC2", CreatedResourceArn: "arn:aws:ec2:eu-west-1:333333333333:instance/i-0abc" }),
        );
      ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [{ Instances: [{ InstanceId: "i-0abc", State: { Name: "pending" } }] }],
      });
      await run(completedRestoreEvent());
      assert.equal(ec2.commandCalls(DescribeInstancesCommand).length, 3);
      assert.deepEqual(sleeps, [5_000, 5_000]);
      assert.match(reported().ValidationStatusMessage!, /EC2 instance i-0abc is still pending after 3 looks over 10 s/);
      assert.equal(reported().ValidationStatus, "FAILED");
    });

    it("a pending instance that starts running passes after waiting", async () => {
      backup
        .on(DescribeRestoreJobCommand)
        .resolves(
          restoreJob({ ResourceType: "EC2", CreatedResourceArn: "arn:aws:ec2:eu-west-1:333333333333:instance/i-0abc" }),
        );
      ec2
        .on(DescribeInstancesCommand)
        .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: "i-0abc", State: { Name: "pending" } }] }] })
        .resolves({ Reservations: [{ Instances: [{ InstanceId: "i-0abc", State: { Name: "running" } }] }] });
      await run(completedRestoreEvent());
      assert.deepEqual(sleeps, [5_000]);
      assert.equal(reported().ValidationStatus, "SUCCESSFUL");
    });

    it("the recovery point's malware scan found threats", async () => {
      backup.on(ListScanJobsCommand).resolves({
        ScanJobs: [
          { ScanJobId: "scan-9", State: "COMPLETED", ScanResult: { ScanResultStatus: "THREATS_FOUND" } } as never,
        ],
      });
      const result = asReport(await run(completedRestoreEvent()));
      assert.equal(result.status, "FAILED");
      assert.equal(
        reported().ValidationStatusMessage,
        "1 of 2 checks failed. malware scan: THREATS_FOUND in the recovery point (scan job scan-9). Passed: restored resource: EBS volume vol-0abc is available.",
      );
    });

    it("a check that throws is reported as a check that could not run, not skipped", async () => {
      ec2.on(DescribeVolumesCommand).rejects(awsError("UnauthorizedOperation", "You are not authorized"));
      backup.on(ListScanJobsCommand).rejects(awsError("ServiceUnavailableException", "try later"));
      await run(completedRestoreEvent());
      const r = reported();
      assert.equal(r.ValidationStatus, "FAILED");
      assert.equal(
        r.ValidationStatusMessage,
        `2 of 2 checks failed. restored resource could not be checked: reading EBS volume vol-0abc failed (UnauthorizedOperation: You are not authorized). malware scan could not be checked: listing the scan jobs of ${RECOVERY_POINT} failed (ServiceUnavailableException: try later).`,
      );
    });

    it("DescribeRestoreJob itself fails", async () => {
      backup.on(DescribeRestoreJobCommand).rejects(awsError("AccessDeniedException", "denied"));
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(
        reported().ValidationStatusMessage!,
        /restore job could not be checked: DescribeRestoreJob .* failed \(AccessDeniedException: denied\)/,
      );
      assert.equal(ec2.calls().length, 0);
    });

    it("the restore job names a resource the validator cannot check", async () => {
      backup.on(DescribeRestoreJobCommand).resolves(
        restoreJob({
          ResourceType: "FSx",
          CreatedResourceArn: "arn:aws:fsx:eu-west-1:333333333333:file-system/fs-0a",
        }),
      );
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(reported().ValidationStatusMessage!, /no check for resource type "FSx"/);
    });

    it("the restore job is not COMPLETED when described", async () => {
      backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ Status: "FAILED" }));
      await run(completedRestoreEvent());
      assert.match(reported().ValidationStatusMessage!, /DescribeRestoreJob reports status FAILED, not COMPLETED/);
      assert.equal(reported().ValidationStatus, "FAILED");
    });

    it("an S3 restore whose bucket is gone (HeadBucket 404)", async () => {
      backup
        .on(DescribeRestoreJobCommand)
        .resolves(restoreJob({ ResourceType: "S3", CreatedResourceArn: "arn:aws:s3:::restored-bucket-1" }));
      s3.on(HeadBucketCommand, { Bucket: "restored-bucket-1" }).rejects(awsError("NotFound", "Not Found", 404));
      await run(completedRestoreEvent());
      assert.match(
        reported().ValidationStatusMessage!,
        /restored resource: S3 bucket restored-bucket-1 does not exist/,
      );
    });

    it("a DynamoDB table still CREATING after every look, or missing", async () => {
      backup.on(DescribeRestoreJobCommand).resolves(
        restoreJob({
          ResourceType: "DynamoDB",
          CreatedResourceArn: "arn:aws:dynamodb:eu-west-1:333333333333:table/orders-restored",
        }),
      );
      dynamodb
        .on(DescribeTableCommand, { TableName: "orders-restored" })
        .resolves({ Table: { TableStatus: "CREATING" } });
      await run(completedRestoreEvent());
      assert.match(reported().ValidationStatusMessage!, /^The one check failed|^1 of 1 checks failed/);
      assert.match(
        reported().ValidationStatusMessage!,
        /DynamoDB table orders-restored is still CREATING after 3 looks/,
      );
      // DynamoDB recovery points are not scanned: no ListScanJobs.
      assert.equal(backup.commandCalls(ListScanJobsCommand).length, 0);

      backup.resetHistory();
      dynamodb.on(DescribeTableCommand).rejects(awsError("ResourceNotFoundException", "Requested resource not found"));
      await run(completedRestoreEvent());
      assert.match(reported().ValidationStatusMessage!, /DynamoDB table orders-restored does not exist/);
    });
  });

  it("reports SUCCESSFUL for a reachable S3 bucket and an ACTIVE table", async () => {
    backup
      .on(DescribeRestoreJobCommand)
      .resolves(restoreJob({ ResourceType: "S3", CreatedResourceArn: "arn:aws:s3:::restored-bucket-1" }));
    s3.on(HeadBucketCommand, { Bucket: "restored-bucket-1" }).resolves({});
    await run(completedRestoreEvent());
    assert.equal(reported().ValidationStatus, "SUCCESSFUL");

    backup.resetHistory();
    backup.on(DescribeRestoreJobCommand).resolves(
      restoreJob({
        ResourceType: "DynamoDB",
        CreatedResourceArn: "arn:aws:dynamodb:eu-west-1:333333333333:table/t01",
      }),
    );
    dynamodb.on(DescribeTableCommand, { TableName: "t01" }).resolves({ Table: { TableStatus: "ACTIVE" } });
    await run(completedRestoreEvent());
    assert.deepEqual(reported(), {
      RestoreJobId: JOB_ID,
      ValidationStatus: "SUCCESSFUL",
      ValidationStatusMessage: "The one check passed. restored resource: DynamoDB table t01 is ACTIVE.",
    });
  });

  describe("databases and file systems", () => {
    const DB_ARN = "arn:aws:rds:eu-west-1:333333333333:db:awsbackup-restore-test-db1";
    const CLUSTER_ARN = "arn:aws:rds:eu-west-1:333333333333:cluster:awsbackup-restore-test-c1";
    const FS_ARN = "arn:aws:elasticfilesystem:eu-west-1:333333333333:file-system/fs-0123456789abcdef0";
    const job = (ResourceType: string, CreatedResourceArn: string) =>
      backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ ResourceType, CreatedResourceArn }));

    it("an available RDS DB instance passes, read by its identifier, with no malware scan lookup", async () => {
      job("RDS", DB_ARN);
      rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "awsbackup-restore-test-db1" }).resolves({
        DBInstances: [{ DBInstanceIdentifier: "awsbackup-restore-test-db1", DBInstanceStatus: "available" }],
      });
      await run(completedRestoreEvent({ resourceType: "RDS" }));
      assert.deepEqual(reported(), {
        RestoreJobId: JOB_ID,
        ValidationStatus: "SUCCESSFUL",
        ValidationStatusMessage:
          "The one check passed. restored resource: RDS DB instance awsbackup-restore-test-db1 is available.",
      });
      assert.equal(backup.commandCalls(ListScanJobsCommand).length, 0);
      assert.deepEqual(sleeps, []);
    });

    it("a missing RDS DB instance fails (DBInstanceNotFoundFault, or an answer without it)", async () => {
      job("RDS", DB_ARN);
      rds.on(DescribeDBInstancesCommand).rejects(awsError("DBInstanceNotFoundFault", "DBInstance not found"));
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(reported().ValidationStatusMessage!, /RDS DB instance awsbackup-restore-test-db1 does not exist/);

      backup.resetHistory();
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
      await run(completedRestoreEvent());
      assert.match(reported().ValidationStatusMessage!, /RDS DB instance awsbackup-restore-test-db1 does not exist/);
    });

    it("an RDS DB instance stuck creating fails after every look; one that becomes available passes", async () => {
      job("RDS", DB_ARN);
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [{ DBInstanceIdentifier: "awsbackup-restore-test-db1", DBInstanceStatus: "creating" }],
      });
      await run(completedRestoreEvent());
      assert.equal(rds.commandCalls(DescribeDBInstancesCommand).length, 3);
      assert.deepEqual(sleeps, [5_000, 5_000]);
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(
        reported().ValidationStatusMessage!,
        /RDS DB instance awsbackup-restore-test-db1 is still creating after 3 looks over 10 s/,
      );

      backup.resetHistory();
      rds.reset();
      sleeps = [];
      rds
        .on(DescribeDBInstancesCommand)
        .resolvesOnce({
          DBInstances: [{ DBInstanceIdentifier: "awsbackup-restore-test-db1", DBInstanceStatus: "backing-up" }],
        })
        .resolves({
          DBInstances: [{ DBInstanceIdentifier: "awsbackup-restore-test-db1", DBInstanceStatus: "available" }],
        });
      await run(completedRestoreEvent());
      assert.deepEqual(sleeps, [5_000]);
      assert.equal(reported().ValidationStatus, "SUCCESSFUL");
    });

    it("an RDS DB instance in a failed state fails at once, naming the state", async () => {
      job("RDS", DB_ARN);
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [{ DBInstanceIdentifier: "awsbackup-restore-test-db1", DBInstanceStatus: "incompatible-restore" }],
      });
      await run(completedRestoreEvent());
      assert.deepEqual(sleeps, []);
      assert.match(
        reported().ValidationStatusMessage!,
        /RDS DB instance awsbackup-restore-test-db1 is incompatible-restore, not available/,
      );
    });

    it("an Aurora DB cluster: available passes, missing fails, stuck creating fails after waiting", async () => {
      job("Aurora", CLUSTER_ARN);
      rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: "awsbackup-restore-test-c1" }).resolves({
        DBClusters: [{ DBClusterIdentifier: "awsbackup-restore-test-c1", Status: "available" }],
      });
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "SUCCESSFUL");
      assert.match(reported().ValidationStatusMessage!, /Aurora DB cluster awsbackup-restore-test-c1 is available/);
      assert.equal(rds.commandCalls(DescribeDBInstancesCommand).length, 0, "a cluster is read as a cluster");

      backup.resetHistory();
      rds.on(DescribeDBClustersCommand).rejects(awsError("DBClusterNotFoundFault", "DBCluster not found"));
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(reported().ValidationStatusMessage!, /Aurora DB cluster awsbackup-restore-test-c1 does not exist/);

      backup.resetHistory();
      rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [{ DBClusterIdentifier: "awsbackup-restore-test-c1", Status: "creating" }],
      });
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(reported().ValidationStatusMessage!, /is still creating after 3 looks over 10 s/);
    });

    it("an EFS file system: available passes, FileSystemNotFound fails, stuck creating fails after waiting", async () => {
      job("EFS", FS_ARN);
      efs.on(DescribeFileSystemsCommand, { FileSystemId: "fs-0123456789abcdef0" }).resolves({
        FileSystems: [{ FileSystemId: "fs-0123456789abcdef0", LifeCycleState: "available" } as never],
      });
      await run(completedRestoreEvent());
      assert.deepEqual(reported(), {
        RestoreJobId: JOB_ID,
        ValidationStatus: "SUCCESSFUL",
        ValidationStatusMessage:
          "The one check passed. restored resource: EFS file system fs-0123456789abcdef0 is available.",
      });
      assert.equal(backup.commandCalls(ListScanJobsCommand).length, 0);

      backup.resetHistory();
      efs.on(DescribeFileSystemsCommand).rejects(awsError("FileSystemNotFound", "File system not found"));
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(reported().ValidationStatusMessage!, /EFS file system fs-0123456789abcdef0 does not exist/);

      backup.resetHistory();
      efs.on(DescribeFileSystemsCommand).resolves({
        FileSystems: [{ FileSystemId: "fs-0123456789abcdef0", LifeCycleState: "creating" } as never],
      });
      await run(completedRestoreEvent());
      assert.equal(efs.commandCalls(DescribeFileSystemsCommand).length, 5, "1 + 1 + 3 looks");
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(
        reported().ValidationStatusMessage!,
        /fs-0123456789abcdef0 is still creating after 3 looks over 10 s/,
      );
    });

    it("an RDS API error is a check that could not run, reported FAILED with the error", async () => {
      job("RDS", DB_ARN);
      rds.on(DescribeDBInstancesCommand).rejects(awsError("AccessDenied", "not authorized to rds:DescribeDBInstances"));
      await run(completedRestoreEvent());
      assert.equal(reported().ValidationStatus, "FAILED");
      assert.match(
        reported().ValidationStatusMessage!,
        /restored resource could not be checked: reading RDS DB instance awsbackup-restore-test-db1 failed \(AccessDenied/,
      );
    });
  });

  it("ignores events that are not completed restore tests of its plan: logs, reads nothing, reports nothing", async () => {
    const events = [
      completedRestoreEvent({ status: "RUNNING" }),
      completedRestoreEvent({ restoreTestingPlanArn: undefined }),
      completedRestoreEvent({
        restoreTestingPlanArn: "arn:aws:backup:eu-west-1:333333333333:restore-testing-plan:x-1",
      }),
      { ...completedRestoreEvent(), "detail-type": "Backup Job State Change" },
      {},
    ];
    for (const event of events) {
      const result = await run(event);
      assert.equal(result.ignored, true, JSON.stringify(event));
    }
    assert.equal(backup.calls().length, 0);
    assert.equal(ec2.calls().length, 0);
    assert.equal(logs.filter((l) => l.msg === "ignored event").length, events.length);
  });

  it("throws when PutRestoreValidationResult fails, so Lambda retries the event", async () => {
    backup.on(PutRestoreValidationResultCommand).rejects(awsError("ServiceUnavailableException", "down"));
    await assert.rejects(run(completedRestoreEvent()), (e: Error) => {
      assert.match(e.message, new RegExp(`PutRestoreValidationResult for restore job ${JOB_ID} failed: .*down`));
      assert.equal((e.cause as Error).name, "ServiceUnavailableException");
      return true;
    });
    assert.ok(logs.some((l) => l.msg === "reporting the validation result failed"));
  });

  describe("the hourly sweep (a restore job whose event was lost)", () => {
    const NOW = new Date("2026-06-01T12:00:00Z");
    const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
    const sweep = (over: Partial<ValidatorDeps> = {}) =>
      createHandler(deps({ now: () => NOW, ...over }))({ ...SWEEP_INPUT });

    it("validates the plan's completed jobs that no validation reached, and only those", async () => {
      backup
        .on(ListRestoreJobsCommand)
        .resolvesOnce({
          RestoreJobs: [
            { RestoreJobId: JOB_ID, Status: "COMPLETED", ResourceType: "EBS", CompletionDate: minutesAgo(90) },
            // Already validated, being deleted, or too recent (its own event is still expected):
            {
              RestoreJobId: "done",
              Status: "COMPLETED",
              CompletionDate: minutesAgo(90),
              ValidationStatus: "SUCCESSFUL",
            },
            { RestoreJobId: "gone", Status: "COMPLETED", CompletionDate: minutesAgo(90), DeletionStatus: "SUCCESSFUL" },
          ],
          NextToken: "page-2",
        })
        .resolvesOnce({
          RestoreJobs: [{ RestoreJobId: "fresh", Status: "COMPLETED", CompletionDate: minutesAgo(5) }],
        });
      const result = await sweep();
      assert.ok("sweep" in result && result.sweep);
      assert.deepEqual(
        result.validated.map((v) => [v.restoreJobId, v.status]),
        [[JOB_ID, "SUCCESSFUL"]],
      );
      assert.equal(result.leftForNextSweep, 0);
      const listings = backup.commandCalls(ListRestoreJobsCommand).map((c) => c.args[0].input);
      assert.equal(listings.length, 2, "every page is read");
      assert.equal(listings[0].ByRestoreTestingPlanArn, PLAN);
      assert.equal(listings[0].ByStatus, "COMPLETED");
      assert.deepEqual(listings[0].ByCompleteAfter, new Date("2026-05-25T12:00:00Z"), "168 hours back");
      assert.equal(listings[1].NextToken, "page-2");
      assert.equal(reported().RestoreJobId, JOB_ID);
      assert.ok(logs.some((l) => l.msg === "sweep" && (l.validated as string[])[0] === JOB_ID));
    });

    it("validates at most three jobs per run, oldest first, leaving the rest for the next sweep", async () => {
      const jobs = [50, 300, 100, 200, 400].map((m) => ({
        RestoreJobId: `job-${m}`,
        Status: "COMPLETED" as const,
        CompletionDate: minutesAgo(m),
      }));
      backup.on(ListRestoreJobsCommand).resolves({ RestoreJobs: jobs });
      backup.on(DescribeRestoreJobCommand).resolves(restoreJob());
      const result = await sweep();
      assert.ok("sweep" in result);
      assert.deepEqual(
        result.validated.map((v) => v.restoreJobId),
        ["job-400", "job-300", "job-200"],
      );
      assert.equal(result.leftForNextSweep, 2);
    });

    it("is ignored without the function's plan, and fails loudly when the listing fails", async () => {
      const ignored = await sweep({ expectedPlanArn: undefined });
      assert.equal(ignored.ignored, true);
      assert.equal(backup.calls().length, 0);
      backup.on(ListRestoreJobsCommand).rejects(awsError("AccessDeniedException", "no ListRestoreJobs"));
      await assert.rejects(sweep(), /no ListRestoreJobs/);
      assert.equal(backup.commandCalls(PutRestoreValidationResultCommand).length, 0);
    });
  });
});
