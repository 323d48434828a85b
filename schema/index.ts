/**
 * The config schema of every role: which keys a stack of that role takes, and the checks across
 * keys. Adding a key here adds it to validation; `test/pulumi-yaml.spec.ts` then insists that
 * Pulumi.yaml declares it with the same type and description.
 */
import { z } from "zod";
import type { Role } from "../lib/roles";
import { auditorChecks, auditorShape } from "./auditors";
import { commonChecks, commonShape } from "./common";
import { ireChecks, ireShape } from "./ire";
import { orgChecks, orgModeChecks, orgShape } from "./org";
import { prodShape } from "./prod";
import { recoveryChecks, recoveryShape } from "./recovery";
import type { CrossCheck } from "./types";

export const roleSchemas = {
  org: z.object({ ...commonShape, ...orgShape }),
  recovery: z.object({ ...commonShape, ...recoveryShape, ...auditorShape }),
  ire: z.object({ ...commonShape, ...ireShape, ...auditorShape }),
  prod: z.object({ ...commonShape, ...prodShape, ...auditorShape }),
} satisfies Record<Role, z.ZodObject>;

export type RoleConfigs = { [R in Role]: z.infer<(typeof roleSchemas)[R]> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const roleChecks: Record<Role, CrossCheck<any>[]> = {
  org: [commonChecks, orgChecks, orgModeChecks],
  recovery: [commonChecks, recoveryChecks, auditorChecks],
  ire: [commonChecks, ireChecks, auditorChecks],
  prod: [commonChecks, auditorChecks],
};

export type { CrossCheck, Report } from "./types";
