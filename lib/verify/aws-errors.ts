/**
 * Turning an AWS SDK error into a verdict. Three kinds matter:
 * - access denied: nothing is proven, so ERROR with a hint about the missing read permission (never
 *   a PASS, and not a FAIL either: the resource may be fine);
 * - not found: the resource the export declares is gone, so FAIL;
 * - anything else (throttling, networking, a service error): ERROR with what AWS said.
 *
 * SDK v3 errors carry the service's error code as `name` (a modeled exception class, or a generic
 * ServiceException named after the code) and the HTTP status in `$metadata.httpStatusCode`.
 */
import { Operation, permissionHint } from "./permissions";
import type { CheckResult } from "./types";

export interface AwsErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorCode(e: unknown): string {
  const err = (e ?? {}) as AwsErrorLike;
  return err.name && err.name !== "Error" ? err.name : (err.Code ?? err.name ?? "Error");
}

/**
 * AccessDeniedException (Backup, KMS, Organizations), AccessDenied (S3, STS), and S3's bare 403
 * (`Forbidden`, for a HEAD-style response without an error body).
 */
export function isAccessDenied(e: unknown): boolean {
  const code = errorCode(e);
  const status = (e as AwsErrorLike | undefined)?.$metadata?.httpStatusCode;
  return /^AccessDenied/i.test(code) || (status === 403 && /^(Forbidden|UnauthorizedOperation)$/i.test(code));
}

/** The SDK found no credentials in its default chain (environment, profiles, SSO, IMDS, ...). */
export function isMissingCredentials(e: unknown): boolean {
  return errorCode(e) === "CredentialsProviderError";
}

/** The error says the resource does not exist, by one of the given codes. */
export function isNotFound(e: unknown, codes: readonly string[]): boolean {
  return codes.includes(errorCode(e));
}

export function describeError(e: unknown): string {
  const err = (e ?? {}) as AwsErrorLike;
  const status = err.$metadata?.httpStatusCode;
  return `${errorCode(e)}${status ? ` (HTTP ${status})` : ""}: ${err.message ?? String(e)}`;
}

/** The ERROR result for a check whose call failed other than by not finding the resource. */
export function errorResult(
  base: Omit<CheckResult, "status" | "actual" | "hint">,
  op: Operation,
  resource: string,
  e: unknown,
): CheckResult {
  return {
    ...base,
    status: "ERROR",
    actual: `${op} failed: ${describeError(e)}`,
    hint: isAccessDenied(e)
      ? permissionHint(op, resource)
      : "the check could not be made; run verify again, and look at the error if it persists",
  };
}
