/**
 * The restore validator's handler: EventBridge delivers a completed restore test job (see
 * lib/restore/validation-events.ts), the handler looks at what the job restored and reports the
 * result to AWS Backup with PutRestoreValidationResult. Decisions live in decisions.ts; this file
 * wires the AWS SDK v3 clients, which are passed in so tests can mock them.
 *
 * APIs (AWS SDK for JavaScript v3 command names; request and response shapes from each client's
 * dist-types): AWS Backup DescribeRestoreJob (RestoreJobId -> ResourceType, CreatedResourceArn,
 * RecoveryPointArn, Status), ListScanJobs (ByRecoveryPointArn -> ScanJobs[].State,
 * ScanJobs[].ScanResult.ScanResultStatus, NextToken), PutRestoreValidationResult (RestoreJobId,
 * ValidationStatus, ValidationStatusMessage); Amazon EC2 DescribeVolumes, DescribeInstances;
 * Amazon S3 HeadBucket; Amazon DynamoDB DescribeTable; Amazon RDS DescribeDBInstances
 * (DBInstanceIdentifier -> DBInstances[].DBInstanceStatus) and DescribeDBClusters
 * (DBClusterIdentifier -> DBClusters[].Status); Amazon EFS DescribeFileSystems (FileSystemId ->
 * FileSystems[].LifeCycleState).
 *
 * Errors: a check whose API call fails is reported as FAILED with the error, never skipped. Only a
 * failure to report (PutRestoreValidationResult itself) is thrown, so that Lambda's asynchronous
 * retries, and whatever on-failure handling the function has, see it (AWS Lambda developer guide,
 * "Error handling and automatic retries in AWS Lambda": asynchronous invocations such as
 * EventBridge's are retried twice on a function error).
 */
import {
  type BackupClient,
  DescribeRestoreJobCommand,
  type DescribeRestoreJobCommandOutput,
  ListRestoreJobsCommand,
  ListScanJobsCommand,
  PutRestoreValidationResultCommand,
} from "@aws-sdk/client-backup";
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeInstancesCommand, DescribeVolumesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { DescribeFileSystemsCommand, type EFSClient } from "@aws-sdk/client-efs";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, type RDSClient } from "@aws-sdk/client-rds";
import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { parseRestoreEvent, RESTORE_JOB_COMPLETED } from "../../lib/restore/validation-events";
import {
  isSweepEvent,
  SWEEP_MAX_JOBS,
  sweepLookbackStart,
  unvalidatedJobs,
  type ListedRestoreJob,
} from "../../lib/restore/validation-sweep";
import {
  afterWaiting,
  BUCKET_REACHABLE,
  checkError,
  checksFor,
  combine,
  describeTarget,
  fromVerdict,
  resourceVerdict,
  scanVerdict,
  targetOf,
  type CheckResult,
  type Observation,
  type ScanJobSummary,
  type Target,
  type ValidationReport,
} from "./decisions";

export interface ValidatorClients {
  backup: BackupClient;
  ec2: EC2Client;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  rds: RDSClient;
  efs: EFSClient;
}

