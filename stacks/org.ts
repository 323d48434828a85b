/** The org stack: the management account's view of the estate. */
import type { OrgOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

export function buildOrg(ctx: StackContext<"org">): StackOutputs<OrgOutputs> {
  const { config } = ctx;
  return {
    role: "org",
    accountId: config.accountId,
    region: config.region,
    accountIds: {
      management: config.accountId,
      recovery: config.recoveryAccountId,
      ire: config.ireAccountId,
      prod: config.prodAccountIds,
    },
  };
}
