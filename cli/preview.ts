/**
 * `npm run preview`: the main job without credentials.
 *
 * Runs every stack (Pulumi.<stack>.yaml) of the project under the Pulumi SDK's mock engine in
 * trust order, writes each as `<out>/<stack>.json` in the `pulumi stack export` format, and prints
 * a short summary per stack. It shows what the program declares; only `pulumi preview` with
 * credentials shows the diff against what is deployed. Then it audits the files it wrote with the
 * project's policy pack (./policypack, or --policy-pack), as `pulumi preview --policy-pack` would,
 * and fails on mandatory violations (exit 1; 2 when the audit cannot run).
 */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../config";
import { runAudit } from "./audit";
import { toStackExport } from "../harness/export";
import { runStacks } from "../harness/project";
import { formatSummary, summarize } from "../lib/summary";
import { writePackConfig } from "../tools/pack-config";
import { collect } from "./command";

process.env.AWS_EC2_METADATA_DISABLED = "true";

export interface PreviewOptions {
  dir: string;
  out: string;
  stacks?: string[];
  log?: (line: string) => void;
  progress?: (line: string) => void;
}

/** Runs and writes the stacks; returns the files written. Throws ConfigError on bad config. */
export async function preview(opts: PreviewOptions): Promise<string[]> {
  const log = opts.log ?? console.log;
  const runs = await runStacks({
    dir: opts.dir,
    only: opts.stacks && opts.stacks.length > 0 ? opts.stacks : undefined,
    onStack: (s) => opts.progress?.(`running stack ${s} under the mock engine`),
  });
  fs.mkdirSync(opts.out, { recursive: true });
  const files: string[] = [];
  for (const run of runs) {
    const exported = toStackExport(run);
    const file = path.join(opts.out, `${run.stack}.json`);
    fs.writeFileSync(file, JSON.stringify(exported, null, 2) + "\n");
    files.push(file);
    log(formatSummary(summarize(exported)));
    log(`  written: ${file}\n`);
  }
  log(
    "This shows what the program declares, computed offline with mock cloud values. " +
      "Run `pulumi preview --stack <stack>` with credentials to see the diff against what is deployed.",
  );
  return files;
}

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name("npm run preview --")
    .description("Offline preview of every stack: no cloud, no credentials, no Pulumi CLI.")
    .option("-s, --stack <name>", "only this stack (repeatable); its referenced stacks run too", collect, [])
    .option("-o, --out <dir>", "where to write <stack>.json files", "out/preview")
    .option("-C, --dir <dir>", "the project directory (holding Pulumi.yaml)", process.cwd())
    .option("--policy-pack <dir>", "policy pack to audit with (repeatable; default <dir>/policypack)", collect, [])
    .option(
      "--policy-pack-config <file>",
      "JSON config for the policy pack in the same position (default for ./policypack: derived from the stacks' config)",
      collect,
      [],
    )
    .option("--report <file>", "also write the audit's Markdown report (for a pull-request comment)")
    .exitOverride();
  try {
    program.parse(argv);
  } catch (e) {
    return (e as { exitCode?: number }).exitCode ?? 2;
  }
  const opts = program.opts<{
    stack: string[];
    out: string;
    dir: string;
    policyPack: string[];
    policyPackConfig: string[];
    report?: string;
  }>();
  let files: string[];
  try {
    files = await preview({
      dir: path.resolve(opts.dir),
      out: path.resolve(opts.out),
      stacks: opts.stack,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`preview: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`preview: ${(e as Error).message}\n`);
    return 1;
  }
  // The project's own pack gets the estate's accounts from the stacks' config, unless told otherwise.
  let configs = opts.policyPackConfig;
  if (opts.policyPack.length === 0 && configs.length === 0) {
    const generated = path.join(path.resolve(opts.out), "policy-pack-config.json");
    writePackConfig(path.resolve(opts.dir), generated);
    configs = [generated];
  }
  const { code } = await runAudit({
    files,
    packs: opts.policyPack,
    configs,
    report: opts.report,
    cwd: path.resolve(opts.dir),
  });
  return code;
}

if (require.main === module) {
  cli(process.argv).then((code) => process.exit(code));
}
