/**
 * A production workload stack: what the organization backup policy (org stack) needs in this
 * account. That policy creates the backup plan, which writes into the local vault named
 * isolation:backupPolicyLocalVaultName as the role isolation:backupPolicyRoleName and copies into
 * the recovery account's vaults; this stack creates that vault, its customer-managed key (which
 * the recovery account may read, for the copies) and that role. It reads org and recovery only.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupServiceRole } from "../components/backup-service-role";
import { LocalVault } from "../components/local-vault";
import { RecoveryKey } from "../components/recovery-key";
import { partitionOf } from "../lib/arn";
import { backupManagedPolicyArns } from "../lib/backup/service-role";
import { localVaultKeyPolicy } from "../lib/prod/local-vault-key-policy";
import type { ProdOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

export function buildProd(ctx: StackContext<"prod">): StackOutputs<ProdOutputs> {
  const { config, provider, refs } = ctx;
  const opts = { provider };
  const partition = partitionOf(config.region);
  const recoveryAccountId = refs.recovery().output("accountId");
  const policies = backupManagedPolicyArns(partition);

  const backupRole = new BackupServiceRole(
    "backup-role",
    {
      roleName: config.backupPolicyRoleName,
      accountId: config.accountId,
      description: "AWS Backup: the organization backup policy's backups and copies, and restores",
      managedPolicyArns: {
        backup: policies.backup,
        restores: policies.restores,
        "s3-backup": policies.s3Backup,
        "s3-restore": policies.s3Restore,
      },
    },
    opts,
  );

  // A key policy may name only principals that exist: the role is created first.
  const key = new RecoveryKey(
    "local-vault-key",
    {
      description: `Local backup vault ${config.backupPolicyLocalVaultName}: read by the recovery account for cross-account copies`,
      alias: `isolation/${config.backupPolicyLocalVaultName}`,
      policy: pulumi.all([recoveryAccountId, backupRole.arn]).apply(([recovery, backupRoleArn]) =>
        localVaultKeyPolicy({
          partition,
          accountId: config.accountId,
          deployRoleArn: config.deployRoleArn,
          backupRoleArn,
          recoveryAccountId: recovery,
          auditorRoleArns: config.auditorRoleArns,
        }),
      ),
    },
    { ...opts, dependsOn: [backupRole] },
  );

  const vault = new LocalVault(
    "local-vault",
    { vaultName: config.backupPolicyLocalVaultName, kmsKeyArn: key.arn },
    opts,
  );

  return {
    role: "prod",
    accountId: config.accountId,
    region: config.region,
    recoveryAccountId,
    localVaultName: vault.name,
    localVaultArn: vault.arn,
    localVaultKeyArn: key.arn,
    backupRoleArn: backupRole.arn,
  };
}
