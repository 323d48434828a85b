/**
 * How the drill reports: a terminal listing with what AWS answered to every probe that did not pass,
 * and a JSON document with everything (for CI and for keeping as evidence). Same layout as verify's.
 */
import { stackIdentityJson } from "../verify/output";
import type { DrillReport } from "./drill";
import type { DrillStatus } from "./types";

export type Totals = Record<Lowercase<DrillStatus>, number>;

export function totals(reports: DrillReport[]): Totals {
  const t: Totals = { pass: 0, fail: 0, inconclusive: 0, error: 0 };
  for (const r of reports.flatMap((x) => x.results)) t[r.status.toLowerCase() as keyof Totals]++;
  return t;
}

/** 0 only when every probe was denied by a guardrail; anything else leaves the guardrails unproven. */
export function exitCodeOf(reports: DrillReport[]): 0 | 1 {
  const t = totals(reports);
  return t.fail + t.inconclusive + t.error === 0 && t.pass > 0 ? 0 : 1;
}

const MARK: Record<DrillStatus, string> = { PASS: "PASS ", FAIL: "FAIL ", INCONCLUSIVE: "INCON", ERROR: "ERROR" };

export function formatText(reports: DrillReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`stack ${r.stack} (${r.file}): account ${r.caller.account}, region ${r.region}`);
    lines.push(`  as ${r.caller.arn ?? "(unknown caller)"}`);
    for (const p of r.results) {
      lines.push(`  ${MARK[p.status]}  ${p.action}  ${p.target} (${p.region})`);
      if (p.status === "PASS") {
        lines.push(`           denied by ${p.deniedBy}`);
        continue;
      }
      lines.push(`           answer: ${p.answer}`);
      if (p.hint) lines.push(`           hint:   ${p.hint}`);
    }
    for (const u of r.unprobed) lines.push(`  not attempted: ${u.action}: ${u.reason}`);
    for (const n of r.notes) lines.push(`  note: ${n}`);
    lines.push("");
  }
  const t = totals(reports);
  const verdict = exitCodeOf(reports) === 0 ? "drill passed" : "drill FAILED";
  lines.push(
    `${verdict}: ${t.pass} denied by a guardrail, ${t.fail} not denied, ${t.inconclusive} inconclusive, ${t.error} errors in ${reports.length} stack(s)`,
  );
  return lines.join("\n") + "\n";
}

export function toJson(reports: DrillReport[]): unknown {
  return {
    passed: exitCodeOf(reports) === 0,
    totals: totals(reports),
    stacks: reports.map((r) => ({ ...stackIdentityJson(r), probes: r.results, unprobed: r.unprobed, notes: r.notes })),
  };
}
