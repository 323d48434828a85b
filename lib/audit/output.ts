/** The audit's results for the terminal and, with --json, for machines. */
import { nameOfUrn } from "../summary";
import type { AuditResult } from "./audit";
import type { Violation } from "./client";

export interface JsonViolation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  enforcementLevel: string;
  message: string;
  description: string;
  urn: string;
}

export interface JsonResult {
  stacks: {
    file: string;
    stack: string;
    summary: AuditResult["stacks"][number]["summary"];
    packs: { name: string; version: string; violations: JsonViolation[] }[];
  }[];
  mandatory: number;
  advisory: number;
}

function jsonViolation(v: Violation): JsonViolation {
  return {
    policyName: v.policyName,
    policyPackName: v.policyPackName,
    policyPackVersion: v.policyPackVersion,
    enforcementLevel: v.enforcementLevel,
    message: v.message,
    description: v.description,
    urn: v.urn,
  };
}

export function toJson(result: AuditResult): JsonResult {
  return {
    stacks: result.stacks.map((s) => ({
      file: s.file,
      stack: s.stack,
      summary: s.summary,
      packs: s.packs.map((p) => ({ name: p.name, version: p.version, violations: p.violations.map(jsonViolation) })),
    })),
    mandatory: result.mandatory,
    advisory: result.advisory,
  };
}

/** Resource label for people: `type::name`. */
export function resourceLabel(urn: string): string {
  if (!urn) return "(stack)";
  const parts = urn.split("::");
  const type = parts[2]?.split("$").pop() ?? "";
  return `${type}::${nameOfUrn(urn)}`;
}

export function formatText(result: AuditResult): string {
  const lines: string[] = [];
  for (const s of result.stacks) {
    lines.push(`stack ${s.stack} (${s.file}): ${s.summary.resourceCount} resources`);
    for (const p of s.packs) {
      const m = p.violations.filter((v) => v.enforcementLevel === "mandatory").length;
      const a = p.violations.filter((v) => v.enforcementLevel === "advisory").length;
      lines.push(`  pack ${p.name}@${p.version}: ${m} mandatory, ${a} advisory`);
      for (const v of p.violations) {
        lines.push(`    ${v.enforcementLevel.padEnd(9)} ${v.policyName}  ${resourceLabel(v.urn)}`);
        for (const l of v.message.split("\n")) lines.push(`              ${l}`);
      }
    }
  }
  const verdict = result.mandatory > 0 ? "FAILED" : "passed";
  lines.push(
    `audit ${verdict}: ${result.mandatory} mandatory, ${result.advisory} advisory violation(s) in ${result.stacks.length} stack(s)`,
  );
  return lines.join("\n") + "\n";
}
