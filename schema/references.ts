/** Keys naming the more trusted stacks that a stack reads. */
import { stackName } from "./keys";

export const orgStack = stackName("org", "Name of the org stack this stack reads (default: org).").optional();
export const recoveryStack = stackName(
  "recovery",
  "Name of the recovery stack this stack reads (default: recovery).",
).optional();
