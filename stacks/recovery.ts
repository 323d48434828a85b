/**
 * The recovery stack: the data bunker. Keys, the locked vault production copies into, the
 * logically air-gapped vault shared with the IRE, monitoring, the audit trail and Backup Audit
 * Manager. It reads the org stack (organization ID, OU paths, management account) and nothing else.
 */
import * as pulumi from "@pulumi/pulumi";
import { AirGappedVault } from "../components/air-gapped-vault";
import { AuditTrail } from "../components/audit-trail";
import { BackupAudit } from "../components/backup-audit";
import { LockedVault } from "../components/locked-vault";
import { RecoveryKey } from "../components/recovery-key";
import { VaultMonitoring } from "../components/vault-monitoring";
import { partitionOf } from "../lib/arn";
import { frameworkControls } from "../lib/recoverypolicies/framework-controls";
import { alertsKeyPolicy, auditKeyPolicy, vaultKeyPolicy } from "../lib/recoverypolicies/key-policy";
import {
  backupReportsServiceLinkedRoleArn,
  backupServiceLinkedRoleArn,
  trailArn,
} from "../lib/recoverypolicies/principals";
import { vaultAccessPolicy } from "../lib/recoverypolicies/vault-access-policy";
import type { RecoveryKeyArns, RecoveryOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

/** Objectives the audit framework holds the estate to. */
export const MAX_RECOVERY_POINT_AGE_DAYS = 1;
export const MAX_RESTORE_TIME_MINUTES = 720;

export function buildRecovery(ctx: StackContext<"recovery">): StackOutputs<RecoveryOutputs> {
  const { config, provider, refs } = ctx;
  const org = refs.org();
  const opts = { provider };
  const partition = partitionOf(config.region);
  const accountId = config.accountId;
  const admins = {
    adminRoleArns: config.recoveryAdminRoleArns,
    deployRoleArn: config.deployRoleArn,
    auditorRoleArns: config.auditorRoleArns,
  };
  const backupRole = backupServiceLinkedRoleArn(partition, accountId);
  const reportsRole = backupReportsServiceLinkedRoleArn(partition, accountId);
  // Only this role may replace or delete the vault policies (the deny covers everyone else).
  const policyAdminRoleArn = config.vaultPolicyExemptRoleArn ?? config.deployRoleArn;

  const vaultKey = new RecoveryKey(
    "vault-key",
    {
      description: `Recovery vault ${config.recoveryVaultName}: encrypts every copy in the data bunker`,
      alias: `isolation/${config.recoveryVaultName}`,
      policy: vaultKeyPolicy({ ...admins, accountId, backupServiceLinkedRoleArn: backupRole }),
    },
    opts,
  );

  const workloadsPath = org.output("orgPaths").apply((paths) => paths.workloads);
  const vault = new LockedVault(
    "recovery-vault",
    {
      vaultName: config.recoveryVaultName,
      kmsKeyArn: vaultKey.arn,
      minRetentionDays: config.vaultMinRetentionDays,
      maxRetentionDays: config.vaultMaxRetentionDays,
      changeableForDays: config.vaultChangeableForDays,
      accessPolicy: workloadsPath.apply((workloadsOrgPath) =>
        vaultAccessPolicy({ workloadsOrgPath, policyAdminRoleArn }),
      ),
    },
    opts,
  );

  let airGappedKey: RecoveryKey | undefined;
  if (config.airGappedUseCustomerKey) {
    airGappedKey = new RecoveryKey(
      "air-gapped-key",
      {
        description: `Logically air-gapped vault ${config.airGappedVaultName}`,
        alias: `isolation/${config.airGappedVaultName}`,
        policy: vaultKeyPolicy({ ...admins, accountId, backupServiceLinkedRoleArn: backupRole }),
      },
      opts,
    );
  }
  const airGapped = new AirGappedVault(
    "air-gapped-vault",
    {
      vaultName: config.airGappedVaultName,
      minRetentionDays: config.airGappedMinRetentionDays,
      maxRetentionDays: config.airGappedMaxRetentionDays,
      encryptionKeyArn: airGappedKey?.arn,
      ireAccountId: config.ireAccountId,
    },
    opts,
  );

  let secondVault: LockedVault | undefined;
  let secondKeyArn: pulumi.Output<string> | undefined;
  if (config.secondRegion) {
    const secondKey = new RecoveryKey(
      "second-region-vault-key",
      {
        description: `Recovery vault ${config.secondVaultName} in ${config.secondRegion}: cross-region copies`,
        alias: `isolation/${config.secondVaultName}`,
        policy: vaultKeyPolicy({ ...admins, accountId, backupServiceLinkedRoleArn: backupRole }),
        region: config.secondRegion,
      },
      opts,
    );
    secondKeyArn = secondKey.arn;
    // The same access policy as the primary vault: the deny on deletion and on policy changes
    // holds here too, and workloads may copy straight into it (cross-account, cross-region).
    secondVault = new LockedVault(
      "second-region-vault",
      {
        vaultName: config.secondVaultName,
        kmsKeyArn: secondKey.arn,
        minRetentionDays: config.vaultMinRetentionDays,
        maxRetentionDays: config.vaultMaxRetentionDays,
        changeableForDays: config.vaultChangeableForDays,
        accessPolicy: workloadsPath.apply((workloadsOrgPath) =>
          vaultAccessPolicy({ workloadsOrgPath, policyAdminRoleArn }),
        ),
        region: config.secondRegion,
      },
      opts,
    );
  }

  const alertsKey = new RecoveryKey(
    "alerts-key",
    {
      description: "Recovery alerts topic",
      alias: "isolation/recovery-alerts",
      policy: alertsKeyPolicy({ ...admins, accountId }),
    },
    opts,
  );
  const monitoring = new VaultMonitoring(
    "monitoring",
    {
      topicName: "isolation-recovery-alerts",
      kmsKeyArn: alertsKey.arn,
      vaultNames: { recovery: vault.name, "air-gapped": airGapped.name },
      alertEmails: config.alertEmails,
      accountId,
      region: config.region,
      partition,
    },
    opts,
  );

  // The second region's vault reports to a topic of its own there: vault notifications and
  // EventBridge targets must be in the vault's region.
  let secondMonitoring: VaultMonitoring | undefined;
  if (config.secondRegion && secondVault) {
    const secondAlertsKey = new RecoveryKey(
      "second-region-alerts-key",
      {
        description: `Recovery alerts topic in ${config.secondRegion}`,
        alias: "isolation/recovery-alerts",
        policy: alertsKeyPolicy({ ...admins, accountId }),
        region: config.secondRegion,
      },
      opts,
    );
    secondMonitoring = new VaultMonitoring(
      "second-region-monitoring",
      {
        topicName: "isolation-recovery-alerts",
        kmsKeyArn: secondAlertsKey.arn,
        vaultNames: { "second-region": secondVault.name },
        alertEmails: config.alertEmails,
        accountId,
        region: config.secondRegion,
        partition,
        inOtherRegion: true,
      },
      opts,
    );
  }

  const trailName = "isolation-recovery-audit";
  // An organization trail created by a delegated administrator belongs to the management account;
  // both possible ARNs are allowed so that either ownership works.
  const trailArns = config.organizationTrail
    ? org
        .output("accountIds")
        .apply((ids) => [
          trailArn(partition, config.region, accountId, trailName),
          trailArn(partition, config.region, ids.management, trailName),
        ])
    : pulumi.output([trailArn(partition, config.region, accountId, trailName)]);
  const auditKey = new RecoveryKey(
    "audit-key",
    {
      description: "Recovery audit trail and audit bucket",
      alias: "isolation/recovery-audit",
      policy: trailArns.apply((arns) =>
        auditKeyPolicy({
          ...admins,
          partition,
          region: config.region,
          accountId,
          trailArns: arns,
          reportsServiceLinkedRoleArn: reportsRole,
        }),
      ),
    },
    opts,
  );
  const audit = new AuditTrail(
    "audit-trail",
    {
      // Bucket names are global: the account and region make this one unique and predictable.
      bucketName: `isolation-audit-${accountId}-${config.region}`,
      trailName,
      kmsKeyArn: auditKey.arn,
      objectLockDays: config.trailObjectLockDays,
      organizationTrail: config.organizationTrail,
      organizationId: config.organizationTrail ? org.output("organizationId") : undefined,
      accountId,
      trailArns,
      reportsServiceLinkedRoleArn: reportsRole,
    },
    opts,
  );

  new BackupAudit(
    "backup-audit",
    {
      frameworkName: "isolation_recovery",
      reportPlanPrefix: "isolation_recovery",
      bucketName: audit.bucketName,
      controls: frameworkControls({
        minRetentionDays: config.vaultMinRetentionDays,
        maxRetentionDays: config.vaultMaxRetentionDays,
        exemptPrincipalArns: [policyAdminRoleArn],
        crossAccountIds: [accountId],
        maxRecoveryPointAgeDays: MAX_RECOVERY_POINT_AGE_DAYS,
        maxRestoreTimeMinutes: MAX_RESTORE_TIME_MINUTES,
      }),
    },
    opts,
  );

  const keyArns: StackOutputs<RecoveryKeyArns> = {
    vault: vaultKey.arn,
    alerts: alertsKey.arn,
    audit: auditKey.arn,
    ...(airGappedKey ? { airGapped: airGappedKey.arn } : {}),
    ...(secondKeyArn ? { secondRegionVault: secondKeyArn } : {}),
  };

  return {
    role: "recovery",
    accountId,
    region: config.region,
    vaultName: vault.name,
    vaultArn: vault.arn,
    airGappedVaultName: airGapped.name,
    airGappedVaultArn: airGapped.arn,
    keyArns: pulumi.output(keyArns),
    snsTopicArn: monitoring.topicArn,
    auditBucketName: audit.bucketName,
    ...(secondVault
      ? {
          secondRegion: config.secondRegion,
          secondRegionVaultName: secondVault.name,
          secondRegionVaultArn: secondVault.arn,
          secondRegionSnsTopicArn: secondMonitoring!.topicArn,
        }
      : {}),
  };
}
