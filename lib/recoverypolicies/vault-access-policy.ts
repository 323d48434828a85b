/**
 * The recovery vault's access policy.
 *
 * - The only Allow is backup:CopyIntoBackupVault for principals in the workloads OU of this
 *   organization (aws:PrincipalOrgPaths): production copies in, and nothing else crosses accounts.
 *   AWS rejects every other cross-account call on a vault anyway (AWS-FACTS, "Vault access policy").
 * - Deny, for Principal "*" and without exception, DeleteRecoveryPoint, UpdateRecoveryPointLifecycle
 *   and DeleteBackupVault: nobody, this account's root included, deletes or shortens a backup.
 *   (AWS Config's BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED looks for this Deny.)
 * - Deny PutBackupVaultAccessPolicy and DeleteBackupVaultAccessPolicy to everyone but one role,
 *   the recovery stack's deploy role by default, so that the stack can still update this policy and
 *   nobody else can loosen it.
 */
import {
  CROSS_ACCOUNT_COPY_ACTION,
  VAULT_POLICY_DENIED_ACTIONS,
  VAULT_POLICY_EXEMPTABLE_ACTIONS,
} from "../guardrail-actions";
import { ORG_PATH_PATTERN } from "../orgpolicies/paths";
import { policyDocument, PolicyDocument, Statement } from "./document";

/** Backup vault access policies are limited to 20,480 characters (AWS Backup quotas). */
export const VAULT_POLICY_MAX_CHARS = 20_480;

// The same lists the policy pack checks vault policies against (rule 4), so the two cannot drift.
export const COPY_INTO_ACTION = CROSS_ACCOUNT_COPY_ACTION;
export const POLICY_CHANGE_ACTIONS = VAULT_POLICY_EXEMPTABLE_ACTIONS;
export const UNCONDITIONAL_DENY_ACTIONS = VAULT_POLICY_DENIED_ACTIONS.filter(
  (a) => !(POLICY_CHANGE_ACTIONS as readonly string[]).includes(a),
);

export interface VaultAccessPolicyArgs {
  /** aws:PrincipalOrgPaths of the workloads OU, `o-xxx/r-xxx/ou-xxx/`: the only accounts that copy in. */
  workloadsOrgPath: string;
  /** The one role allowed to replace or delete this policy (the deploy role). */
  policyAdminRoleArn: string;
}

export function vaultAccessPolicy(args: VaultAccessPolicyArgs): PolicyDocument {
  if (!ORG_PATH_PATTERN.test(args.workloadsOrgPath)) {
    // A malformed path would match nothing (copies fail) or, worse, too much: refuse it.
    throw new Error(
      `workloads OU path "${args.workloadsOrgPath}" is not of the form o-xxx/r-xxx/ou-xxx/ (aws:PrincipalOrgPaths)`,
    );
  }
  const statements: Statement[] = [
    {
      Sid: "AllowCopyIntoFromWorkloadsOu",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: COPY_INTO_ACTION,
      Resource: "*",
      // The trailing * takes in OUs nested below the workloads OU (IAM condition keys reference:
      // aws:PrincipalOrgPaths is multivalued, hence ForAnyValue).
      Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${args.workloadsOrgPath}*`] } },
    },
    {
      Sid: "DenyRecoveryPointDeletionByAnyone",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: [...UNCONDITIONAL_DENY_ACTIONS],
      Resource: "*",
    },
    {
      Sid: "DenyPolicyChangesExceptPolicyAdmin",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: [...POLICY_CHANGE_ACTIONS],
      Resource: "*",
      // aws:PrincipalArn is the role's ARN (not the session's) for assumed-role sessions.
      Condition: { ArnNotEquals: { "aws:PrincipalArn": args.policyAdminRoleArn } },
    },
  ];
  return policyDocument(statements);
}
