/**
 * Key policies of the recovery stack's customer-managed KMS keys.
 *
 * Administration goes to the recovery administrators and the deploy role only. The key policy does
 * not contain the default "Enable IAM policies" statement for the account root: with it, any
 * principal of the recovery account given kms:* by an identity policy could use or administer the
 * key. KMS's policy lockout safety check (left on: BypassPolicyLockoutSafetyCheck false) makes sure
 * the deploy role, which calls CreateKey/PutKeyPolicy, keeps PutKeyPolicy, so the key cannot be
 * locked out by this program. If every administrator role and the deploy role were deleted, the
 * key would become unmanageable; that is the price of keeping IAM out of it (README, "Keys").
 *
 * Nobody is granted kms:ScheduleKeyDeletion, and a Deny makes it explicit: a vault lock does not
 * protect its key (AWS-FACTS, "A vault lock does not protect its KMS key"), so deleting a key that
 * encrypts backups takes a deliberate key policy change first, which the monitoring reports.
 */
import { policyDocument, PolicyDocument, Statement } from "./document";

/** KMS key policies are limited to 32,768 bytes (AWS KMS quotas). */
export const KEY_POLICY_MAX_CHARS = 32_768;

/** Key administration (AWS KMS developer guide, "Allows key administrators to administer the KMS key"), without deletion. */
export const KEY_ADMIN_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

/** Cryptographic use, as AWS services need it for envelope encryption. */
export const KEY_USE_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
];

export const KEY_DELETION_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DeleteImportedKeyMaterial"];

/**
 * What `npm run verify` reads about a key (lib/verify/probes.ts: DescribeKey, GetKeyRotationStatus)
 * and what an auditor needs to see who may use it (GetKeyPolicy). Metadata only: none of these can
 * read data encrypted under the key or change the key.
 */
export const KEY_AUDIT_ACTIONS = ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"];

export interface KeyAdmins {
  /** Roles that administer the key (isolation:recoveryAdminRoleArns). */
  adminRoleArns: string[];
  /** The deploy role: it creates the key and must keep PutKeyPolicy. */
  deployRoleArn: string;
  /** Read-only roles that may read the key's metadata (isolation:auditorRoleArns); none by default. */
  auditorRoleArns?: string[];
}

function adminStatements(admins: KeyAdmins): Statement[] {
  const principals = [...new Set([...admins.adminRoleArns, admins.deployRoleArn])];
  const statements: Statement[] = [
    {
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: principals },
      Action: KEY_ADMIN_ACTIONS,
      Resource: "*",
    },
    {
      Sid: "DenyKeyDeletion",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: KEY_DELETION_ACTIONS,
      Resource: "*",
    },
  ];
  return [...statements, ...auditorStatements(admins.auditorRoleArns)];
}

/** Key metadata reads for the read-only roles `npm run verify` runs as; nothing when there are none. */
function auditorStatements(roleArns: string[] | undefined): Statement[] {
  const auditors = [...new Set(roleArns ?? [])];
  if (auditors.length === 0) return [];
  return [
    {
      Sid: "AuditorsReadKeyMetadata",
      Effect: "Allow",
      Principal: { AWS: auditors },
      Action: KEY_AUDIT_ACTIONS,
      Resource: "*",
    },
  ];
}

export interface VaultKeyPolicyArgs extends KeyAdmins {
  /** The recovery account. */
  accountId: string;
  /** AWS Backup's service-linked role in the recovery account. */
  backupServiceLinkedRoleArn: string;
}

/**
 * The key of a backup vault (the locked vault, the second-region vault, the air-gapped vault).
 *
 * AWS Backup in the recovery account encrypts copies with the *destination* vault's key, through
 * its service-linked role (which also serves cross-account restore) and through grants it creates
 * for the resources it writes. Production, the source of cross-account copies, needs nothing on
 * this key: it decrypts with its own key and AWS Backup re-encrypts on the recovery side
 * (AWS-FACTS, "Cross-account copy": the destination key policy must let AWS Backup use it). So
 * this policy names no principal outside the recovery account and gives production no kms:Decrypt.
 */
export function vaultKeyPolicy(args: VaultKeyPolicyArgs): PolicyDocument {
  return policyDocument([
    ...adminStatements(args),
    {
      Sid: "AwsBackupUse",
      Effect: "Allow",
      Principal: { AWS: args.backupServiceLinkedRoleArn },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
    },
    {
      // CreateBackupVault with a customer key, and every job that writes into the vault, has AWS
      // Backup create a grant for the resource; only grants for AWS resources are allowed.
      Sid: "AwsBackupGrantsForAwsResources",
      Effect: "Allow",
      Principal: { AWS: [args.backupServiceLinkedRoleArn, args.deployRoleArn] },
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
    {
      // Backup jobs in this account run as roles of this account and reach the key only through
      // AWS Backup; kms:CallerAccount keeps other accounts out even if a role ARN were reused.
      Sid: "UseThroughAwsBackupInThisAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": args.accountId },
        StringLike: { "kms:ViaService": "backup.*.amazonaws.com" },
      },
    },
  ]);
}

