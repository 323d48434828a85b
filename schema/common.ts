/** Config keys that every stack has, whatever its role. */
import { z } from "zod";
import { parseArn, partitionOf } from "../lib/arn";
import { accountId, iamRoleArn, region } from "./keys";
import type { CrossCheck } from "./types";

export const commonShape = {
  role: z
    .enum(["org", "recovery", "ire", "prod"], { error: "one of org, recovery, ire, prod" })
    .optional()
    .describe(
      "Account role of this stack: org, recovery, ire or prod. Defaults to the stack name, which may carry a suffix after '-' (prod-payments).",
    ),
  accountId: accountId(
    "The 12-digit AWS account this stack deploys into. The provider refuses any other account (allowedAccountIds).",
  ),
  region: region("AWS region of this stack's provider and resources, such as eu-west-1."),
  deployRoleArn: iamRoleArn(
    "IAM role in this stack's own account that the provider assumes to deploy (arn:aws:iam::<accountId>:role/<name>).",
  ),
  pulumiOrg: z
    .string({ error: "a Pulumi organization name" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "a Pulumi organization name" })
    .optional()
    .describe(
      "Pulumi organization that owns the stacks this stack references. Defaults to the current organization ('organization' on a self-managed backend).",
    ),
};

/** The deploy role must live in this stack's own account and partition: no cross-account deploys. */
export const commonChecks: CrossCheck<{ accountId?: string; region?: string; deployRoleArn?: string }> = (
  cfg,
  report,
) => {
  const arn = cfg.deployRoleArn ? parseArn(cfg.deployRoleArn) : undefined;
  if (!arn) return;
  if (cfg.accountId && arn.account !== cfg.accountId) {
    report(
      "deployRoleArn",
      cfg.deployRoleArn,
      `a role in this stack's own account ${cfg.accountId} (isolation:accountId)`,
    );
  }
  if (cfg.region && arn.partition !== partitionOf(cfg.region)) {
    report(
      "deployRoleArn",
      cfg.deployRoleArn,
      `an ARN in partition ${partitionOf(cfg.region)}, the partition of region ${cfg.region}`,
    );
  }
};
