/**
 * `npm run audit -- [--policy-pack DIR]... [--policy-pack-config FILE]... FILE.json...`
 *
 * Runs policy packs over `pulumi stack export` files (the offline preview's, or real exports of
 * deployed stacks) through the analyzer protocol, as `pulumi preview --policy-pack` runs them.
 * Exit 0 when clean, 1 on any mandatory violation, 2 on unusable input. This file only parses
 * arguments and wires lib/audit together.
 */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { audit, AuditResult, PackSpec, StackFile } from "../lib/audit/audit";
import { AuditInputError } from "../lib/audit/pack";
import { formatText, toJson } from "../lib/audit/output";
import { renderReport } from "../lib/audit/report";
import { parseStackExport } from "../lib/stack-export";
import { collect, parseCommandLine } from "./command";

export const DEFAULT_PACK = "policypack";

export interface AuditRunOptions {
  files: string[];
  packs?: string[];
  configs?: string[];
  report?: string;
  json?: boolean;
  organization?: string;
  /** Where ./policypack is looked for when no pack is given. */
  cwd?: string;
  out?: (text: string) => void;
  progress?: (line: string) => void;
}

/** Reads the stack files; throws AuditInputError naming the file and what is wrong. */
export function readStackFiles(files: string[]): StackFile[] {
  if (files.length === 0) throw new AuditInputError("no stack file given; expected one or more FILE.json");
  return files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new AuditInputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      return { file, exported: parseStackExport(text, file) };
    } catch (e) {
      throw new AuditInputError((e as Error).message);
    }
  });
}

/** Pairs packs with config files as the CLI does: none, or exactly one per pack, in order. */
export function packSpecs(packs: string[] | undefined, configs: string[] | undefined, cwd: string): PackSpec[] {
  const dirs = packs && packs.length > 0 ? packs : [path.join(cwd, DEFAULT_PACK)];
  if (!packs || packs.length === 0) {
    if (!fs.existsSync(dirs[0])) {
      throw new AuditInputError(
        `no --policy-pack given and the default policy pack ./${DEFAULT_PACK} does not exist in ${cwd}`,
      );
    }
  }
  const cfgs = configs ?? [];
  if (cfgs.length > 0 && cfgs.length !== dirs.length) {
    throw new AuditInputError(
      `${cfgs.length} --policy-pack-config for ${dirs.length} --policy-pack; expected none or one per policy pack, in the same order`,
    );
  }
  return dirs.map((dir, i) => ({ dir, configFile: cfgs[i] }));
}

/** The whole command; returns its exit code. */
export async function runAudit(opts: AuditRunOptions): Promise<{ code: number; result?: AuditResult }> {
  const out = opts.out ?? ((t: string) => process.stdout.write(t));
  const progress = opts.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  try {
    const stacks = readStackFiles(opts.files);
    const packs = packSpecs(opts.packs, opts.configs, opts.cwd ?? process.cwd());
    const result = await audit({ stacks, packs, organization: opts.organization, progress });
    if (opts.report) {
      fs.mkdirSync(path.dirname(path.resolve(opts.report)), { recursive: true });
      fs.writeFileSync(opts.report, renderReport(result, stacks));
      progress(`[audit] report written: ${opts.report}`);
    }
    out(opts.json ? JSON.stringify(toJson(result), null, 2) + "\n" : formatText(result));
    return { code: result.mandatory > 0 ? 1 : 0, result };
  } catch (e) {
    if (e instanceof AuditInputError) {
      progress(`audit: ${e.message}`);
      return { code: 2 };
    }
    progress(`audit: unexpected failure: ${(e as Error).stack ?? e}`);
    return { code: 2 };
  }
}

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name("npm run audit --")
    .description("Run Pulumi policy packs over `pulumi stack export` files, as `pulumi preview --policy-pack` does.")
    .argument("<files...>", "stack export files (FILE.json)")
    .option("--policy-pack <dir>", `policy pack folder (repeatable; default ./${DEFAULT_PACK})`, collect, [])
    .option("--policy-pack-config <file>", "JSON config for the policy pack in the same position", collect, [])
    .option("--report <file>", "write a Markdown report for a pull-request comment")
    .option("--json", "print the results as JSON")
    .option("--organization <name>", "Pulumi organization passed to the packs as the CLI passes it")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const parsed = parseCommandLine(program, argv);
  if (parsed !== undefined) return parsed;
  const opts = program.opts<{
    policyPack: string[];
    policyPackConfig: string[];
    report?: string;
    json?: boolean;
    organization?: string;
  }>();
  const { code } = await runAudit({
    files: program.args,
    packs: opts.policyPack,
    configs: opts.policyPackConfig,
    report: opts.report,
    json: opts.json,
    organization: opts.organization,
  });
  return code;
}

if (require.main === module) {
  cli(process.argv).then((code) => process.exit(code));
}
