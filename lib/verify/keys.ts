/**
 * Judging the KMS keys that encrypt recovery points, trails and alerts. A vault lock does not protect
 * its key (AWS-FACTS, "A vault lock does not protect its KMS key"): a key pending deletion or
 * disabled makes every recovery point it encrypts unreadable. Field names from @aws-sdk/client-kms:
 * KeyMetadata.KeyState (Creating | Enabled | Disabled | PendingDeletion | PendingImport |
 * PendingReplicaDeletion | Unavailable | Updating), KeyMetadata.DeletionDate, and
 * GetKeyRotationStatusResponse.KeyRotationEnabled.
 */
import type { GetKeyRotationStatusResponse, KeyMetadata } from "@aws-sdk/client-kms";
import type { CheckResult } from "./types";

export interface KeyExpectation {
  urn: string;
  /** The key ID (the resource's id); DescribeKey resolves it in the caller's account and region. */
  keyId: string;
  region: string;
  /** The export's description, to name the key for people. */
  description?: string;
  /** The export's enableKeyRotation: rotation must still be on. */
  rotation: boolean;
}

export function keySubject(k: KeyExpectation): string {
  return `KMS key ${k.keyId} (${k.region})${k.description ? ` "${k.description}"` : ""}`;
}

export function judgeKeyState(k: KeyExpectation, meta: KeyMetadata | undefined): CheckResult {
  const base = { check: "kms-key-state" as const, subject: keySubject(k), urn: k.urn, expected: "KeyState Enabled" };
  const state = meta?.KeyState;
  if (state === "Enabled") return { ...base, status: "PASS", actual: "KeyState Enabled" };
  if (state === "PendingDeletion") {
    const when = meta?.DeletionDate ? new Date(meta.DeletionDate).toISOString() : "(no DeletionDate returned)";
    return {
      ...base,
      status: "FAIL",
      actual: `KeyState PendingDeletion, DeletionDate ${when}: after that date everything it encrypts is unreadable`,
      hint: "Cancel the deletion now (kms:CancelKeyDeletion, then kms:EnableKey), then find out who scheduled it in the audit trail.",
    };
  }
  return {
    ...base,
    status: "FAIL",
    actual: `KeyState ${state ?? "(none)"}: the key cannot decrypt while it is not Enabled`,
  };
}

/**
 * Rotation must still be on. While a key is pending deletion its rotation status reads false (AWS KMS
 * API reference, GetKeyRotationStatus: "Pending deletion: While a KMS key is pending deletion, its key
 * rotation status is false"), so a FAIL here can be a consequence of the key-state FAIL.
 */
export function judgeKeyRotation(k: KeyExpectation, out: GetKeyRotationStatusResponse): CheckResult {
  const on = out.KeyRotationEnabled === true;
  const period = out.RotationPeriodInDays !== undefined ? `, RotationPeriodInDays ${out.RotationPeriodInDays}` : "";
  return {
    check: "kms-key-rotation",
    status: on ? "PASS" : "FAIL",
    subject: keySubject(k),
    urn: k.urn,
    expected: "KeyRotationEnabled true",
    actual: `KeyRotationEnabled ${out.KeyRotationEnabled ?? "(none)"}${period}`,
  };
}
