/**
 * Finds the project's stacks (Pulumi.<stack>.yaml) and runs them under the mock engine in trust
 * order, so that every stack reference is answered with the referenced stack's own outputs.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError, validateConfig } from "../config";
import { parseRole, Role, TRUST } from "../lib/roles";
import { main } from "../program";
import { runProgram, StackRun } from "./engine";

export interface StackFile {
  stack: string;
  file: string;
}

/** Every Pulumi.<stack>.yaml beside Pulumi.yaml, sorted by name. */
export function findStacks(dir: string): StackFile[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ stack: m[1], file: path.join(dir, m[0]) }))
    .sort((a, b) => a.stack.localeCompare(b.stack));
}

/** Encodes a YAML config value the way the Pulumi CLI hands it to a program: always a string. */
export function encodeConfigValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function readYaml(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${path.basename(file)}: not readable YAML: ${(e as Error).message}`);
  }
  return (doc ?? {}) as Record<string, unknown>;
}

/**
 * The config a stack runs with: project-level values from Pulumi.yaml (keys with `value:`),
 * overridden by the stack's own file, with keys qualified by the project name as the CLI does.
 */
export function loadStackConfig(dir: string, stack: string, project = "isolation"): Record<string, string> {
  const out: Record<string, string> = {};
  const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
  const projectConfig = (readYaml(path.join(dir, "Pulumi.yaml")).config ?? {}) as Record<string, unknown>;
  for (const [key, decl] of Object.entries(projectConfig)) {
    if (decl && typeof decl === "object" && "value" in decl) {
      out[qualify(key)] = encodeConfigValue((decl as { value: unknown }).value);
    }
  }
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const stackConfig = (readYaml(file).config ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(stackConfig)) out[qualify(key)] = encodeConfigValue(value);
  return out;
}

/** The role a stack runs as: isolation:role if set, else the stack name's. */
export function roleOfStack(stack: string, config: Record<string, string>): Role | undefined {
  const explicit = config["isolation:role"];
  if (explicit && explicit in TRUST) return explicit as Role;
  return parseRole(stack)?.role;
}

export interface RunStacksOptions {
  dir: string;
  /** Only these stacks (their references are run too, but not returned). Default: all. */
  only?: string[];
  onStack?: (stack: string) => void;
  /** Per stack, config values that replace the file's (YAML-typed; undefined removes a key). */
  overrides?: Record<string, Record<string, unknown>>;
}

/**
 * Runs stacks in trust order. Config is validated for every selected stack before any of them
 * runs, so one bad file is reported together with every other bad file.
 */
export async function runStacks(opts: RunStacksOptions): Promise<StackRun[]> {
  const all = findStacks(opts.dir);
  const byName = new Map(all.map((s) => [s.stack, s]));
  for (const name of opts.only ?? []) {
    if (!byName.has(name)) {
      throw new Error(
        `no stack "${name}": expected one of ${all.map((s) => s.stack).join(", ")} (Pulumi.<stack>.yaml in ${opts.dir})`,
      );
    }
  }
  const configs = new Map(all.map((s) => [s.stack, loadStackConfig(opts.dir, s.stack)]));
  for (const [stack, values] of Object.entries(opts.overrides ?? {})) {
    const config = configs.get(stack);
    if (!config) throw new Error(`overrides for unknown stack "${stack}"`);
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete config[key];
      else config[key] = encodeConfigValue(value);
    }
  }

  const problems: ConfigError["problems"] = [];
  const selected = opts.only ?? all.map((s) => s.stack);
  for (const stack of selected) {
    try {
      validateConfig(stack, configs.get(stack)!);
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  // A selected stack's references must run first; run every stack of higher trust.
  const trustOf = (stack: string) => TRUST[roleOfStack(stack, configs.get(stack)!) ?? "prod"];
  const maxTrust = Math.max(...selected.map(trustOf));
  const toRun = all
    .map((s) => s.stack)
    .filter((s) => selected.includes(s) || trustOf(s) < maxTrust)
    .sort((a, b) => trustOf(a) - trustOf(b) || a.localeCompare(b));

  const outputs = new Map<string, Record<string, unknown>>();
  const runs: StackRun[] = [];
  for (const stack of toRun) {
    opts.onStack?.(stack);
    let run: StackRun;
    try {
      run = await runProgram({ stack, config: configs.get(stack)!, references: outputs }, main);
    } catch (e) {
      if (!selected.includes(stack) && e instanceof ConfigError) {
        throw new Error(`stack "${stack}" (needed for stack references) has invalid config:\n${e.message}`);
      }
      throw e;
    }
    outputs.set(stack, run.outputs);
    if (selected.includes(stack)) runs.push(run);
  }
  return runs;
}
