/** Config keys of the recovery stack (the data bunker). */
import { accountId } from "./keys";
import { orgStack } from "./references";

export const recoveryShape = {
  orgStack,
  ireAccountId: accountId("The isolated restore environment (IRE) account."),
};
