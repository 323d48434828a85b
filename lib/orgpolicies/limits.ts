/**
 * AWS Organizations quotas and syntax rules, checked before anything is registered.
 * Quotas (AWS Organizations user guide, "Quotas and service limits"): an SCP holds 5,120
 * characters and 5 may be attached directly to a target (AWS announced 10,240 and 10 in May 2026,
 * hence configurable); an RCP 5,120 and 5 per target; a backup policy 10,000 and 10 per target.
 * Every character counts, so documents are sent minified (JSON.stringify without spaces) and
 * measured exactly as sent. RCPFullAWSAccess and FullAWSAccess are attached to every target by
 * AWS and count towards the per-target quota.
 */
import { OrgPolicyType, POLICY_VERSION } from "./types";

export const SCP_DEFAULT_MAX_CHARACTERS = 5120;
export const SCP_HARD_MAX_CHARACTERS = 10240;
export const SCP_DEFAULT_MAX_PER_TARGET = 5;
export const RCP_MAX_CHARACTERS = 5120;
export const RCP_MAX_PER_TARGET = 5;
export const BACKUP_POLICY_MAX_CHARACTERS = 10000;
export const BACKUP_POLICY_MAX_PER_TARGET = 10;

export interface PolicyLimits {
  scpMaxCharacters: number;
  scpMaxPerTarget: number;
}

export const DEFAULT_LIMITS: PolicyLimits = {
  scpMaxCharacters: SCP_DEFAULT_MAX_CHARACTERS,
  scpMaxPerTarget: SCP_DEFAULT_MAX_PER_TARGET,
};

export interface CheckedPolicy {
  name: string;
  type: OrgPolicyType;
  document: unknown;
}

export interface CheckedTarget {
  /** For messages: `OU recovery`. */
  name: string;
  /** Names of this program's policies attached directly to the target. */
  policies: string[];
}

/** The text sent to AWS; its length is the size AWS counts. */
export function minify(document: unknown): string {
  return JSON.stringify(document);
}

export function policySize(document: unknown): number {
  return minify(document).length;
}

const n = (x: number) => x.toLocaleString("en-US");

const LABEL: Record<OrgPolicyType, string> = {
  SERVICE_CONTROL_POLICY: "SCP",
  RESOURCE_CONTROL_POLICY: "RCP",
  BACKUP_POLICY: "backup policy",
};

function sizeLimit(type: OrgPolicyType, limits: PolicyLimits): { max: number; source: string } {
  switch (type) {
    case "SERVICE_CONTROL_POLICY":
      return { max: limits.scpMaxCharacters, source: "isolation:scpMaxCharacters" };
    case "RESOURCE_CONTROL_POLICY":
      return { max: RCP_MAX_CHARACTERS, source: "AWS Organizations quota" };
    case "BACKUP_POLICY":
      return { max: BACKUP_POLICY_MAX_CHARACTERS, source: "AWS Organizations quota" };
  }
}

/** Syntax rules of IAM-language policies (SCP, RCP); backup policies are a different language. */
function syntaxProblems(p: CheckedPolicy): string[] {
  if (p.type === "BACKUP_POLICY") {
    const doc = p.document as { plans?: unknown };
    return doc && typeof doc === "object" && doc.plans && typeof doc.plans === "object"
      ? []
      : [`backup policy ${p.name} has no "plans" object`];
  }
  const label = `${LABEL[p.type]} ${p.name}`;
  const doc = p.document as { Version?: unknown; Statement?: unknown };
  const out: string[] = [];
  if (!doc || doc.Version !== POLICY_VERSION) out.push(`${label} must have Version ${POLICY_VERSION}`);
  if (!Array.isArray(doc?.Statement) || doc.Statement.length === 0) {
    out.push(`${label} has no statements`);
    return out;
  }
  (doc.Statement as Record<string, unknown>[]).forEach((s, i) => {
    const where = `${label} statement ${String(s.Sid ?? i)}`;
    if (s.Effect !== "Deny") out.push(`${where}: Effect must be Deny (this program writes deny-only guardrails)`);
    if ("NotAction" in s && p.type === "RESOURCE_CONTROL_POLICY") out.push(`${where}: RCPs do not support NotAction`);
    if ("NotPrincipal" in s) out.push(`${where}: NotPrincipal is not supported`);
    if (p.type === "RESOURCE_CONTROL_POLICY" && s.Principal !== "*") out.push(`${where}: an RCP needs Principal "*"`);
    if (p.type === "SERVICE_CONTROL_POLICY" && "Principal" in s) out.push(`${where}: an SCP takes no Principal`);
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    if (actions.length === 0 || actions.some((a) => typeof a !== "string" || a.length === 0)) {
      out.push(`${where}: Action must list action names`);
    }
    if (p.type === "RESOURCE_CONTROL_POLICY" && actions.includes("*")) {
      out.push(`${where}: an RCP may not use a bare "*" action`);
    }
  });
  return out;
}

/** Every problem with a set of policies and attachments; empty when all fit. */
export function policyProblems(
  policies: CheckedPolicy[],
  targets: CheckedTarget[],
  limits: PolicyLimits = DEFAULT_LIMITS,
): string[] {
  const problems: string[] = [];
  for (const p of policies) {
    problems.push(...syntaxProblems(p));
    let size: number;
    try {
      size = policySize(p.document);
      JSON.parse(minify(p.document));
    } catch (e) {
      problems.push(`${LABEL[p.type]} ${p.name} is not valid JSON: ${(e as Error).message}`);
      continue;
    }
    const { max, source } = sizeLimit(p.type, limits);
    if (size > max) {
      const ws = p.type === "BACKUP_POLICY" ? "" : " (whitespace removed)";
      problems.push(`${LABEL[p.type]} ${p.name} is ${n(size)} characters${ws}; the limit is ${n(max)} (${source})`);
    }
  }
  const byName = new Map(policies.map((p) => [p.name, p]));
  for (const t of targets) {
    const count = (type: OrgPolicyType) => t.policies.filter((name) => byName.get(name)?.type === type).length;
    const scps = count("SERVICE_CONTROL_POLICY");
    if (scps > 0 && scps + 1 > limits.scpMaxPerTarget) {
      problems.push(
        `${t.name} would have ${scps + 1} SCPs attached (${scps} of this program's + FullAWSAccess); the limit is ${limits.scpMaxPerTarget} (isolation:scpMaxPerTarget)`,
      );
    }
    const rcps = count("RESOURCE_CONTROL_POLICY");
    if (rcps > 0 && rcps + 1 > RCP_MAX_PER_TARGET) {
      problems.push(
        `${t.name} would have ${rcps + 1} RCPs attached (${rcps} of this program's + RCPFullAWSAccess); the limit is ${RCP_MAX_PER_TARGET} (AWS Organizations quota)`,
      );
    }
    const backups = count("BACKUP_POLICY");
    if (backups > BACKUP_POLICY_MAX_PER_TARGET) {
      problems.push(
        `${t.name} would have ${backups} backup policies attached; the limit is ${BACKUP_POLICY_MAX_PER_TARGET} (AWS Organizations quota)`,
      );
    }
  }
  return problems;
}

export class PolicyLimitError extends Error {
  constructor(readonly problems: string[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`organization policies do not fit AWS's rules (${count}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "PolicyLimitError";
  }
}

/** Throws one PolicyLimitError naming every overflow and syntax problem at once. */
export function assertPoliciesFit(policies: CheckedPolicy[], targets: CheckedTarget[], limits?: PolicyLimits): void {
  const problems = policyProblems(policies, targets, limits);
  if (problems.length > 0) throw new PolicyLimitError(problems);
}
