/**
 * The audit: every policy pack over every stack file, through the analyzer protocol.
 *
 * Per pack, as the CLI does for a preview: start it, GetPluginInfo, GetAnalyzerInfo, reconcile
 * and send its configuration (Configure), then per stack ConfigureStack, one Analyze per resource
 * and one AnalyzeStack. One pack process serves all the stacks of a run: a TypeScript pack is
 * type-checked at every start (seconds), and the stack's identity reaches the pack through
 * ConfigureStack and the URNs, which is what the policy SDK exposes to policies.
 *
 * Violations are attributed as the engine attributes them: a resource policy's to the analyzed
 * resource; a stack policy's to the URN it named if that resource is in the stack, otherwise to
 * the root stack (AttributeStackDiagnostics).
 */
import * as fs from "fs";
import type { StackExport } from "../stack-export";
import { stackOfUrn } from "../stack-export";
import { StackSummary, summarize } from "../summary";
import { AnalyzerConnection, Violation } from "./client";
import { launchPack, LaunchedPack } from "./launch";
import { AuditInputError, loadPackDir, parsePolicyPackConfig, PolicyConfig, reconcileConfig } from "./pack";
import { analyzeInputs, stackInputs, toAnalyzeRequest, toAnalyzeStackRequest } from "./requests";

export interface StackFile {
  file: string;
  exported: StackExport;
}

export interface PackSpec {
  dir: string;
  configFile?: string;
}

export interface PackResult {
  name: string;
  version: string;
  dir: string;
  violations: Violation[];
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
  /** Analyze calls in flight at once (64: measurably faster than 16 on loopback, see bench/audit.bench.ts). */
  concurrency?: number;
  startTimeoutMs?: number;
}

function projectOf(urn: string): string {
  return urn.slice("urn:pulumi:".length).split("::")[1] ?? "";
}

function describe(e: unknown): string {
  const err = e as { details?: string; message?: string };
  return (err.details || err.message || String(e)).trim();
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

function readConfig(spec: PackSpec): Map<string, PolicyConfig> {
  if (!spec.configFile) return new Map();
  let text: string;
  try {
    text = fs.readFileSync(spec.configFile, "utf8");
  } catch (e) {
    throw new AuditInputError(`${spec.configFile}: cannot read policy pack config (${(e as Error).message})`);
  }
  return parsePolicyPackConfig(text, spec.configFile);
}

async function auditWithPack(
  spec: PackSpec,
  opts: AuditOptions,
  onStack: (index: number, result: PackResult) => void,
): Promise<void> {
  const progress = opts.progress ?? (() => undefined);
  const pack = loadPackDir(spec.dir);
  const given = readConfig(spec);
  const first = opts.stacks[0];
  const firstRoot = first?.exported.deployment.resources?.[0]?.urn ?? "";
  progress(`[audit] starting policy pack ${spec.dir}`);
  let launched: LaunchedPack | undefined;
  let conn: AnalyzerConnection | undefined;
  try {
    launched = await launchPack(pack, {
      project: projectOf(firstRoot),
      organization: opts.organization,
      stack: opts.stacks.length === 1 ? stackOfUrn(firstRoot) : undefined,
      startTimeoutMs: opts.startTimeoutMs,
      onOutput: (line) => progress(`[audit] ${spec.dir}: ${line}`),
    });
    conn = new AnalyzerConnection(launched.port, pack.version);
    const failed = (what: string) => (e: unknown) => {
      const stderr = launched!.stderr().trim();
      throw new AuditInputError(
        `policy pack ${spec.dir}: ${what}: ${describe(e)}${stderr ? `\n${stderr.split("\n").slice(-10).join("\n")}` : ""}`,
      );
    };
    await conn.pluginVersion().catch(failed("GetPluginInfo failed"));
    const info = await conn.analyzerInfo().catch(failed("GetAnalyzerInfo failed"));
    const config = reconcileConfig(spec.dir, info.policies, info.initialConfig, given);
    await conn.configure(config).catch(failed("Configure failed"));
    const packName = info.name;

    for (const [index, { exported }] of opts.stacks.entries()) {
      const root = exported.deployment.resources?.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
      const stack = stackOfUrn(exported.deployment.resources![0].urn);
      const label = `[audit] stack ${stack} (${index + 1}/${opts.stacks.length}): pack ${packName}`;
      await conn
        .configureStack({ stack, project: projectOf(root), organization: opts.organization ?? "" })
        .catch(failed("ConfigureStack failed"));
      const inputs = analyzeInputs(exported);
      const step = Math.max(25, Math.ceil(inputs.length / 10));
      let done = 0;
      progress(`${label}: 0/${inputs.length} resources`);
      const perResource = await mapLimit(inputs, opts.concurrency ?? 64, async (input) => {
        const found = await conn!.analyze(toAnalyzeRequest(input)).catch(failed(`Analyze failed on ${input.urn}`));
        done++;
        if (done % step === 0 && done < inputs.length) progress(`${label}: ${done}/${inputs.length} resources`);
        // The engine reports a resource policy's violation against the analyzed resource.
        return found.map((v) => ({ ...v, urn: input.urn }));
      });
      progress(`${label}: ${inputs.length}/${inputs.length} resources, stack policies`);
      const resources = stackInputs(exported);
      const urns = new Set(resources.map((r) => r.urn));
      const stackViolations = (
        await conn.analyzeStack(toAnalyzeStackRequest(resources)).catch(failed("AnalyzeStack failed"))
      ).map((v) => ({ ...v, urn: urns.has(v.urn) ? v.urn : root }));
      onStack(index, {
        name: packName,
        version: info.version,
        dir: spec.dir,
        violations: [...perResource.flat(), ...stackViolations],
      });
    }
  } finally {
    conn?.close();
    await launched?.stop();
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
