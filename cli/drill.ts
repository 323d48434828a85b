/**
 * `npm run drill -- [--json] [--region R] [--skip SERVICE...] FILE.json...`
 *
 * Proves against the live recovery account that the guardrails really deny destructive calls: reads
 * the recovery stack's `pulumi stack export`, checks the credentials' account, then attempts each
 * destructive call the recovery OU's SCP and the vault access policies must deny, always on an
 * identifier that does not exist (lib/drill/probes.ts), and reports which guardrail denied it.
 * Exit 0 when every call was denied by a guardrail, 1 on any FAIL, INCONCLUSIVE or ERROR, 2 on
 * unusable input (unreadable file, not an export, not the recovery stack, wrong account, no
 * credentials). This file only parses arguments and wires lib/drill together.
 */
import { Command, Option } from "commander";
import { DrillReport, drillPlans } from "../lib/drill/drill";
import { exitCodeOf, formatText, toJson } from "../lib/drill/output";
import type { DrillClients } from "../lib/drill/send";
import type { RandomSource } from "../lib/drill/targets";
import { PROBE_SERVICES, type ProbeService } from "../lib/drill/types";
import { sdkClients } from "../lib/verify/clients";
import { loadPlans } from "../lib/verify/input";
import { parseCommandLine, runLiveCommand } from "./command";

export interface DrillRunOptions {
  files: string[];
  json?: boolean;
  region?: string;
  /** Injected in tests; real SDK clients otherwise. */
  clients?: DrillClients;
  random?: RandomSource;
  skip?: ProbeService[];
  out?: (text: string) => void;
  err?: (line: string) => void;
}

/** The whole command; returns its exit code. */
export async function runDrill(opts: DrillRunOptions): Promise<{ code: number; reports?: DrillReport[] }> {
  return runLiveCommand({ name: "drill", ...opts }, async () => {
    const plans = loadPlans(opts.files, { region: opts.region });
    const reports = await drillPlans(plans, {
      clients: opts.clients ?? sdkClients(),
      random: opts.random,
      skip: opts.skip,
    });
    return { code: exitCodeOf(reports), reports, text: formatText(reports), json: toJson(reports) };
  });
}

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name("npm run drill --")
    .description(
      "Prove against the live recovery account that the guardrails deny destructive calls (each made on an identifier that does not exist).",
    )
    .argument("<files...>", "the recovery stack's `pulumi stack export` file (FILE.json)")
    .option("--json", "print the results as JSON")
    .option("--region <region>", "the stack's region (default: its aws provider's region input)")
    .addOption(
      new Option("--skip <service...>", "services not to probe (listed as not probed, never as passed)").choices(
        PROBE_SERVICES,
      ),
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const parsed = parseCommandLine(program, argv);
  if (parsed !== undefined) return parsed;
  const opts = program.opts<{ json?: boolean; region?: string; skip?: ProbeService[] }>();
  const { code } = await runDrill({ files: program.args, json: opts.json, region: opts.region, skip: opts.skip });
  return code;
}

if (require.main === module) {
  cli(process.argv).then((code) => process.exit(code));
}
