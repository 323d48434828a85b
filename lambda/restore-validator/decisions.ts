/**
 * The restore validator's decisions, without the AWS SDK: which restored resource a job created,
 * which checks apply to its type, what a resource's state or a malware scan result means, and how
 * the checks' results combine into the status and message reported to AWS Backup. The handler
 * (handler.ts) only gathers observations and reports; everything that could be argued about is here.
 *
 * The status AWS Backup accepts is FAILED, SUCCESSFUL, TIMED_OUT or VALIDATING (AWS Backup API
 * reference, PutRestoreValidationResult). This validator reports SUCCESSFUL only when every check
 * that applies ran and passed, and FAILED otherwise, including when a check could not run: a
 * validation that did not happen must not read as a restore that works.
 */
import { parseArn } from "../../lib/arn";
import type { RestoreTestType } from "../../lib/restore/restore-testing";

/** The restored resource a restore job created, by type. */
export type Target =
  | { type: "EBS"; id: string }
  | { type: "EC2"; id: string }
  | { type: "S3"; id: string }
  | { type: "DynamoDB"; id: string }
  | { type: "RDS"; id: string }
  | { type: "Aurora"; id: string }
  | { type: "EFS"; id: string };

/** How each type's resource is named in messages, and what its created-resource ARN looks like. */
const TARGETS: Readonly<Record<RestoreTestType, { noun: string; service: string; resource: RegExp; example: string }>> =
  {
    // arn:<partition>:ec2:<region>:<account>:volume/vol-... (Service Authorization Reference, Amazon EC2 resource types)
    EBS: { noun: "EBS volume", service: "ec2", resource: /^volume\/(vol-[0-9a-f]+)$/, example: "volume/vol-..." },
    EC2: { noun: "EC2 instance", service: "ec2", resource: /^instance\/(i-[0-9a-f]+)$/, example: "instance/i-..." },
    // arn:<partition>:s3:::<bucket> (no region or account in S3 bucket ARNs)
    S3: { noun: "S3 bucket", service: "s3", resource: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/, example: "<bucket>" },
    // arn:<partition>:dynamodb:<region>:<account>:table/<name>
    DynamoDB: {
      noun: "DynamoDB table",
      service: "dynamodb",
      resource: /^table\/([A-Za-z0-9_.-]{3,255})$/,
      example: "table/<name>",
    },
    // arn:<partition>:rds:<region>:<account>:db:<id> and ...:cluster:<id>; identifiers are 1-63
    // letters, digits or hyphens starting with a letter (Amazon RDS API reference,
    // RestoreDBInstanceFromDBSnapshot DBInstanceIdentifier, RestoreDBClusterFromSnapshot DBClusterIdentifier).
    RDS: { noun: "RDS DB instance", service: "rds", resource: /^db:([A-Za-z][A-Za-z0-9-]{0,62})$/, example: "db:<id>" },
    Aurora: {
      noun: "Aurora DB cluster",
      service: "rds",
      resource: /^cluster:([A-Za-z][A-Za-z0-9-]{0,62})$/,
      example: "cluster:<id>",
    },
    // arn:<partition>:elasticfilesystem:<region>:<account>:file-system/fs-... (Amazon EFS API
    // reference, FileSystemDescription FileSystemArn and FileSystemId).
    EFS: {
      noun: "EFS file system",
      service: "elasticfilesystem",
      resource: /^file-system\/(fs-[0-9a-f]{8,40})$/,
      example: "file-system/fs-...",
    },
  };

export function isValidatedType(type: string | undefined): type is RestoreTestType {
  return type !== undefined && Object.prototype.hasOwnProperty.call(TARGETS, type);
}

export function describeTarget(t: Target): string {
  return `${TARGETS[t.type].noun} ${t.id}`;
}

/** The restored resource of a job, or why it cannot be told. */
export function targetOf(
  resourceType: string | undefined,
  createdResourceArn: string | undefined,
): { target: Target } | { problem: string } {
  if (!isValidatedType(resourceType)) {
    return {
      problem: `the validator has no check for resource type ${JSON.stringify(resourceType ?? null)} (it checks ${Object.keys(TARGETS).join(", ")})`,
    };
  }
  const spec = TARGETS[resourceType];
  if (!createdResourceArn) return { problem: `the restore job names no created ${spec.noun}` };
  const arn = parseArn(createdResourceArn);
  const m = arn?.service === spec.service ? spec.resource.exec(arn.resource) : null;
  if (!m) {
    return {
      problem: `created resource ${createdResourceArn} is not of the form arn:<partition>:${spec.service}:...:${spec.example} (${spec.noun})`,
    };
  }
  return { target: { type: resourceType, id: m[1] } as Target };
}

