/**
 * What must be true of the live account, derived from a stack export and nothing else. Pure: no AWS
 * call. The derivation goes by resource type, so the same rules serve every role:
 *
 * - every backup vault exists; one with a VaultLockConfiguration is locked in compliance mode with the
 *   lock's retention, and its VaultPolicy (if the export has one) still denies what the stack's vault
 *   access policy denies;
 * - every logically air-gapped vault exists with its retention;
 * - every KMS key is Enabled, and rotating if the export enables rotation;
 * - every bucket Object Lock configuration is in COMPLIANCE mode with its default retention;
 * - every SCP and RCP is still attached to its targets with unchanged content.
 *
 * A stack with none of these has nothing to verify about deletion protection beyond the
 * account its credentials reach, and the plan says so.
 */
import { stackOfUrn, StackExport } from "../stack-export";
import { T } from "../../policypack/policies/types";
import {
  inputOf,
  liveResources,
  nameOfUrn,
  numberInput,
  pinnedAccounts,
  RegionResolver,
  stringInput,
} from "./export-inputs";
import type { KeyExpectation } from "./keys";
import type { ObjectLockExpectation } from "./object-lock";
import { GUARDRAIL_POLICY_TYPES, OrgPolicyExpectation } from "./org-policies";
import { vaultPolicyExpectation } from "./vault-policy";
import type { VaultExpectation } from "./vaults";
import { VerifyInputError } from "./types";

export interface StackPlan {
  file: string;
  stack: string;
  /** The accounts the stack's provider allows (allowedAccountIds): the credentials must be for one. */
  accounts: string[];
  /** The stack's region (`--region`, else its provider's). */
  region: string;
  vaults: VaultExpectation[];
  keys: KeyExpectation[];
  objectLocks: ObjectLockExpectation[];
  orgPolicies: OrgPolicyExpectation[];
  /** What verify leaves out of this stack, and why. */
  notes: string[];
}

export interface PlanOptions {
  /** Replaces the provider's region (resources with their own `region` input keep it). */
  region?: string;
}

function required(value: string | undefined, what: string, file: string, urn: string): string {
  if (value === undefined) throw new VerifyInputError(`${file}: ${urn}: no ${what}; expected it in the export`);
  return value;
}

