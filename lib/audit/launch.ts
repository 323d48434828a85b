/**
 * Starts a Node.js policy pack the way the Pulumi CLI starts it (pulumi/pulumi
 * sdk/go/common/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer`): the CLI runs the
 * `pulumi-analyzer-policy` shim with the pack folder as working directory, and the shim runs
 * `@pulumi/pulumi/cmd/run-policy-pack`, resolved from the pack folder, with the arguments
 * `<engine address> . [-option=value...]`. run-policy-pack registers ts-node when the pack is
 * TypeScript (with the pack's tsconfig.json if it has one), requires the pack, and the pack's
 * `new PolicyPack(...)` serves the Analyzer service on 127.0.0.1 and prints its port as the first
 * line of stdout, which the CLI reads.
 *
 * The engine address: run-policy-pack drops it (cmd/run-policy-pack/index.js shifts it away) and
 * the SDK takes its engine from PULUMI_NODEJS_ENGINE only, which the CLI does not set for
 * analyzers; so no engine server is needed, and the pack's log calls go to its console, which is
 * forwarded here. The CLI's environment additions (constructEnv) are reproduced.
 */
import { ChildProcess, spawn } from "child_process";
import * as readline from "readline";
import { AuditInputError, PackDir } from "./pack";

export interface LaunchOptions {
  /** PULUMI_NODEJS_PROJECT / PULUMI_PROJECT, as the CLI sets them. */
  project?: string;
  organization?: string;
  stack?: string;
  /** How long the pack may take to print its port (TypeScript packs are type-checked first). */
  startTimeoutMs?: number;
  /** Lines the pack prints after its port (its console), for the progress stream. */
  onOutput?: (line: string) => void;
}

export interface LaunchedPack {
  port: number;
  child: ChildProcess;
  /** Everything the pack wrote to stderr so far (for error messages). */
  stderr(): string;
  /** Stops the pack and waits for it to exit. */
  stop(): Promise<void>;
}

/** Placeholder for the engine address argument that run-policy-pack discards. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

function runPolicyPackEntry(pack: PackDir): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [pack.dir] });
  } catch {
    throw new AuditInputError(
      `policy pack ${pack.dir} failed to start: @pulumi/pulumi is not installed for it; run npm install in that folder`,
    );
  }
}

function packEnv(opts: LaunchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The pack must not find an engine or monitor of some enclosing Pulumi run.
  delete env.PULUMI_NODEJS_ENGINE;
  delete env.PULUMI_NODEJS_MONITOR;
  const set = (k: string, v: string | undefined) => {
    if (v) env[k] = v;
  };
  set("PULUMI_NODEJS_ORGANIZATION", opts.organization);
  set("PULUMI_NODEJS_PROJECT", opts.project);
  set("PULUMI_NODEJS_STACK", opts.stack);
  set("PULUMI_NODEJS_DRY_RUN", "true");
  set("PULUMI_ORGANIZATION", opts.organization);
  set("PULUMI_PROJECT", opts.project);
  set("PULUMI_STACK", opts.stack);
  set("PULUMI_DRY_RUN", "true");
  return env;
}

export function launchPack(pack: PackDir, opts: LaunchOptions = {}): Promise<LaunchedPack> {
  if (pack.runtime !== "nodejs") {
    return Promise.reject(
      new AuditInputError(
        `policy pack ${pack.dir}: runtime ${pack.runtime} is not supported here; only nodejs packs run without the Pulumi CLI`,
      ),
    );
  }
  let entry: string;
  try {
    entry = runPolicyPackEntry(pack);
  } catch (e) {
    return Promise.reject(e);
  }
  const child = spawn(process.execPath, [entry, UNUSED_ENGINE_ADDRESS, ".", ...pack.runtimeArgs], {
    cwd: pack.dir,
    env: packEnv(opts),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 64_000) stderr = stderr.slice(-64_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const timeoutMs = opts.startTimeoutMs ?? 180_000;
  return new Promise<LaunchedPack>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => {
        const detail = lastLines(stderr);
        reject(new AuditInputError(`policy pack ${pack.dir} failed to start: ${why}${detail ? `:\n${detail}` : ""}`));
      });
    };
    const timer = setTimeout(() => fail(`it printed no port within ${timeoutMs / 1000} s`), timeoutMs);
    child.once("error", (e) => fail(e.message));
    child.once("exit", (code, signal) => {
      // Let stderr drain before the message is built.
      setImmediate(() => fail(`it exited (${signal ?? `code ${code}`}) before serving`));
    });
    lines.on("line", (line) => {
      if (settled) {
        opts.onOutput?.(line);
        return;
      }
      const port = Number(line.trim());
      if (!Number.isInteger(port) || port <= 0 || port > 65535) {
        fail(`its first line of output was not a port: ${JSON.stringify(line.slice(0, 200))}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ port, child, stderr: () => stderr, stop });
    });
  });
}

function lastLines(text: string, n = 15): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}
