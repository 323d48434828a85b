/**
 * The IAM roles AWS Backup assumes to back up (production) and to restore (the IRE), and the
 * AWS managed policies they carry. Pure: the documents and ARNs are derived from config.
 */
import type { TrustPolicyDocument } from "../recoverypolicies/document";

/**
 * AWS managed policies (AWS Managed Policy reference): backup and restore of every type AWS Backup
 * supports, except S3, which has policies of its own.
 */
export function backupManagedPolicyArns(partition: string) {
  return {
    backup: `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup`,
    restores: `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores`,
    s3Backup: `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup`,
    s3Restore: `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore`,
  };
}

/**
 * Only AWS Backup may assume the role, and only on behalf of this account: aws:SourceAccount
 * closes the confused-deputy path where another account's backup job names this role (IAM user
 * guide, "The confused deputy problem").
 */
export function backupServiceTrustPolicy(accountId: string): TrustPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AwsBackupForThisAccountOnly",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

export interface RolePathAndName {
  /** `/` or `/service-role/`: starts and ends with a slash, as IAM requires. */
  path: string;
  name: string;
}

/**
 * Splits `service-role/AWSBackupDefaultServiceRole` into IAM's path and name: the org backup
 * policy names the role by what follows `role/` in its ARN, which is the path (without its leading
 * slash) and the name. IAM role names are 1-64 characters (IAM quotas).
 */
export function splitRoleName(pathAndName: string): RolePathAndName {
  const parts = pathAndName.split("/").filter((p) => p.length > 0);
  const name = parts.pop();
  if (!name || name.length > 64) {
    throw new Error(`"${pathAndName}" does not end in an IAM role name of 1 to 64 characters`);
  }
  return { path: parts.length ? `/${parts.join("/")}/` : "/", name };
}
