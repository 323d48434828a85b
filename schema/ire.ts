/** Config keys of the isolated restore environment (IRE) stack. */
import { orgStack, recoveryStack } from "./references";

export const ireShape = { orgStack, recoveryStack };
