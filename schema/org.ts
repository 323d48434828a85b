/** Config keys of the org stack (management account, or delegated policy administrator). */
import { accountId, accountIdList } from "./keys";
import type { CrossCheck } from "./types";

export const orgShape = {
  recoveryAccountId: accountId("The recovery (data bunker) account."),
  ireAccountId: accountId("The isolated restore environment (IRE) account."),
  prodAccountIds: accountIdList("The production workload accounts."),
};

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
