/** Config keys of the recovery stack (the data bunker). */
import { accountId } from "./keys";
import { orgStack } from "./references";

export const recoveryShape = {
  orgStack,
  ireAccountId: accountId("Org stack, recovery stack: the isolated restore environment (IRE) account."),
};
