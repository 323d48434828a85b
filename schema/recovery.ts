/** Config keys of the recovery stack (the data bunker). */
import { z } from "zod";
import { parseArn } from "../lib/arn";
import {
  AIR_GAPPED_MIN_RETENTION_FLOOR,
  MAX_RETENTION_CEILING,
  MIN_CHANGEABLE_FOR_DAYS,
  OBJECT_LOCK_MAX_DAYS,
  retentionProblems,
  VAULT_MIN_RETENTION_FLOOR,
} from "../lib/recoverypolicies/retention";
import { accountId, bool, emailList, iamRoleArn, integer, region } from "./keys";
import { orgStack } from "./references";
import { airGappedVaultName, recoveryVaultName, vaultNameKey } from "./vaults";
import type { CrossCheck } from "./types";

const roleArnList = (description: string) =>
  z
    .array(iamRoleArn(""), { error: "a list of IAM role ARNs" })
    .min(1, { error: "a list of at least one IAM role ARN" })
    .describe(description);

export const recoveryShape = {
  orgStack,
  ireAccountId: accountId("The isolated restore environment (IRE) account."),
  recoveryVaultName,
  vaultMinRetentionDays: integer(
    "Vault Lock minimum retention in days: copies kept for less are rejected.",
    VAULT_MIN_RETENTION_FLOOR,
    MAX_RETENTION_CEILING,
  ),
  vaultMaxRetentionDays: integer(
    "Vault Lock maximum retention in days: copies kept for longer are rejected.",
    VAULT_MIN_RETENTION_FLOOR,
    MAX_RETENTION_CEILING,
  ),
  vaultChangeableForDays: z
    .int({ error: `a whole number of days from ${MIN_CHANGEABLE_FOR_DAYS} (compliance mode)` })
    .min(MIN_CHANGEABLE_FOR_DAYS, {
      error: `at least ${MIN_CHANGEABLE_FOR_DAYS} days: below that AWS does not create a compliance-mode lock`,
    })
    .max(MAX_RETENTION_CEILING, { error: `a whole number of days from ${MIN_CHANGEABLE_FOR_DAYS} to 36500` })
    .default(MIN_CHANGEABLE_FOR_DAYS)
    .describe(
      "Days before the vault lock becomes immutable (compliance mode; at least 3, default 3). After that nobody, root included, can change or remove it.",
    ),
  airGappedVaultName,
  airGappedMinRetentionDays: integer(
    "Minimum retention in days of the logically air-gapped vault (at least 7).",
    AIR_GAPPED_MIN_RETENTION_FLOOR,
    MAX_RETENTION_CEILING,
  ),
  airGappedMaxRetentionDays: integer(
    "Maximum retention in days of the logically air-gapped vault.",
    AIR_GAPPED_MIN_RETENTION_FLOOR,
    MAX_RETENTION_CEILING,
  ),
  airGappedUseCustomerKey: bool(
    "Encrypt the air-gapped vault with a customer-managed KMS key of this stack (default: false, an AWS-owned key).",
  ).default(false),
  vaultPolicyExemptRoleArn: iamRoleArn(
    "The only role exempt from the vault policy's deny on PutBackupVaultAccessPolicy and DeleteBackupVaultAccessPolicy (default: isolation:deployRoleArn, so the stack can keep the policy up to date).",
  ).optional(),
  recoveryAdminRoleArns: roleArnList(
    "Roles in the recovery account that administer the stack's KMS keys (with the deploy role). Nobody else can.",
  ),
  alertEmails: emailList("Email addresses subscribed to the recovery alerts topic (each must confirm)."),
  organizationTrail: bool(
    "Make the audit trail an organization trail (the recovery account must be CloudTrail's delegated administrator). Default: false, a trail of this account.",
  ).default(false),
  trailObjectLockDays: integer(
    "S3 Object Lock (compliance mode) retention in days of the audit trail's log files; at least isolation:vaultMinRetentionDays.",
    1,
    OBJECT_LOCK_MAX_DAYS,
  ),
  secondRegion: region(
    "A second region for a second locked vault (with its own key) that cross-region copies go to. Optional.",
  ).optional(),
  secondVaultName: vaultNameKey(
    "Name of the second region's locked vault (default: isolation-recovery-secondary).",
    "isolation-recovery-secondary",
  ),
};

type RecoveryKeys = { [K in keyof typeof recoveryShape]: z.infer<(typeof recoveryShape)[K]> } & {
  accountId: string;
  region: string;
  deployRoleArn: string;
};

/** Checks across keys: retention ordering, separate accounts and regions, roles in this account. */
export const recoveryChecks: CrossCheck<RecoveryKeys> = (cfg, report) => {
  for (const p of retentionProblems(cfg)) report(p.key, p.value, p.expected);
  if (cfg.ireAccountId && cfg.accountId && cfg.ireAccountId === cfg.accountId) {
    report(
      "ireAccountId",
      cfg.ireAccountId,
      "an account other than the recovery account itself: restores are validated in a separate account",
    );
  }
  if (cfg.secondRegion && cfg.region && cfg.secondRegion === cfg.region) {
    report("secondRegion", cfg.secondRegion, `a region other than isolation:region (${cfg.region})`);
  }
  const ownAccount = (key: string, arn: string, value: unknown) => {
    const parsed = parseArn(arn);
    if (cfg.accountId && parsed && parsed.account !== cfg.accountId) {
      report(key, value, `a role in the recovery account ${cfg.accountId}, not in ${parsed.account}`);
    }
  };
  for (const arn of cfg.recoveryAdminRoleArns ?? []) ownAccount("recoveryAdminRoleArns", arn, arn);
  if (cfg.vaultPolicyExemptRoleArn) {
    ownAccount("vaultPolicyExemptRoleArn", cfg.vaultPolicyExemptRoleArn, cfg.vaultPolicyExemptRoleArn);
  }
};
