/** The isolated restore environment: restores are validated here, never in production. */
import type { IreOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

export function buildIre(ctx: StackContext<"ire">): StackOutputs<IreOutputs> {
  const { config, refs } = ctx;
  return {
    role: "ire",
    accountId: config.accountId,
    region: config.region,
    recoveryAccountId: refs.recovery().output("accountId"),
  };
}
