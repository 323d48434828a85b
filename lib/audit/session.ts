/**
 * One running policy pack, from start to stop: what the CLI does with an analyzer plugin during a
 * preview, split so that the audit and the benchmark share it.
 *
 * `open`: start the pack (launch.ts), GetPluginInfo, GetAnalyzerInfo, reconcile and send its
 * configuration (Configure). `analyze`: one stack, ConfigureStack then one Analyze per resource and
 * one AnalyzeStack. `close`: stop the process.
 *
 * AnalyzeStack is sent *with* the stack's Analyze calls, not after them as the engine sends it at
 * the end of a deployment: the calls are independent in @pulumi/policy (each handler reads only
 * its request, the pack's config and the stack tags from ConfigureStack), so the order cannot
 * change a result, and sending the largest message first lets the pack decode it while the
 * per-resource requests are still being built (bench/audit.bench.ts measures the effect).
 * Stacks stay one after another: ConfigureStack sets process-wide state in the pack.
 */
import * as fs from "fs";
import type { StackExport } from "../stack-export";
import { stackOfUrn } from "../stack-export";
import { AnalyzerConnection, Violation } from "./client";
import { launchPack, LaunchedPack } from "./launch";
import { AuditInputError, loadPackDir, parsePolicyPackConfig, PolicyConfig, reconcileConfig } from "./pack";
import { analyzeInputs, stackInputs, toAnalyzeRequest, toAnalyzeStackRequest } from "./requests";

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

export interface SessionOptions {
  /** The project, organization and (for a single stack) stack the CLI would name in the pack's environment. */
  project?: string;
  organization?: string;
  stack?: string;
  /** Analyze calls in flight at once (64: measurably faster than 16 on loopback, see bench/audit.bench.ts). */
  concurrency?: number;
  startTimeoutMs?: number;
  progress?: (line: string) => void;
}

/** A stack's 1-based position among the stacks of a run, for progress lines. */
export interface StackLabel {
  position: number;
  count: number;
}

export function projectOfUrn(urn: string): string {
  return urn.slice("urn:pulumi:".length).split("::")[1] ?? "";
}

function describe(e: unknown): string {
  const err = e as { details?: string; message?: string };
  return (err.details || err.message || String(e)).trim();
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
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

export class PackSession {
  private constructor(
    private readonly spec: PackSpec,
    private readonly launched: LaunchedPack,
    private readonly conn: AnalyzerConnection,
    readonly name: string,
    readonly version: string,
    private readonly opts: SessionOptions,
  ) {}

  /** Starts and configures the pack; AuditInputError when it cannot start or rejects its config. */
  static async open(spec: PackSpec, opts: SessionOptions = {}): Promise<PackSession> {
    const pack = loadPackDir(spec.dir);
    const given = readConfig(spec);
    const progress = opts.progress ?? (() => undefined);
    progress(`[audit] starting policy pack ${spec.dir}`);
    const launched = await launchPack(pack, {
      project: opts.project,
      organization: opts.organization,
      stack: opts.stack,
      startTimeoutMs: opts.startTimeoutMs,
      onOutput: (line) => progress(`[audit] ${spec.dir}: ${line}`),
    });
    const conn = new AnalyzerConnection(launched.port, pack.version);
    try {
      const failed = PackSession.failure(spec, launched);
      await conn.pluginVersion().catch(failed("GetPluginInfo failed"));
      const info = await conn.analyzerInfo().catch(failed("GetAnalyzerInfo failed"));
      const config = reconcileConfig(spec.dir, info.policies, info.initialConfig, given);
      await conn.configure(config).catch(failed("Configure failed"));
      return new PackSession(spec, launched, conn, info.name, info.version, opts);
    } catch (e) {
      conn.close();
      await launched.stop();
      throw e;
    }
  }

  /** Turns an RPC error into AuditInputError, with the last lines the pack wrote to stderr. */
  private static failure(spec: PackSpec, launched: LaunchedPack) {
    return (what: string) =>
      (e: unknown): never => {
        const stderr = launched.stderr().trim();
        throw new AuditInputError(
          `policy pack ${spec.dir}: ${what}: ${describe(e)}${stderr ? `\n${stderr.split("\n").slice(-10).join("\n")}` : ""}`,
        );
      };
  }

  /**
   * The pack's violations for one stack. Violations are attributed as the engine attributes them:
   * a resource policy's to the analyzed resource; a stack policy's to the URN it named if that
   * resource is in the stack, otherwise to the root stack (AttributeStackDiagnostics).
   */
  async analyze(exported: StackExport, label: StackLabel = { position: 1, count: 1 }): Promise<PackResult> {
    const failed = PackSession.failure(this.spec, this.launched);
    const progress = this.opts.progress ?? (() => undefined);
    const resources = exported.deployment.resources ?? [];
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const stack = stackOfUrn(resources[0].urn);
    const line = `[audit] stack ${stack} (${label.position}/${label.count}): pack ${this.name}`;
    await this.conn
      .configureStack({ stack, project: projectOfUrn(root), organization: this.opts.organization ?? "" })
      .catch(failed("ConfigureStack failed"));

    const graph = stackInputs(exported);
    const urns = new Set(graph.map((r) => r.urn));
    const stackPolicies = this.conn
      .analyzeStack(toAnalyzeStackRequest(graph))
      .catch(failed("AnalyzeStack failed"))
      .then((found) => found.map((v) => ({ ...v, urn: urns.has(v.urn) ? v.urn : root })));

    const inputs = analyzeInputs(exported);
    const step = Math.max(25, Math.ceil(inputs.length / 10));
    let done = 0;
    progress(`${line}: 0/${inputs.length} resources, stack policies started`);
    const resourcePolicies = mapLimit(inputs, this.opts.concurrency ?? 64, async (input) => {
      const found = await this.conn.analyze(toAnalyzeRequest(input)).catch(failed(`Analyze failed on ${input.urn}`));
      done++;
      if (done % step === 0 && done < inputs.length) progress(`${line}: ${done}/${inputs.length} resources`);
      // The engine reports a resource policy's violation against the analyzed resource.
      return found.map((v) => ({ ...v, urn: input.urn }));
    });
    // Both promises get their handlers here, so a failure of either cannot go unhandled.
    const [perResource, perStack] = await Promise.all([resourcePolicies, stackPolicies]);
    progress(`${line}: ${inputs.length}/${inputs.length} resources and stack policies done`);
    return {
      name: this.name,
      version: this.version,
      dir: this.spec.dir,
      violations: [...perResource.flat(), ...perStack],
    };
  }

  /** Stops the pack and waits for its process to exit. */
  async close(): Promise<void> {
    this.conn.close();
    await this.launched.stop();
  }

  /** The pack's process id and port, for the benchmark's measurements (bench/audit-probe.ts). */
  get pid(): number | undefined {
    return this.launched.child.pid;
  }

  get port(): number {
    return this.launched.port;
  }
}
