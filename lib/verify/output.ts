/**
 * How verify reports: a terminal listing with the evidence of every check that did not pass, and a
 * JSON document with everything (for CI and for keeping as evidence).
 */
import type { CallerIdentity } from "./identity";
import type { Status } from "./types";
import type { StackReport } from "./verifier";

export interface Totals {
  pass: number;
  fail: number;
  error: number;
}

export function totals(reports: StackReport[]): Totals {
  const t: Totals = { pass: 0, fail: 0, error: 0 };
  for (const c of reports.flatMap((r) => r.checks)) {
    if (c.status === "PASS") t.pass++;
    else if (c.status === "FAIL") t.fail++;
    else t.error++;
  }
  return t;
}

/** 0 when every check passed, 1 when any failed or could not be made (protection not proven). */
export function exitCodeOf(reports: StackReport[]): 0 | 1 {
  const t = totals(reports);
  return t.fail === 0 && t.error === 0 ? 0 : 1;
}

const MARK: Record<Status, string> = { PASS: "PASS ", FAIL: "FAIL ", ERROR: "ERROR" };

export function formatText(reports: StackReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`stack ${r.stack} (${r.file}): account ${r.caller.account}, region ${r.region}`);
    for (const c of r.checks) {
      lines.push(`  ${MARK[c.status]}  ${c.check}  ${c.subject}`);
      if (c.status === "PASS") {
        lines.push(`           ${c.actual}`);
        continue;
      }
      lines.push(`           expected: ${c.expected}`);
      lines.push(`           found:    ${c.actual}`);
      if (c.hint) lines.push(`           hint:     ${c.hint}`);
    }
    for (const n of r.notes) lines.push(`  note: ${n}`);
    lines.push("");
  }
  const t = totals(reports);
  const verdict = exitCodeOf(reports) === 0 ? "verify passed" : "verify FAILED";
  lines.push(`${verdict}: ${t.pass} passed, ${t.fail} failed, ${t.error} errors in ${reports.length} stack(s)`);
  return lines.join("\n") + "\n";
}

/** Which stack file, stack, region and caller a JSON report is about: the same fields for verify and drill. */
export function stackIdentityJson(r: {
  file: string;
  stack: string;
  region: string;
  caller: CallerIdentity;
}): Record<string, string | undefined> {
  return { file: r.file, stack: r.stack, region: r.region, account: r.caller.account, callerArn: r.caller.arn };
}

export function toJson(reports: StackReport[]): unknown {
  return {
    passed: exitCodeOf(reports) === 0,
    totals: totals(reports),
    stacks: reports.map((r) => ({ ...stackIdentityJson(r), checks: r.checks, notes: r.notes })),
  };
}
