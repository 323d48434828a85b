/**
 * What `npm run verify` produces: one result per property it proves (or fails to prove) against the
 * live account, each with the evidence a reviewer needs: what the stack export says must be true,
 * and what AWS returned.
 */

/**
 * PASS: AWS returned what the export requires. FAIL: AWS returned something else (or the resource is
 * gone). ERROR: the check could not be made (access denied, throttling, an unexpected error), so
 * nothing is proven either way.
 */
export type Status = "PASS" | "FAIL" | "ERROR";

export const CHECK_KINDS = [
  "identity",
  "vault-exists",
  "vault-lock",
  "vault-retention",
  "vault-policy",
  "kms-key-state",
  "kms-key-rotation",
  "bucket-object-lock",
  "org-policy-attached",
  "org-policy-content",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckResult {
  check: CheckKind;
  status: Status;
  /** What was checked, for people: `backup vault isolation-recovery (eu-west-1)`. */
  subject: string;
  /** The resource of the export the expectation comes from. */
  urn?: string;
  /** What the export says must be true. */
  expected: string;
  /** What AWS returned. */
  actual: string;
  /** For ERROR (and some FAILs): what to do about it. */
  hint?: string;
}

/**
 * Input verify cannot work with: an unreadable file, something that is not a stack export, an
 * export that pins no account, credentials for the wrong account or none at all. The CLI exits 2.
 */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifyInputError";
  }
}