export interface ValidatorDeps extends ValidatorClients {
  /** Only restore jobs of this restore testing plan are validated (the function's RESTORE_TESTING_PLAN_ARN). */
  expectedPlanArn?: string;
  /** How many times a transitional state (a volume still creating, an instance still pending) is read. */
  waitAttempts?: number;
  /** Pause between two reads of a transitional state. */
  waitIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** One structured log line (CloudWatch Logs, through the function's log group). */
  log?: (entry: Record<string, unknown>) => void;
  /** The clock, for the sweep's time window. */
  now?: () => Date;
}

/** 10 reads 15 s apart: under three minutes, inside the function's timeout (components/restore-validation.ts). */
export const DEFAULT_WAIT_ATTEMPTS = 10;
export const DEFAULT_WAIT_INTERVAL_MS = 15_000;
/** ListScanJobs pages read at most; a recovery point has a handful of scan jobs, not thousands. */
export const MAX_SCAN_JOB_PAGES = 20;

export type ValidationOutcome = { ignored: false; restoreJobId: string } & ValidationReport;

export type HandlerResult =
  | { ignored: true; reason: string }
  | ValidationOutcome
  | { ignored: false; sweep: true; validated: ValidationOutcome[]; leftForNextSweep: number };

/** ListRestoreJobs pages read at most by a sweep (a plan runs a handful of tests a week). */
const MAX_RESTORE_JOB_PAGES = 20;

const hasName = (e: unknown, ...names: string[]) =>
  typeof (e as { name?: unknown })?.name === "string" && names.includes((e as { name: string }).name);
const httpStatus = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/**
 * Reads the restored resource once. A resource that does not exist is an observation, not an error:
 * EC2 reports InvalidVolume.NotFound / InvalidInstanceID.NotFound (Amazon EC2 API reference, error
 * codes), DynamoDB ResourceNotFoundException, HeadBucket a 404 (Amazon S3 API reference), RDS
 * DBInstanceNotFound / DBClusterNotFoundFault (Amazon RDS API reference, DescribeDBInstances and
 * DescribeDBClusters errors; the SDK names them DBInstanceNotFoundFault and DBClusterNotFoundFault)
 * and EFS FileSystemNotFound (Amazon EFS API reference, DescribeFileSystems errors).
 */
async function observe(clients: ValidatorClients, target: Target): Promise<Observation> {
  switch (target.type) {
    case "EBS":
      try {
        const out = await clients.ec2.send(new DescribeVolumesCommand({ VolumeIds: [target.id] }));
        const state = out.Volumes?.find((v) => v.VolumeId === target.id)?.State;
        return state ? { found: true, state } : { found: false };
      } catch (e) {
        if (hasName(e, "InvalidVolume.NotFound")) return { found: false };
        throw e;
      }
    case "EC2":
      try {
        const out = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [target.id] }));
        const instance = (out.Reservations ?? [])
          .flatMap((r) => r.Instances ?? [])
          .find((i) => i.InstanceId === target.id);
        const state = instance?.State?.Name;
        return state ? { found: true, state } : { found: false };
      } catch (e) {
        if (hasName(e, "InvalidInstanceID.NotFound")) return { found: false };
        throw e;
      }
    case "S3":
      try {
        await clients.s3.send(new HeadBucketCommand({ Bucket: target.id }));
        return { found: true, state: BUCKET_REACHABLE };
      } catch (e) {
        if (hasName(e, "NotFound", "NoSuchBucket") || httpStatus(e) === 404) return { found: false };
        throw e;
      }
    case "DynamoDB":
      try {
        const out = await clients.dynamodb.send(new DescribeTableCommand({ TableName: target.id }));
        const state = out.Table?.TableStatus;
        return state ? { found: true, state } : { found: false };
      } catch (e) {
        if (hasName(e, "ResourceNotFoundException")) return { found: false };
        throw e;
      }
    case "RDS":
      try {
        const out = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: target.id }));
        // Identifiers are stored in lower case (RDS API reference), so compare without case.
        const state = out.DBInstances?.find(
          (d) => d.DBInstanceIdentifier?.toLowerCase() === target.id.toLowerCase(),
        )?.DBInstanceStatus;
        return state ? { found: true, state } : { found: false };
      } catch (e) {
        if (hasName(e, "DBInstanceNotFoundFault", "DBInstanceNotFound")) return { found: false };
        throw e;
      }
    case "Aurora":
      try {
        const out = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: target.id }));
        const state = out.DBClusters?.find(
          (c) => c.DBClusterIdentifier?.toLowerCase() === target.id.toLowerCase(),
        )?.Status;
        return state ? { found: true, state } : { found: false };
      } catch (e) {
        if (hasName(e, "DBClusterNotFoundFault", "DBClusterNotFound")) return { found: false };
        throw e;
      }
    case "EFS":
      try {
        const out = await clients.efs.send(new DescribeFileSystemsCommand({ FileSystemId: target.id }));
        const state = out.FileSystems?.find((f) => f.FileSystemId === target.id)?.LifeCycleState;
        return state ? { found: true, state } : { found: false };
      } catch (e) {
        if (hasName(e, "FileSystemNotFound")) return { found: false };
        throw e;
      }
  }
}

/** Every scan job of the recovery point this account can see, across pages. */
async function scanJobsOf(backup: BackupClient, recoveryPointArn: string): Promise<ScanJobSummary[]> {
  const jobs: ScanJobSummary[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_SCAN_JOB_PAGES; page++) {
    const out = await backup.send(
      new ListScanJobsCommand({ ByRecoveryPointArn: recoveryPointArn, ...(token ? { NextToken: token } : {}) }),
    );
    for (const j of out.ScanJobs ?? []) {
      jobs.push({ scanJobId: j.ScanJobId, state: j.State, result: j.ScanResult?.ScanResultStatus });
    }
    token = out.NextToken;
    if (!token) return jobs;
  }
  throw new Error(`more than ${MAX_SCAN_JOB_PAGES} pages of scan jobs for ${recoveryPointArn}`);
}

/**
 * One decision, one JSON line on stdout, written directly rather than through console.log: the
 * Node.js runtime's console methods prefix each line with a timestamp, the request ID and the level
 * in Lambda's text log format (AWS Lambda developer guide, "Log and monitor Node.js Lambda
 * functions", log format example), and a CloudWatch Logs JSON metric filter reads JSON log events
 * (CloudWatch Logs user guide, "Filter pattern syntax for metric filters"). Direct stdout writes
 * reach the log group as they are, which is why plain pino output lacks that prefix (pino-lambda's
 * README). The FAILED alarm (lib/restore/validation-alerts.ts) depends on it.
 */
