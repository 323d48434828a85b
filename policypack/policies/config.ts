/**
 * The pack's configuration: its one set of defaults and its JSON schema.
 *
 * Pulumi hands each policy only its own config (`getConfig()` returns the block under the policy's
 * name), so every policy declares the same schema and reads the same keys; `expandPackConfig`
 * writes one shared block into every policy's entry, which is what a policy config file passed to
 * `pulumi preview --policy-pack-config` (or the audit tool) should contain. With no config at all
 * the pack still runs: roles come from stack names, and account-based rules fall back to what they
 * can infer (the provider's allowedAccountIds) and say so in their messages.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { isRole, ROLES, type Role } from "../../lib/roles";

/** Account IDs by role, as the org stack's config knows them. */
export interface AccountsByRole {
  management?: string;
  recovery?: string;
  ire?: string;
  prod?: string[];
}

export type OrgPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY" | "BACKUP_POLICY";

export interface OrgPolicyLimit {
  /** Maximum characters of the policy document. */
  maxCharacters: number;
  /** Maximum policies of this type attached to one root, OU or account. */
  maxPerTarget: number;
  /** Attachments AWS makes itself and that count against maxPerTarget (FullAWSAccess, RCPFullAWSAccess). */
  awsManagedPerTarget: number;
}

export interface RetentionRange {
  minRetentionDays: number;
  maxRetentionDays: number;
}

export interface PackSettings {
  /** Stack name -> role, for stacks whose name does not say their role. */
  roles: Record<string, Role>;
  accounts: AccountsByRole;
  /** Stack name -> its account, for stacks the role alone does not pin (prod-<name>). */
  stackAccounts: Record<string, string>;
  orgPolicyLimits: Record<OrgPolicyType, OrgPolicyLimit>;
  /** How the recovery OU's SCP is recognised (see policies/organizations.ts). */
  recoveryScp: { tagKey: string; tagValue: string; ouNamePattern: string; ouIds: string[] };
  /** Retention ranges of recovery vaults that live in other stacks, by vault name (prod copy rules). */
  recoveryVaultRetention: Record<string, RetentionRange>;
}

/**
 * Organizations quotas (AWS Organizations User Guide, "Quotas and service limits"): SCPs and RCPs
 * 5,120 characters and 5 per target, backup policies 10,000 characters and 10 per target. AWS
 * raised the SCP figures in 2026; these stay at the conservative values until config says otherwise.
 * FullAWSAccess (and RCPFullAWSAccess) are attached to every target when the policy type is enabled
 * and take one of the slots unless detached.
 */
export const DEFAULT_ORG_POLICY_LIMITS: Record<OrgPolicyType, OrgPolicyLimit> = {
  SERVICE_CONTROL_POLICY: { maxCharacters: 5120, maxPerTarget: 5, awsManagedPerTarget: 1 },
  RESOURCE_CONTROL_POLICY: { maxCharacters: 5120, maxPerTarget: 5, awsManagedPerTarget: 1 },
  BACKUP_POLICY: { maxCharacters: 10000, maxPerTarget: 10, awsManagedPerTarget: 0 },
};

export const DEFAULT_SETTINGS: PackSettings = {
  roles: {},
  accounts: {},
  stackAccounts: {},
  orgPolicyLimits: DEFAULT_ORG_POLICY_LIMITS,
  recoveryScp: { tagKey: "isolation:guardrail", tagValue: "recovery", ouNamePattern: "recovery", ouIds: [] },
  recoveryVaultRetention: {},
};

const accountId = { type: "string", pattern: "^\\d{12}$" } as const;

