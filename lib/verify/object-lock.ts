/**
 * Judging an S3 bucket's Object Lock configuration (the recovery stack's audit trail bucket). Only
 * COMPLIANCE mode keeps objects from being overwritten or deleted by any user, root included, for
 * the retention period; GOVERNANCE mode can be bypassed with s3:BypassGovernanceRetention (Amazon S3
 * User Guide, "Locking objects with Object Lock", retention modes). Field names from
 * @aws-sdk/client-s3: ObjectLockConfiguration.ObjectLockEnabled, .Rule.DefaultRetention.{Mode, Days, Years}.
 */
import type { ObjectLockConfiguration } from "@aws-sdk/client-s3";
import type { CheckResult } from "./types";

export interface ObjectLockExpectation {
  /** The BucketObjectLockConfiguration resource. */
  urn: string;
  bucket: string;
  region: string;
  /** The default retention the export configures: days or years (S3 takes one of the two). */
  days?: number;
  years?: number;
}

export const REQUIRED_MODE = "COMPLIANCE";

export function bucketSubject(b: ObjectLockExpectation): string {
  return `S3 bucket ${b.bucket} (${b.region})`;
}

function period(days: number | undefined, years: number | undefined): string {
  return [days !== undefined ? `${days} days` : "", years !== undefined ? `${years} years` : ""]
    .filter(Boolean)
    .join(" and ");
}

export function judgeObjectLock(b: ObjectLockExpectation, config: ObjectLockConfiguration | undefined): CheckResult {
  const expected = `ObjectLockEnabled Enabled, default retention ${REQUIRED_MODE} for ${period(b.days, b.years) || "(no period)"}`;
  const base = { check: "bucket-object-lock" as const, subject: bucketSubject(b), urn: b.urn, expected };
  if (!config) return { ...base, status: "FAIL", actual: "the bucket has no Object Lock configuration" };
  const retention = config.Rule?.DefaultRetention;
  const actual =
    `ObjectLockEnabled ${config.ObjectLockEnabled ?? "(none)"}, default retention ` +
    (retention
      ? `${retention.Mode ?? "(no mode)"} for ${period(retention.Days, retention.Years) || "(no period)"}`
      : "(none)");
  const problems: string[] = [];
  if (config.ObjectLockEnabled !== "Enabled") problems.push("Object Lock is not enabled");
  if (retention?.Mode !== REQUIRED_MODE) problems.push(`mode ${retention?.Mode ?? "(none)"} is not ${REQUIRED_MODE}`);
  if (retention?.Days !== b.days || retention?.Years !== b.years) problems.push("the default retention period changed");
  return problems.length === 0
    ? { ...base, status: "PASS", actual }
    : { ...base, status: "FAIL", actual: `${actual}: ${problems.join("; ")}` };
}
