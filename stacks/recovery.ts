/** The recovery stack: the data bunker. */
import type { RecoveryOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

export function buildRecovery(ctx: StackContext<"recovery">): StackOutputs<RecoveryOutputs> {
  const { config } = ctx;
  return { role: "recovery", accountId: config.accountId, region: config.region };
}
