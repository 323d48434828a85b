/**
 * A policy pack on disk and its configuration, handled the way the Pulumi CLI handles them:
 *
 * - the folder must hold PulumiPolicy.yaml (workspace.LoadPolicyPack); its `runtime` decides how
 *   the pack is started, its runtime `options` become `-key=value` arguments, and its `version`,
 *   when set, wins over the version the pack reports (analyzer_plugin.go);
 * - a `--policy-pack-config` file is parsed as pkg/resource/analyzer/config.go
 *   `parsePolicyPackConfig` does: `{ "<policy>": "<level>" | { "enforcementLevel"?, ...props } }`;
 * - before Configure, the CLI reconciles it (`ReconcilePolicyPackConfig`): schema defaults, then
 *   the pack's initial config (e.g. `new AwsGuard({ all: "mandatory" })`), then the file, "all"
 *   setting every policy's level first; the result is validated against each policy's config
 *   schema, and every problem is reported at once.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { z } from "zod";

/** Input the audit cannot use: the CLI exits 2 with this message. */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

function isLevel(v: unknown): v is EnforcementLevel {
  return typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

export interface PackDir {
  dir: string;
  runtime: string;
  /** PulumiPolicy.yaml runtime options, passed to the pack as `-key=value`. */
  runtimeArgs: string[];
  version?: string;
}

export function loadPackDir(dir: string): PackDir {
  const abs = path.resolve(dir);
  const file = path.join(abs, "PulumiPolicy.yaml");
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new AuditInputError(`policy pack ${dir}: no such folder`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new AuditInputError(`policy pack ${dir}: no PulumiPolicy.yaml; expected a Pulumi policy pack folder`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new AuditInputError(`${file}: not valid YAML (${(e as Error).message})`);
  }
  const runtime = (doc as { runtime?: unknown } | null)?.runtime;
  const name = typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string" || name === "") {
    throw new AuditInputError(`${file}: runtime: expected a runtime name such as nodejs`);
  }
  const options = typeof runtime === "object" && runtime ? (runtime as { options?: unknown }).options : undefined;
  const runtimeArgs: string[] = [];
  for (const [k, v] of Object.entries((options as Record<string, unknown>) ?? {})) {
    const s = v === null || v === undefined ? "" : String(v);
    if (s !== "") runtimeArgs.push(`-${k}=${s}`);
  }
  const version = (doc as { version?: unknown }).version;
  return { dir: abs, runtime: name, runtimeArgs, version: version === undefined ? undefined : String(version) };
}

export interface PolicyConfig {
  enforcementLevel?: EnforcementLevel;
  properties?: Record<string, unknown>;
}

/** Parses a `--policy-pack-config` file; an empty file is no config, as for the CLI. */
export function parsePolicyPackConfig(text: string, source: string): Map<string, PolicyConfig> {
  const result = new Map<string, PolicyConfig>();
  if (text.trim() === "") return result;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AuditInputError(`${source}: not valid JSON (${(e as Error).message}); expected a policy pack config`);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new AuditInputError(`${source}: expected a JSON object of policy name -> enforcement level or config`);
  }
  const problems: string[] = [];
  for (const [policy, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === "string") {
      if (isLevel(value)) result.set(policy, { enforcementLevel: value });
      else problems.push(`${policy}: "${value}" is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        problems.push(
          `${policy}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`,
        );
        continue;
      }
      const cfg: PolicyConfig = {};
      if (enforcementLevel !== undefined) cfg.enforcementLevel = enforcementLevel;
      if (Object.keys(properties).length > 0) cfg.properties = properties;
      if (cfg.enforcementLevel || cfg.properties) result.set(policy, cfg);
    } else {
      problems.push(`${policy}: ${JSON.stringify(value)} is not a valid value; expected a string or an object`);
    }
  }
  if (problems.length > 0) throw new AuditInputError(`${source}: ${problems.join("; ")}`);
  return result;
}

/** What GetAnalyzerInfo says of one policy, as the reconciliation needs it. */
export interface PolicyMeta {
  name: string;
  enforcementLevel: EnforcementLevel;
  configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

function applyConfig(result: Map<string, PolicyConfig>, apply: Map<string, PolicyConfig>): void {
  const all = apply.get("all")?.enforcementLevel;
  if (all) for (const [k, v] of result) result.set(k, { ...v, enforcementLevel: all });
  for (const [policy, given] of apply) {
    const current = result.get(policy) ?? {};
    const properties =
      given.properties && Object.keys(given.properties).length > 0
        ? { ...(current.properties ?? {}), ...given.properties }
        : current.properties;
    const next: PolicyConfig = { enforcementLevel: given.enforcementLevel ?? current.enforcementLevel };
    if (properties) next.properties = properties;
    result.set(policy, next);
  }
}

/** Reconciles defaults, initial config and the file; throws listing every schema violation. */
export function reconcileConfig(
  pack: string,
  policies: PolicyMeta[],
  initial: Map<string, PolicyConfig>,
  given: Map<string, PolicyConfig>,
): Map<string, PolicyConfig> {
  const result = new Map<string, PolicyConfig>();
  for (const p of policies) {
    const defaults: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
      if ("default" in schema) defaults[k] = schema.default;
    }
    const cfg: PolicyConfig = { enforcementLevel: p.enforcementLevel };
    if (Object.keys(defaults).length > 0) cfg.properties = defaults;
    result.set(p.name, cfg);
  }
  applyConfig(result, initial);
  applyConfig(result, given);
  const problems: string[] = [];
  for (const p of policies) {
    if (!p.configSchema) continue;
    const schema: Record<string, unknown> = { type: "object" };
    if (Object.keys(p.configSchema.properties).length > 0) schema.properties = p.configSchema.properties;
    if (p.configSchema.required.length > 0) schema.required = p.configSchema.required;
    const check = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    const parsed = check.safeParse(result.get(p.name)?.properties ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${p.name}${issue.path.length > 0 ? "." + issue.path.join(".") : ""}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new AuditInputError(`policy pack ${pack}: invalid configuration: ${problems.join("; ")}`);
  }
  return result;
}
