/**
 * EventBridge patterns of the recovery stack's monitoring, as typed objects.
 *
 * AWS Backup's own events (source aws.backup) arrive best effort, about every 5 minutes, so the
 * API calls that could weaken the bunker are also watched as CloudTrail events (detail-type "AWS
 * API Call via CloudTrail"), which arrive for every management call (AWS-FACTS, "Events").
 */

export interface EventPattern {
  source: string[];
  "detail-type": string[];
  detail?: Record<string, unknown>;
}

/** Detail-types of source aws.backup (EventBridge events reference for AWS Backup). */
export const BACKUP_JOB_DETAIL_TYPES = [
  "Backup Job State Change",
  "Copy Job State Change",
  "Restore Job State Change",
] as const;
export const BACKUP_RESOURCE_DETAIL_TYPES = [
  "Backup Vault State Change",
  "Recovery Point State Change",
  "Recovery Point Change",
  "Region Setting State Change",
] as const;

/** Job states that need a human: failures and jobs that did not finish. */
export const JOB_ALERT_STATES = ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] as const;

/** Vault notification events (AWS Backup API reference, PutBackupVaultNotifications; AWS-FACTS). */
export const VAULT_NOTIFICATION_EVENTS = [
  "BACKUP_JOB_COMPLETED",
  "COPY_JOB_FAILED",
  "RESTORE_JOB_STARTED",
  "RESTORE_JOB_COMPLETED",
  "RECOVERY_POINT_MODIFIED",
  "S3_BACKUP_OBJECT_FAILED",
  "S3_RESTORE_OBJECT_FAILED",
] as const;

/**
 * API calls, by service, that delete or weaken what protects the backups: vaults, locks, access
 * policies, recovery points, keys, the RAM share, the audit trail and its bucket.
 */
export const WATCHED_API_CALLS: Record<string, { eventSource: string; eventNames: string[] }> = {
  "aws.backup": {
    eventSource: "backup.amazonaws.com",
    eventNames: [
      "DeleteBackupVault",
      "DeleteRecoveryPoint",
      "UpdateRecoveryPointLifecycle",
      "DisassociateRecoveryPoint",
      "PutBackupVaultAccessPolicy",
      "DeleteBackupVaultAccessPolicy",
      "PutBackupVaultLockConfiguration",
      "DeleteBackupVaultLockConfiguration",
      "PutBackupVaultNotifications",
      "DeleteBackupVaultNotifications",
      "AssociateBackupVaultMpaApprovalTeam",
      "DisassociateBackupVaultMpaApprovalTeam",
      "RevokeRestoreAccessBackupVault",
      "UpdateGlobalSettings",
      "UpdateRegionSettings",
      "DeleteFramework",
      "UpdateFramework",
      "DeleteReportPlan",
    ],
  },
  "aws.kms": {
    eventSource: "kms.amazonaws.com",
    eventNames: [
      "ScheduleKeyDeletion",
      "CancelKeyDeletion",
      "DisableKey",
      "DisableKeyRotation",
      "PutKeyPolicy",
      "DeleteImportedKeyMaterial",
      "DeleteAlias",
      "UpdateAlias",
    ],
  },
  "aws.ram": {
    eventSource: "ram.amazonaws.com",
    eventNames: ["AssociateResourceShare", "DisassociateResourceShare", "UpdateResourceShare", "DeleteResourceShare"],
  },
  "aws.cloudtrail": {
    eventSource: "cloudtrail.amazonaws.com",
    eventNames: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"],
  },
  "aws.s3": {
    eventSource: "s3.amazonaws.com",
    eventNames: [
      "PutBucketPolicy",
      "DeleteBucketPolicy",
      "PutObjectLockConfiguration",
      "PutBucketVersioning",
      "PutBucketPublicAccessBlock",
      "DeleteBucketPublicAccessBlock",
      "PutBucketEncryption",
      "DeleteBucketEncryption",
    ],
  },
};

export function jobFailurePattern(): EventPattern {
  return {
    source: ["aws.backup"],
    "detail-type": [...BACKUP_JOB_DETAIL_TYPES],
    detail: { state: [...JOB_ALERT_STATES] },
  };
}

/** Every state change of vaults and recovery points (deletions and lifecycle changes included). */
export function vaultStatePattern(): EventPattern {
  return { source: ["aws.backup"], "detail-type": [...BACKUP_RESOURCE_DETAIL_TYPES] };
}

export function apiCallPattern(): EventPattern {
  const services = Object.keys(WATCHED_API_CALLS);
  return {
    source: services,
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
      eventSource: services.map((s) => WATCHED_API_CALLS[s].eventSource),
      eventName: services.flatMap((s) => WATCHED_API_CALLS[s].eventNames),
    },
  };
}

/** EventBridge rule patterns are limited to 4,096 characters (EventBridge quotas). */
export const EVENT_PATTERN_MAX_CHARS = 4_096;

export function serialisePattern(pattern: EventPattern): string {
  const json = JSON.stringify(pattern);
  if (json.length > EVENT_PATTERN_MAX_CHARS) {
    throw new Error(`event pattern is ${json.length} characters; EventBridge accepts ${EVENT_PATTERN_MAX_CHARS}`);
  }
  return json;
}
