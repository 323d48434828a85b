/**
 * `isolation:auditorRoleArns` (recovery, IRE and prod stacks): read-only roles that `npm run verify`
 * runs as. A KMS key answers only to the principals its key policy names, and our key policies
 * name no account root (lib/recoverypolicies/key-policy.ts), so without this a read-only auditor
 * could not check a key's state and rotation: verify would have to run as a key administrator or
 * the deploy role, which can write.
 */
import { z } from "zod";
import { parseArn } from "../lib/arn";
import { iamRoleArn } from "./keys";
import type { CrossCheck } from "./types";

export const auditorShape = {
  auditorRoleArns: z
    .array(iamRoleArn(""), { error: "a list of IAM role ARNs" })
    .default([])
    .describe(
      "Read-only roles of this account that npm run verify runs as: the stack's KMS key policies let them read key metadata (kms:DescribeKey, kms:GetKeyRotationStatus, kms:GetKeyPolicy) and nothing else. Default: none.",
    ),
};

/** Auditor roles belong to the stack's own account: another account reading key metadata is a trust across accounts. */
export const auditorChecks: CrossCheck<{ accountId: string; auditorRoleArns: string[] }> = (cfg, report) => {
  for (const arn of cfg.auditorRoleArns ?? []) {
    const account = parseArn(arn)?.account;
    if (cfg.accountId && account && account !== cfg.accountId) {
      report("auditorRoleArns", arn, `a role in this stack's account ${cfg.accountId}, not in ${account}`);
    }
  }
};