/**
 * Recovery point types AWS Backup's malware scanning covers (AWS Backup API reference, ScanAction
 * and ListScanJobs ByResourceType: EBS, EC2, S3). DynamoDB, RDS, Aurora and EFS recovery points
 * are never scanned, so no scan result is looked up for them.
 */
export const SCANNED_TYPES: readonly RestoreTestType[] = ["EBS", "EC2", "S3"];

export type CheckName = "restored resource" | "malware scan";

/** The checks that apply to a restore job of this type, in the order they run and are reported. */
export function checksFor(type: RestoreTestType): CheckName[] {
  return SCANNED_TYPES.includes(type) ? ["restored resource", "malware scan"] : ["restored resource"];
}

/** What the handler saw of the restored resource: its state, or that it does not exist. */
export type Observation = { found: true; state: string } | { found: false };

/** For S3 the observation is whether HeadBucket answered; a bucket has no state. */
export const BUCKET_REACHABLE = "reachable";

/** A decision about one check: pass, fail, or (for a state AWS is still moving through) look again. */
export interface Verdict {
  outcome: "pass" | "fail" | "wait";
  detail: string;
}

/**
 * Usable and transitional states, by type:
 * - EBS volume State: creating | available | in-use | deleting | deleted | error (EC2 API
 *   reference, Volume). A restored volume is usable once available (or attached, in-use).
 * - EC2 instance State.Name: pending | running | shutting-down | terminated | stopping | stopped
 *   (EC2 API reference, InstanceState). A restore completes around launch, so pending is waited out.
 * - DynamoDB TableStatus: CREATING | UPDATING | DELETING | ACTIVE | INACCESSIBLE_ENCRYPTION_CREDENTIALS
 *   | ARCHIVING | ARCHIVED (DynamoDB API reference, TableDescription). Only ACTIVE is usable.
 * - S3: HeadBucket answering 200 means the bucket exists and this account may access it
 *   (Amazon S3 API reference, HeadBucket).
 * - RDS DBInstanceStatus (Amazon RDS user guide, "Viewing Amazon RDS DB instance status"): only
 *   available accepts connections; creating, backing-up (a restored instance takes its first
 *   automated backup), modifying, configuring-*, rebooting, renaming, starting, upgrading and
 *   maintenance are on the way there. Anything else (failed, incompatible-restore,
 *   incompatible-network, inaccessible-encryption-credentials, storage-full, stopped, ...) fails.
 * - Aurora DB cluster Status (Amazon Aurora user guide, "Viewing DB cluster status"): the same
 *   reading. AWS Backup restores the cluster and creates no DB instance in it (AWS Backup developer
 *   guide, "Restoring an Amazon Aurora cluster"), so the check is that the restored cluster itself is
 *   available, not that it serves queries.
 * - EFS LifeCycleState: creating | available | updating | deleting | deleted | error (Amazon EFS API
 *   reference, FileSystemDescription). Only available is usable.
 */
const STATES: Readonly<Record<RestoreTestType, { usable: string[]; transitional: string[] }>> = {
  EBS: { usable: ["available", "in-use"], transitional: ["creating"] },
  EC2: { usable: ["running"], transitional: ["pending"] },
  DynamoDB: { usable: ["ACTIVE"], transitional: ["CREATING", "UPDATING"] },
  S3: { usable: [BUCKET_REACHABLE], transitional: [] },
  RDS: {
    usable: ["available"],
    transitional: [
      "creating",
      "backing-up",
      "modifying",
      "configuring-enhanced-monitoring",
      "configuring-iam-database-auth",
      "configuring-log-exports",
      "rebooting",
      "renaming",
      "starting",
      "upgrading",
      "maintenance",
    ],
  },
  Aurora: {
    usable: ["available"],
    transitional: [
      "creating",
      "backing-up",
      "modifying",
      "migrating",
      "renaming",
      "resetting-master-credentials",
      "starting",
      "upgrading",
      "maintenance",
    ],
  },
  EFS: { usable: ["available"], transitional: ["creating", "updating"] },
};

export function resourceVerdict(target: Target, seen: Observation): Verdict {
  const what = describeTarget(target);
  if (!seen.found) return { outcome: "fail", detail: `${what} does not exist` };
  const states = STATES[target.type];
  if (states.usable.includes(seen.state)) return { outcome: "pass", detail: `${what} is ${seen.state}` };
  if (states.transitional.includes(seen.state)) {
    return { outcome: "wait", detail: `${what} is still ${seen.state}` };
  }
  return { outcome: "fail", detail: `${what} is ${seen.state}, not ${states.usable.join(" or ")}` };
}

