/**
 * What the audit, verify and drill commands share: commander parsing whose failures exit 2 (their
 * "unusable input" code, where commander would exit 1), and, for the commands that talk to live
 * accounts, the one way they turn an outcome or an error into output and an exit code.
 */
import type { Command } from "commander";
import { VerifyInputError } from "../lib/verify/types";

/** Collects a repeatable option's values (`--policy-pack a --policy-pack b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Parses `argv`; commander must have been set up with `.exitOverride()`. Returns the exit code when
 * parsing ended the command (0 after --help or --version, 2 for bad usage), undefined otherwise.
 */
export function parseCommandLine(program: Command, argv: string[]): number | undefined {
  try {
    program.parse(argv);
    return undefined;
  } catch (e) {
    return (e as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
}

export interface LiveCommandIO {
  /** The command's name in messages: `verify: ...`. */
  name: string;
  json?: boolean;
  out?: (text: string) => void;
  err?: (line: string) => void;
}

export interface LiveOutcome<R> {
  code: number;
  reports: R;
  text: string;
  json: unknown;
}

/**
 * Runs `work` and prints its text or JSON. Unusable input (VerifyInputError) and unexpected failures
 * exit 2 with the message on stderr and, with --json, `{passed: false, error}` on stdout, so a
 * machine reading stdout never gets nothing.
 */
export async function runLiveCommand<R>(
  io: LiveCommandIO,
  work: () => Promise<LiveOutcome<R>>,
): Promise<{ code: number; reports?: R }> {
  const out = io.out ?? ((t: string) => process.stdout.write(t));
  const err = io.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  try {
    const outcome = await work();
    out(io.json ? JSON.stringify(outcome.json, null, 2) + "\n" : outcome.text);
    return { code: outcome.code, reports: outcome.reports };
  } catch (e) {
    const message =
      e instanceof VerifyInputError ? e.message : `unexpected failure: ${(e as Error).stack ?? String(e)}`;
    err(`${io.name}: ${message}`);
    if (io.json) out(JSON.stringify({ passed: false, error: message }, null, 2) + "\n");
    return { code: 2 };
  }
}
