/**
 * A workload account's local backup vault: where the organization backup policy's plan writes its
 * recovery points before copying them to the recovery and air-gapped vaults.
 *
 * It has no vault lock and no access policy on purpose. This vault is not the bunker: the copies
 * that must survive an attacker who owns production live in the recovery account, where a lock in
 * compliance mode holds them. A Deny-delete access policy here would be removable by the same
 * production administrators it would be meant to stop (they own PutBackupVaultAccessPolicy in this
 * account); what production may not do to its backups is the workloads SCP's job (org stack).
 * The vault is still protected and retained, so a `pulumi destroy` of production keeps it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireProvider } from "./provider";

export interface LocalVaultArgs {
  /** isolation:backupPolicyLocalVaultName, which the organization backup policy names. */
  vaultName: string;
  /** A customer-managed key: cross-account copy cannot use an AWS-managed one. */
  kmsKeyArn: pulumi.Input<string>;
}

export class LocalVault extends pulumi.ComponentResource {
  readonly vault: aws.backup.Vault;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: LocalVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("LocalVault", opts);
    super("isolation:prod:LocalVault", name, {}, opts);
    this.vault = new aws.backup.Vault(
      name,
      { name: args.vaultName, kmsKeyArn: args.kmsKeyArn, forceDestroy: false },
      { parent: this, provider, protect: true, retainOnDelete: true },
    );
    this.name = this.vault.name;
    this.arn = this.vault.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
