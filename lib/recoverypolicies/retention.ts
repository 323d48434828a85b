/**
 * Retention rules of the recovery vaults, as AWS enforces them. Pure functions: the config checks
 * and the tests use them without the mock engine.
 */

/** Vault Lock: MinRetentionDays >= 1 (AWS CloudFormation, AWS::Backup::BackupVault LockConfigurationType). */
export const VAULT_MIN_RETENTION_FLOOR = 1;
/** Vault Lock and air-gapped vault: MaxRetentionDays <= 36,500 (about 100 years; same source). */
export const MAX_RETENTION_CEILING = 36_500;
/**
 * ChangeableForDays is what makes a lock compliance mode; AWS accepts 3 at the least, a 72-hour
 * cooling-off period during which the lock can still be removed (same source). Without it the lock
 * is governance mode and DeleteBackupVaultLockConfiguration removes it at any time.
 */
export const MIN_CHANGEABLE_FOR_DAYS = 3;
/** CreateLogicallyAirGappedBackupVault: "The minimum value accepted is 7 days" (AWS Backup API reference). */
export const AIR_GAPPED_MIN_RETENTION_FLOOR = 7;
/**
 * S3 Object Lock default retention in days: 1 or more; S3 rejects more than 100 years. The vault
 * ceiling (36,500) is the tighter of the two, so it is used for both.
 */
export const OBJECT_LOCK_MAX_DAYS = MAX_RETENTION_CEILING;

export interface RetentionProblem {
  /** The config key (without namespace) the problem is reported against. */
  key: string;
  value: unknown;
  expected: string;
}

export interface RetentionSettings {
  vaultMinRetentionDays?: number;
  vaultMaxRetentionDays?: number;
  airGappedMinRetentionDays?: number;
  airGappedMaxRetentionDays?: number;
  trailObjectLockDays?: number;
}

/**
 * The checks across retention keys (each key's own range is checked by its schema). Returns every
 * problem found; a key that is absent (missing or already reported invalid) is skipped.
 */
export function retentionProblems(cfg: RetentionSettings): RetentionProblem[] {
  const problems: RetentionProblem[] = [];
  const { vaultMinRetentionDays: vMin, vaultMaxRetentionDays: vMax } = cfg;
  const { airGappedMinRetentionDays: agMin, airGappedMaxRetentionDays: agMax } = cfg;
  if (vMin !== undefined && vMax !== undefined && vMin > vMax) {
    problems.push({
      key: "vaultMinRetentionDays",
      value: vMin,
      expected: `at most isolation:vaultMaxRetentionDays (${vMax}): AWS rejects a vault lock whose minimum exceeds its maximum`,
    });
  }
  if (agMin !== undefined && agMax !== undefined && agMin > agMax) {
    problems.push({
      key: "airGappedMinRetentionDays",
      value: agMin,
      expected: `at most isolation:airGappedMaxRetentionDays (${agMax})`,
    });
  }
  // The audit trail must outlive (at least) the shortest-lived backups it describes: otherwise the
  // record of who touched a recovery point can expire while the recovery point is still held, and
  // an investigation after an attack finds backups whose history is gone.
  const floor = vMin;
  if (cfg.trailObjectLockDays !== undefined && floor !== undefined && cfg.trailObjectLockDays < floor) {
    problems.push({
      key: "trailObjectLockDays",
      value: cfg.trailObjectLockDays,
      expected: `at least isolation:vaultMinRetentionDays (${floor}): the audit trail must be kept as long as the backups it describes`,
    });
  }
  return problems;
}

/** True when a lock with these settings is in compliance mode (immutable after the cooling-off period). */
export function isComplianceMode(changeableForDays: number | undefined): boolean {
  return changeableForDays !== undefined && changeableForDays >= MIN_CHANGEABLE_FOR_DAYS;
}
