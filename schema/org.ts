/** Config keys of the org stack (management account, or delegated policy administrator). */
import { z } from "zod";
import { accountId, accountIdList } from "./keys";
import type { CrossCheck } from "./types";

export const orgShape = {
  recoveryAccountId: accountId("The recovery (data bunker) account."),
  ireAccountId: accountId("The isolated restore environment (IRE) account."),
  prodAccountIds: accountIdList("The production workload accounts."),
  // Placeholder until the org stack creates the organization's OUs itself: the IDs are read from
  // config and turned into the aws:PrincipalOrgPaths form that the recovery stack's policies use.
  organizationId: z
    .string({ error: "an AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits)" })
    .regex(/^o-[a-z0-9]{10,32}$/, {
      error: "an AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits)",
    })
    .describe(
      "The AWS Organizations ID (o-...), exported for resource policies (aws:PrincipalOrgID, aws:PrincipalOrgPaths).",
    ),
  orgRootId: ouLike("r", "The organization's root ID (r-...)."),
  recoveryOuId: ouLike("ou", "The OU, directly under the root, that holds the recovery account."),
  ireOuId: ouLike("ou", "The OU, directly under the root, that holds the IRE account."),
  workloadsOuId: ouLike("ou", "The OU, directly under the root, that holds the production workload accounts."),
};

function ouLike(prefix: "r" | "ou", description: string) {
  // Organizations API reference: root IDs ^r-[0-9a-z]{4,32}$, OU IDs ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$.
  const pattern = prefix === "r" ? /^r-[0-9a-z]{4,32}$/ : /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
  const expected = prefix === "r" ? "a root ID such as r-ab12" : "an OU ID such as ou-ab12-cd34ef56";
  return z.string({ error: expected }).regex(pattern, { error: expected }).describe(description);
}

/** No shared trust means no shared accounts: every role needs an account of its own. */
export const orgChecks: CrossCheck<{
  accountId: string;
  recoveryAccountId: string;
  ireAccountId: string;
  prodAccountIds: string[];
}> = (cfg, report) => {
  const seen = new Map<string, string>();
  const claim = (key: string, id: string | undefined, value: unknown) => {
    if (!id) return;
    const owner = seen.get(id);
    if (owner) report(key, value, `an account of its own, not ${id}, which is already isolation:${owner}`);
    else seen.set(id, key);
  };
  claim("accountId", cfg.accountId, cfg.accountId);
  claim("recoveryAccountId", cfg.recoveryAccountId, cfg.recoveryAccountId);
  claim("ireAccountId", cfg.ireAccountId, cfg.ireAccountId);
  for (const id of cfg.prodAccountIds ?? []) claim("prodAccountIds", id, cfg.prodAccountIds);
};
