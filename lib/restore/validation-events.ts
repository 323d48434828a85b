/**
 * The EventBridge event that starts a restore validation, shared by the rule the program creates
 * (components/restore-validation.ts) and the validator that reads it (lambda/restore-validator/).
 * Pure, no SDK or Pulumi import: the Lambda bundle includes this file.
 *
 * Sources:
 * - EventBridge events reference, "AWS Backup events"
 *   (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html): AWS Backup sends
 *   "Restore Job State Change" directly to EventBridge, source `aws.backup`, delivery best effort.
 * - AWS Backup developer guide, "Monitoring AWS Backup events using Amazon EventBridge"
 *   (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html): restore job events
 *   report `status` (backup and copy jobs report `state`), e.g. `"status": "COMPLETED"`, with
 *   `restoreJobId`, `resourceType` and `createdResourceArn` in `detail`.
 * - AWS Backup developer guide, "Restore testing validation"
 *   (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html): the
 *   validation workflow is an EventBridge target on the restore job reaching COMPLETED; its sample
 *   reads `event.detail.restoreTestingPlanArn`, `resourceType`, `createdResourceArn` and
 *   `restoreJobId`. AWS's own sample stack (aws-samples/backup-recovery-with-aws-backup,
 *   cloudformation/stacks/aws-backup-restore-test-validation.yaml) matches `detail.status`
 *   COMPLETED and `detail.restoreTestingPlanArn` equal to its plan's ARN, as the pattern below does.
 */

export const BACKUP_EVENT_SOURCE = "aws.backup";
export const RESTORE_JOB_DETAIL_TYPE = "Restore Job State Change";
export const RESTORE_JOB_COMPLETED = "COMPLETED";

/** The validator's environment variable naming the one restore testing plan it validates. */
export const PLAN_ARN_VARIABLE = "RESTORE_TESTING_PLAN_ARN";

/** The part of a "Restore Job State Change" event's `detail` the validator reads. */
export interface RestoreJobEventDetail {
  restoreJobId?: unknown;
  status?: unknown;
  resourceType?: unknown;
  createdResourceArn?: unknown;
  restoreTestingPlanArn?: unknown;
}

export interface RestoreJobEvent {
  source?: unknown;
  "detail-type"?: unknown;
  detail?: RestoreJobEventDetail | null;
}

export interface RestoreJobEventPattern {
  source: string[];
  "detail-type": string[];
  detail: { status: string[]; restoreTestingPlanArn: string[] };
}

/**
 * Completed restore jobs of one restore testing plan. Matching the plan's ARN (not just "any
 * restoreTestingPlanArn") keeps ad-hoc restores and other plans' tests away from the validator:
 * only this plan's jobs have a validation window the validator may report into.
 */
export function restoreValidationEventPattern(restoreTestingPlanArn: string): RestoreJobEventPattern {
  return {
    source: [BACKUP_EVENT_SOURCE],
    "detail-type": [RESTORE_JOB_DETAIL_TYPE],
    detail: { status: [RESTORE_JOB_COMPLETED], restoreTestingPlanArn: [restoreTestingPlanArn] },
  };
}

/** A restore test job the validator must report on. */
export interface CompletedRestoreTest {
  restoreJobId: string;
  restoreTestingPlanArn: string;
  /** As the event says; the validator trusts DescribeRestoreJob's value over this. */
  resourceType?: string;
  createdResourceArn?: string;
}

export type ParsedRestoreEvent =
  { kind: "restore-test"; job: CompletedRestoreTest } | { kind: "ignored"; reason: string };

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/**
 * Decides whether an event is a completed restore test of the expected plan. The rule already
 * filters; this is the second look, for a rule edited by hand, a test invocation or a replay.
 */
export function parseRestoreEvent(event: unknown, expectedPlanArn?: string): ParsedRestoreEvent {
  if (!event || typeof event !== "object") return { kind: "ignored", reason: "the event is not an object" };
  const e = event as RestoreJobEvent;
  if (e.source !== BACKUP_EVENT_SOURCE) {
    return { kind: "ignored", reason: `source is ${JSON.stringify(e.source)}, not ${BACKUP_EVENT_SOURCE}` };
  }
  if (e["detail-type"] !== RESTORE_JOB_DETAIL_TYPE) {
    return {
      kind: "ignored",
      reason: `detail-type is ${JSON.stringify(e["detail-type"])}, not ${RESTORE_JOB_DETAIL_TYPE}`,
    };
  }
  const d = e.detail;
  if (!d || typeof d !== "object") return { kind: "ignored", reason: "the event has no detail" };
  if (d.status !== RESTORE_JOB_COMPLETED) {
    return { kind: "ignored", reason: `restore job status is ${JSON.stringify(d.status)}, not COMPLETED` };
  }
  if (!nonEmpty(d.restoreTestingPlanArn)) {
    return { kind: "ignored", reason: "no restoreTestingPlanArn: not a restore test job" };
  }
  if (expectedPlanArn !== undefined && d.restoreTestingPlanArn !== expectedPlanArn) {
    return {
      kind: "ignored",
      reason: `restore testing plan ${d.restoreTestingPlanArn} is not this validator's plan ${expectedPlanArn}`,
    };
  }
  if (!nonEmpty(d.restoreJobId)) return { kind: "ignored", reason: "no restoreJobId in the event" };
  return {
    kind: "restore-test",
    job: {
      restoreJobId: d.restoreJobId,
      restoreTestingPlanArn: d.restoreTestingPlanArn,
      ...(nonEmpty(d.resourceType) ? { resourceType: d.resourceType } : {}),
      ...(nonEmpty(d.createdResourceArn) ? { createdResourceArn: d.createdResourceArn } : {}),
    },
  };
}
