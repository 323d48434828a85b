/**
 * AWS Backup: vault locks (rule 1), retention bounds (rule 2), vault access policies (rule 4) and
 * restore testing (rule 10).
 */
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import {
  CROSS_ACCOUNT_COPY_ACTION,
  VAULT_POLICY_DENIED_ACTIONS,
  VAULT_POLICY_EXEMPTABLE_ACTIONS,
} from "../../lib/guardrail-actions";
import {
  asArray,
  asNumber,
  byType,
  knownString,
  label,
  propertySources,
  resourcePolicy,
  stackAccount,
  stackPolicy,
  type RuleContext,
} from "./common";
import type { RetentionRange } from "./config";
import { accountsOf, conditionEntries, parsePolicyDocument, statementCovers, type Statement } from "./iam";
import { T } from "./types";

/**
 * AWS Backup Vault Lock: compliance mode is a lock with ChangeableForDays, minimum 3 (a 72-hour
 * grace time); without it the lock is governance mode and DeleteBackupVaultLockConfiguration removes
 * it at any time. Retention: MinRetentionDays >= 1, MaxRetentionDays <= 36,500; a logically
 * air-gapped vault needs MinRetentionDays >= 7. (AWS Backup Developer Guide, "AWS Backup Vault
 * Lock"; API reference PutBackupVaultLockConfiguration, CreateLogicallyAirGappedBackupVault.)
 */
export const MIN_CHANGEABLE_FOR_DAYS = 3;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 36500;
export const AIR_GAPPED_MIN_RETENTION_DAYS = 7;

/** The vault name a `arn:<partition>:backup:<region>:<account>:backup-vault:<name>` ARN names. */
export function vaultNameOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  const m = /^arn:[^:]+:backup:[^:]*:\d{12}:backup-vault:(.+)$/.exec(arn);
  return m ? m[1] : undefined;
}

/** The vaults (standard or air-gapped) a resource's `backupVaultName` points at, by name or by dependency. */
function targetsOf(r: PolicyResource, byName: ReadonlyMap<string, PolicyResource>): PolicyResource[] {
  const out = propertySources(r, "backupVaultName").filter((d) => d.type === T.vault || d.type === T.airGappedVault);
  const vaultName = knownString(r.props, "backupVaultName");
  const named = vaultName !== undefined ? byName.get(vaultName) : undefined;
  if (named && !out.includes(named)) out.push(named);
  return out;
}

function indexVaultsByName(types: Map<string, PolicyResource[]>): Map<string, PolicyResource> {
  const byName = new Map<string, PolicyResource>();
  for (const v of [...(types.get(T.vault) ?? []), ...(types.get(T.airGappedVault) ?? [])]) {
    const name = knownString(v.props, "name");
    if (name !== undefined) byName.set(name, v);
  }
  return byName;
}

function isComplianceLock(lock: { props: Record<string, unknown> }): boolean {
  const days = asNumber(lock.props.changeableForDays);
  return days !== undefined && days >= MIN_CHANGEABLE_FOR_DAYS;
}

export const recoveryVaultComplianceLock = stackPolicy({
  name: "recovery-vault-compliance-lock",
  description:
    "Every backup vault in the recovery account has a Vault Lock in compliance mode (changeableForDays >= 3); logically air-gapped vaults are locked by AWS.",
  rule: 1,
  roles: ["recovery"],
  check(resources, _ctx, report) {
    const types = byType(resources);
    const byName = indexVaultsByName(types);
    const locked = new Set<PolicyResource>();
    const governance = new Set<PolicyResource>();
    for (const lock of types.get(T.vaultLock) ?? []) {
      const targets = targetsOf(lock, byName);
      if (isComplianceLock(lock)) {
        for (const v of targets) locked.add(v);
        continue;
      }
      for (const v of targets) governance.add(v);
      const days = lock.props.changeableForDays;
      report(
        days === undefined || days === null
          ? `${label(lock)} has no changeableForDays, so the lock is in governance mode and anyone with backup:DeleteBackupVaultLockConfiguration can remove it. Fix: set changeableForDays to ${MIN_CHANGEABLE_FOR_DAYS} or more (compliance mode).`
          : `${label(lock)} sets changeableForDays to ${JSON.stringify(days)}; compliance mode needs at least ${MIN_CHANGEABLE_FOR_DAYS}. Fix: set changeableForDays to ${MIN_CHANGEABLE_FOR_DAYS} or more.`,
        lock.urn,
      );
    }
    for (const vault of types.get(T.vault) ?? []) {
      if (locked.has(vault)) continue;
      report(
        governance.has(vault)
          ? `${label(vault)} is locked only in governance mode, so its recovery points can still be deleted once the lock is removed. Fix: give its VaultLockConfiguration changeableForDays >= ${MIN_CHANGEABLE_FOR_DAYS}.`
          : `${label(vault)} has no Vault Lock: recovery vaults must be immutable. Fix: add an aws.backup.VaultLockConfiguration for this vault with changeableForDays >= ${MIN_CHANGEABLE_FOR_DAYS}, or use a LogicallyAirGappedVault.`,
        vault.urn,
      );
    }
  },
});