/** A state still transitional after the handler stopped waiting is a failure: the resource never became usable. */
export function afterWaiting(verdict: Verdict, attempts: number, waitedSeconds: number): Verdict {
  if (verdict.outcome !== "wait") return verdict;
  return {
    outcome: "fail",
    detail: `${verdict.detail} after ${attempts} looks over ${waitedSeconds} s`,
  };
}

/** A scan job of the restored recovery point, as ListScanJobs returns it (AWS Backup API reference, ScanJob). */
export interface ScanJobSummary {
  scanJobId?: string;
  /** CANCELED | COMPLETED | COMPLETED_WITH_ISSUES | CREATED | FAILED | RUNNING. */
  state?: string;
  /** ScanResult.ScanResultStatus: NO_THREATS_FOUND | THREATS_FOUND | UNKNOWN. */
  result?: string;
}

const ids = (jobs: ScanJobSummary[]) => jobs.map((j) => j.scanJobId ?? "(no id)").join(", ");

/**
 * THREATS_FOUND in any scan of the recovery point fails the validation, whatever later scans say:
 * a recovery point that ever showed malware is not one to restore to production unreviewed. No
 * scan, or none with a result, passes with a note: scanning is a backup plan setting of the account
 * that made the recovery point, and ListScanJobs returns only the calling account's scan jobs of
 * the last 30 days (AWS Backup API reference, ListScanJobs), so the IRE often sees none.
 */
export function scanVerdict(jobs: ScanJobSummary[]): Verdict {
  const threats = jobs.filter((j) => j.result === "THREATS_FOUND");
  if (threats.length > 0) {
    return { outcome: "fail", detail: `THREATS_FOUND in the recovery point (scan job ${ids(threats)})` };
  }
  const clean = jobs.filter((j) => j.result === "NO_THREATS_FOUND");
  if (clean.length > 0) return { outcome: "pass", detail: `NO_THREATS_FOUND (scan job ${ids(clean)})` };
  if (jobs.length === 0) {
    return { outcome: "pass", detail: "no scan job of the recovery point is visible to this account" };
  }
  const states = jobs.map((j) => `${j.scanJobId ?? "(no id)"} ${j.result ?? j.state ?? "without a state"}`);
  return { outcome: "pass", detail: `no scan result yet (${states.join(", ")})` };
}

/** One check's result. `error` is a check that could not run (an API call failed): it fails the validation. */
export interface CheckResult {
  check: CheckName | "restore job";
  outcome: "passed" | "failed" | "error";
  detail: string;
}

export function fromVerdict(check: CheckName, v: Verdict): CheckResult {
  return { check, outcome: v.outcome === "pass" ? "passed" : "failed", detail: v.detail };
}

/** Longest detail kept from an error message, so one SDK error cannot swamp the report. */
export const MAX_DETAIL_CHARS = 300;

export function errorDetail(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | undefined;
  const name = typeof e?.name === "string" ? e.name : "Error";
  const message = typeof e?.message === "string" ? e.message : String(error);
  const text = `${name}: ${message}`;
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 3)}...` : text;
}

export function checkError(check: CheckResult["check"], what: string, error: unknown): CheckResult {
  return { check, outcome: "error", detail: `${what} failed (${errorDetail(error)})` };
}

export interface ValidationReport {
  status: "SUCCESSFUL" | "FAILED";
  message: string;
}

const line = (r: CheckResult) =>
  r.outcome === "error" ? `${r.check} could not be checked: ${r.detail}` : `${r.check}: ${r.detail}`;

/**
 * SUCCESSFUL only when there were checks and every one passed. A FAILED message lists what failed
 * or could not run first, then what passed, so the console's one line says what to look at.
 */
export function combine(results: CheckResult[]): ValidationReport {
  if (results.length === 0) return { status: "FAILED", message: "No check ran on the restored resource." };
  const bad = results.filter((r) => r.outcome !== "passed");
  const good = results.filter((r) => r.outcome === "passed");
  if (bad.length === 0) {
    return {
      status: "SUCCESSFUL",
      message: `${results.length === 1 ? "The one check" : `All ${results.length} checks`} passed. ${good.map(line).join(". ")}.`,
    };
  }
  const passed = good.length > 0 ? ` Passed: ${good.map(line).join(". ")}.` : "";
  return {
    status: "FAILED",
    message: `${bad.length} of ${results.length} checks failed. ${bad.map(line).join(". ")}.${passed}`,
  };
}