export function writeJsonLine(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

export function createHandler(deps: ValidatorDeps): (event: unknown) => Promise<HandlerResult> {
  const attempts = Math.max(1, deps.waitAttempts ?? DEFAULT_WAIT_ATTEMPTS);
  const interval = deps.waitIntervalMs ?? DEFAULT_WAIT_INTERVAL_MS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = deps.log ?? writeJsonLine;

  async function checkResource(target: Target): Promise<CheckResult> {
    try {
      let verdict = resourceVerdict(target, await observe(deps, target));
      let looks = 1;
      while (verdict.outcome === "wait" && looks < attempts) {
        log({ msg: "waiting for the restored resource", detail: verdict.detail, look: looks });
        await sleep(interval);
        verdict = resourceVerdict(target, await observe(deps, target));
        looks++;
      }
      return fromVerdict("restored resource", afterWaiting(verdict, looks, ((looks - 1) * interval) / 1000));
    } catch (e) {
      return checkError("restored resource", `reading ${describeTarget(target)}`, e);
    }
  }

  async function checkScans(recoveryPointArn: string | undefined): Promise<CheckResult> {
    if (!recoveryPointArn) {
      return { check: "malware scan", outcome: "error", detail: "the restore job names no recovery point" };
    }
    try {
      return fromVerdict("malware scan", scanVerdict(await scanJobsOf(deps.backup, recoveryPointArn)));
    } catch (e) {
      return checkError("malware scan", `listing the scan jobs of ${recoveryPointArn}`, e);
    }
  }

  async function runChecks(job: DescribeRestoreJobCommandOutput, eventType?: string): Promise<CheckResult[]> {
    if (job.Status !== RESTORE_JOB_COMPLETED) {
      return [
        {
          check: "restore job",
          outcome: "failed",
          detail: `DescribeRestoreJob reports status ${job.Status ?? "none"}, not COMPLETED`,
        },
      ];
    }
    const found = targetOf(job.ResourceType ?? eventType, job.CreatedResourceArn);
    if ("problem" in found) return [{ check: "restored resource", outcome: "error", detail: found.problem }];
    const results: CheckResult[] = [];
    for (const check of checksFor(found.target.type)) {
      results.push(
        check === "restored resource" ? await checkResource(found.target) : await checkScans(job.RecoveryPointArn),
      );
    }
    return results;
  }

  /** Validates one restore job and reports the result to AWS Backup; throws if the report fails. */
  async function validateJob(restoreJobId: string, resourceTypeHint?: string): Promise<ValidationOutcome> {
    let results: CheckResult[];
    try {
      const job = await deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
      results = await runChecks(job, resourceTypeHint);
    } catch (e) {
      results = [checkError("restore job", `DescribeRestoreJob ${restoreJobId}`, e)];
    }
    const report = combine(results);
    log({ msg: "validation result", restoreJobId, status: report.status, message: report.message, results });
    try {
      await deps.backup.send(
        new PutRestoreValidationResultCommand({
          RestoreJobId: restoreJobId,
          ValidationStatus: report.status,
          ValidationStatusMessage: report.message,
        }),
      );
    } catch (e) {
      log({ msg: "reporting the validation result failed", restoreJobId, error: String(e) });
      throw new Error(`PutRestoreValidationResult for restore job ${restoreJobId} failed: ${String(e)}`, {
        cause: e,
      });
    }
    return { ignored: false, restoreJobId, ...report };
  }

  /** The plan's completed restore jobs that no validation reached (lib/restore/validation-sweep.ts). */
  async function sweep(planArn: string): Promise<HandlerResult> {
    const now = (deps.now ?? (() => new Date()))();
    const listed: ListedRestoreJob[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_RESTORE_JOB_PAGES; page++) {
      const out = await deps.backup.send(
        new ListRestoreJobsCommand({
          ByRestoreTestingPlanArn: planArn,
          ByStatus: RESTORE_JOB_COMPLETED,
          ByCompleteAfter: sweepLookbackStart(now),
          ...(token ? { NextToken: token } : {}),
        }),
      );
      listed.push(...(out.RestoreJobs ?? []));
      token = out.NextToken;
      if (!token) break;
    }
    const candidates = unvalidatedJobs(listed, now);
    const validated: ValidationOutcome[] = [];
    for (const c of candidates.slice(0, SWEEP_MAX_JOBS))
      validated.push(await validateJob(c.restoreJobId, c.resourceType));
    const leftForNextSweep = Math.max(0, candidates.length - SWEEP_MAX_JOBS);
    log({ msg: "sweep", listed: listed.length, validated: validated.map((v) => v.restoreJobId), leftForNextSweep });
    return { ignored: false, sweep: true, validated, leftForNextSweep };
  }

  return async (event: unknown): Promise<HandlerResult> => {
    if (isSweepEvent(event)) {
      if (!deps.expectedPlanArn) {
        const reason = "a sweep needs the function's RESTORE_TESTING_PLAN_ARN";
        log({ msg: "ignored event", reason });
        return { ignored: true, reason };
      }
      return sweep(deps.expectedPlanArn);
    }
    const parsed = parseRestoreEvent(event, deps.expectedPlanArn);
    if (parsed.kind === "ignored") {
      log({ msg: "ignored event", reason: parsed.reason });
      return { ignored: true, reason: parsed.reason };
    }
    return validateJob(parsed.job.restoreJobId, parsed.job.resourceType);
  };
}
