/**
 * Judging DescribeBackupVault (AWS Backup API reference, DescribeBackupVault; field names from
 * @aws-sdk/client-backup's DescribeBackupVaultOutput: VaultType, VaultState, EncryptionKeyArn,
 * Locked, MinRetentionDays, MaxRetentionDays, LockDate) against what the export declares.
 */
import type { DescribeBackupVaultOutput } from "@aws-sdk/client-backup";
import type { CheckResult } from "./types";
import type { VaultPolicyExpectation } from "./vault-policy";

export interface RetentionExpectation {
  /** The resource that sets it: the VaultLockConfiguration, or the air-gapped vault itself. */
  urn: string;
  minRetentionDays?: number;
  maxRetentionDays?: number;
}

export interface VaultExpectation {
  urn: string;
  name: string;
  region: string;
  /** A logically air-gapped vault (compliance-locked by AWS) rather than a standard backup vault. */
  airGapped: boolean;
  /** The key the export encrypts the vault with; a vault's key cannot change after creation. */
  encryptionKeyArn?: string;
  /** The VaultLockConfiguration that must hold the vault in compliance mode (standard vaults). */
  lockUrn?: string;
  retention?: RetentionExpectation;
  /** Present when the export puts an access policy on this (locked) vault. */
  policy?: VaultPolicyExpectation;
}

export function vaultSubject(v: VaultExpectation): string {
  return `${v.airGapped ? "logically air-gapped vault" : "backup vault"} ${v.name} (${v.region})`;
}

const EXPECTED_TYPE = { standard: "BACKUP_VAULT", airGapped: "LOGICALLY_AIR_GAPPED_BACKUP_VAULT" } as const;

/** The vault is there, of the declared type, usable, and encrypted with the declared key. */
export function judgeVaultExists(v: VaultExpectation, out: DescribeBackupVaultOutput): CheckResult {
  const type = v.airGapped ? EXPECTED_TYPE.airGapped : EXPECTED_TYPE.standard;
  const expected = [`exists as ${type}`, "state AVAILABLE"];
  if (v.encryptionKeyArn) expected.push(`encrypted with ${v.encryptionKeyArn}`);
  const problems: string[] = [];
  // Responses for standard vaults have carried no VaultType in older API versions; only a different type is wrong.
  if (out.VaultType !== undefined ? out.VaultType !== type : v.airGapped) {
    problems.push(`VaultType ${out.VaultType ?? "(none)"}`);
  }
  // VaultState: CREATING | AVAILABLE | FAILED; a vault that is not AVAILABLE takes no copies.
  if (out.VaultState !== undefined && out.VaultState !== "AVAILABLE") problems.push(`VaultState ${out.VaultState}`);
  if (v.encryptionKeyArn && out.EncryptionKeyArn !== undefined && out.EncryptionKeyArn !== v.encryptionKeyArn) {
    problems.push(`EncryptionKeyArn ${out.EncryptionKeyArn} (a different vault under the same name)`);
  }
  const found = `VaultType ${out.VaultType ?? "(none)"}, VaultState ${out.VaultState ?? "(none)"}, EncryptionKeyArn ${out.EncryptionKeyArn ?? "(none)"}`;
  return {
    check: "vault-exists",
    status: problems.length === 0 ? "PASS" : "FAIL",
    subject: vaultSubject(v),
    urn: v.urn,
    expected: expected.join(", "),
    actual: problems.length === 0 ? found : problems.join("; "),
  };
}

/**
 * Compliance mode holds only after the lock date. AWS Backup Developer Guide, "AWS Backup Vault
 * Lock" (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html): a lock created
 * with ChangeableForDays (>= 3, the 72-hour cooling-off) can be changed or deleted until its lock
 * date and is immutable on and after it; a lock without a lock date is governance mode and can be
 * removed at any time by anyone with backup:DeleteBackupVaultLockConfiguration (DescribeBackupVault's
 * LockDate: "If you applied Vault Lock to your vault without specifying a lock date, you can change
 * any of your Vault Lock settings, or delete Vault Lock from the vault entirely, at any time").
 */
export function judgeVaultLock(v: VaultExpectation, out: DescribeBackupVaultOutput, now: Date): CheckResult {
  const base = {
    check: "vault-lock" as const,
    subject: vaultSubject(v),
    urn: v.lockUrn ?? v.urn,
    expected: "Locked true in compliance mode, with a LockDate in the past (the grace time is over)",
  };
  const lockDate = out.LockDate ? new Date(out.LockDate) : undefined;
  if (out.Locked !== true) {
    return {
      ...base,
      status: "FAIL",
      actual: `Locked ${out.Locked ?? "(none)"}: Vault Lock is not protecting the vault`,
      hint: "The lock was never applied or was removed during its grace time; re-apply it with `pulumi up` on the stack, and find out who removed it in the audit trail.",
    };
  }
  if (!lockDate) {
    return {
      ...base,
      status: "FAIL",
      actual:
        "Locked true without a LockDate: governance mode, which anyone with backup:DeleteBackupVaultLockConfiguration can remove",
    };
  }
  if (lockDate.getTime() > now.getTime()) {
    return {
      ...base,
      status: "FAIL",
      actual: `Locked true, LockDate ${lockDate.toISOString()}: still in its grace time, so the lock can be changed or deleted until then`,
      hint: "Expected for up to changeableForDays after a deploy; run verify again after the lock date.",
    };
  }
  return { ...base, status: "PASS", actual: `Locked true, LockDate ${lockDate.toISOString()}` };
}

function days(n: number | undefined): string {
  return n === undefined ? "(not set)" : String(n);
}

/**
 * Retention as the export sets it: a shorter MinRetentionDays lets recovery points be deleted sooner,
 * and any change at all means the lock is not the one the stack deployed.
 */
export function judgeVaultRetention(v: VaultExpectation, out: DescribeBackupVaultOutput): CheckResult {
  const r = v.retention!;
  const expected = `MinRetentionDays ${days(r.minRetentionDays)}, MaxRetentionDays ${days(r.maxRetentionDays)}`;
  const actual = `MinRetentionDays ${days(out.MinRetentionDays)}, MaxRetentionDays ${days(out.MaxRetentionDays)}`;
  const same = out.MinRetentionDays === r.minRetentionDays && out.MaxRetentionDays === r.maxRetentionDays;
  const shortened =
    r.minRetentionDays !== undefined &&
    (out.MinRetentionDays === undefined || out.MinRetentionDays < r.minRetentionDays);
  return {
    check: "vault-retention",
    status: same ? "PASS" : "FAIL",
    subject: vaultSubject(v),
    urn: r.urn,
    expected,
    actual: same ? actual : `${actual}${shortened ? " (minimum retention shortened)" : ""}`,
  };
}
