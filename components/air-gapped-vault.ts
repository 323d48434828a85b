/**
 * The logically air-gapped vault, shared through AWS RAM with the IRE account alone.
 *
 * The vault has a compliance lock built in (AWS-FACTS, "Logically air-gapped vault"): min and max
 * retention are set at creation, min >= 7. The RAM share does not allow external principals and
 * names exactly one principal, the IRE account, so the IRE can restore from it and nobody else
 * sees it. A multi-party approval team cannot be associated from @pulumi/aws 7.48 (no resource
 * wraps AssociateBackupVaultMpaApprovalTeam); README, "Multi-party approval", describes the manual step.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireProvider } from "./provider";

export interface AirGappedVaultArgs {
  /** The vault's name (2-50 letters, digits, '-' or '_'). */
  vaultName: string;
  /** At least 7 days. */
  minRetentionDays: number;
  maxRetentionDays: number;
  /** A customer-managed key; omitted for an AWS-owned key. */
  encryptionKeyArn?: pulumi.Input<string>;
  /** The only account the vault is shared with. */
  ireAccountId: string;
}

export class AirGappedVault extends pulumi.ComponentResource {
  readonly vault: aws.backup.LogicallyAirGappedVault;
  readonly share: aws.ram.ResourceShare;
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: AirGappedVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("AirGappedVault", opts);
    super("isolation:recovery:AirGappedVault", name, {}, opts);
    const child = { parent: this, provider };
    this.vault = new aws.backup.LogicallyAirGappedVault(
      name,
      {
        name: args.vaultName,
        minRetentionDays: args.minRetentionDays,
        maxRetentionDays: args.maxRetentionDays,
        ...(args.encryptionKeyArn ? { encryptionKeyArn: args.encryptionKeyArn } : {}),
      },
      { ...child, protect: true, retainOnDelete: true },
    );
    this.share = new aws.ram.ResourceShare(
      name,
      { name: `${args.vaultName}-ire`, allowExternalPrincipals: false },
      child,
    );
    new aws.ram.ResourceAssociation(name, { resourceArn: this.vault.arn, resourceShareArn: this.share.arn }, child);
    new aws.ram.PrincipalAssociation(
      `${name}-ire`,
      { principal: args.ireAccountId, resourceShareArn: this.share.arn },
      child,
    );
    this.arn = this.vault.arn;
    this.name = this.vault.name;
    this.registerOutputs({ arn: this.arn, name: this.name, shareArn: this.share.arn });
  }
}
