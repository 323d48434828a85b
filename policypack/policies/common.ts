/**
 * What every policy of the pack shares: reading a resource's stack and role from its URN, the
 * settings, decoding provider inputs, and wrappers that skip resources a rule does not concern
 * before doing any work (the pack is called once per resource per policy, so the skip must be cheap).
 */
import {
  UnknownValueError,
  type PolicyProviderResource,
  type PolicyResource,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { parseRole, type Role } from "../../lib/roles";
import { PACK_CONFIG_SCHEMA, readSettings, type PackSettings } from "./config";
import { decodeJson } from "../../lib/json";

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` -> `<stack>`. */
export function stackOfUrn(urn: string): string {
  const prefix = "urn:pulumi:";
  const rest = urn.startsWith(prefix) ? urn.slice(prefix.length) : urn;
  const end = rest.indexOf("::");
  return end < 0 ? rest : rest.slice(0, end);
}

/** The role of a stack: the pack config's `roles` entry, else the stack name (org, prod-payments, ...). */
export function roleOfStack(stack: string, settings: PackSettings): Role | undefined {
  return settings.roles[stack] ?? parseRole(stack)?.role;
}

export interface RuleContext {
  stack: string;
  role: Role | undefined;
  settings: PackSettings;
}

/** `aws:kms/key:Key "vault-key"`: how every message names the resource it is about. */
export function label(r: { type: string; name: string }): string {
  return `${r.type} "${r.name}"`;
}

/** A value that may be a list or a JSON-encoded list (explicit provider inputs arrive encoded). */
export function decodeList(value: unknown): string[] | undefined {
  const v = decodeJson(value);
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string") return [v];
  return undefined;
}

/** A value that may be an object or JSON text of one. */
export function decodeObject(value: unknown): Record<string, unknown> | undefined {
  const v = decodeJson(value);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asArray<T = Record<string, unknown>>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  return value === undefined || value === null ? [] : [value as T];
}

/** Numbers may arrive as strings from some engines' serialisation; anything else is undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The accounts an aws provider may deploy into, or undefined when it does not say. */
export function allowedAccountsOf(provider: PolicyProviderResource | undefined): string[] | undefined {
  return provider ? decodeList(provider.props.allowedAccountIds) : undefined;
}

/** The account pack config gives a stack: its own entry, else its role's single account (not prod's list). */
export function configuredStackAccount(ctx: RuleContext): string | undefined {
  const { settings, role, stack } = ctx;
  return (
    settings.stackAccounts[stack] ??
    (role === "org"
      ? settings.accounts.management
      : role === "recovery" || role === "ire"
        ? settings.accounts[role]
        : undefined)
  );
}

/** The account a stack deploys into: pack config first, then its provider if it names exactly one. */
export function stackAccount(ctx: RuleContext, provider?: PolicyProviderResource): string | undefined {
  const configured = configuredStackAccount(ctx);
  if (configured) return configured;
  const allowed = allowedAccountsOf(provider);
  return allowed && allowed.length === 1 ? allowed[0] : undefined;
}

interface PolicyMeta {
  name: string;
  description: string;
  /** The rule number of the tracker issue this policy enforces. */
  rule: number;
  /** Roles the policy applies to; all roles (and unknown ones) when absent. */
  roles?: readonly Role[];
}

function ruleTags(meta: PolicyMeta): string[] {
  return [`rule-${meta.rule}`, ...(meta.roles ?? [])];
}

export interface ResourcePolicyDef extends PolicyMeta {
  /** Resource types the policy reads; every type when absent. */
  types?: readonly string[];
  check(args: ResourceValidationArgs, ctx: RuleContext, report: ReportViolation): void;
}

/** What every policy of the pack declares, from its definition. */
function policyFields(def: PolicyMeta) {
  return {
    name: def.name,
    description: def.description,
    severity: "critical" as const,
    tags: ruleTags(def),
    configSchema: PACK_CONFIG_SCHEMA,
  };
}

/**
 * The stack and role a URN belongs to under the pack's config, or undefined when the policy does
 * not apply to that role.
 */
function contextIfApplies(
  urn: string,
  config: Record<string, unknown>,
  roles: ReadonlySet<Role | undefined> | undefined,
): RuleContext | undefined {
  const settings = readSettings(config);
  const stack = stackOfUrn(urn);
  const role = roleOfStack(stack, settings);
  if (roles && !roles.has(role)) return undefined;
  return { stack, role, settings };
}

export function resourcePolicy(def: ResourcePolicyDef): ResourceValidationPolicy {
  const types = def.types ? new Set(def.types) : undefined;
  const roles = def.roles ? new Set<Role | undefined>(def.roles) : undefined;
  return {
    ...policyFields(def),
    validateResource: (args, report) => {
      if (types && !types.has(args.type)) return;
      const ctx = contextIfApplies(args.urn, args.getConfig(), roles);
      if (ctx) def.check(args, ctx, report);
    },
  };
}

export interface StackPolicyDef extends PolicyMeta {
  check(resources: PolicyResource[], ctx: RuleContext, report: ReportViolation, args: StackValidationArgs): void;
}

export function stackPolicy(def: StackPolicyDef): StackValidationPolicy {
  const roles = def.roles ? new Set<Role | undefined>(def.roles) : undefined;
  return {
    ...policyFields(def),
    validateStack: (args, report) => {
      if (args.resources.length === 0) return;
      const ctx = contextIfApplies(args.resources[0].urn, args.getConfig(), roles);
      if (ctx) def.check(args.resources, ctx, report, args);
    },
  };
}

/** Groups a stack's resources by type once, so stack policies never rescan the whole list. */
export function byType(resources: readonly PolicyResource[]): Map<string, PolicyResource[]> {
  const out = new Map<string, PolicyResource[]>();
  for (const r of resources) {
    let list = out.get(r.type);
    if (!list) out.set(r.type, (list = []));
    list.push(r);
  }
  return out;
}

/** URNs of the resources a property was computed from (`backupVaultName: vault.name`). */
export function propertySources(r: PolicyResource, property: string): PolicyResource[] {
  return r.propertyDependencies[property] ?? [];
}

/**
 * A string property used to link resources (a vault's name, an attachment's target), or undefined
 * when it is not a string or not known yet: during a preview a computed value is unknown and reading
 * it through the engine's proxy throws, which would turn the whole policy advisory. Linking then
 * falls back to propertyDependencies. Values a rule checks are read directly, so an unknown one
 * still makes the engine report that the policy could not run.
 */
export function knownString(props: Record<string, unknown>, key: string): string | undefined {
  try {
    const v = props[key];
    return typeof v === "string" ? v : undefined;
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}