/** Problems with a min/max retention pair, as sentences. */
export function retentionProblems(min: unknown, max: unknown, lowest: number): string[] {
  const lo = asNumber(min);
  const hi = asNumber(max);
  const out: string[] = [];
  if (lo === undefined) out.push(`minRetentionDays is not set (expected at least ${lowest})`);
  else if (lo < lowest) out.push(`minRetentionDays is ${lo} (expected at least ${lowest})`);
  if (hi === undefined) out.push(`maxRetentionDays is not set (expected at most ${MAX_RETENTION_DAYS})`);
  else if (hi > MAX_RETENTION_DAYS) out.push(`maxRetentionDays is ${hi} (expected at most ${MAX_RETENTION_DAYS})`);
  if (lo !== undefined && hi !== undefined && lo > hi) {
    out.push(`minRetentionDays ${lo} exceeds maxRetentionDays ${hi}`);
  }
  return out;
}

export const vaultRetentionBounds = resourcePolicy({
  name: "vault-retention-bounds",
  description: `Vault locks keep retention within AWS's bounds (min >= ${MIN_RETENTION_DAYS}, max <= ${MAX_RETENTION_DAYS}, min <= max); logically air-gapped vaults keep min >= ${AIR_GAPPED_MIN_RETENTION_DAYS}.`,
  rule: 2,
  types: [T.vaultLock, T.airGappedVault],
  check(args, _ctx, report) {
    const lowest = args.type === T.airGappedVault ? AIR_GAPPED_MIN_RETENTION_DAYS : MIN_RETENTION_DAYS;
    const problems = retentionProblems(args.props.minRetentionDays, args.props.maxRetentionDays, lowest);
    if (problems.length > 0) {
      report(
        `${label(args)} has retention outside its bounds: ${problems.join("; ")}. Fix: set minRetentionDays >= ${lowest} and maxRetentionDays <= ${MAX_RETENTION_DAYS}, with min <= max.`,
      );
    }
  },
});

function rangeOf(r: { props: Record<string, unknown> }): RetentionRange | undefined {
  const min = asNumber(r.props.minRetentionDays);
  const max = asNumber(r.props.maxRetentionDays);
  return min === undefined || max === undefined ? undefined : { minRetentionDays: min, maxRetentionDays: max };
}

export const backupLifecycleWithinVaultRetention = stackPolicy({
  name: "backup-lifecycle-within-vault-retention",
  description:
    "Backup plan rules and copy actions that target a locked recovery vault keep recovery points for a number of days inside the vault's retention range (jobs outside it fail).",
  rule: 2,
  check(resources, ctx, report) {
    const types = byType(resources);
    const plans = types.get(T.plan) ?? [];
    if (plans.length === 0) return;
    // Vault name -> retention range: this stack's locks and air-gapped vaults, then config for the rest.
    const local = new Map<string, RetentionRange>();
    const byName = indexVaultsByName(types);
    for (const lock of types.get(T.vaultLock) ?? []) {
      const range = rangeOf(lock);
      if (!range) continue;
      for (const v of targetsOf(lock, byName)) {
        const name = knownString(v.props, "name");
        if (name !== undefined) local.set(name, range);
      }
      const target = knownString(lock.props, "backupVaultName");
      if (target !== undefined) local.set(target, range);
    }
    for (const v of types.get(T.airGappedVault) ?? []) {
      const range = rangeOf(v);
      const name = knownString(v.props, "name");
      if (range && name !== undefined) local.set(name, range);
    }
    const remote = ctx.settings.recoveryVaultRetention;
    const check = (plan: PolicyResource, where: string, vault: string, range: RetentionRange, deleteAfter: unknown) => {
      const days = asNumber(deleteAfter);
      const { minRetentionDays: min, maxRetentionDays: max } = range;
      if (days !== undefined && days >= min && days <= max) return;
      const kept =
        days === undefined
          ? "keeps recovery points forever (no lifecycle.deleteAfter)"
          : `keeps recovery points ${days} days`;
      report(
        `${label(plan)} ${where} ${kept}, outside the retention range ${min}-${max} days of the locked vault "${vault}", so its jobs fail. Fix: set lifecycle.deleteAfter between ${min} and ${max}.`,
        plan.urn,
      );
    };
    for (const plan of plans) {
      for (const rule of asArray(plan.props.rules)) {
        const ruleName = String(rule.ruleName ?? "?");
        const target = typeof rule.targetVaultName === "string" ? rule.targetVaultName : undefined;
        const lifecycle = (rule.lifecycle ?? {}) as Record<string, unknown>;
        if (target && local.has(target)) {
          check(plan, `rule "${ruleName}" (vault ${target})`, target, local.get(target)!, lifecycle.deleteAfter);
        }
        const airGapped = vaultNameOfArn(rule.targetLogicallyAirGappedBackupVaultArn);
        const agRange = airGapped ? (local.get(airGapped) ?? remote[airGapped]) : undefined;
        if (airGapped && agRange) {
          check(plan, `rule "${ruleName}" (air-gapped vault ${airGapped})`, airGapped, agRange, lifecycle.deleteAfter);
        }
        for (const copy of asArray(rule.copyActions)) {
          const dest = vaultNameOfArn(copy.destinationVaultArn);
          const range = dest ? (local.get(dest) ?? remote[dest]) : undefined;
          if (dest && range) {
            const copyLifecycle = (copy.lifecycle ?? {}) as Record<string, unknown>;
            check(plan, `rule "${ruleName}" copy to ${dest}`, dest, range, copyLifecycle.deleteAfter);
          }
        }
      }
    }
  },
});

