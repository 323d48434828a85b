/**
 * The audit through gRPC against the same policies called in process.
 *
 * gRPC: the real audit (lib/audit) of every stack file the offline preview writes, the pack
 * started as the CLI starts it. In process: the same pack's policies array (required without
 * `new PolicyPack`) run by @pulumi/policy's own Analyze/AnalyzeStack handlers over the same
 * request messages, so both sides execute identical policy code and differ only by the process,
 * the protobuf serialisation and the loopback transport. Target: gRPC under 2x in process.
 *
 * The pack: ./policypack when it exists (its policies/index.ts exports `allPolicies`), otherwise
 * the vault-rules fixture pack. The stacks: out/preview, plus the same files scaled up (each
 * custom resource repeated) so that per-resource cost shows, not only the start-up.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preview } from "../cli/preview";
import { audit, StackFile } from "../lib/audit/audit";
import { AnalyzerConnection } from "../lib/audit/client";
import { launchPack } from "../lib/audit/launch";
import { loadPackDir } from "../lib/audit/pack";
import { analyzeInputs, stackInputs, toAnalyzeRequest, toAnalyzeStackRequest } from "../lib/audit/requests";
import { parseStackExport, ResourceV3, StackExport } from "../lib/stack-export";
import { ireStack, orgStack, prodStack, recoveryStack } from "../test/fixtures/stacks";

const ROOT = path.resolve(__dirname, "..");

interface PackUnderTest {
  dir: string;
  label: string;
  loadPolicies: () => unknown[];
}

function packUnderTest(): PackUnderTest {
  const own = path.join(ROOT, "policypack");
  if (fs.existsSync(path.join(own, "PulumiPolicy.yaml"))) {
    return {
      dir: own,
      label: "./policypack",
      loadPolicies: () => fresh<{ allPolicies: unknown[] }>(path.join(own, "policies", "index.ts")).allPolicies,
    };
  }
  const fixture = path.join(ROOT, "test", "fixtures", "packs", "vault-rules");
  return {
    dir: fixture,
    label: "test/fixtures/packs/vault-rules (./policypack is absent on this branch)",
    loadPolicies: () => fresh<{ policies: unknown[] }>(path.join(fixture, "policies.js")).policies,
  };
}

function fresh<T>(file: string): T {
  delete require.cache[require.resolve(file)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}

/** Repeats every custom resource `times` times under new names (URNs stay unique). */
function scale(exported: StackExport, times: number): StackExport {
  const resources = exported.deployment.resources ?? [];
  const extra: ResourceV3[] = [];
  for (let i = 1; i < times; i++) {
    for (const r of resources) {
      if (!r.custom || r.type.startsWith("pulumi:")) continue;
      extra.push({ ...r, urn: `${r.urn}-copy${i}`, dependencies: r.dependencies });
    }
  }
  return { ...exported, deployment: { ...exported.deployment, resources: [...resources, ...extra] } };
}

type RpcFun = (call: { request: unknown }, cb: (err: unknown, res: unknown) => void) => Promise<void>;

async function inProcess(pack: PackUnderTest, stacks: StackFile[]): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun: (...a: unknown[]) => RpcFun;
    makeAnalyzeStackRpcFun: (...a: unknown[]) => RpcFun;
  };
  const start = process.hrtime.bigint();
  const policies = pack.loadPolicies();
  const analyze = server.makeAnalyzeRpcFun("bench", "0.0.0", "advisory", policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun("bench", "0.0.0", "advisory", policies);
  const call = (fn: RpcFun, request: unknown) =>
    new Promise<void>((resolve, reject) => fn({ request }, (err) => (err ? reject(err) : resolve())));
  for (const { exported } of stacks) {
    await Promise.all(analyzeInputs(exported).map((i) => call(analyze, toAnalyzeRequest(i))));
    await call(analyzeStack, toAnalyzeStackRequest(stackInputs(exported)));
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function viaGrpc(pack: PackUnderTest, stacks: StackFile[]): Promise<{ total: number; calls: number }> {
  let callsFrom = 0n;
  const start = process.hrtime.bigint();
  await audit({
    stacks,
    packs: [{ dir: pack.dir }],
    progress: (line) => {
      if (callsFrom === 0n && line.includes("0/")) callsFrom = process.hrtime.bigint();
    },
  });
  const end = process.hrtime.bigint();
  return { total: Number(end - start) / 1e6, calls: Number(end - (callsFrom || start)) / 1e6 };
}

/**
 * The transport's own floor: as many trivial GetPluginInfo round trips as the audit makes Analyze
 * calls, 64 in flight, against the same pack process. No policy runs, nothing is (de)serialised
 * beyond an empty message: whatever the audit's ratio is, it cannot go below this one's.
 */
async function transportFloor(pack: PackUnderTest, calls: number): Promise<number> {
  const launched = await launchPack(loadPackDir(pack.dir));
  try {
    const conn = new AnalyzerConnection(launched.port);
    await conn.pluginVersion();
    const start = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next++ < calls) await conn.pluginVersion();
      }),
    );
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    await launched.stop();
  }
}

async function measure(label: string, pack: PackUnderTest, stacks: StackFile[]): Promise<void> {
  const resources = stacks.reduce((n, s) => n + (s.exported.deployment.resources?.length ?? 0), 0);
  await inProcess(pack, stacks); // warm the module cache and the JIT on both sides alike
  const rounds = 3;
  let local = 0;
  let grpcTotal = 0;
  let grpcCalls = 0;
  for (let i = 0; i < rounds; i++) {
    local += await inProcess(pack, stacks);
    const g = await viaGrpc(pack, stacks);
    grpcTotal += g.total;
    grpcCalls += g.calls;
  }
  local /= rounds;
  grpcTotal /= rounds;
  grpcCalls /= rounds;
  const ratio = grpcCalls / local;
  const floor = await transportFloor(pack, resources);
  console.log(
    `${label}: ${stacks.length} stacks, ${resources} resources | in process ${local.toFixed(1)} ms | ` +
      `gRPC calls ${grpcCalls.toFixed(1)} ms (${ratio.toFixed(2)}x, target < 2x: ${ratio < 2 ? "met" : "NOT met"}) | ` +
      `gRPC with pack start ${grpcTotal.toFixed(0)} ms (${(grpcTotal / local).toFixed(1)}x) | ` +
      `transport floor: ${resources} empty round trips ${floor.toFixed(1)} ms (${(floor / local).toFixed(2)}x alone)`,
  );
}

export async function run(): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-preview-"));
  const files = await preview({ dir: ROOT, out, log: () => undefined });
  const stacks: StackFile[] = files.map((file) => ({
    file,
    exported: parseStackExport(fs.readFileSync(file, "utf8"), file),
  }));
  const pack = packUnderTest();
  console.log(`pack: ${pack.label}`);
  await measure("out/preview", pack, stacks);
  // The four fixture stacks of the tests (vaults, plan, share...), scaled to hundreds of resources.
  const fixtures = [orgStack(), recoveryStack(), ireStack(), prodStack()].map((exported, i) => ({
    file: `fixture-${i}.json`,
    exported,
  }));
  for (const times of [1, 20, 100]) {
    const scaled = fixtures.map((s) => ({ file: s.file, exported: scale(s.exported, times) }));
    await measure(`fixture stacks x${times}`, pack, scaled);
  }
}
