/**
 * Does a locked vault's access policy, as AWS holds it now, still deny what our stack put in it?
 *
 * The actions come from the code that writes the policy (lib/recoverypolicies/vault-access-policy.ts,
 * itself built on lib/guardrail-actions.ts): UNCONDITIONAL_DENY_ACTIONS are denied to Principal "*"
 * without any condition; POLICY_CHANGE_ACTIONS are denied to Principal "*" except the named policy
 * admin (the deploy role), whose ARN verify reads from the export's own VaultPolicy input. A Deny
 * that exempts anyone else no longer holds what the stack deployed. The documents are read with the
 * policy pack's IAM reader, so a wildcard (`backup:Delete*`) covers an action exactly as IAM matches it.
 */
import { POLICY_CHANGE_ACTIONS, UNCONDITIONAL_DENY_ACTIONS } from "../recoverypolicies/vault-access-policy";
import { conditionEntries, parsePolicyDocument, statementCovers, wildcardMatches } from "../../policypack/policies/iam";
import type { Statement } from "../../policypack/policies/iam";
import type { CheckResult } from "./types";

/** What the live policy must deny, and to whom an exemption from the policy-change denies may point. */
export interface VaultPolicyExpectation {
  /** The VaultPolicy resource of the export. */
  urn: string;
  unconditional: readonly string[];
  exemptable: readonly string[];
  /**
   * Principal ARNs the export's policy exempts from the policy-change denies (the deploy role).
   * Empty when the export's policy names none: then the live Deny must be unconditional.
   */
  exemptPrincipals: string[];
}

const EXEMPTION_OPERATORS = new Set(["arnnotequals", "arnnotlike", "stringnotequals", "stringnotlike"]);

/** The principals a Deny exempts through `aws:PrincipalArn` conditions; undefined for any other condition. */
function exemptionsOf(s: Statement): string[] | undefined {
  const entries = conditionEntries(s);
  if (entries.length === 0) return [];
  if (!entries.every((c) => EXEMPTION_OPERATORS.has(c.op.toLowerCase()) && c.key === "aws:principalarn")) {
    return undefined;
  }
  return entries.flatMap((c) => c.values);
}

/** Derives the expectation from the export's VaultPolicy `policy` input (JSON text or object). */
export function vaultPolicyExpectation(urn: string, exportedPolicy: unknown): VaultPolicyExpectation {
  const parsed = parsePolicyDocument(exportedPolicy);
  const exempt = new Set<string>();
  if (parsed.ok) {
    for (const s of parsed.statements) {
      if (s.effect !== "Deny" || !s.principal?.any) continue;
      if (!POLICY_CHANGE_ACTIONS.some((a) => statementCovers(s, a))) continue;
      for (const arn of exemptionsOf(s) ?? []) exempt.add(arn);
    }
  }
  return {
    urn,
    unconditional: UNCONDITIONAL_DENY_ACTIONS,
    exemptable: POLICY_CHANGE_ACTIONS,
    exemptPrincipals: [...exempt].sort(),
  };
}

/** True when a Resource list applies to the vault (`*`, or a pattern matching its ARN). */
function coversVault(s: Statement, vaultArn: string): boolean {
  if (s.notResources || !s.resources) return false;
  return s.resources.some((r) => wildcardMatches(r, vaultArn));
}

function deniesEveryone(s: Statement, vaultArn: string): boolean {
  return s.effect === "Deny" && s.principal?.any === true && !s.notPrincipal && coversVault(s, vaultArn);
}

/** Why `action` is not denied as expected, or undefined when it is. */
function denialGap(
  statements: Statement[],
  action: string,
  vaultArn: string,
  allowedExemptions: readonly string[],
): string | undefined {
  const candidates = statements.filter((s) => deniesEveryone(s, vaultArn) && statementCovers(s, action));
  if (candidates.length === 0) return `${action}: no Deny for Principal "*"`;
  for (const s of candidates) {
    const exempted = exemptionsOf(s);
    if (exempted === undefined) continue;
    if (exempted.length === 0) return undefined;
    if (exempted.every((arn) => allowedExemptions.includes(arn))) return undefined;
  }
  const conditions = candidates
    .map((s) => JSON.stringify(s.condition ?? {}))
    .filter((c, i, all) => all.indexOf(c) === i)
    .join(", ");
  const allowed =
    allowedExemptions.length === 0
      ? "no condition"
      : `at most an aws:PrincipalArn exemption of ${allowedExemptions.join(", ")}`;
  return `${action}: denied only under the condition ${conditions} (expected ${allowed})`;
}

function describeExpectation(exp: VaultPolicyExpectation): string {
  const exempt =
    exp.exemptPrincipals.length > 0 ? `everyone except ${exp.exemptPrincipals.join(", ")}` : `Principal "*"`;
  return (
    `Deny to Principal "*" without conditions: ${exp.unconditional.join(", ")}; ` +
    `Deny to ${exempt}: ${exp.exemptable.join(", ")}`
  );
}

/**
 * Judges the policy text GetBackupVaultAccessPolicy returned. `vaultArn` is the vault's ARN, for
 * statements that name it rather than `*`.
 */
export function judgeVaultPolicy(
  exp: VaultPolicyExpectation,
  subject: string,
  vaultArn: string,
  policy: string | undefined,
): CheckResult {
  const base = { check: "vault-policy" as const, subject, urn: exp.urn, expected: describeExpectation(exp) };
  if (policy === undefined || policy.length === 0) {
    return { ...base, status: "FAIL", actual: "the vault has no access policy" };
  }
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return { ...base, status: "FAIL", actual: `the vault's access policy is ${parsed.error}` };
  const gaps = [
    ...exp.unconditional.map((a) => denialGap(parsed.statements, a, vaultArn, [])),
    ...exp.exemptable.map((a) => denialGap(parsed.statements, a, vaultArn, exp.exemptPrincipals)),
  ].filter((g): g is string => g !== undefined);
  if (gaps.length === 0) {
    return {
      ...base,
      status: "PASS",
      actual: `all ${exp.unconditional.length + exp.exemptable.length} actions denied`,
    };
  }
  return {
    ...base,
    status: "FAIL",
    actual: gaps.join("; "),
    hint: "Someone changed the vault access policy (backup:PutBackupVaultAccessPolicy); restore it with `pulumi up` on the recovery stack and find out who changed it in the audit trail.",
  };
}
