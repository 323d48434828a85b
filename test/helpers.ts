/**
 * The one shared helper that runs a stack of this project under the mock engine and returns what
 * it registered (see harness/engine.ts for what a RecordedResource carries).
 */
import * as path from "path";
import type { RecordedResource, StackRun } from "../harness/engine";
import { runStacks } from "../harness/project";

export const PROJECT_DIR = path.resolve(__dirname, "..");

/**
 * Runs `stack` (and, first, the stacks it may reference) from the project's Pulumi.<stack>.yaml
 * files. `config` replaces values of that stack's file: `{ "isolation:accountId": "..." }`;
 * a value of undefined removes the key.
 */
export async function recordStack(stack: string, config?: Record<string, unknown>): Promise<StackRun> {
  const [run] = await runStacks({
    dir: PROJECT_DIR,
    only: [stack],
    overrides: config ? { [stack]: config } : undefined,
  });
  return run;
}

/** The resources of a run with the given type token. */
export function ofType(run: StackRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The one resource of a type with the given logical name; throws if absent, so tests fail loudly. */
export function named(run: StackRun, type: string, name: string): RecordedResource {
  const found = run.resources.find((r) => r.type === type && r.name === name);
  if (!found) {
    const names = ofType(run, type).map((r) => r.name);
    throw new Error(`no ${type} named "${name}" in stack ${run.stack}; have: ${names.join(", ") || "none"}`);
  }
  return found;
}

/** Provider inputs reach the monitor JSON-encoded; this decodes one. */
export function jsonInput(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}
