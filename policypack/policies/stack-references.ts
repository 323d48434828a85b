/**
 * Rule 13: stack references point only towards higher trust (org 0, recovery 1, ire 2, prod 3). A
 * less trusted account can write anything into its own outputs, so a more trusted stack must never
 * read them. StackReferences are read, not created, so the engine shows them to stack policies; the
 * resource check covers engines that analyse them one by one too.
 */
import type { ReportViolation } from "@pulumi/policy";
import { mayReference, TRUST } from "../../lib/roles";
import { byType, label, roleOfStack, stackOfUrn, type RuleContext } from "./common";
import { PACK_CONFIG_SCHEMA, readSettings } from "./config";
import { T } from "./types";
import type { StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";

/** `org/project/stack`, `project/stack` or `stack` -> `stack`. */
export function referencedStack(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return undefined;
  return name.split("/").pop();
}

function checkReference(
  r: { type: string; name: string; urn: string; props: Record<string, unknown> },
  ctx: RuleContext,
  report: ReportViolation,
): void {
  const target = referencedStack(r.props.name ?? r.name);
  const to = target ? roleOfStack(target, ctx.settings) : undefined;
  const from = ctx.role;
  if (from && to && mayReference(from, to)) return;
  const why = !from
    ? `the role of stack "${ctx.stack}" is unknown`
    : !to
      ? `the role of the referenced stack "${target ?? "?"}" is unknown`
      : `stack "${ctx.stack}" (${from}, trust ${TRUST[from]}) reads stack "${target}" (${to}, trust ${TRUST[to]}), which is not more trusted`;
  report(
    `${label(r)}: ${why}; stack references must point towards higher trust (org 0, recovery 1, ire 2, prod 3). Fix: read the value from the org stack or from this stack's own config instead (roles can be set in the pack config's roles).`,
    r.urn,
  );
}

export const stackReferencesTowardTrust: ResourceValidationPolicy & StackValidationPolicy = {
  name: "stack-references-toward-higher-trust",
  description: "Stack references point only to more trusted stacks (org 0, recovery 1, ire 2, prod 3).",
  severity: "critical",
  tags: ["rule-13"],
  configSchema: PACK_CONFIG_SCHEMA,
  validateResource: (args, report) => {
    if (args.type !== T.stackReference) return;
    const settings = readSettings(args.getConfig());
    const stack = stackOfUrn(args.urn);
    checkReference(args, { stack, role: roleOfStack(stack, settings), settings }, report);
  },
  validateStack: (args, report) => {
    const refs = byType(args.resources).get(T.stackReference) ?? [];
    if (refs.length === 0) return;
    const settings = readSettings(args.getConfig());
    for (const r of refs) {
      const stack = stackOfUrn(r.urn);
      checkReference(r, { stack, role: roleOfStack(stack, settings), settings }, report);
    }
  },
};
