/** Every policy of the pack, in rule order. policypack/index.ts serves them; tests import them one by one. */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  backupLifecycleWithinVaultRetention,
  ireRestoreTesting,
  recoveryVaultAccessPolicy,
  recoveryVaultComplianceLock,
  vaultRetentionBounds,
} from "./backup";
import { kmsKeyHardening } from "./kms";
import { recoveryAuditBucketObjectLock, recoveryVaultMonitoring } from "./monitoring";
import { isolatedNetwork } from "./network";
import { organizationPolicies } from "./organizations";
import { recoveryStatefulProtected } from "./protection";
import { explicitAccountProvider } from "./providers";
import { stackReferencesTowardTrust } from "./stack-references";
import { airGappedShareToIreOnly, noSharedTrust } from "./trust";

export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

export const allPolicies: PackPolicy[] = [
  recoveryVaultComplianceLock, // 1
  vaultRetentionBounds, // 2
  backupLifecycleWithinVaultRetention, // 2
  recoveryStatefulProtected, // 3
  recoveryVaultAccessPolicy, // 4
  kmsKeyHardening, // 5
  organizationPolicies, // 6
  isolatedNetwork, // 7
  noSharedTrust, // 8
  airGappedShareToIreOnly, // 9
  ireRestoreTesting, // 10
  recoveryVaultMonitoring, // 11
  recoveryAuditBucketObjectLock, // 11
  explicitAccountProvider, // 12
  stackReferencesTowardTrust, // 13
];

/** The rule each policy enforces, read from its `rule-<n>` tag. */
export function ruleOf(policy: PackPolicy): number {
  const tag = (policy.tags ?? []).find((t) => t.startsWith("rule-"));
  return tag ? Number(tag.slice("rule-".length)) : NaN;
}

export const POLICY_NAMES: readonly string[] = allPolicies.map((p) => p.name);