/** The schema every policy declares (Pulumi validates pack config against it before a run). */
export const PACK_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    roles: {
      type: "object",
      description: "Stack name -> role (org, recovery, ire, prod), overriding the role read from the stack name.",
      additionalProperties: { type: "string", enum: [...ROLES] },
    },
    accounts: {
      type: "object",
      description: "Account IDs by role: management, recovery, ire, prod (a list).",
      properties: {
        management: accountId,
        recovery: accountId,
        ire: accountId,
        prod: { type: "array", items: accountId },
      },
      additionalProperties: false,
    },
    stackAccounts: {
      type: "object",
      description: "Stack name -> the one account its provider may deploy into (for prod-<name> stacks).",
      additionalProperties: accountId,
    },
    orgPolicyLimits: {
      type: "object",
      description: "Per policy type: maxCharacters, maxPerTarget, awsManagedPerTarget.",
    },
    recoveryScp: {
      type: "object",
      description:
        "How the recovery OU's SCP is recognised: tagKey/tagValue on the policy, ouNamePattern (regex, case-insensitive) of the OU it is attached to, or ouIds.",
    },
    recoveryVaultRetention: {
      type: "object",
      description: "Vault name -> {minRetentionDays, maxRetentionDays} of recovery vaults declared in other stacks.",
    },
  },
};

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function accountOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && /^\d{12}$/.test(value) ? value : undefined;
}

/** Merges a policy's config over the defaults, dropping values of the wrong shape. */
export function readSettings(raw: unknown): PackSettings {
  const cfg = record(raw);
  const roles: Record<string, Role> = {};
  for (const [stack, role] of Object.entries(record(cfg.roles))) if (isRole(role)) roles[stack] = role;
  const acc = record(cfg.accounts);
  const accounts: AccountsByRole = {};
  for (const role of ["management", "recovery", "ire"] as const) {
    const id = accountOrUndefined(acc[role]);
    if (id) accounts[role] = id;
  }
  if (Array.isArray(acc.prod)) accounts.prod = acc.prod.filter((a): a is string => accountOrUndefined(a) !== undefined);
  const stackAccounts: Record<string, string> = {};
  for (const [stack, id] of Object.entries(record(cfg.stackAccounts))) {
    const a = accountOrUndefined(id);
    if (a) stackAccounts[stack] = a;
  }
  const orgPolicyLimits = { ...DEFAULT_ORG_POLICY_LIMITS };
  for (const [type, limit] of Object.entries(record(cfg.orgPolicyLimits))) {
    if (type in orgPolicyLimits) {
      orgPolicyLimits[type as OrgPolicyType] = { ...orgPolicyLimits[type as OrgPolicyType], ...record(limit) };
    }
  }
  const scp = record(cfg.recoveryScp);
  const recoveryScp = {
    ...DEFAULT_SETTINGS.recoveryScp,
    ...(typeof scp.tagKey === "string" ? { tagKey: scp.tagKey } : {}),
    ...(typeof scp.tagValue === "string" ? { tagValue: scp.tagValue } : {}),
    ...(typeof scp.ouNamePattern === "string" ? { ouNamePattern: scp.ouNamePattern } : {}),
    ...(Array.isArray(scp.ouIds) ? { ouIds: scp.ouIds.map(String) } : {}),
  };
  const recoveryVaultRetention: Record<string, RetentionRange> = {};
  for (const [vault, range] of Object.entries(record(cfg.recoveryVaultRetention))) {
    const r = record(range);
    if (typeof r.minRetentionDays === "number" && typeof r.maxRetentionDays === "number") {
      recoveryVaultRetention[vault] = { minRetentionDays: r.minRetentionDays, maxRetentionDays: r.maxRetentionDays };
    }
  }
  return { roles, accounts, stackAccounts, orgPolicyLimits, recoveryScp, recoveryVaultRetention };
}

/** The shared keys a config file sets once; expandPackConfig copies them to every policy. */
export type SharedConfig = Partial<Omit<PackSettings, "orgPolicyLimits">> & {
  orgPolicyLimits?: Partial<Record<OrgPolicyType, Partial<OrgPolicyLimit>>>;
};

/**
 * A full policy pack config: the shared block under every policy's name, plus per-policy
 * enforcement levels (`{ "no-shared-trust": "advisory" }`).
 */
export function expandPackConfig(
  policyNames: readonly string[],
  shared: SharedConfig,
  levels: Record<string, "advisory" | "mandatory" | "disabled"> = {},
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of policyNames) {
    out[name] = { ...shared, ...(levels[name] ? { enforcementLevel: levels[name] } : {}) };
  }
  return out;
}
