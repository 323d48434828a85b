/**
 * The organization backup policy (BACKUP_POLICY) for the workloads OU. Syntax: AWS Organizations
 * user guide, "Backup policy syntax and examples": every leaf value is set with `@@assign`,
 * numbers are strings, `copy_actions` is keyed by the target vault ARN, `$account` stands for the
 * account that receives the effective policy. Target vault ARNs are computed from config, so the
 * org stack never reads the recovery stack (it is more trusted than the recovery stack).
 */

export interface BackupPolicyArgs {
  partition: string;
  /** Regions whose resources the plan backs up. */
  regions: string[];
  scheduleExpression: string;
  /** Retention of the recovery point in the workload account's local vault. */
  retentionDays: number;
  /** Retention of the copies in the recovery vault and the air-gapped vault. */
  copyRetentionDays: number;
  /** The vault each workload account keeps in each region (created by the prod stack). */
  localVaultName: string;
  /** Role AWS Backup assumes in each workload account, relative to `role/` (may hold a path). */
  backupRoleName: string;
  selectionTag: { key: string; value: string };
  /** Put on every plan the policy creates, so that the workloads SCP can protect them. */
  managedPlanTag: { key: string; value: string };
  recoveryAccountId: string;
  recoveryRegion: string;
  recoveryVaultName: string;
  airGappedVaultName: string;
}

export const BACKUP_PLAN_NAME = "isolation-workloads";

/** arn:<partition>:backup:<region>:<account>:backup-vault:<name> (Service Authorization Reference, backupVault). */
export function backupVaultArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:backup:${region}:${account}:backup-vault:${name}`;
}

const assign = <T>(value: T) => ({ "@@assign": value });

export function workloadsBackupPolicy(args: BackupPolicyArgs): Record<string, unknown> {
  const copy = (arn: string) => ({
    target_backup_vault_arn: assign(arn),
    lifecycle: { delete_after_days: assign(String(args.copyRetentionDays)) },
  });
  const targets = backupPolicyCopyTargets(args);
  return {
    plans: {
      [BACKUP_PLAN_NAME]: {
        regions: assign(args.regions),
        rules: {
          "copy-to-recovery": {
            schedule_expression: assign(args.scheduleExpression),
            start_backup_window_minutes: assign("60"),
            target_backup_vault_name: assign(args.localVaultName),
            lifecycle: { delete_after_days: assign(String(args.retentionDays)) },
            copy_actions: Object.fromEntries(targets.map((arn) => [arn, copy(arn)])),
          },
        },
        selections: {
          tags: {
            "isolation-tagged": {
              iam_role_arn: assign(`arn:${args.partition}:iam::$account:role/${args.backupRoleName}`),
              tag_key: assign(args.selectionTag.key),
              tag_value: assign([args.selectionTag.value]),
            },
          },
        },
        backup_plan_tags: {
          [args.managedPlanTag.key]: {
            tag_key: assign(args.managedPlanTag.key),
            tag_value: assign(args.managedPlanTag.value),
          },
        },
      },
    },
  };
}

/** The two vaults every copy lands in: the locked recovery vault and the logically air-gapped vault. */
export function backupPolicyCopyTargets(
  args: Pick<
    BackupPolicyArgs,
    "partition" | "recoveryAccountId" | "recoveryRegion" | "recoveryVaultName" | "airGappedVaultName"
  >,
): [string, string] {
  return [
    backupVaultArn(args.partition, args.recoveryRegion, args.recoveryAccountId, args.recoveryVaultName),
    backupVaultArn(args.partition, args.recoveryRegion, args.recoveryAccountId, args.airGappedVaultName),
  ];
}
