/**
 * Every AWS operation verify calls, and the IAM action it needs. All are reads: verify never calls
 * anything that creates, changes or deletes (a test checks that only these commands are sent, and
 * the README lists these actions for the read-only role that runs verify).
 *
 * Sources: the AWS Service Authorization Reference pages for AWS Backup, AWS KMS, Amazon S3 and AWS
 * Organizations (https://docs.aws.amazon.com/service-authorization/latest/reference/); S3's
 * GetObjectLockConfiguration is authorized by the action s3:GetBucketObjectLockConfiguration.
 * STS GetCallerIdentity needs no permission at all (AWS STS API reference, GetCallerIdentity: "No
 * permissions are required to perform this operation").
 */
export const OPERATIONS = {
  GetCallerIdentity: { service: "sts", action: undefined },
  DescribeBackupVault: { service: "backup", action: "backup:DescribeBackupVault" },
  GetBackupVaultAccessPolicy: { service: "backup", action: "backup:GetBackupVaultAccessPolicy" },
  DescribeKey: { service: "kms", action: "kms:DescribeKey" },
  GetKeyRotationStatus: { service: "kms", action: "kms:GetKeyRotationStatus" },
  GetObjectLockConfiguration: { service: "s3", action: "s3:GetBucketObjectLockConfiguration" },
  DescribePolicy: { service: "organizations", action: "organizations:DescribePolicy" },
  ListTargetsForPolicy: { service: "organizations", action: "organizations:ListTargetsForPolicy" },
} as const;

export type Operation = keyof typeof OPERATIONS;

/** The IAM actions a role needs to run every check verify makes. */
export const REQUIRED_ACTIONS: string[] = Object.values(OPERATIONS)
  .map((o) => o.action)
  .filter((a): a is NonNullable<typeof a> => a !== undefined);

/**
 * Where the permission must come from, beyond the caller's IAM policy. KMS is the exception that
 * matters here: "Unless the key policy explicitly allows it, you cannot use IAM policies to allow
 * access to a KMS key" (AWS KMS Developer Guide, "Key policies in AWS KMS"), and the stack's key
 * policies (lib/recoverypolicies/key-policy.ts) grant kms:Describe* and kms:Get* only to the key
 * administrators (recovery), the deploy role, and the read-only roles of isolation:auditorRoleArns.
 */
export function permissionHint(op: Operation, resource: string): string {
  const action = OPERATIONS[op].action;
  const base = `the caller lacks ${action} on ${resource}`;
  switch (OPERATIONS[op].service) {
    case "kms":
      return `${base}. A KMS key answers only to principals its key policy allows: the stack's key policies allow kms:DescribeKey and kms:GetKeyRotationStatus to the roles in isolation:auditorRoleArns (recovery and prod stacks), the key administrators (isolation:recoveryAdminRoleArns) and the deploy role: add the role verify runs as to isolation:auditorRoleArns and deploy the stack.`;
    case "organizations":
      return `${base}. Organizations answers only in the management account or a delegated administrator account; run verify on the org stack with credentials there.`;
    default:
      return `${base}; grant it to the role that runs verify (README, "Verifying a deployed stack"), and check that no SCP or resource policy denies it.`;
  }
}
