/**
 * Rule 6: organization policies. The recovery OU's SCP denies every destructive backup, key, trail
 * and organization action (lib/guardrail-actions.ts), and every SCP, RCP and backup policy fits
 * AWS's size and per-target quotas.
 *
 * The recovery SCP is recognised, in this order of evidence, by: a tag on the policy
 * (`isolation:guardrail = recovery` by default), or a PolicyAttachment to an OU whose name matches
 * `recoveryScp.ouNamePattern` (default /recovery/i) or whose ID is listed in `recoveryScp.ouIds`.
 */
import type { PolicyResource } from "@pulumi/policy";
import { RECOVERY_SCP_DENIED_ACTIONS } from "../../lib/guardrail-actions";
import { byType, decodeObject, knownString, label, propertySources, stackPolicy } from "./common";
import type { OrgPolicyType, PackSettings } from "./config";
import { conditionEntries, parsePolicyDocument, statementCovers, type Statement } from "./iam";
import { T } from "./types";

const EXEMPTION_OPERATORS = /^(arnnotequals|arnnotlike|stringnotequals|stringnotlike)$/i;

/** A Deny that applies to everyone except named principals (a break-glass role) still counts. */
function denyCounts(s: Statement): boolean {
  if (s.effect !== "Deny" || s.notResources) return false;
  if (s.resources && !s.resources.includes("*")) return false;
  return conditionEntries(s).every((c) => EXEMPTION_OPERATORS.test(c.op) && c.key === "aws:principalarn");
}

/** Required actions none of the given SCP documents deny. */
export function uncoveredActions(
  contents: readonly unknown[],
  required: readonly string[] = RECOVERY_SCP_DENIED_ACTIONS,
): string[] {
  const denies: Statement[] = [];
  for (const c of contents) {
    const parsed = parsePolicyDocument(c);
    if (parsed.ok) denies.push(...parsed.statements.filter(denyCounts));
  }
  return required.filter((a) => !denies.some((s) => statementCovers(s, a)));
}

function policyType(p: PolicyResource): string {
  return typeof p.props.type === "string" ? p.props.type : "SERVICE_CONTROL_POLICY";
}

function isRecoveryOu(ou: PolicyResource | undefined, targetId: unknown, settings: PackSettings): boolean {
  if (typeof targetId === "string" && settings.recoveryScp.ouIds.includes(targetId)) return true;
  if (!ou || ou.type !== T.orgUnit) return false;
  const name = knownString(ou.props, "name");
  return name !== undefined && new RegExp(settings.recoveryScp.ouNamePattern, "i").test(name);
}

export const organizationPolicies = stackPolicy({
  name: "organization-policy-guardrails",
  description:
    "The recovery OU's SCP denies every destructive backup, KMS, CloudTrail and Organizations action; every SCP, RCP and backup policy stays within AWS's size and per-target limits.",
  rule: 6,
  check(resources, ctx, report) {
    const types = byType(resources);
    const policies = types.get(T.orgPolicy) ?? [];
    const attachments = types.get(T.orgPolicyAttachment) ?? [];
    const { settings } = ctx;
    const recoveryOus = new Set<PolicyResource>(
      (types.get(T.orgUnit) ?? []).filter((ou) => isRecoveryOu(ou, undefined, settings)),
    );
    if (policies.length === 0 && attachments.length === 0 && recoveryOus.size === 0) return;
    const limits = settings.orgPolicyLimits;

    const byId = new Map<string, PolicyResource>();
    for (const p of policies) {
      const id = knownString(p.props, "id");
      if (id !== undefined) byId.set(id, p);
      const t = policyType(p);
      const limit = limits[t as OrgPolicyType];
      const content = p.props.content;
      if (typeof content !== "string") {
        report(`${label(p)} has no policy content. Fix: set content to the policy document's JSON.`, p.urn);
        continue;
      }
      if (t !== "BACKUP_POLICY" && !parsePolicyDocument(content).ok) {
        report(
          `${label(p)} content is ${(parsePolicyDocument(content) as { error: string }).error}. Fix: give it a valid policy document.`,
          p.urn,
        );
      }
      if (limit && content.length > limit.maxCharacters) {
        report(
          `${label(p)} is ${content.length} characters, over the ${limit.maxCharacters}-character limit for ${t}. Fix: split it or drop whitespace and redundant statements.`,
          p.urn,
        );
      }
    }

    // Attachments per (target, policy type), and the SCPs attached to the recovery OU.
    const perTarget = new Map<string, { count: number; type: string; last: PolicyResource; target: string }>();
    const recovery = new Set<PolicyResource>();
    const attachedOus = new Set<PolicyResource>();
    for (const a of attachments) {
      const policy =
        propertySources(a, "policyId").find((d) => d.type === T.orgPolicy) ??
        byId.get(knownString(a.props, "policyId") ?? "");
      const ou = propertySources(a, "targetId")[0];
      const targetId = knownString(a.props, "targetId");
      const target = targetId ?? ou?.urn ?? a.urn;
      const type = policy ? policyType(policy) : "SERVICE_CONTROL_POLICY";
      const key = `${target}\u0000${type}`;
      const entry = perTarget.get(key) ?? { count: 0, type, last: a, target: ou ? label(ou) : target };
      entry.count++;
      entry.last = a;
      perTarget.set(key, entry);
      if (type === "SERVICE_CONTROL_POLICY" && isRecoveryOu(ou, targetId, settings)) {
        if (ou) attachedOus.add(ou);
        if (policy) recovery.add(policy);
      }
    }
    for (const { count, type, last, target } of perTarget.values()) {
      const limit = limits[type as OrgPolicyType];
      if (!limit) continue;
      const used = count + limit.awsManagedPerTarget;
      if (used > limit.maxPerTarget) {
        report(
          `${label(last)} brings ${target} to ${used} ${type} attachments (${count} here plus ${limit.awsManagedPerTarget} AWS-managed), over the limit of ${limit.maxPerTarget}. Fix: merge policies so that each target carries at most ${limit.maxPerTarget}.`,
          last.urn,
        );
      }
    }

    const { tagKey, tagValue } = settings.recoveryScp;
    for (const p of policies) {
      if (policyType(p) === "SERVICE_CONTROL_POLICY" && (decodeObject(p.props.tags) ?? {})[tagKey] === tagValue)
        recovery.add(p);
    }
    for (const ou of recoveryOus) {
      if (!attachedOus.has(ou) && recovery.size === 0) {
        report(
          `${label(ou)} is the recovery OU but no service control policy is attached to it. Fix: attach an SCP that denies ${RECOVERY_SCP_DENIED_ACTIONS.length} destructive actions (lib/guardrail-actions.ts).`,
          ou.urn,
        );
      }
    }
    if (recovery.size === 0) return;
    const missing = uncoveredActions([...recovery].map((p) => p.props.content));
    if (missing.length > 0) {
      const names = [...recovery].map(label).join(", ");
      report(
        `The recovery SCP (${names}) does not deny ${missing.join(", ")}. Fix: add these actions to a Deny statement on Resource "*" (import RECOVERY_SCP_DENIED_ACTIONS from lib/guardrail-actions.ts).`,
        [...recovery][0].urn,
      );
    }
  },
});
