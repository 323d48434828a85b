/**
 * A backup vault under a compliance-mode Vault Lock, with its access policy.
 *
 * The lock's changeableForDays (>= 3) is what makes it compliance mode: after that many days nobody,
 * root included, can change or remove it (AWS-FACTS, "Vault Lock"). Vault and lock are protected
 * and retained on delete; removing them from the program leaves them in AWS, as it must.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertPolicySize, PolicyDocument } from "../lib/recoverypolicies/document";
import { isComplianceMode, MIN_CHANGEABLE_FOR_DAYS } from "../lib/recoverypolicies/retention";
import { VAULT_POLICY_MAX_CHARS } from "../lib/recoverypolicies/vault-access-policy";
import { requireProvider } from "./provider";

export interface LockedVaultArgs {
  /** The vault's name (2-50 letters, digits, '-' or '_'). */
  vaultName: string;
  /** The customer-managed key that encrypts the vault's recovery points. */
  kmsKeyArn: pulumi.Input<string>;
  minRetentionDays: number;
  maxRetentionDays: number;
  /** Days until the lock is immutable; at least 3 (compliance mode). */
  changeableForDays: number;
  /** The vault access policy; omitted for a vault that no other account writes to. */
  accessPolicy?: pulumi.Input<PolicyDocument>;
  /** Region of the vault when it is not the provider's. */
  region?: string;
}

export class LockedVault extends pulumi.ComponentResource {
  readonly vault: aws.backup.Vault;
  readonly lock: aws.backup.VaultLockConfiguration;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: LockedVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("LockedVault", opts);
    if (!isComplianceMode(args.changeableForDays)) {
      // The schema already rejects this; a component used elsewhere must not build a governance lock.
      throw new Error(
        `LockedVault ${name}: changeableForDays ${args.changeableForDays} is below ${MIN_CHANGEABLE_FOR_DAYS}; that is not a compliance-mode lock`,
      );
    }
    super("isolation:recovery:LockedVault", name, {}, opts);
    const child = { parent: this, provider };
    const region = args.region ? { region: args.region } : {};
    const stateful = { ...child, protect: true, retainOnDelete: true };

    this.vault = new aws.backup.Vault(
      name,
      { name: args.vaultName, kmsKeyArn: args.kmsKeyArn, forceDestroy: false, ...region },
      stateful,
    );
    this.lock = new aws.backup.VaultLockConfiguration(
      name,
      {
        backupVaultName: this.vault.name,
        changeableForDays: args.changeableForDays,
        minRetentionDays: args.minRetentionDays,
        maxRetentionDays: args.maxRetentionDays,
        ...region,
      },
      // A lock read back from AWS has no changeableForDays (hashicorp/terraform-provider-aws
      // #46876); ignoring it keeps a refreshed stack from planning to replace an immutable lock.
      { ...stateful, ignoreChanges: ["changeableForDays"] },
    );
    if (args.accessPolicy) {
      new aws.backup.VaultPolicy(
        name,
        {
          backupVaultName: this.vault.name,
          policy: pulumi
            .output(args.accessPolicy)
            .apply((doc) => assertPolicySize(doc, VAULT_POLICY_MAX_CHARS, `${name} vault access policy`)),
          ...region,
        },
        child,
      );
    }
    this.name = this.vault.name;
    this.arn = this.vault.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
