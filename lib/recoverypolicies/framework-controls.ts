/**
 * The controls of the recovery stack's AWS Backup Audit Manager framework. Parameter names are
 * those of the AWS Config managed rules each control deploys (AWS Config developer guide:
 * backup-recovery-point-minimum-retention-check requiredRetentionDays; *-last-backup-recovery-
 * point-created recoveryPointAgeValue/recoveryPointAgeUnit; AWS Backup developer guide, "Choosing
 * your controls" and "Creating frameworks using the AWS Backup API").
 */

export interface ControlParameter {
  name: string;
  value: string;
}

export interface FrameworkControlSpec {
  name: string;
  inputParameters?: ControlParameter[];
}

export interface FrameworkControlArgs {
  /** The vault lock's minimum: recovery points must be kept at least this long. */
  minRetentionDays: number;
  maxRetentionDays: number;
  /** Roles the manual-deletion control does not hold against the vault policy (the deploy role's exemption). */
  exemptPrincipalArns: string[];
  /** Accounts that count as cross-account protection (the recovery account). */
  crossAccountIds: string[];
  /** Maximum age of the newest recovery point, in days. */
  maxRecoveryPointAgeDays: number;
  /** Restore time objective, in minutes. */
  maxRestoreTimeMinutes: number;
}

/** Audit Manager allows 50 controls per account and region (AWS-FACTS, "Backup Audit Manager controls"). */
export const MAX_CONTROLS_PER_ACCOUNT = 50;

/** Framework and report plan names: a letter, then letters, digits and underscores, at most 256 (AWS Backup API reference). */
export const AUDIT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,255}$/;

export function frameworkControls(args: FrameworkControlArgs): FrameworkControlSpec[] {
  const p = (name: string, value: string | number): ControlParameter => ({ name, value: String(value) });
  const controls: FrameworkControlSpec[] = [
    {
      name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
      inputParameters: [p("minRetentionDays", args.minRetentionDays), p("maxRetentionDays", args.maxRetentionDays)],
    },
    {
      name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
      inputParameters: args.exemptPrincipalArns.length
        ? [p("principalArnList", args.exemptPrincipalArns.join(","))]
        : undefined,
    },
    { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" },
    {
      name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
      inputParameters: [p("requiredRetentionDays", args.minRetentionDays)],
    },
    {
      name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
      inputParameters: [p("crossAccountList", args.crossAccountIds.join(","))],
    },
    {
      name: "BACKUP_LAST_RECOVERY_POINT_CREATED",
      inputParameters: [p("recoveryPointAgeUnit", "days"), p("recoveryPointAgeValue", args.maxRecoveryPointAgeDays)],
    },
    {
      name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
      inputParameters: [p("maxRestoreTime", args.maxRestoreTimeMinutes)],
    },
  ];
  return controls.map((c) => (c.inputParameters ? c : { name: c.name }));
}