const EXEMPTION_OPERATORS = new Set(["arnnotequals", "arnnotlike", "stringnotequals", "stringnotlike"]);
const NAMED_PRINCIPAL = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/[^*?]+$/;
const ORG_KEYS = new Set(["aws:principalorgid", "aws:principalorgpaths"]);

/** A Deny condition that only exempts named IAM principals of `account` (the deploy or break-glass role). */
function isNamedExemption(s: Statement, account: string | undefined): boolean {
  const entries = conditionEntries(s);
  return (
    entries.length > 0 &&
    entries.every(
      (c) =>
        EXEMPTION_OPERATORS.has(c.op.toLowerCase()) &&
        c.key === "aws:principalarn" &&
        c.values.length > 0 &&
        c.values.every((v) => {
          const m = NAMED_PRINCIPAL.exec(v);
          return m !== null && (account === undefined || m[1] === account);
        }),
    )
  );
}

/** True when the Allow statement lets a principal outside `account` in (anyone, or another account). */
function crossAccount(s: Statement, account: string | undefined): boolean {
  const p = s.principal;
  if (!p) return false;
  if (p.any) return true;
  for (const entry of p.aws) {
    const [acct] = accountsOf([entry]);
    if (!acct || account === undefined || acct !== account) return true;
  }
  return p.federated.length > 0 || p.canonical.length > 0;
}

function orgConditioned(s: Statement): boolean {
  return conditionEntries(s).some(
    (c) => ORG_KEYS.has(c.key) && /^(foranyvalue:)?string(equals|like)$/i.test(c.op) && c.values.some((v) => v !== "*"),
  );
}

/** Every way a recovery vault's access policy falls short of rule 4, as sentences. */
export function vaultPolicyProblems(policy: unknown, account: string | undefined): string[] {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return [`its policy is ${parsed.error}`];
  const out: string[] = [];
  const exemptable = new Set<string>(VAULT_POLICY_EXEMPTABLE_ACTIONS);
  for (const action of VAULT_POLICY_DENIED_ACTIONS) {
    const denied = parsed.statements.some(
      (s) =>
        s.effect === "Deny" &&
        s.principal?.any === true &&
        !s.notPrincipal &&
        !s.notResources &&
        statementCovers(s, action) &&
        (s.condition === undefined || (exemptable.has(action) && isNamedExemption(s, account))),
    );
    if (!denied) out.push(`${action} is not denied to Principal "*" without conditions`);
  }
  for (const s of parsed.statements) {
    if (s.effect !== "Allow") continue;
    const which = s.sid ? `statement "${s.sid}"` : "an Allow statement";
    if (s.notActions) out.push(`${which} uses NotAction`);
    if (s.notPrincipal) out.push(`${which} uses NotPrincipal`);
    if (s.notActions || s.notPrincipal || !crossAccount(s, account)) continue;
    const onlyCopy = (s.actions ?? []).every((a) => a.toLowerCase() === CROSS_ACCOUNT_COPY_ACTION.toLowerCase());
    if (!onlyCopy) {
      out.push(`${which} allows ${(s.actions ?? []).join(", ")} across accounts (only ${CROSS_ACCOUNT_COPY_ACTION})`);
    } else if (!orgConditioned(s)) {
      out.push(
        `${which} allows ${CROSS_ACCOUNT_COPY_ACTION} without an aws:PrincipalOrgID or aws:PrincipalOrgPaths condition`,
      );
    }
  }
  return out;
}

