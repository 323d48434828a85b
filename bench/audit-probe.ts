/**
 * One side of the audit benchmark, run by bench/audit.bench.ts in a fresh process of its own so
 * that its first pass is as cold as a real run's:
 *
 *   ts-node --transpile-only bench/audit-probe.ts grpc|in-process PACK_DIR POLICIES_MODULE STACK.json...
 *
 * Both sides load everything first (modules, stack files; for gRPC also the pack: started and
 * configured, its start timed apart), then make `PASSES` passes over all the stacks, each timed:
 *
 * - grpc: what the audit does, PackSession.analyze per stack (session.ts);
 * - in-process: the same pack's policies array, required without `new PolicyPack`, run by
 *   @pulumi/policy's own Analyze and AnalyzeStack handlers over the same request messages, built
 *   from the same stack files by the same code (requests.ts). Both sides therefore run identical
 *   policy code and differ only by the process boundary, protobuf (de)serialisation and the
 *   loopback transport.
 *
 * Prints one JSON line: per pass the wall time, this process's CPU time and (grpc) the pack
 * process's CPU time, read from /proc where it exists.
 */
import * as fs from "fs";
import { AnalyzerConnection } from "../lib/audit/client";
import { analyzeInputs, stackInputs, toAnalyzeRequest, toAnalyzeStackRequest } from "../lib/audit/requests";
import { PackSession } from "../lib/audit/session";
import { parseStackExport, StackExport } from "../lib/stack-export";

export const PASSES = 6;

export interface Pass {
  wallMs: number;
  cpuMs: number;
  /** The pack process's CPU time (grpc only; undefined where /proc is missing). */
  packCpuMs?: number;
}

export interface ProbeResult {
  mode: "grpc" | "in-process";
  /** Pack start: launch until configured (grpc only). */
  startMs?: number;
  passes: Pass[];
  /** As many empty GetPluginInfo round trips as Analyze calls in a pass, 64 in flight (grpc only). */
  emptyRoundTripsMs?: number;
}

/** utime + stime of a process in ms, from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function timed(pass: () => Promise<void>, pid?: number): Promise<Pass> {
  const packBefore = processCpuMs(pid);
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await pass();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const packAfter = processCpuMs(pid);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    packCpuMs: packBefore === undefined || packAfter === undefined ? undefined : packAfter - packBefore,
  };
}

type RpcFun = (call: { request: unknown }, cb: (err: unknown, res: unknown) => void) => Promise<void>;

async function inProcess(policiesModule: string, stacks: StackExport[]): Promise<ProbeResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun: (...a: unknown[]) => RpcFun;
    makeAnalyzeStackRpcFun: (...a: unknown[]) => RpcFun;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(policiesModule) as { allPolicies?: unknown[]; policies?: unknown[] };
  const policies = loaded.allPolicies ?? loaded.policies;
  const analyze = server.makeAnalyzeRpcFun("bench", "0.0.0", "advisory", policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun("bench", "0.0.0", "advisory", policies);
  const call = (fn: RpcFun, request: unknown) =>
    new Promise<void>((resolve, reject) => void fn({ request }, (err) => (err ? reject(err) : resolve())));
  const pass = async () => {
    for (const exported of stacks) {
      await Promise.all([
        call(analyzeStack, toAnalyzeStackRequest(stackInputs(exported))),
        ...analyzeInputs(exported).map((i) => call(analyze, toAnalyzeRequest(i))),
      ]);
    }
  };
  const passes: Pass[] = [];
  for (let i = 0; i < PASSES; i++) passes.push(await timed(pass));
  return { mode: "in-process", passes };
}

async function viaGrpc(packDir: string, stacks: StackExport[]): Promise<ProbeResult> {
  const start = process.hrtime.bigint();
  const session = await PackSession.open({ dir: packDir });
  const startMs = Number(process.hrtime.bigint() - start) / 1e6;
  try {
    const passes: Pass[] = [];
    for (let i = 0; i < PASSES; i++) {
      passes.push(
        await timed(async () => {
          for (const [n, exported] of stacks.entries()) {
            await session.analyze(exported, { position: n + 1, count: stacks.length });
          }
        }, session.pid),
      );
    }
    const calls = stacks.reduce((n, s) => n + analyzeInputs(s).length, 0);
    const conn = new AnalyzerConnection(session.port);
    let next = 0;
    const floor = await timed(() =>
      Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next++ < calls) await conn.pluginVersion();
        }),
      ).then(() => undefined),
    );
    conn.close();
    return { mode: "grpc", startMs, passes, emptyRoundTripsMs: floor.wallMs };
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const [mode, packDir, policiesModule, ...files] = process.argv.slice(2);
  const stacks = files.map((f) => parseStackExport(fs.readFileSync(f, "utf8"), f));
  const result = mode === "grpc" ? await viaGrpc(packDir, stacks) : await inProcess(policiesModule, stacks);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
