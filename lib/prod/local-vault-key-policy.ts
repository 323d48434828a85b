/**
 * The key policy of a workload account's local vault key.
 *
 * It is the recovery stack's vault key policy (lib/recoverypolicies/key-policy.ts: deploy-role
 * administration, no account-root statement, an explicit Deny on key deletion, AWS Backup use in
 * this account) with this account's AWS Backup role where the recovery account names its service-
 * linked role, plus what cross-account copy needs from the *source* key.
 *
 * Cross-account copy: AWS Backup in the destination (recovery) account reads the source recovery
 * point, encrypted with this key, and re-encrypts it with the destination vault's key. AWS-managed
 * keys cannot be shared, so the source must use a customer-managed key whose policy lets the
 * destination account use it (AWS Backup developer guide, "Creating backup copies across AWS
 * accounts", encryption; AWS KMS developer guide, "Allowing users in other accounts to use a KMS
 * key": kms:Decrypt and kms:DescribeKey for use, kms:CreateGrant with kms:GrantIsForAWSResource for
 * AWS services acting for the account; aws-samples/aws-backup-automation#2 shows a copy failing
 * without DescribeKey). That, and only that, is granted, to the recovery account alone: no
 * Encrypt, no GenerateDataKey, no administration, no other account.
 */
import { accountRootArn } from "../recoverypolicies/principals";
import { policyDocument, PolicyDocument } from "../recoverypolicies/document";
import { vaultKeyPolicy } from "../recoverypolicies/key-policy";

export interface LocalVaultKeyPolicyArgs {
  partition: string;
  /** This workload account. */
  accountId: string;
  /** The deploy role: it creates the key and must keep PutKeyPolicy. */
  deployRoleArn: string;
  /** The role AWS Backup assumes here (isolation:backupPolicyRoleName). */
  backupRoleArn: string;
  /** The only other account that may use the key: the recovery account, read from the recovery stack. */
  recoveryAccountId: string;
  /** Read-only roles of this account that may read the key's metadata (isolation:auditorRoleArns). */
  auditorRoleArns?: string[];
}

export const CROSS_ACCOUNT_COPY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"];

export function localVaultKeyPolicy(args: LocalVaultKeyPolicyArgs): PolicyDocument {
  if (args.recoveryAccountId === args.accountId) {
    throw new Error(`the recovery account ${args.recoveryAccountId} must not be the workload account itself`);
  }
  const base = vaultKeyPolicy({
    adminRoleArns: [],
    deployRoleArn: args.deployRoleArn,
    auditorRoleArns: args.auditorRoleArns,
    accountId: args.accountId,
    backupServiceLinkedRoleArn: args.backupRoleArn,
  });
  const recovery = accountRootArn(args.partition, args.recoveryAccountId);
  return policyDocument([
    ...base.Statement,
    {
      Sid: "RecoveryAccountReadsCopies",
      Effect: "Allow",
      Principal: { AWS: recovery },
      Action: CROSS_ACCOUNT_COPY_ACTIONS,
      Resource: "*",
    },
    {
      Sid: "RecoveryAccountGrantsForAwsResources",
      Effect: "Allow",
      Principal: { AWS: recovery },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ]);
}
