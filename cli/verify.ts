/**
 * `npm run verify -- [--json] [--region R] FILE.json...`
 *
 * Proves against the live account that the deletion protection a stack declares really holds: reads
 * each `pulumi stack export` file, derives what must be true, checks the credentials' account, and
 * asks AWS (read-only calls only). Exit 0 when every check passes, 1 when any fails or could not be
 * made, 2 on unusable input (unreadable file, not an export, wrong account, no credentials). This
 * file only parses arguments and wires lib/verify together.
 */
import { Command } from "commander";
import { AwsClients, sdkClients } from "../lib/verify/clients";
import { loadPlans } from "../lib/verify/input";
import { exitCodeOf, formatText, toJson } from "../lib/verify/output";
import { StackReport, verifyPlans } from "../lib/verify/verifier";
import { parseCommandLine, runLiveCommand } from "./command";

export interface VerifyRunOptions {
  files: string[];
  json?: boolean;
  region?: string;
  /** Injected in tests; real SDK clients otherwise. */
  clients?: AwsClients;
  now?: Date;
  out?: (text: string) => void;
  err?: (line: string) => void;
}

/** The whole command; returns its exit code. */
export async function runVerify(opts: VerifyRunOptions): Promise<{ code: number; reports?: StackReport[] }> {
  return runLiveCommand({ name: "verify", ...opts }, async () => {
    const plans = loadPlans(opts.files, { region: opts.region });
    const reports = await verifyPlans(plans, { clients: opts.clients ?? sdkClients(), now: opts.now });
    return { code: exitCodeOf(reports), reports, text: formatText(reports), json: toJson(reports) };
  });
}

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name("npm run verify --")
    .description(
      "Prove against the live AWS account that a deployed stack's deletion protection holds (read-only calls).",
    )
    .argument("<files...>", "`pulumi stack export` files (FILE.json)")
    .option("--json", "print the results as JSON")
    .option("--region <region>", "the stack's region (default: its aws provider's region input)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const parsed = parseCommandLine(program, argv);
  if (parsed !== undefined) return parsed;
  const opts = program.opts<{ json?: boolean; region?: string }>();
  const { code } = await runVerify({ files: program.args, json: opts.json, region: opts.region });
  return code;
}

if (require.main === module) {
  cli(process.argv).then((code) => process.exit(code));
}
