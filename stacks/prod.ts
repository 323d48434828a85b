/** A production workload stack: its backups are copied into the recovery account. */
import type { ProdOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

export function buildProd(ctx: StackContext<"prod">): StackOutputs<ProdOutputs> {
  const { config, refs } = ctx;
  return {
    role: "prod",
    accountId: config.accountId,
    region: config.region,
    recoveryAccountId: refs.recovery().output("accountId"),
  };
}