export function derivePlan(exported: StackExport, file: string, opts: PlanOptions = {}): StackPlan {
  const resources = liveResources(exported);
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? resources[0];
  const stack = stackOfUrn(root.urn);
  const accounts = pinnedAccounts(exported, file);
  const regions = new RegionResolver(exported, file, opts.region);
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const notes: string[] = [];

  // Vaults, keyed by region and name: locks and policies name their vault by `backupVaultName`.
  const vaults = new Map<string, VaultExpectation>();
  const key = (region: string, name: string) => `${region}/${name}`;
  for (const [type, airGapped] of [
    [T.vault, false],
    [T.airGappedVault, true],
  ] as const) {
    for (const r of ofType(type)) {
      const name = required(stringInput(r, "name", file) ?? r.id, "vault name", file, r.urn);
      const region = regions.regionOf(r);
      const v: VaultExpectation = { urn: r.urn, name, region, airGapped };
      const kmsKeyArn = stringInput(r, airGapped ? "encryptionKeyArn" : "kmsKeyArn", file);
      if (kmsKeyArn) v.encryptionKeyArn = kmsKeyArn;
      if (airGapped) {
        v.retention = {
          urn: r.urn,
          minRetentionDays: numberInput(r, "minRetentionDays", file),
          maxRetentionDays: numberInput(r, "maxRetentionDays", file),
        };
      }
      vaults.set(key(region, name), v);
    }
  }
  const vaultFor = (r: (typeof resources)[number]): VaultExpectation => {
    const name = required(stringInput(r, "backupVaultName", file), "backupVaultName", file, r.urn);
    const region = regions.regionOf(r);
    let v = vaults.get(key(region, name));
    if (!v) {
      // A lock or policy on a vault this stack does not declare: verify that vault by name.
      v = { urn: r.urn, name, region, airGapped: false };
      vaults.set(key(region, name), v);
    }
    return v;
  };
  for (const lock of ofType(T.vaultLock)) {
    const v = vaultFor(lock);
    v.lockUrn = lock.urn;
    v.retention = {
      urn: lock.urn,
      minRetentionDays: numberInput(lock, "minRetentionDays", file),
      maxRetentionDays: numberInput(lock, "maxRetentionDays", file),
    };
  }
  for (const policy of ofType(T.vaultPolicy)) {
    const v = vaultFor(policy);
    if (v.lockUrn || v.airGapped) {
      v.policy = vaultPolicyExpectation(policy.urn, inputOf(policy, "policy", file));
    } else {
      notes.push(
        `vault policy ${nameOfUrn(policy.urn)} on ${v.name}: not checked, the vault is not locked (only locked vaults carry the recovery vault access policy)`,
      );
    }
  }

  const keys: KeyExpectation[] = ofType(T.kmsKey).map((r) => ({
    urn: r.urn,
    keyId: required(r.id ?? stringInput(r, "keyId", file), "key id", file, r.urn),
    region: regions.regionOf(r),
    description: stringInput(r, "description", file),
    rotation: inputOf(r, "enableKeyRotation", file) === true,
  }));
  for (const k of keys.filter((k) => !k.rotation)) {
    notes.push(`KMS key ${k.keyId}: rotation not checked, the export does not enable it`);
  }

  const objectLocks: ObjectLockExpectation[] = ofType(T.bucketObjectLock).map((r) => {
    const rule = (inputOf(r, "rule", file) ?? {}) as { defaultRetention?: { days?: unknown; years?: unknown } };
    const retention = rule.defaultRetention ?? {};
    const asDays = (v: unknown) => (typeof v === "number" ? v : undefined);
    return {
      urn: r.urn,
      bucket: required(stringInput(r, "bucket", file), "bucket", file, r.urn),
      region: regions.regionOf(r),
      days: asDays(retention.days),
      years: asDays(retention.years),
    };
  });

  const attachments = ofType(T.orgPolicyAttachment);
  const orgPolicies: OrgPolicyExpectation[] = [];
  for (const r of ofType(T.orgPolicy)) {
    const type = stringInput(r, "type", file) ?? "SERVICE_CONTROL_POLICY";
    const name = stringInput(r, "name", file) ?? nameOfUrn(r.urn);
    const policyId = required(r.id, "policy id", file, r.urn);
    if (!(GUARDRAIL_POLICY_TYPES as readonly string[]).includes(type)) {
      notes.push(`${type} ${name}: not checked, verify checks the deletion guardrails (SCPs and RCPs)`);
      continue;
    }
    orgPolicies.push({
      urn: r.urn,
      policyId,
      name,
      type,
      content: required(stringInput(r, "content", file), "content", file, r.urn),
      targets: attachments
        .filter((a) => stringInput(a, "policyId", file) === policyId)
        .map((a) => ({ targetId: required(stringInput(a, "targetId", file), "targetId", file, a.urn), urn: a.urn })),
    });
  }

  const plan: StackPlan = {
    file,
    stack,
    accounts,
    region: regions.defaultRegion,
    vaults: [...vaults.values()],
    keys,
    objectLocks,
    orgPolicies,
    notes,
  };
  if (checkCount(plan) === 0) {
    notes.push(
      "nothing to verify about deletion protection beyond the account: the stack declares no backup vault, KMS key, Object Lock configuration or organization guardrail",
    );
  }
  return plan;
}

/** How many expectations the plan holds (the identity check aside). */
export function checkCount(plan: StackPlan): number {
  return plan.vaults.length + plan.keys.length + plan.objectLocks.length + plan.orgPolicies.length;
}
