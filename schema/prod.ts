/** Config keys of a production workload stack. */
import { orgStack, recoveryStack } from "./references";

export const prodShape = { orgStack, recoveryStack };
