/**
 * What each workload account must have for the organization backup policy: a local vault and the
 * role AWS Backup assumes. The org stack writes both names into the backup policy; the prod stack
 * creates them. The org stack cannot read a prod stack (it is more trusted), so both read the same
 * keys, `isolation:backupPolicyLocalVaultName` and `isolation:backupPolicyRoleName`: one key name,
 * one definition, one default and one README row, so that a value set in Pulumi.org.yaml is
 * visibly the one to set in every Pulumi.prod*.yaml (as schema/vaults.ts does for the recovery
 * vault names shared by the org and recovery stacks).
 */
import { z } from "zod";
import { vaultNameKey } from "./vaults";

export const backupPolicyLocalVaultName = vaultNameKey(
  "Vault each workload account keeps for the organization backup policy's recovery points: the prod stack creates it and the org backup policy names it, so set it alike in both (default: isolation-local).",
  "isolation-local",
);

const ROLE_NAME_EXPECTED = "an IAM role name of up to 64 characters, optionally after a path (path/name)";

/** An IAM role name, optionally with a path (`service-role/AWSBackupDefaultServiceRole`). */
export const backupPolicyRoleName = z
  .string({ error: ROLE_NAME_EXPECTED })
  .regex(/^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, { error: ROLE_NAME_EXPECTED })
  .default("service-role/AWSBackupDefaultServiceRole")
  .describe(
    "IAM role AWS Backup assumes in each workload account (name, optionally after a path): the prod stack creates it and the org backup policy names it, so set it alike in both (default: service-role/AWSBackupDefaultServiceRole).",
  );
