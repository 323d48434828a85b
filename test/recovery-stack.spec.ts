import { strict as assert } from "assert";
import type { StackRun } from "../harness/engine";
import { actionsOf, awsPrincipalsOf, PolicyDocument } from "../lib/recoverypolicies/document";
import { jsonInput, named, ofType, recordStack } from "./helpers";

const T = {
  key: "aws:kms/key:Key",
  vault: "aws:backup/vault:Vault",
  lock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
  airGapped: "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
  share: "aws:ram/resourceShare:ResourceShare",
  principal: "aws:ram/principalAssociation:PrincipalAssociation",
  resourceAssoc: "aws:ram/resourceAssociation:ResourceAssociation",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  notifications: "aws:backup/vaultNotifications:VaultNotifications",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  bucket: "aws:s3/bucket:Bucket",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  trail: "aws:cloudtrail/trail:Trail",
  framework: "aws:backup/framework:Framework",
  reportPlan: "aws:backup/reportPlan:ReportPlan",
};

const doc = (v: unknown) => jsonInput(v) as PolicyDocument;

describe("recovery stack", function () {
  let run: StackRun;
  let org: StackRun;
  before(async () => {
    run = await recordStack("recovery");
    org = await recordStack("org");
  });

  it("creates every key with rotation, a 30-day window and a policy that names no account root", () => {
    const keys = ofType(run, T.key);
    assert.deepEqual(keys.map((k) => k.name).sort(), [
      "alerts-key",
      "audit-key",
      "second-region-alerts-key",
      "second-region-vault-key",
      "vault-key",
    ]);
    for (const k of keys) {
      assert.equal(k.inputs.enableKeyRotation, true, k.name);
      assert.equal(k.inputs.deletionWindowInDays, 30, k.name);
      assert.equal(k.inputs.bypassPolicyLockoutSafetyCheck, false, k.name);
      assert.ok(!String(k.inputs.policy).includes(":root"), k.name);
    }
    assert.equal(named(run, T.key, "second-region-vault-key").inputs.region, "eu-central-1");
  });

  it("lets isolation:auditorRoleArns read every key's metadata, for npm run verify, and nothing else", () => {
    for (const k of ofType(run, T.key)) {
      const policy = doc(k.inputs.policy);
      const auditor = policy.Statement.filter((st) =>
        awsPrincipalsOf(st).includes("arn:aws:iam::222222222222:role/IsolationVerify"),
      );
      assert.deepEqual(
        auditor.map((st) => [st.Sid, actionsOf(st)]),
        [["AuditorsReadKeyMetadata", ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"]]],
        k.name,
      );
    }
  });

  it("gives production nothing on the vault key", () => {
    const policy = doc(named(run, T.key, "vault-key").inputs.policy);
    const json = JSON.stringify(policy);
    assert.ok(!json.includes("444444444444"));
    for (const s of policy.Statement.filter((x) => x.Effect === "Allow" && actionsOf(x).includes("kms:Decrypt"))) {
      for (const p of awsPrincipalsOf(s)) {
        if (p === "*")
          assert.equal((s.Condition?.StringEquals as Record<string, string>)["kms:CallerAccount"], "222222222222");
        else assert.match(p, /^arn:aws:iam::222222222222:/);
      }
    }
  });

  it("encrypts the recovery vault with the vault key and locks it in compliance mode with the configured retention", () => {
    const vault = named(run, T.vault, "recovery-vault");
    assert.equal(vault.inputs.name, "isolation-recovery");
    assert.equal(vault.inputs.kmsKeyArn, named(run, T.key, "vault-key").outputs.arn);
    assert.equal(vault.inputs.forceDestroy, false);
    const lock = named(run, T.lock, "recovery-vault");
    assert.equal(lock.inputs.backupVaultName, "isolation-recovery");
    assert.ok((lock.inputs.changeableForDays as number) >= 3, "compliance mode needs changeableForDays >= 3");
    assert.equal(lock.inputs.minRetentionDays, 35);
    assert.equal(lock.inputs.maxRetentionDays, 3650);
  });

  it("protects and retains every stateful resource", () => {
    const stateful = [
      ...ofType(run, T.key),
      ...ofType(run, T.vault),
      ...ofType(run, T.lock),
      ...ofType(run, T.airGapped),
      ...ofType(run, T.bucket),
      ...ofType(run, T.versioning),
      ...ofType(run, T.objectLock),
    ];
    assert.equal(stateful.length, 5 + 2 + 2 + 1 + 1 + 1 + 1);
    for (const r of stateful) {
      assert.equal(r.protect, true, `${r.type} ${r.name} protect`);
      assert.equal(r.retainOnDelete, true, `${r.type} ${r.name} retainOnDelete`);
    }
  });

  it("attaches a vault policy whose only cross-account Allow is CopyIntoBackupVault from the org stack's workloads path", () => {
    const policy = doc(named(run, T.vaultPolicy, "recovery-vault").inputs.policy);
    const allows = policy.Statement.filter((s) => s.Effect === "Allow");
    assert.equal(allows.length, 1);
    assert.deepEqual(actionsOf(allows[0]), ["backup:CopyIntoBackupVault"]);
    // The path comes from the org stack's outputs, not from recovery config.
    const workloadsPath = (org.outputs.orgPaths as { workloads: string }).workloads;
    assert.match(workloadsPath, /^o-[a-z0-9]{10,32}\/r-[a-z0-9]{4,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\/$/);
    assert.deepEqual(allows[0].Condition, {
      "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${workloadsPath}*`] },
    });
    const exempt = policy.Statement.find((s) => s.Sid === "DenyPolicyChangesExceptPolicyAdmin");
    assert.deepEqual(exempt?.Condition, {
      ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/IsolationDeployer" },
    });
    const deny = policy.Statement.find((s) => s.Sid === "DenyRecoveryPointDeletionByAnyone");
    assert.deepEqual(awsPrincipalsOf(deny!), ["*"]);
    assert.equal(deny!.Condition, undefined);
  });

  it("exempts the configured role, and only it, from the deny on vault policy changes", async () => {
    const other = "arn:aws:iam::222222222222:role/VaultPolicyAdmin";
    const custom = await recordStack("recovery", { "isolation:vaultPolicyExemptRoleArn": other });
    const policy = doc(named(custom, T.vaultPolicy, "recovery-vault").inputs.policy);
    const s = policy.Statement.find((x) => x.Sid === "DenyPolicyChangesExceptPolicyAdmin");
    assert.deepEqual(s?.Condition, { ArnNotEquals: { "aws:PrincipalArn": other } });
    assert.ok(!JSON.stringify(policy).includes("IsolationDeployer"));
  });

  it("creates the air-gapped vault and shares it with the IRE account alone", () => {
    const ag = named(run, T.airGapped, "air-gapped-vault");
    assert.equal(ag.inputs.minRetentionDays, 35);
    assert.equal(ag.inputs.maxRetentionDays, 3650);
    assert.equal(ag.inputs.encryptionKeyArn, undefined);
    const share = named(run, T.share, "air-gapped-vault");
    assert.equal(share.inputs.allowExternalPrincipals, false);
    const principals = ofType(run, T.principal);
    assert.deepEqual(
      principals.map((p) => p.inputs.principal),
      ["333333333333"],
    );
    assert.equal(principals[0].inputs.resourceShareArn, share.outputs.arn);
    const assoc = ofType(run, T.resourceAssoc);
    assert.deepEqual(
      assoc.map((a) => a.inputs.resourceArn),
      [ag.outputs.arn],
    );
  });

  it("encrypts the air-gapped vault with a customer key of its own when asked", async () => {
    const custom = await recordStack("recovery", { "isolation:airGappedUseCustomerKey": true });
    const key = named(custom, T.key, "air-gapped-key");
    assert.equal(named(custom, T.airGapped, "air-gapped-vault").inputs.encryptionKeyArn, key.outputs.arn);
    assert.equal(key.protect && key.retainOnDelete, true);
    assert.equal((custom.outputs.keyArns as Record<string, string>).airGapped, key.outputs.arn);
  });

  it("sends vault notifications, rules on AWS Backup events and on API calls to an encrypted topic", () => {
    const topic = named(run, T.topic, "monitoring");
    assert.equal(topic.inputs.kmsMasterKeyId, named(run, T.key, "alerts-key").outputs.arn);
    const home = (type: string) => ofType(run, type).filter((r) => r.parent === topic.parent);
    const notifications = home(T.notifications);
    assert.deepEqual(notifications.map((n) => n.inputs.backupVaultName).sort(), [
      "isolation-air-gapped",
      "isolation-recovery",
    ]);
    for (const n of notifications) {
      assert.equal(n.inputs.snsTopicArn, topic.outputs.arn);
      const events = n.inputs.backupVaultEvents as string[];
      for (const e of ["COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED", "RESTORE_JOB_COMPLETED"])
        assert.ok(events.includes(e));
    }
    const rules = home(T.rule);
    assert.equal(rules.length, 3);
    const patterns = rules.map((r) => JSON.parse(r.inputs.eventPattern as string));
    assert.ok(
      patterns.some((p) => p.source.includes("aws.backup") && p["detail-type"].includes("Backup Job State Change")),
    );
    const api = patterns.find((p) => p["detail-type"][0] === "AWS API Call via CloudTrail");
    assert.ok(api.detail.eventName.includes("DeleteRecoveryPoint"));
    assert.ok(api.detail.eventName.includes("ScheduleKeyDeletion"));
    const targets = home(T.target);
    assert.equal(targets.length, 3);
    for (const t of targets) assert.equal(t.inputs.arn, topic.outputs.arn);
    const topicPolicy = doc(named(run, T.topicPolicy, "monitoring").inputs.policy);
    assert.ok(JSON.stringify(topicPolicy).includes("events.amazonaws.com"));
    assert.deepEqual(
      home(T.subscription).map((s) => [s.inputs.protocol, s.inputs.endpoint]),
      [["email", "recovery-alerts@example.com"]],
    );
  });

  it("alerts on the second region's vault through a topic, rules and a key in that region", () => {
    const topic = named(run, T.topic, "second-region-monitoring");
    const key = named(run, T.key, "second-region-alerts-key");
    assert.equal(key.inputs.region, "eu-central-1");
    assert.equal(topic.inputs.region, "eu-central-1");
    assert.equal(topic.inputs.kmsMasterKeyId, key.outputs.arn);
    const children = run.resources.filter((r) => r.parent === topic.parent && r.custom);
    // Vault notifications and EventBridge targets must be in the vault's own region.
    for (const r of children) assert.equal(r.inputs.region, "eu-central-1", `${r.type} ${r.name}`);
    const notifications = children.filter((r) => r.type === T.notifications);
    assert.deepEqual(
      notifications.map((n) => [n.inputs.backupVaultName, n.inputs.snsTopicArn]),
      [["isolation-recovery-secondary", topic.outputs.arn]],
    );
    assert.equal(children.filter((r) => r.type === T.rule).length, 3);
    assert.equal(run.outputs.secondRegionSnsTopicArn, topic.outputs.arn);
  });

  it("writes a validated multi-region trail into a locked, versioned, encrypted, private, TLS-only bucket", () => {
    const bucket = named(run, T.bucket, "audit-trail");
    assert.equal(bucket.inputs.objectLockEnabled, true);
    assert.deepEqual(named(run, T.versioning, "audit-trail").inputs.versioningConfiguration, { status: "Enabled" });
    assert.deepEqual(named(run, T.objectLock, "audit-trail").inputs.rule, {
      defaultRetention: { mode: "COMPLIANCE", days: 400 },
    });
    const sse = named(run, T.sse, "audit-trail").inputs.rules as {
      applyServerSideEncryptionByDefault: Record<string, string>;
    }[];
    assert.equal(sse[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
    assert.equal(sse[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, named(run, T.key, "audit-key").outputs.arn);
    const pab = named(run, T.pab, "audit-trail").inputs;
    for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"])
      assert.equal(pab[k], true, k);
    const policy = doc(named(run, T.bucketPolicy, "audit-trail").inputs.policy);
    assert.ok(
      policy.Statement.some((s) => s.Effect === "Deny" && JSON.stringify(s.Condition).includes("aws:SecureTransport")),
    );
    const trail = named(run, T.trail, "audit-trail");
    assert.equal(trail.inputs.isMultiRegionTrail, true);
    assert.equal(trail.inputs.enableLogFileValidation, true);
    assert.equal(trail.inputs.isOrganizationTrail, false);
    assert.equal(trail.inputs.kmsKeyId, named(run, T.key, "audit-key").outputs.arn);
    assert.equal(trail.inputs.s3BucketName, bucket.outputs.bucket);
    // The bucket policy names the trail's real ARN (it must exist before the trail does).
    assert.ok(JSON.stringify(policy).includes(String(trail.outputs.arn)));
  });

  it("makes an organization trail, with the organization's log prefix, when configured", async () => {
    const org = await recordStack("recovery", { "isolation:organizationTrail": true });
    assert.equal(named(org, T.trail, "audit-trail").inputs.isOrganizationTrail, true);
    const policy = doc(named(org, T.bucketPolicy, "audit-trail").inputs.policy);
    const write = policy.Statement.find((s) => s.Sid === "CloudTrailWrite");
    assert.ok((write?.Resource as string[]).some((r) => r.endsWith("/AWSLogs/o-a1b2c3d4e5/*")));
  });

  it("creates the Backup Audit Manager framework and report plans into the audit bucket", () => {
    const framework = named(run, T.framework, "backup-audit");
    const controls = framework.inputs.controls as { name: string }[];
    assert.equal(controls.length, 7);
    assert.ok(controls.some((c) => c.name === "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"));
    const plans = ofType(run, T.reportPlan);
    assert.ok(plans.length >= 1);
    for (const p of plans) {
      const channel = p.inputs.reportDeliveryChannel as Record<string, string>;
      assert.equal(channel.s3BucketName, "isolation-audit-222222222222-eu-west-1");
    }
    const compliance = plans.find(
      (p) => (p.inputs.reportSetting as Record<string, unknown>).reportTemplate === "CONTROL_COMPLIANCE_REPORT",
    );
    assert.deepEqual((compliance?.inputs.reportSetting as Record<string, unknown>).frameworkArns, [
      framework.outputs.arn,
    ]);
  });

  it("builds a second locked vault with its own key in the second region, and none without it", async () => {
    const second = named(run, T.vault, "second-region-vault");
    assert.equal(second.inputs.region, "eu-central-1");
    assert.equal(second.inputs.kmsKeyArn, named(run, T.key, "second-region-vault-key").outputs.arn);
    assert.ok((named(run, T.lock, "second-region-vault").inputs.changeableForDays as number) >= 3);
    const single = await recordStack("recovery", { "isolation:secondRegion": undefined });
    assert.deepEqual(
      ofType(single, T.vault).map((v) => v.name),
      ["recovery-vault"],
    );
    assert.equal(single.outputs.secondRegionVaultArn, undefined);
  });

  it("exports the typed contract", () => {
    const o = run.outputs as Record<string, unknown>;
    for (const k of [
      "role",
      "accountId",
      "region",
      "vaultName",
      "vaultArn",
      "airGappedVaultArn",
      "keyArns",
      "snsTopicArn",
      "auditBucketName",
      "secondRegionVaultName",
      "secondRegionVaultArn",
    ]) {
      assert.ok(o[k] !== undefined, k);
    }
    assert.equal(o.role, "recovery");
    assert.equal(o.vaultArn, named(run, T.vault, "recovery-vault").outputs.arn);
    assert.equal(o.airGappedVaultArn, named(run, T.airGapped, "air-gapped-vault").outputs.arn);
    assert.equal(o.snsTopicArn, named(run, T.topic, "monitoring").outputs.arn);
    assert.equal((o.keyArns as Record<string, string>).vault, named(run, T.key, "vault-key").outputs.arn);
  });

  it("references only the org stack, and gives every AWS resource the account provider", () => {
    const refs = run.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
    assert.deepEqual(
      refs.map((r) => r.name),
      ["ref-org"],
    );
    const provider = run.resources.find((r) => r.type === "pulumi:providers:aws");
    for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
      assert.ok(r.provider?.startsWith(provider!.urn), `${r.type} ${r.name}`);
    }
    for (const c of run.resources.filter((x) => x.type.startsWith("isolation:recovery:"))) {
      assert.ok(c.parent?.includes("pulumi:pulumi:Stack"), c.name);
    }
  });
});
