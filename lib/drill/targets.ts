/**
 * Identifiers that do not exist, made up fresh for every run. Every destructive call the drill makes
 * names one of these (the recovery-point probes also name a real vault, with a recovery point that
 * does not exist), so even a call that AWS wrongly allowed has nothing to act on.
 *
 * Names carry the marker `isolation-drill` (or `isolation_drill` where the API allows no hyphen), so
 * anyone reading CloudTrail sees at once which calls were the drill's; the random part makes a
 * collision with a real resource of the account practically impossible. Each name fits the format
 * its API documents, so that the service does not reject it as malformed (a validation error may
 * come before authorization and would say nothing about the guardrails).
 */
import { randomBytes, randomUUID } from "crypto";

export const DRILL_MARKER = "isolation-drill";
/** The marker for names that allow letters, digits and underscores only. */
export const DRILL_MARKER_UNDERSCORE = "isolation_drill";

/** Where the randomness comes from (tests pass a seeded one). */
export interface RandomSource {
  /** `n` random bytes as 2n lowercase hex digits. */
  hex(bytes: number): string;
  /** A random (version 4) UUID. */
  uuid(): string;
}

export const cryptoRandom: RandomSource = {
  hex: (bytes) => randomBytes(bytes).toString("hex"),
  uuid: () => randomUUID(),
};

/** Makes the identifiers of one run, and remembers each, for the probe that uses it. */
export class DrillTargets {
  constructor(
    private readonly random: RandomSource,
    readonly partition: string,
    readonly account: string,
  ) {}

  /**
   * A backup vault name: `^[a-zA-Z0-9\-\_]{2,50}$` (AWS Backup API reference, CreateBackupVault,
   * BackupVaultName). 16 + 24 characters.
   */
  vaultName(): string {
    return `${DRILL_MARKER}-${this.random.hex(12)}`;
  }

  /** A recovery point ARN in the account and region, with an ID no recovery point has. */
  recoveryPointArn(region: string): string {
    return `arn:${this.partition}:backup:${region}:${this.account}:recovery-point:${DRILL_MARKER}-${this.random.uuid()}`;
  }

  /** A backup plan or selection ID (the API documents no format for either). */
  backupId(): string {
    return `${DRILL_MARKER}-${this.random.uuid()}`;
  }

  /**
   * A framework, report plan or restore testing plan/selection name: letters, digits and underscores,
   * starting with a letter (AWS Backup API reference, CreateFramework/CreateReportPlan:
   * `[a-zA-Z][_a-zA-Z0-9]*`; restore testing names allow the same).
   */
  underscoreName(): string {
    return `${DRILL_MARKER_UNDERSCORE}_${this.random.hex(12)}`;
  }

  /** An SNS topic ARN in the account (for PutBackupVaultNotifications, which requires one). */
  topicArn(region: string): string {
    return `arn:${this.partition}:sns:${region}:${this.account}:${DRILL_MARKER}-${this.random.hex(12)}`;
  }

  /**
   * A trail name: 3-128 letters, digits, periods, underscores and hyphens, starting with a letter or
   * digit (AWS CloudTrail API reference, CreateTrail, Name).
   */
  trailName(): string {
    return `${DRILL_MARKER}-${this.random.hex(12)}`;
  }

  /**
   * A KMS key ARN. A key ID is a UUID and can carry no marker; the ARN is built in the account and
   * region so that the key policy of no other account is involved. The ID is random: a collision
   * with an existing key is as likely as guessing a random UUID.
   */
  keyArn(region: string): string {
    return `arn:${this.partition}:kms:${region}:${this.account}:key/${this.random.uuid()}`;
  }
}