export interface AlertsKeyPolicyArgs extends KeyAdmins {
  accountId: string;
}

/**
 * The key of the alerts topic. EventBridge and AWS Backup publish to an encrypted topic only if
 * the key lets them generate data keys and decrypt (Amazon SNS developer guide, "Enabling
 * compatibility between event sources from AWS services and encrypted topics"). AWS Backup's use
 * is scoped to this account with aws:SourceAccount; EventBridge's cannot be (see the statement).
 */
export function alertsKeyPolicy(args: AlertsKeyPolicyArgs): PolicyDocument {
  return policyDocument([
    ...adminStatements(args),
    {
      // No aws:SourceAccount or aws:SourceArn here: "Adding the aws:SourceAccount and aws:SourceArn
      // to a AWS KMS policy is not supported for EventBridge-to-encrypted topics" (Amazon SNS
      // developer guide, "Key management", compatibility with AWS services; with such a condition
      // EventBridge's deliveries fail, as in awslabs/landing-zone-accelerator-on-aws#407). The topic
      // policy still lets only this account's rules publish (topic-policy.ts, aws:SourceArn), and
      // these two actions serve only to encrypt and read messages for the topic.
      Sid: "EventBridgePublishesToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
    },
    {
      Sid: "BackupNotificationsToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: "backup.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
    },
  ]);
}

export interface AuditKeyPolicyArgs extends KeyAdmins {
  partition: string;
  region: string;
  accountId: string;
  /** ARNs the trail may have (its own account's, and the management account's for an organization trail). */
  trailArns: string[];
  /** Backup Audit Manager's service-linked role, which writes reports into the same bucket. */
  reportsServiceLinkedRoleArn: string;
}

/**
 * The key of the audit trail and its bucket (AWS CloudTrail user guide, "Configure AWS KMS key
 * policies for CloudTrail": encrypt with kms:EncryptionContext:aws:cloudtrail:arn and
 * aws:SourceArn, DescribeKey, and decrypt for log readers).
 */
export function auditKeyPolicy(args: AuditKeyPolicyArgs): PolicyDocument {
  const trailContext = `arn:${args.partition}:cloudtrail:*:*:trail/*`;
  return policyDocument([
    ...adminStatements(args),
    {
      Sid: "CloudTrailEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": args.trailArns },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trailContext },
      },
    },
    {
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": args.trailArns } },
    },
    {
      Sid: "AdministratorsReadLogs",
      Effect: "Allow",
      Principal: { AWS: args.adminRoleArns },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" } },
    },
    {
      Sid: "BackupAuditManagerWritesReports",
      Effect: "Allow",
      Principal: { AWS: args.reportsServiceLinkedRoleArn },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
    },
    {
      // The bucket's default encryption (SSE-KMS with a bucket key) is used by S3 on behalf of
      // writers in this account; other accounts reach it only as the services above.
      Sid: "S3InThisAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": args.accountId, "kms:ViaService": `s3.${args.region}.amazonaws.com` },
      },
    },
  ]);
}

export interface AlarmTopicKeyPolicyArgs {
  /** The IRE account. */
  accountId: string;
  /** The deploy role: it creates the key, administers it, and keeps PutKeyPolicy (lockout check). */
  deployRoleArn: string;
  /** ArnLike pattern of the CloudWatch alarms that publish to the topic this key encrypts. */
  alarmArnPattern: string;
  /** Read-only roles that may read the key's metadata (isolation:auditorRoleArns). */
  auditorRoleArns?: string[];
}

/**
 * The key of the IRE's validation alerts topic. CloudWatch alarms publish to an encrypted topic only
 * if the key lets cloudwatch.amazonaws.com call kms:GenerateDataKey* and kms:Decrypt (Amazon SNS
 * developer guide, "Enable compatibility between event sources from AWS services and encrypted
 * topics", which also recommends aws:SourceAccount and aws:SourceArn against the confused deputy;
 * AWS re:Post knowledge center, "configure a CloudWatch alarm with an encrypted SNS topic": with the
 * AWS-managed alias/aws/sns key the alarm action fails).
 *
 * Unlike the recovery keys, this key protects only alert messages in flight, nothing at rest that
 * must outlive it, so the deploy role may schedule its deletion (30-day window, policy pack rule 5)
 * and the key is neither protected nor retained (components/validation-alerts.ts). No account-root
 * statement, for the same reason as the recovery keys: IAM policies of the IRE cannot reach it.
 */
export function alarmTopicKeyPolicy(args: AlarmTopicKeyPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: args.deployRoleArn },
      Action: [...KEY_ADMIN_ACTIONS, "kms:ScheduleKeyDeletion"],
      Resource: "*",
    },
    {
      Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": args.accountId },
        ArnLike: { "aws:SourceArn": args.alarmArnPattern },
      },
    },
    ...auditorStatements(args.auditorRoleArns),
  ]);
}
