/**
 * The actions the recovery OU's service control policy must deny: one list that both the org stack
 * (which writes the SCP) and the policy pack (which checks it) import, so the two cannot drift.
 *
 * Action names are from the AWS Service Authorization Reference ("Actions, resources, and condition
 * keys for" AWS Backup, AWS KMS, AWS CloudTrail and AWS Organizations:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html,
 * .../list_awskeymanagementservice.html, .../list_awscloudtrail.html, .../list_awsorganizations.html)
 * and the AWS Backup API reference's list of operations. An SCP may cover them with wildcards
 * (`backup:Delete*`); the pack matches patterns the way IAM does.
 */

/**
 * Destroying or weakening backups: deleting vaults and recovery points, shortening their lifecycle,
 * loosening the vault access policy or the vault lock (a lock in governance mode can still be
 * removed), silencing vault notifications, and detaching recovery points from their vault.
 */
export const BACKUP_DESTRUCTIVE_ACTIONS = [
  "backup:DeleteBackupVault",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultLockConfiguration",
  "backup:PutBackupVaultLockConfiguration",
  "backup:DeleteBackupVaultNotifications",
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DisassociateRecoveryPoint",
  "backup:DisassociateRecoveryPointFromParent",
  "backup:DeleteBackupPlan",
  "backup:DeleteBackupSelection",
  "backup:DeleteFramework",
  "backup:DeleteReportPlan",
  // Permission-only action guarding the logically air-gapped vault's sharing (RAM) policy.
  "backup:DeleteBackupVaultSharingPolicy",
  "backup:DeleteRestoreTestingPlan",
  "backup:DeleteRestoreTestingSelection",
  // Recovery of a logically air-gapped vault's access when its account is lost depends on the MPA team.
  "backup:DisassociateBackupVaultMpaApprovalTeam",
  // Opting a service out, or cross-account backup off, stops copies reaching the bunker.
  "backup:UpdateRegionSettings",
  "backup:UpdateGlobalSettings",
  "backup:PutBackupVaultNotifications",
] as const;

/**
 * A vault lock does not protect the vault's KMS key: a key scheduled for deletion (7 days' notice
 * at least) or disabled makes every recovery point encrypted with it unreadable.
 */
export const KEY_DESTRUCTIVE_ACTIONS = [
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:DeleteImportedKeyMaterial",
] as const;

/** Blinding the audit trail that records who touched the bunker. */
export const TRAIL_DESTRUCTIVE_ACTIONS = [
  "cloudtrail:DeleteTrail",
  "cloudtrail:StopLogging",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
] as const;

/**
 * Leaving the organization drops every SCP at once; the others matter when the recovery account is
 * (or becomes) a delegated administrator. SCPs never apply to the management account itself.
 */
export const ORGANIZATION_DESTRUCTIVE_ACTIONS = [
  "organizations:LeaveOrganization",
  "organizations:DeleteOrganization",
  "organizations:RemoveAccountFromOrganization",
  "organizations:DetachPolicy",
  "organizations:DeletePolicy",
  "organizations:UpdatePolicy",
  "organizations:DisablePolicyType",
] as const;

/**
 * The calls of that list that the recovery stack's own `pulumi up` makes to configure protection
 * (vault lock, vault access policy, vault notifications, key policy, trail settings): the org
 * stack's SCP refuses them to everyone but the recovery deploy role and the break-glass role; every
 * other action of the list only the break-glass role may make.
 */
export const RECOVERY_CONFIGURING_ACTIONS = [
  "backup:PutBackupVaultLockConfiguration",
  "backup:PutBackupVaultAccessPolicy",
  "backup:PutBackupVaultNotifications",
  "kms:PutKeyPolicy",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
] as const;

/** Everything the recovery OU's SCP must deny. */
export const RECOVERY_SCP_DENIED_ACTIONS: readonly string[] = [
  ...BACKUP_DESTRUCTIVE_ACTIONS,
  ...KEY_DESTRUCTIVE_ACTIONS,
  ...TRAIL_DESTRUCTIVE_ACTIONS,
  ...ORGANIZATION_DESTRUCTIVE_ACTIONS,
];

/**
 * What every recovery vault's access policy denies to Principal `*` (AWS Config rule
 * BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED expects the first three; the last two stop the
 * vault itself and its policy from being removed).
 */
export const VAULT_POLICY_DENIED_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVault",
  "backup:DeleteBackupVaultAccessPolicy",
] as const;

/** The only two calls of that list a Deny may exempt named principals (deploy, break-glass) from. */
export const VAULT_POLICY_EXEMPTABLE_ACTIONS = [
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultAccessPolicy",
] as const;

/** The only action a cross-account principal may be allowed on a recovery vault. */
export const CROSS_ACCOUNT_COPY_ACTION = "backup:CopyIntoBackupVault";
