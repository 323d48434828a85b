/**
 * Typed, validated configuration of one stack.
 *
 * Pulumi hands the program every config value as a string (structured values JSON-encoded). This
 * module decodes each `isolation:*` key by its declared type, validates it, runs the checks across
 * keys, and throws one ConfigError listing every problem (file, key, value, what was expected)
 * before the program registers a single resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseRole, Role, ROLES } from "./lib/roles";
import { roleChecks, RoleConfigs, roleSchemas } from "./schema";

export const NAMESPACE = "isolation";

export interface ConfigProblem {
  /** The stack config file the value came from (or should have come from). */
  file: string;
  /** The full key, with namespace: `isolation:accountId`. */
  key: string;
  /** The value as given, or undefined when the key is missing. */
  value: unknown;
  /** What was expected instead. */
  expected: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) =>
    p.value === undefined
      ? `  ${p.file}: ${p.key} is missing: expected ${p.expected}`
      : `  ${p.file}: ${p.key} = ${JSON.stringify(p.value)}: expected ${p.expected}`,
  );
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return `invalid stack configuration (${count}):\n${lines.join("\n")}`;
}

/** What every stack's config carries besides its role's keys. */
interface StackIdentity<R extends Role> {
  role: R;
  /** `payments` for the stack `prod-payments`. */
  roleSuffix?: string;
  /** The Pulumi stack name. */
  stack: string;
  /** The stack config file the values came from, for messages. */
  file: string;
}

export type StackConfig<R extends Role> = Omit<RoleConfigs[R], "role"> & StackIdentity<R>;
export type AnyStackConfig = { [R in Role]: StackConfig<R> }[Role];

type KeyType = "string" | "integer" | "boolean" | "array";

/** The Pulumi config type of every key of every role, read off the zod schemas. */
export function keyTypes(role: Role): Record<string, { type: KeyType; items?: KeyType; description: string }> {
  const json = z.toJSONSchema(roleSchemas[role]) as {
    properties: Record<string, { type?: string; items?: { type?: string }; description?: string; enum?: unknown[] }>;
  };
  const out: Record<string, { type: KeyType; items?: KeyType; description: string }> = {};
  for (const [key, prop] of Object.entries(json.properties)) {
    const type = (prop.type ?? "string") as KeyType;
    out[key] = { type, description: prop.description ?? "" };
    if (type === "array") out[key].items = (prop.items?.type ?? "string") as KeyType;
  }
  return out;
}

/** Decodes a raw config string the way its declared type says; leaves it a string when it does not fit. */
function decode(raw: string, type: KeyType): unknown {
  switch (type) {
    case "integer":
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "array":
      try {
        const parsed: unknown = JSON.parse(raw);
        return Array.isArray(parsed) ? parsed : raw;
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

function rolesDeclaring(key: string): Role[] {
  return ROLES.filter((r) => key in roleSchemas[r].shape);
}

/**
 * Validates a stack's raw config (keys with namespace, values as Pulumi passes them: strings).
 * Throws ConfigError with every problem at once.
 */
export function validateConfig(
  stack: string,
  raw: Record<string, string>,
  file = `Pulumi.${stack}.yaml`,
): AnyStackConfig {
  const problems: ConfigProblem[] = [];
  const report = (key: string, value: unknown, expected: string) =>
    problems.push({ file, key: `${NAMESPACE}:${key}`, value, expected });

  // The role decides which keys are valid, so it is settled first.
  const fromStack = parseRole(stack);
  const explicit = raw[`${NAMESPACE}:role`];
  let role: Role | undefined = fromStack?.role;
  if (explicit !== undefined) {
    if (!(ROLES as readonly string[]).includes(explicit)) {
      report("role", explicit, `one of ${ROLES.join(", ")}`);
      role = undefined;
    } else if (fromStack && fromStack.role !== explicit) {
      report(
        "role",
        explicit,
        `the role that stack name "${stack}" already names (${fromStack.role}); the policy pack reads the role from the stack name`,
      );
      role = undefined;
    } else {
      role = explicit as Role;
    }
  } else if (!fromStack) {
    report(
      "role",
      undefined,
      `one of ${ROLES.join(", ")}: stack "${stack}" is not named after a role (org, recovery, ire, prod, or <role>-<suffix>), so isolation:role must say which it is`,
    );
  }
  if (!role) throw new ConfigError(problems);

  const schema = roleSchemas[role];
  const types = keyTypes(role);
  const values: Record<string, unknown> = {};

  for (const fullKey of Object.keys(raw).sort()) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue; // aws:*, pulumi:* belong to others
    const key = fullKey.slice(NAMESPACE.length + 1);
    if (!(key in schema.shape)) {
      const owners = rolesDeclaring(key);
      report(
        key,
        raw[fullKey],
        owners.length > 0
          ? `no such key for role ${role} (it belongs to role ${owners.join(", ")}); remove it`
          : `a known key: isolation:${key} is not one (see README, "Configuration")`,
      );
      continue;
    }
    values[key] = decode(raw[fullKey], types[key].type);
  }

  // Each key on its own, so that one bad key does not hide another.
  const valid: Record<string, unknown> = {};
  for (const [key, keySchema] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const result = keySchema.safeParse(values[key]);
    if (result.success) {
      if (result.data !== undefined) valid[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const path = issue.path.length > 0 ? `${key}[${issue.path.join("][")}]` : key;
      const value = issue.path.reduce<unknown>(
        (v, p) => (v as Record<PropertyKey, unknown> | undefined)?.[p as PropertyKey],
        values[key],
      );
      report(path, value, values[key] === undefined ? issue.message.replace(/^Invalid input: /, "") : issue.message);
    }
  }

  // A key that failed its own validation is absent from `valid`; a check across keys would
  // otherwise report it a second time, as missing.
  const failed = new Set(problems.map((p) => p.key.replace(/\[.*$/, "")));
  const reportNew = (key: string, value: unknown, expected: string) => {
    if (!failed.has(`${NAMESPACE}:${key}`)) report(key, value, expected);
  };
  for (const check of roleChecks[role]) check(valid, reportNew);
  if (problems.length > 0) throw new ConfigError(problems);

  delete valid.role;
  return {
    ...valid,
    role,
    ...(fromStack?.suffix ? { roleSuffix: fromStack.suffix } : {}),
    stack,
    file,
  } as AnyStackConfig;
}

/** Reads and validates the running stack's config from the Pulumi runtime. */
export function loadConfig(): AnyStackConfig {
  return validateConfig(pulumi.getStack(), pulumi.runtime.allConfig());
}
