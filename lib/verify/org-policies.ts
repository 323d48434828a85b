/**
 * Judging the organization's guardrails: each SCP and RCP the org stack declares is still attached
 * to the targets it declares, and its content is still what the stack wrote. Field names from
 * @aws-sdk/client-organizations: DescribePolicyResponse.Policy.{PolicySummary.Type, Content} and
 * ListTargetsForPolicyResponse.Targets[].{TargetId, Name, Type}.
 */
import type { Policy, PolicyTargetSummary } from "@aws-sdk/client-organizations";
import type { CheckResult } from "./types";

/** The policy types verify treats as deletion guardrails. */
export const GUARDRAIL_POLICY_TYPES = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const;

export interface OrgPolicyExpectation {
  urn: string;
  policyId: string;
  name: string;
  type: string;
  /** The export's `content` input: JSON text. */
  content: string;
  /** The PolicyAttachments of the export: the targets (root, OU or account IDs) it must stay attached to. */
  targets: { targetId: string; urn: string }[];
}

export function orgPolicySubject(p: OrgPolicyExpectation): string {
  return `${p.type} ${p.name} (${p.policyId})`;
}

/**
 * Where two JSON values differ, as `/path: expected X, found Y` (at most `limit`). Objects compare by
 * key regardless of order; arrays by position (IAM reads Statement and Action lists as sets, but a
 * reordered list is still not what the stack wrote).
 */
export function jsonDifferences(expected: unknown, found: unknown, limit = 5, path = ""): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, p: string) => {
    if (out.length >= limit) return;
    if (a === b) return;
    const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object";
    if (bothObjects && Array.isArray(a) === Array.isArray(b)) {
      if (Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${p}/${i}`);
        return;
      }
      const ao = a as Record<string, unknown>;
      const bo = b as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) walk(ao[k], bo[k], `${p}/${k}`);
      return;
    }
    const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
    out.push(`${p || "/"}: expected ${show(a)}, found ${show(b)}`);
  };
  walk(expected, found, path);
  return out;
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The policy's content, compared as JSON with the export's `content` input. */
export function judgeOrgPolicyContent(p: OrgPolicyExpectation, policy: Policy | undefined): CheckResult {
  const base = {
    check: "org-policy-content" as const,
    subject: orgPolicySubject(p),
    urn: p.urn,
    expected: `type ${p.type}, content equal (as JSON) to the export's content input`,
  };
  const type = policy?.PolicySummary?.Type;
  const live = parseJson(policy?.Content);
  const declared = parseJson(p.content);
  if (!declared.ok) return { ...base, status: "ERROR", actual: "the export's content input is not JSON" };
  if (!live.ok) return { ...base, status: "FAIL", actual: "DescribePolicy returned no JSON content" };
  const diffs = jsonDifferences(declared.value, live.value);
  const problems = [...(type !== undefined && type !== p.type ? [`type ${type}`] : []), ...diffs];
  if (problems.length === 0) return { ...base, status: "PASS", actual: `type ${type ?? "(none)"}, content unchanged` };
  return {
    ...base,
    status: "FAIL",
    actual: `changed: ${problems.join("; ")}`,
    hint: "Someone updated the policy outside the stack (organizations:UpdatePolicy); restore it with `pulumi up` on the org stack.",
  };
}

/** The policy is attached to `targetId` among the targets ListTargetsForPolicy returned. */
export function judgeOrgPolicyAttached(
  p: OrgPolicyExpectation,
  target: { targetId: string; urn: string },
  attached: PolicyTargetSummary[],
): CheckResult {
  const found = attached.some((t) => t.TargetId === target.targetId);
  const list = attached.map((t) => `${t.TargetId}${t.Name ? ` (${t.Name})` : ""}`).join(", ") || "no target";
  return {
    check: "org-policy-attached",
    subject: orgPolicySubject(p),
    urn: target.urn,
    expected: `attached to ${target.targetId}`,
    actual: found ? `attached to ${list}` : `not attached to ${target.targetId}; attached to ${list}`,
    status: found ? "PASS" : "FAIL",
    ...(found
      ? {}
      : {
          hint: "Someone detached the policy (organizations:DetachPolicy); re-attach it with `pulumi up` on the org stack.",
        }),
  };
}
