/**
 * The audit through gRPC against the same policies called in process. Target: gRPC under 2x.
 *
 * Each side runs in fresh processes of its own (bench/audit-probe.ts), `ROUNDS` times, and both are
 * compared in the same state, never a cold side against a warm one:
 *
 * - first pass: the first pass over the stacks after loading, JIT cold on both sides, as in a real
 *   `npm run audit` (which starts a new pack every time) and a real in-process run;
 * - warm: the median of the later passes in the same processes, what each call costs once both
 *   sides are compiled.
 *
 * Pack start (ts-node type-checks a TypeScript pack) is printed apart: the in-process side loads
 * its modules untimed too. Beside the ratios the bench prints the CPU time of each process per
 * warm pass: the pack process's own CPU divided by the in-process time is a floor for the ratio
 * that no client can go under with one pack process, because the pack (its @pulumi/policy server,
 * grpc-js and google-protobuf) must run unchanged.
 *
 * The pack: ./policypack when it exists (its policies/index.ts exports `allPolicies`), otherwise
 * the vault-rules fixture pack. The stacks: out/preview's four, plus the test fixtures' four
 * scaled up (each custom resource repeated) so that per-resource cost shows, not only latency.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preview } from "../cli/preview";
import { StackExport, ResourceV3 } from "../lib/stack-export";
import { ireStack, orgStack, prodStack, recoveryStack } from "../test/fixtures/stacks";
import type { Pass, ProbeResult } from "./audit-probe";

const ROOT = path.resolve(__dirname, "..");
const ROUNDS = 3;
const TARGET = 2;

interface PackUnderTest {
  dir: string;
  label: string;
  policiesModule: string;
}

function packUnderTest(): PackUnderTest {
  const own = path.join(ROOT, "policypack");
  if (fs.existsSync(path.join(own, "PulumiPolicy.yaml"))) {
    return { dir: own, label: "./policypack", policiesModule: path.join(own, "policies", "index.ts") };
  }
  const fixture = path.join(ROOT, "test", "fixtures", "packs", "vault-rules");
  return {
    dir: fixture,
    label: "test/fixtures/packs/vault-rules (./policypack is absent)",
    policiesModule: path.join(fixture, "policies.js"),
  };
}

/** Repeats every custom resource `times` times under new names (URNs stay unique). */
function scale(exported: StackExport, times: number): StackExport {
  const resources = exported.deployment.resources ?? [];
  const extra: ResourceV3[] = [];
  for (let i = 1; i < times; i++) {
    for (const r of resources) {
      if (!r.custom || r.type.startsWith("pulumi:")) continue;
      extra.push({ ...r, urn: `${r.urn}-copy${i}` });
    }
  }
  return { ...exported, deployment: { ...exported.deployment, resources: [...resources, ...extra] } };
}

function probe(mode: "grpc" | "in-process", pack: PackUnderTest, files: string[]): ProbeResult {
  const res = spawnSync(
    process.execPath,
    [
      require.resolve("ts-node/dist/bin"),
      "--transpile-only",
      path.join(__dirname, "audit-probe.ts"),
      mode,
      pack.dir,
      pack.policiesModule,
      ...files,
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" } },
  );
  if (res.status !== 0) throw new Error(`audit probe (${mode}) failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").pop()!) as ProbeResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Figures {
  first: number;
  warm: number;
  warmCpu: number;
  warmPackCpu?: number;
  start?: number;
  emptyRoundTrips?: number;
}

/** Medians over rounds: of each round's first pass, and of each round's later passes. */
function figures(results: ProbeResult[]): Figures {
  const later = (pick: (p: Pass) => number | undefined) =>
    median(results.flatMap((r) => r.passes.slice(1).map(pick)).filter((v): v is number => v !== undefined));
  const packCpu = results.some((r) => r.passes.some((p) => p.packCpuMs !== undefined));
  const starts = results.map((r) => r.startMs).filter((v): v is number => v !== undefined);
  const trips = results.map((r) => r.emptyRoundTripsMs).filter((v): v is number => v !== undefined);
  return {
    first: median(results.map((r) => r.passes[0].wallMs)),
    warm: later((p) => p.wallMs),
    warmCpu: later((p) => p.cpuMs),
    warmPackCpu: packCpu ? later((p) => p.packCpuMs) : undefined,
    start: starts.length ? median(starts) : undefined,
    emptyRoundTrips: trips.length ? median(trips) : undefined,
  };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const verdict = (ratio: number) => (ratio < TARGET ? "met" : "NOT met");

function measure(label: string, pack: PackUnderTest, stacks: StackExport[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-audit-"));
  const files = stacks.map((s, i) => {
    const file = path.join(dir, `stack-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(s));
    return file;
  });
  const resources = stacks.reduce((n, s) => n + (s.deployment.resources?.length ?? 0), 0);
  const local: ProbeResult[] = [];
  const remote: ProbeResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    local.push(probe("in-process", pack, files));
    remote.push(probe("grpc", pack, files));
  }
  const l = figures(local);
  const g = figures(remote);
  const first = g.first / l.first;
  const warm = g.warm / l.warm;
  console.log(
    `${label}: ${stacks.length} stacks, ${resources} resources (medians of ${ROUNDS} fresh processes a side)`,
  );
  console.log(
    `  first pass: in process ${ms(l.first)}, gRPC ${ms(g.first)}: ${x(g.first, l.first)} (target < ${TARGET}x: ${verdict(first)})`,
  );
  console.log(
    `  warm pass:  in process ${ms(l.warm)}, gRPC ${ms(g.warm)}: ${x(g.warm, l.warm)} (target < ${TARGET}x: ${verdict(warm)})`,
  );
  if (g.warmPackCpu !== undefined) {
    console.log(
      `  CPU per warm pass: in process ${ms(l.warmCpu)}; gRPC client ${ms(g.warmCpu)}, pack process ${ms(g.warmPackCpu)} ` +
        `(the pack alone is ${x(g.warmPackCpu, l.warm)} the in-process time: the floor for one pack process)`,
    );
  }
  console.log(
    `  pack start ${ms(g.start ?? 0)} (untimed above); ${resources} empty round trips, 64 in flight: ` +
      `${ms(g.emptyRoundTrips ?? 0)} (${x(g.emptyRoundTrips ?? 0, l.warm)} the warm in-process pass, transport alone)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

export async function run(): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-preview-"));
  const files = await preview({ dir: ROOT, out, log: () => undefined });
  const previewed = files.map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as StackExport);
  const pack = packUnderTest();
  console.log(`pack: ${pack.label}; ${os.cpus().length} CPUs`);
  measure("out/preview (the target)", pack, previewed);
  // The four fixture stacks of the tests (vaults, plan, share...), scaled to hundreds of resources.
  const fixtures = [orgStack(), recoveryStack(), ireStack(), prodStack()];
  for (const times of [20, 100]) {
    measure(
      `fixture stacks x${times}`,
      pack,
      fixtures.map((s) => scale(s, times)),
    );
  }
}
