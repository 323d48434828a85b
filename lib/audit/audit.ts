/**
 * The audit: every policy pack over every stack file, through the analyzer protocol.
 *
 * Per pack, as the CLI does for a preview: start and configure it, then per stack ConfigureStack,
 * one Analyze per resource and one AnalyzeStack (session.ts). One pack process serves all the
 * stacks of a run: a TypeScript pack is type-checked at every start (seconds), and the stack's
 * identity reaches the pack through ConfigureStack and the URNs, which is what the policy SDK
 * exposes to policies.
 */
import type { StackExport } from "../stack-export";
import { stackOfUrn } from "../stack-export";
import { StackSummary, summarize } from "../summary";
import { AuditInputError } from "./pack";
import { PackResult, PackSession, PackSpec, projectOfUrn } from "./session";

export type { PackResult, PackSpec } from "./session";

export interface StackFile {
  file: string;
  exported: StackExport;
}

export interface StackResult {
  file: string;
  stack: string;
  summary: StackSummary;
  packs: PackResult[];
}

export interface AuditResult {
  stacks: StackResult[];
  mandatory: number;
  advisory: number;
}

export interface AuditOptions {
  stacks: StackFile[];
  packs: PackSpec[];
  organization?: string;
  /** Progress lines for stderr. */
  progress?: (line: string) => void;
  /** Analyze calls in flight at once (see session.ts). */
  concurrency?: number;
  startTimeoutMs?: number;
}

async function auditWithPack(
  spec: PackSpec,
  opts: AuditOptions,
  onStack: (index: number, result: PackResult) => void,
): Promise<void> {
  const firstRoot = opts.stacks[0]?.exported.deployment.resources?.[0]?.urn ?? "";
  const session = await PackSession.open(spec, {
    project: projectOfUrn(firstRoot),
    organization: opts.organization,
    stack: opts.stacks.length === 1 ? stackOfUrn(firstRoot) : undefined,
    concurrency: opts.concurrency,
    startTimeoutMs: opts.startTimeoutMs,
    progress: opts.progress,
  });
  try {
    for (const [index, { exported }] of opts.stacks.entries()) {
      onStack(index, await session.analyze(exported, { position: index + 1, count: opts.stacks.length }));
    }
  } finally {
    await session.close();
  }
}

export async function audit(opts: AuditOptions): Promise<AuditResult> {
  if (opts.packs.length === 0) throw new AuditInputError("no policy pack to run");
  const stacks: StackResult[] = opts.stacks.map(({ file, exported }) => {
    const summary = summarize(exported);
    return { file, stack: summary.stack, summary, packs: [] };
  });
  for (const spec of opts.packs) {
    await auditWithPack(spec, opts, (index, result) => stacks[index].packs.push(result));
  }
  let mandatory = 0;
  let advisory = 0;
  for (const s of stacks) {
    for (const p of s.packs) {
      for (const v of p.violations) {
        if (v.enforcementLevel === "mandatory") mandatory++;
        else if (v.enforcementLevel === "advisory") advisory++;
      }
    }
  }
  return { stacks, mandatory, advisory };
}
