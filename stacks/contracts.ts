/**
 * The typed contract of every role's stack outputs. Less trusted stacks read these through
 * TrustedStackReference; the builders in this folder must return exactly these keys.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Account IDs of the estate, by role, as the org stack knows them from its own config. */
export interface AccountIdsByRole {
  management: string;
  recovery: string;
  ire: string;
  prod: string[];
}

/** One value per isolation OU. */
export interface ByOu<T> {
  recovery: T;
  ire: T;
  workloads: T;
}

export interface OrgOutputs {
  role: "org";
  accountId: string;
  region: string;
  accountIds: AccountIdsByRole;
  /** o-...; for aws:PrincipalOrgID / aws:ResourceOrgID conditions. */
  organizationId: string;
  /** ou-... of each isolation OU. */
  ouIds: ByOu<string>;
  /** `o-.../r-.../ou-.../` of each OU, the form aws:PrincipalOrgPaths and backup:CopyTargetOrgPaths compare. */
  orgPaths: ByOu<string>;
  /** Organizations policy IDs by policy name (isolation-recovery-guardrails, ...). */
  policyIds: Record<string, string>;
}

/** ARNs of the recovery stack's customer-managed KMS keys, by what they protect. */
export interface RecoveryKeyArns {
  /** The locked recovery vault's key. */
  vault: string;
  /** The alerts topic's key. */
  alerts: string;
  /** The audit trail's and audit bucket's key. */
  audit: string;
  /** The air-gapped vault's key, when isolation:airGappedUseCustomerKey is true. */
  airGapped?: string;
  /** The second region's vault key, when isolation:secondRegion is set. */
  secondRegionVault?: string;
}

export interface RecoveryOutputs {
  role: "recovery";
  accountId: string;
  region: string;
  /** The locked vault production copies into (backup:CopyIntoBackupVault, workloads OU only). */
  vaultName: string;
  vaultArn: string;
  /** The logically air-gapped vault, shared through RAM with the IRE account only. */
  airGappedVaultName: string;
  airGappedVaultArn: string;
  keyArns: RecoveryKeyArns;
  /** The alerts topic (vault notifications and EventBridge rules). */
  snsTopicArn: string;
  /** The audit bucket: CloudTrail logs and Backup Audit Manager reports. */
  auditBucketName: string;
  /** The second region and its locked vault, when isolation:secondRegion is set (cross-region copies). */
  secondRegion?: string;
  secondRegionVaultName?: string;
  secondRegionVaultArn?: string;
  /** The second region's alerts topic (its vault's notifications and rules). */
  secondRegionSnsTopicArn?: string;
}

export interface IreOutputs {
  role: "ire";
  accountId: string;
  region: string;
  /** Read from the recovery stack: the only account the IRE restores from. */
  recoveryAccountId: string;
  /** The private VPC: no internet, NAT, peering, transit gateway or VPN; AWS through PrivateLink only. */
  vpcId: string;
  /** One private subnet per configured availability zone, where restored resources land. */
  subnetIds: string[];
  /** The interface endpoints' security group (HTTPS from the VPC only). */
  endpointSecurityGroupId: string;
  /** The security group restored instances get (no inbound; HTTPS to the endpoints only). */
  restoreTargetSecurityGroupId: string;
  restoreTestingPlanName: string;
  restoreTestingPlanArn: string;
  /** The role AWS Backup restores with in the IRE. */
  restoreRoleArn: string;
  /** The restore validator Lambda function; its log group is /aws/lambda/<name>. */
  restoreValidatorFunctionName: string;
  restoreValidatorFunctionArn: string;
  /** The EventBridge rule that sends the plan's completed restore jobs to the validator. */
  restoreValidationRuleArn: string;
  /** The SNS topic the validation alarms publish to (FAILED restore tests, validator errors). */
  validationAlertsTopicArn: string;
}

export interface ProdOutputs {
  role: "prod";
  accountId: string;
  region: string;
  /** Read from the recovery stack: where this workload's backups are copied to. */
  recoveryAccountId: string;
  /** The vault the organization backup policy's plan writes into (isolation:backupPolicyLocalVaultName). */
  localVaultName: string;
  localVaultArn: string;
  /** Its customer-managed key, which the recovery account may read for cross-account copies. */
  localVaultKeyArn: string;
  /** The role AWS Backup assumes here (isolation:backupPolicyRoleName). */
  backupRoleArn: string;
}

export interface OutputsByRole {
  org: OrgOutputs;
  recovery: RecoveryOutputs;
  ire: IreOutputs;
  prod: ProdOutputs;
}

/** What a builder returns: each contract value, possibly still an Output. */
export type StackOutputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };
