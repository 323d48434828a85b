/**
 * Vault names that two stacks must agree on: the recovery stack creates the vaults, and the org
 * stack's backup policy copies into them by ARN (computed from config, since the org stack reads
 * no other stack). One definition, one default, so the two cannot drift apart.
 */
import { z } from "zod";

/** Backup vault names: ^[a-zA-Z0-9\-\_]{2,50}$ (AWS Backup API reference, CreateBackupVault). */
export const vaultNameKey = (description: string, fallback: string) =>
  z
    .string({ error: "a backup vault name of 2 to 50 letters, digits, '-' or '_'" })
    .regex(/^[A-Za-z0-9_-]{2,50}$/, { error: "a backup vault name of 2 to 50 letters, digits, '-' or '_'" })
    .default(fallback)
    .describe(description);

export const recoveryVaultName = vaultNameKey(
  "Name of the recovery account's locked backup vault: the recovery stack creates it and the org backup policy copies into it, so set it alike in both (default: isolation-recovery).",
  "isolation-recovery",
);

export const airGappedVaultName = vaultNameKey(
  "Name of the recovery account's logically air-gapped vault, shared with the IRE: the recovery stack creates it and the org backup policy copies into it, so set it alike in both (default: isolation-air-gapped).",
  "isolation-air-gapped",
);