export const recoveryVaultAccessPolicy = resourcePolicy({
  name: "recovery-vault-access-policy",
  description:
    "Recovery vault access policies deny recovery point deletion, lifecycle changes, policy changes and vault deletion to Principal *, and allow other accounts only backup:CopyIntoBackupVault from inside the organization.",
  rule: 4,
  roles: ["recovery"],
  types: [T.vaultPolicy],
  check(args: ResourceValidationArgs, ctx: RuleContext, report) {
    const account = stackAccount(ctx, args.provider);
    const problems = vaultPolicyProblems(args.props.policy, account);
    if (problems.length === 0) return;
    const inferred = account ? "" : " (the recovery account is unknown: set accounts.recovery in the pack config)";
    report(
      `${label(args)} does not keep the vault immutable: ${problems.join("; ")}${inferred}. Fix: deny ${VAULT_POLICY_DENIED_ACTIONS.join(", ")} to Principal "*" (exempting only named deploy or break-glass role ARNs, and only from the two policy calls), and allow other accounts nothing but ${CROSS_ACCOUNT_COPY_ACTION} conditioned on aws:PrincipalOrgID.`,
    );
  },
});

export const ireRestoreTesting = resourcePolicy({
  name: "ire-restore-testing-scope",
  description:
    "Restore testing in the IRE names the vaults it tests (never `*`), gives every selection a validation window of at least one hour, and places restored instances and databases in the IRE's network (subnetId, dbSubnetGroupName).",
  rule: 10,
  roles: ["ire"],
  types: [T.restoreTestingPlan, T.restoreTestingSelection],
  check(args, _ctx, report) {
    if (args.type === T.restoreTestingPlan) {
      const selection = (args.props.recoveryPointSelection ?? {}) as Record<string, unknown>;
      const vaults = asArray<string>(selection.includeVaults);
      const wild = vaults.filter((v) => typeof v === "string" && v.includes("*"));
      if (vaults.length === 0 || wild.length > 0) {
        report(
          `${label(args)} ${vaults.length === 0 ? "includes no vaults" : `includes vaults by wildcard (${wild.join(", ")})`}: restore tests must pick recovery points only from the recovery vaults shared with the IRE. Fix: list those vault ARNs in recoveryPointSelection.includeVaults.`,
        );
      }
      return;
    }
    const hours = asNumber(args.props.validationWindowHours);
    if (hours === undefined || hours < 1) {
      report(
        `${label(args)} has validationWindowHours ${hours === undefined ? "unset" : hours}: restored resources would be deleted before anything validates them. Fix: set validationWindowHours to at least 1.`,
      );
    }
    const unplaced = missingPlacement(args.props.protectedResourceType, args.props.restoreMetadataOverrides);
    if (unplaced) {
      report(
        `${label(args)} restores ${String(args.props.protectedResourceType)} without ${unplaced} in restoreMetadataOverrides: AWS Backup then infers the network from the source or the account's default VPC, not the IRE's private subnets. Fix: set ${unplaced} to the IRE's private network.`,
      );
    }
  },
});

/**
 * The override keys that put a restored resource into the IRE's network, by protected resource
 * type: without them AWS Backup infers placement, falling back to the default VPC (AWS Backup
 * developer guide, "Restore testing inferred metadata"; override keys are not case sensitive there).
 * EBS, S3, DynamoDB and EFS restores create no network interface and need none.
 */
const PLACEMENT_KEYS: Readonly<Record<string, string>> = {
  EC2: "subnetId",
  RDS: "dbSubnetGroupName",
  Aurora: "dbSubnetGroupName",
  DocumentDB: "dbSubnetGroupName",
  Neptune: "dbSubnetGroupName",
};

/** The placement key a selection lacks, or undefined when it is placed or needs no placement. */
export function missingPlacement(type: unknown, overrides: unknown): string | undefined {
  const key = typeof type === "string" ? PLACEMENT_KEYS[type] : undefined;
  if (!key) return undefined;
  const given = overrides && typeof overrides === "object" ? (overrides as Record<string, unknown>) : {};
  const found = Object.entries(given).some(
    ([k, v]) => k.toLowerCase() === key.toLowerCase() && typeof v === "string" && v.trim() !== "",
  );
  return found ? undefined : key;
}
