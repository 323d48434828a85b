/**
 * ARNs of AWS service-linked roles and resources that the recovery stack's policies name. They
 * are derived from config (partition, account, region), never looked up.
 */

/**
 * AWS Backup's service-linked role, used for backups and copies and for cross-account restore
 * (AWS Backup developer guide, "Using roles to back up and copy": AWSServiceRoleForBackup,
 * path aws-service-role/backup.amazonaws.com/).
 */
export function backupServiceLinkedRoleArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

/**
 * Backup Audit Manager's service-linked role, which writes report files to S3 (AWS Backup developer
 * guide, "Creating report plans using the AWS Backup API": the bucket's KMS key must let it use
 * kms:GenerateDataKey and kms:Decrypt).
 */
export function backupReportsServiceLinkedRoleArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`;
}

export function accountRootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

/**
 * The ARN a trail will have. CloudTrail checks the bucket policy when the trail is created, so the
 * policy must name the trail before it exists. An organization trail created by a delegated
 * administrator belongs to the management account, so its ARN carries that account.
 */
export function trailArn(partition: string, region: string, ownerAccount: string, name: string): string {
  return `arn:${partition}:cloudtrail:${region}:${ownerAccount}:trail/${name}`;
}

export function eventRuleArnPattern(partition: string, region: string, account: string): string {
  return `arn:${partition}:events:${region}:${account}:rule/*`;
}
