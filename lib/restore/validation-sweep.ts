/**
 * The restore validator's sweep: EventBridge delivers AWS Backup events on a best-effort basis
 * (AWS-FACTS, "Events"; EventBridge events reference for AWS Backup), so a restore test whose
 * "Restore Job State Change" event is lost would never be validated and would raise no alarm. An
 * hourly schedule invokes the same function with SWEEP_INPUT; it lists the plan's completed restore
 * jobs (ListRestoreJobs ByRestoreTestingPlanArn, ByStatus, ByCompleteAfter: AWS Backup API
 * reference) and validates those that still have no validation status while their restored
 * resource exists. Pure.
 */

/** The constant input of the schedule's target: how the handler tells a sweep from an AWS event. */
export const SWEEP_INPUT = { isolation: "restore-validation-sweep" } as const;

/** Every hour: a job whose event was lost is validated within about an hour and a half of completing. */
export const SWEEP_SCHEDULE = "rate(1 hour)";

/** Restore jobs completed this long ago at most: the longest validation window, 168 hours (restore-testing.ts). */
export const SWEEP_LOOKBACK_HOURS = 168;

/**
 * Jobs completed less than this long ago are left to their own event, which usually arrives within
 * minutes: the sweep must not validate a job while the event-triggered invocation is at it.
 */
export const SWEEP_SETTLE_MINUTES = 30;

/** At most this many jobs per sweep: each may wait minutes for a transitional state; the next sweep takes the rest. */
export const SWEEP_MAX_JOBS = 3;

export function isSweepEvent(event: unknown): boolean {
  return !!event && typeof event === "object" && (event as Record<string, unknown>).isolation === SWEEP_INPUT.isolation;
}

/** What the sweep reads of a listed restore job (RestoreJobsListMember). */
export interface ListedRestoreJob {
  RestoreJobId?: string;
  Status?: string;
  ResourceType?: string;
  CompletionDate?: Date;
  ValidationStatus?: string;
  DeletionStatus?: string;
}

export interface SweepCandidate {
  restoreJobId: string;
  resourceType?: string;
}

/**
 * The jobs a lost event left unvalidated: COMPLETED, no validation status (the validator's report
 * sets one), no deletion under way or done (AWS Backup deletes the restored resource when the
 * validation window ends; then nothing is left to check), and settled for SWEEP_SETTLE_MINUTES.
 * Oldest first, so that a job nearest the end of its window is validated first.
 */
export function unvalidatedJobs(jobs: readonly ListedRestoreJob[], now: Date): SweepCandidate[] {
  const settled = now.getTime() - SWEEP_SETTLE_MINUTES * 60_000;
  return jobs
    .filter(
      (j) =>
        typeof j.RestoreJobId === "string" &&
        j.RestoreJobId !== "" &&
        j.Status === "COMPLETED" &&
        !j.ValidationStatus &&
        !j.DeletionStatus &&
        j.CompletionDate instanceof Date &&
        j.CompletionDate.getTime() <= settled,
    )
    .sort((a, b) => a.CompletionDate!.getTime() - b.CompletionDate!.getTime())
    .map((j) => ({ restoreJobId: j.RestoreJobId!, ...(j.ResourceType ? { resourceType: j.ResourceType } : {}) }));
}

/** ByCompleteAfter for the listing. */
export function sweepLookbackStart(now: Date): Date {
  return new Date(now.getTime() - SWEEP_LOOKBACK_HOURS * 3_600_000);
}
