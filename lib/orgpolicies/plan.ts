/**
 * Which policies the org stack writes, and where each is attached. A pure function of resolved
 * values, so the same code renders the documents at deploy time and measures them (with the
 * longest possible IDs standing in for unknown ones) before any resource is registered.
 */
import { BackupPolicyArgs, workloadsBackupPolicy } from "./backup-policy";
import { assertPoliciesFit, CheckedTarget, PolicyLimits } from "./limits";
import { dataPerimeterRcp } from "./rcp";
import { ireScp, recoveryScp, workloadsScp } from "./scp";
import type { OrgPolicyType } from "./types";

export type OuKey = "recovery" | "ire" | "workloads";
export const OU_KEYS: readonly OuKey[] = ["recovery", "ire", "workloads"];

/** Tag the backup policy puts on the plans it creates; the workloads SCP protects plans carrying it. */
export const MANAGED_PLAN_TAG = { key: "isolation:managed-by", value: "org-backup-policy" };

export interface GuardrailValues {
  organizationId: string;
  /** Org paths of the three OUs, `o-.../r-.../ou-.../`. */
  orgPaths: Record<OuKey, string>;
  breakGlassRoleArnPattern: string;
  recoveryDeployRoleArn: string;
  backup: Omit<BackupPolicyArgs, "managedPlanTag">;
}

export interface PlannedPolicy {
  /** Policy name in AWS, and the key of `policyIds` in the stack outputs. */
  name: string;
  type: OrgPolicyType;
  description: string;
  target: OuKey;
  document: unknown;
}

export function planOrgPolicies(v: GuardrailValues): PlannedPolicy[] {
  return [
    {
      name: "isolation-recovery-guardrails",
      type: "SERVICE_CONTROL_POLICY",
      description: "Recovery OU: no deleting or shortening backups, keys or trails but break-glass; no network egress.",
      target: "recovery",
      document: recoveryScp(v),
    },
    {
      name: "isolation-ire-guardrails",
      type: "SERVICE_CONTROL_POLICY",
      description: "IRE OU: no network egress, no trust towards production, logging stays on.",
      target: "ire",
      document: ireScp({
        breakGlassRoleArnPattern: v.breakGlassRoleArnPattern,
        workloadsOrgPath: v.orgPaths.workloads,
      }),
    },
    {
      name: "isolation-workloads-guardrails",
      type: "SERVICE_CONTROL_POLICY",
      description: "Workloads OU: backup copies stay in the organization; organization backup plans stay in place.",
      target: "workloads",
      document: workloadsScp({
        breakGlassRoleArnPattern: v.breakGlassRoleArnPattern,
        organizationId: v.organizationId,
        managedPlanTag: MANAGED_PLAN_TAG,
      }),
    },
    {
      name: "isolation-recovery-data-perimeter",
      type: "RESOURCE_CONTROL_POLICY",
      description: "Recovery OU: S3, KMS, STS and Secrets Manager only for this organization, only over TLS.",
      target: "recovery",
      document: dataPerimeterRcp({ organizationId: v.organizationId }),
    },
    {
      name: "isolation-ire-data-perimeter",
      type: "RESOURCE_CONTROL_POLICY",
      description: "IRE OU: S3, KMS, STS and Secrets Manager only for this organization but production, only over TLS.",
      target: "ire",
      document: dataPerimeterRcp({
        organizationId: v.organizationId,
        denyPrincipalsUnderOrgPath: v.orgPaths.workloads,
      }),
    },
    {
      name: "isolation-workloads-backup",
      type: "BACKUP_POLICY",
      description: "Workloads OU: back up tagged resources and copy them into the recovery and air-gapped vaults.",
      target: "workloads",
      document: workloadsBackupPolicy({ ...v.backup, managedPlanTag: MANAGED_PLAN_TAG }),
    },
  ];
}

export function targetsOf(policies: PlannedPolicy[]): CheckedTarget[] {
  return OU_KEYS.map((ou) => ({
    name: `OU ${ou}`,
    policies: policies.filter((p) => p.target === ou).map((p) => p.name),
  }));
}

/** Plans the policies and throws PolicyLimitError (every problem at once) if any does not fit. */
export function planAndCheck(v: GuardrailValues, limits: PolicyLimits): PlannedPolicy[] {
  const planned = planOrgPolicies(v);
  assertPoliciesFit(planned, targetsOf(planned), limits);
  return planned;
}
