/**
 * Reusable validators for config keys. Every message completes the sentence
 * "expected ...", so that an error reads `isolation:accountId = "123": expected a 12-digit ...`.
 */
import { z } from "zod";
import { REGION_PATTERN } from "../lib/arn";
import { parseRole, Role } from "../lib/roles";

export const accountId = (description: string) =>
  z
    .string({ error: "a 12-digit AWS account ID as a quoted string" })
    .regex(/^\d{12}$/, {
      error: "a 12-digit AWS account ID (quote it in YAML: an unquoted number loses its leading zeros)",
    })
    .describe(description);

export const region = (description: string) =>
  z
    .string({ error: "an AWS region name such as eu-west-1" })
    .regex(REGION_PATTERN, { error: "an AWS region name such as eu-west-1" })
    .describe(description);

export const iamRoleArn = (description: string) =>
  z
    .string({ error: "an IAM role ARN (arn:aws:iam::<account>:role/<name>)" })
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
      error: "an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
    })
    .describe(description);

export const name = (description: string) =>
  z
    .string({ error: "a name of letters, digits, '-', '_' or '.'" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, { error: "a name of letters, digits, '-', '_' or '.'" })
    .describe(description);

export const integer = (description: string, min: number, max: number) =>
  z
    .int({ error: `a whole number from ${min} to ${max}` })
    .min(min, { error: `a whole number from ${min} to ${max}` })
    .max(max, { error: `a whole number from ${min} to ${max}` })
    .describe(description);

export const bool = (description: string) => z.boolean({ error: "true or false" }).describe(description);

/** The name of another stack of this project that has the given role (`recovery`, `recovery-eu`). */
export const stackName = (role: Role, description: string) =>
  z
    .string({ error: `a stack name of role ${role}` })
    .refine((s) => parseRole(s)?.role === role, {
      error: `a stack name of role ${role} ("${role}" or "${role}-<suffix>")`,
    })
    .describe(description);

export const accountIdList = (description: string) =>
  z
    .array(z.string().regex(/^\d{12}$/, { error: "a 12-digit AWS account ID as a quoted string" }), {
      error: "a list of 12-digit AWS account IDs",
    })
    .min(1, { error: "a list of at least one 12-digit AWS account ID" })
    .describe(description);

/** An email address as SNS and AWS Organizations take it; deliberately loose (one @, a dot after it). */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailAddress = () =>
  z.string({ error: "an email address" }).regex(EMAIL_PATTERN, { error: "an email address" });

/** Email addresses for SNS email subscriptions; none by default. */
/** The values that appear more than once in a list, each named once. */
export function duplicatesOf(list: readonly string[]): string[] {
  return [...new Set(list.filter((x, i) => list.indexOf(x) !== i))];
}

/**
 * Email subscriptions of an alerts topic. An address given twice is refused here rather than by
 * each stack: the components name one subscription resource per address, so a repeat would end
 * the program with a duplicate resource name instead of a config error.
 */
export const emailList = (description: string) =>
  z
    .array(emailAddress(), {
      error: "a list of email addresses",
    })
    .superRefine((list, ctx) => {
      for (const e of duplicatesOf(list))
        ctx.addIssue({ code: "custom", message: `each address once, not ${e} twice` });
    })
    .default([])
    .describe(description);
