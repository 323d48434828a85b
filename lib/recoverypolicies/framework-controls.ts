/**
 * The controls of the recovery stack's AWS Backup Audit Manager framework. Every parameter name is
 * confirmed against a published example:
 * - principalArnList, requiredRetentionDays, crossAccountList, maxRestoreTime (minutes; AWS's
 *   example sets 720): AWS CloudFormation user guide, AWS::Backup::Framework template examples
 *   ("Deploy default controls", "Exempt IAM roles from control evaluation"); principalArnList is
 *   also the AWS Config managed rule backup-recovery-point-manual-deletion-disabled's parameter;
 * - minRetentionDays and maxRetentionDays (BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK),
 *   recoveryPointAgeUnit and recoveryPointAgeValue (BACKUP_LAST_RECOVERY_POINT_CREATED): the
 *   aws.backup.Framework example of the AWS provider's documentation;
 * - what each control evaluates: AWS Backup developer guide, "Choosing your controls".
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
