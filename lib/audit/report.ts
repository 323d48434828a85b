/**
 * The pull-request comment: per stack, resources by type, protected resources, stack references
 * and policy results grouped by enforcement level, then one Mermaid diagram of the accounts,
 * backup copy flows, RAM shares and stack references.
 */
import type { AuditResult, StackFile } from "./audit";
import type { Violation } from "./client";
import { buildDiagram, renderMermaid } from "./mermaid";
import { resourceLabel } from "./output";

/** Text for a Markdown table cell: pipes escaped, line breaks as <br>, HTML neutralised. */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

function code(text: string): string {
  return "`" + text.replace(/`/g, "'") + "`";
}

const LEVEL_ORDER = ["mandatory", "advisory", "disabled"] as const;
const LEVEL_TITLE: Record<string, string> = {
  mandatory: "Mandatory (blocks the deployment)",
  advisory: "Advisory (reported only)",
  disabled: "Disabled",
};

export function renderReport(result: AuditResult, stacks: StackFile[]): string {
  const out: string[] = [];
  const verdict = result.mandatory > 0 ? "❌ policy check failed" : "✅ policy check passed";
  out.push(`## Isolation audit: ${verdict}`, "");
  out.push(
    `${result.stacks.length} stack(s), ${result.mandatory} mandatory and ${result.advisory} advisory violation(s).`,
    "",
  );
  out.push("| stack | resources | protected | reads stacks | mandatory | advisory |");
  out.push("| --- | ---: | ---: | --- | ---: | ---: |");
  for (const s of result.stacks) {
    const all = s.packs.flatMap((p) => p.violations);
    const m = all.filter((v) => v.enforcementLevel === "mandatory").length;
    const a = all.filter((v) => v.enforcementLevel === "advisory").length;
    const refs = s.summary.references.map((r) => code(r)).join(", ") || "none";
    out.push(
      `| ${code(s.stack)} | ${s.summary.resourceCount} | ${s.summary.protectedResources.length} | ${refs} | ${m} | ${a} |`,
    );
  }
  out.push("");

  for (const s of result.stacks) {
    out.push(`### Stack ${code(s.stack)}`, "", `File: ${code(s.file)}`, "");
    out.push("<details><summary>Resources by type</summary>", "");
    out.push("| type | count |", "| --- | ---: |");
    for (const [type, n] of s.summary.byType) out.push(`| ${code(type)} | ${n} |`);
    if (s.summary.byType.length === 0) out.push("| (none) | 0 |");
    out.push("", "</details>", "");
    out.push(`**Protected resources** (${s.summary.protectedResources.length}):`);
    if (s.summary.protectedResources.length === 0) out.push("none");
    for (const p of s.summary.protectedResources) out.push(`- ${code(p)}`);
    out.push("");
    out.push(
      `**Stack references**: ${s.summary.references.map((r) => `${code(s.stack)} → ${code(r)}`).join(", ") || "none"}`,
    );
    out.push("");
    const violations = s.packs.flatMap((p) => p.violations);
    out.push(`**Policy results** (${s.packs.map((p) => `${code(`${p.name}@${p.version}`)}`).join(", ")}):`);
    if (violations.length === 0) out.push("", "No violations.");
    for (const level of LEVEL_ORDER) {
      const group = violations.filter((v) => v.enforcementLevel === level);
      if (group.length === 0) continue;
      out.push("", `#### ${LEVEL_TITLE[level]}: ${group.length}`, "");
      out.push("| policy | pack | resource | message |", "| --- | --- | --- | --- |");
      for (const v of sortViolations(group)) {
        out.push(
          `| ${code(v.policyName)} | ${cell(v.policyPackName)} | ${code(resourceLabel(v.urn))} | ${cell(v.message)} |`,
        );
      }
    }
    out.push("");
  }

  out.push("### Accounts, backup copies, shares and stack references", "");
  out.push("```mermaid", renderMermaid(buildDiagram(stacks.map((s) => s.exported))).trimEnd(), "```", "");
  out.push(
    "Solid arrows: backup copy jobs. Thick arrows: RAM shares. Dashed arrows: stack references (reader → stack read).",
    "",
  );
  return out.join("\n");
}

function sortViolations(vs: Violation[]): Violation[] {
  return [...vs].sort((a, b) => a.policyName.localeCompare(b.policyName) || a.urn.localeCompare(b.urn));
}
