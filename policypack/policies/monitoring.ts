/**
 * Rule 11: the recovery account watches its vaults (vault notifications, EventBridge rules on the
 * backup API calls CloudTrail records) and keeps its audit bucket under Object Lock in compliance
 * mode. Backup's own EventBridge events are best effort, so API calls are watched through
 * CloudTrail ("AWS API Call via CloudTrail" events; EventBridge User Guide, events from AWS services).
 */
import type { PolicyResource } from "@pulumi/policy";
import { asArray, byType, decodeList, decodeObject, knownString, label, propertySources, stackPolicy } from "./common";
import { isAuditBucket } from "./protection";
import { T } from "./types";

/** An event pattern that matches AWS Backup API calls recorded by CloudTrail. */
export function matchesBackupApiCalls(eventPattern: unknown): boolean {
  const pattern = decodeObject(eventPattern);
  if (!pattern) return false;
  const sources = decodeList(pattern.source) ?? [];
  const detailTypes = decodeList(pattern["detail-type"]) ?? [];
  const detail = decodeObject(pattern.detail) ?? {};
  const eventSources = decodeList(detail.eventSource) ?? [];
  return (
    detailTypes.includes("AWS API Call via CloudTrail") &&
    (sources.includes("aws.backup") || eventSources.includes("backup.amazonaws.com"))
  );
}

export const recoveryVaultMonitoring = stackPolicy({
  name: "recovery-vault-monitoring",
  description:
    "A recovery stack with vaults sends every vault's events to SNS (VaultNotifications) and has an EventBridge rule on AWS Backup API calls.",
  rule: 11,
  roles: ["recovery"],
  check(resources, _ctx, report) {
    const types = byType(resources);
    const vaults = [...(types.get(T.vault) ?? []), ...(types.get(T.airGappedVault) ?? [])];
    if (vaults.length === 0) return;
    const byName = new Map<string, PolicyResource>();
    for (const v of vaults) {
      const name = knownString(v.props, "name");
      if (name !== undefined) byName.set(name, v);
    }
    const watched = new Set<PolicyResource>();
    for (const n of types.get(T.vaultNotifications) ?? []) {
      if (asArray(n.props.backupVaultEvents).length === 0) continue;
      for (const d of propertySources(n, "backupVaultName")) watched.add(d);
      const vaultName = knownString(n.props, "backupVaultName");
      const named = vaultName !== undefined ? byName.get(vaultName) : undefined;
      if (named) watched.add(named);
    }
    for (const v of vaults) {
      if (watched.has(v)) continue;
      report(
        `${label(v)} has no vault notifications: deletions and lifecycle changes would go unnoticed. Fix: add an aws.backup.VaultNotifications for it with backupVaultEvents and an SNS topic.`,
        v.urn,
      );
    }
    const rules = types.get(T.eventRule) ?? [];
    if (!rules.some((r) => matchesBackupApiCalls(r.props.eventPattern))) {
      report(
        `The recovery stack has vaults (${vaults.map(label).join(", ")}) but no EventBridge rule on AWS Backup API calls. Fix: add an aws.cloudwatch.EventRule with source ["aws.backup"] and detail-type ["AWS API Call via CloudTrail"].`,
        vaults[0].urn,
      );
    }
  },
});

export const recoveryAuditBucketObjectLock = stackPolicy({
  name: "recovery-audit-bucket-object-lock",
  description:
    "The recovery account's audit bucket has Object Lock enabled with a default retention in COMPLIANCE mode.",
  rule: 11,
  roles: ["recovery"],
  check(resources, _ctx, report) {
    const types = byType(resources);
    const audit = new Set<PolicyResource>((types.get(T.bucket) ?? []).filter((b) => isAuditBucket(b.props)));
    for (const trail of types.get(T.trail) ?? []) {
      for (const b of propertySources(trail, "s3BucketName")) if (b.type === T.bucket) audit.add(b);
    }
    const byName = new Map<string, PolicyResource>();
    for (const b of audit) {
      const name = knownString(b.props, "bucket");
      if (name !== undefined) byName.set(name, b);
    }
    const compliant = new Set<PolicyResource>();
    for (const cfg of types.get(T.bucketObjectLock) ?? []) {
      const targets = propertySources(cfg, "bucket").filter((d) => audit.has(d));
      const bucketName = knownString(cfg.props, "bucket");
      const named = bucketName !== undefined ? byName.get(bucketName) : undefined;
      if (named) targets.push(named);
      const mode = ((cfg.props.rule ?? {}) as { defaultRetention?: { mode?: unknown } }).defaultRetention?.mode;
      if (mode === "COMPLIANCE") for (const b of targets) compliant.add(b);
      else if (targets.length > 0) {
        report(
          `${label(cfg)} sets default retention mode ${JSON.stringify(mode ?? null)} on the audit bucket; GOVERNANCE retention can be bypassed. Fix: set rule.defaultRetention.mode to "COMPLIANCE".`,
          cfg.urn,
        );
      }
    }
    for (const b of audit) {
      const inline = ((b.props.objectLockConfiguration ?? {}) as { rule?: { defaultRetention?: { mode?: unknown } } })
        .rule?.defaultRetention?.mode;
      if (b.props.objectLockEnabled === true && (compliant.has(b) || inline === "COMPLIANCE")) continue;
      report(
        `${label(b)} is the audit bucket but ${b.props.objectLockEnabled === true ? "has no COMPLIANCE-mode default retention" : "does not enable Object Lock"}. Fix: create it with objectLockEnabled: true and add an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention.mode "COMPLIANCE".`,
        b.urn,
      );
    }
  },
});
