import { strict as assert } from "assert";
import fc from "fast-check";
import { auditBucketPolicy } from "../lib/recoverypolicies/bucket-policy";
import { actionsOf, awsPrincipalsOf, servicePrincipalsOf, Statement } from "../lib/recoverypolicies/document";
import {
  apiCallPattern,
  jobFailurePattern,
  serialisePattern,
  vaultStatePattern,
} from "../lib/recoverypolicies/event-patterns";
import { frameworkControls } from "../lib/recoverypolicies/framework-controls";
import { alertsKeyPolicy, auditKeyPolicy, vaultKeyPolicy } from "../lib/recoverypolicies/key-policy";
import { backupServiceLinkedRoleArn } from "../lib/recoverypolicies/principals";
import { isComplianceMode, retentionProblems } from "../lib/recoverypolicies/retention";
import { alertsTopicPolicy } from "../lib/recoverypolicies/topic-policy";
import { vaultAccessPolicy } from "../lib/recoverypolicies/vault-access-policy";

const WORKLOADS = "o-a1b2c3d4e5/r-a1b2/ou-a1b2-workload/";
const DEPLOY = "arn:aws:iam::222222222222:role/IsolationDeployer";
const ADMIN = "arn:aws:iam::222222222222:role/RecoveryKeyAdmin";
const PROD = "444444444444";

const sid = (stmts: Statement[], id: string) => {
  const s = stmts.find((x) => x.Sid === id);
  assert.ok(s, `statement ${id} missing`);
  return s;
};

describe("recovery vault access policy", () => {
  const doc = vaultAccessPolicy({ workloadsOrgPath: WORKLOADS, policyAdminRoleArn: DEPLOY });
  const allows = doc.Statement.filter((s) => s.Effect === "Allow");
  const denies = doc.Statement.filter((s) => s.Effect === "Deny");

  it("allows only backup:CopyIntoBackupVault, only from the workloads OU", () => {
    assert.equal(allows.length, 1);
    assert.deepEqual(actionsOf(allows[0]), ["backup:CopyIntoBackupVault"]);
    assert.deepEqual(allows[0].Condition, {
      "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${WORKLOADS}*`] },
    });
  });

  it("denies deletion, lifecycle changes and vault deletion to Principal * without any condition", () => {
    const s = sid(doc.Statement, "DenyRecoveryPointDeletionByAnyone");
    assert.equal(s.Effect, "Deny");
    assert.deepEqual(awsPrincipalsOf(s), ["*"]);
    assert.deepEqual(
      actionsOf(s).sort(),
      ["backup:DeleteBackupVault", "backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"].sort(),
    );
    assert.equal(s.Condition, undefined);
    assert.equal(s.Resource, "*");
  });

  it("denies policy changes to Principal * except the policy admin role, and exempts nothing else", () => {
    const s = sid(doc.Statement, "DenyPolicyChangesExceptPolicyAdmin");
    assert.deepEqual(awsPrincipalsOf(s), ["*"]);
    assert.deepEqual(actionsOf(s).sort(), [
      "backup:DeleteBackupVaultAccessPolicy",
      "backup:PutBackupVaultAccessPolicy",
    ]);
    assert.deepEqual(s.Condition, { ArnNotEquals: { "aws:PrincipalArn": DEPLOY } });
    // The deploy role's exemption is the only conditional deny.
    assert.deepEqual(
      denies.filter((d) => d.Condition).map((d) => d.Sid),
      ["DenyPolicyChangesExceptPolicyAdmin"],
    );
  });

  it("rejects a malformed OU path rather than writing a condition that matches nothing or too much", () => {
    for (const bad of ["", "*", "o-a1b2c3d4e5/*", "o-a1b2c3d4e5/r-a1b2/", "ou-a1b2-workload"]) {
      assert.throws(() => vaultAccessPolicy({ workloadsOrgPath: bad, policyAdminRoleArn: DEPLOY }), /not of the form/);
    }
  });
});

describe("recovery key policies", () => {
  const slr = backupServiceLinkedRoleArn("aws", "222222222222");
  const vault = vaultKeyPolicy({
    adminRoleArns: [ADMIN],
    deployRoleArn: DEPLOY,
    accountId: "222222222222",
    backupServiceLinkedRoleArn: slr,
  });

  it("gives administration to the admin roles and the deploy role only, without key deletion", () => {
    const s = sid(vault.Statement, "KeyAdministration");
    assert.deepEqual(awsPrincipalsOf(s).sort(), [ADMIN, DEPLOY].sort());
    assert.ok(actionsOf(s).includes("kms:Put*"), "the deploy role keeps PutKeyPolicy (lockout check)");
    assert.ok(!actionsOf(s).includes("kms:ScheduleKeyDeletion"));
    assert.ok(!actionsOf(s).some((a) => a === "kms:*" || a === "kms:Delete*"));
    const deny = sid(vault.Statement, "DenyKeyDeletion");
    assert.equal(deny.Effect, "Deny");
    assert.deepEqual(awsPrincipalsOf(deny), ["*"]);
    assert.ok(actionsOf(deny).includes("kms:ScheduleKeyDeletion"));
  });

  it("names no account root and no principal outside the recovery account", () => {
    for (const s of vault.Statement.filter((x) => x.Effect === "Allow")) {
      for (const p of awsPrincipalsOf(s)) {
        assert.ok(!p.endsWith(":root"), `${s.Sid} names a root`);
        if (p === "*") {
          assert.deepEqual((s.Condition?.StringEquals as Record<string, string>)["kms:CallerAccount"], "222222222222");
        } else {
          assert.match(p, /^arn:aws:iam::222222222222:role\//, `${s.Sid}: ${p}`);
        }
      }
    }
  });

  it("gives production no kms:Decrypt (or any use) on the vault key", () => {
    const json = JSON.stringify(vault);
    assert.ok(!json.includes(PROD));
    assert.ok(!json.includes("aws:PrincipalOrgPaths"));
    const decrypters = vault.Statement.filter(
      (s) => s.Effect === "Allow" && actionsOf(s).some((a) => a === "kms:Decrypt" || a === "kms:*"),
    );
    for (const s of decrypters) {
      const principals = awsPrincipalsOf(s);
      assert.ok(
        principals.every((p) => p === slr) ||
          (principals[0] === "*" &&
            (s.Condition?.StringEquals as Record<string, string>)["kms:CallerAccount"] === "222222222222"),
        `${s.Sid} lets someone outside the recovery account decrypt`,
      );
    }
  });

  it("lets the AWS Backup service-linked role use the key and create grants only for AWS resources", () => {
    assert.deepEqual(awsPrincipalsOf(sid(vault.Statement, "AwsBackupUse")), [slr]);
    assert.match(slr, /:role\/aws-service-role\/backup\.amazonaws\.com\/AWSServiceRoleForBackup$/);
    assert.deepEqual(sid(vault.Statement, "AwsBackupGrantsForAwsResources").Condition, {
      Bool: { "kms:GrantIsForAWSResource": true },
    });
  });

  it("lets auditor roles read key metadata only, and adds nothing when there are none", () => {
    const AUDITOR = "arn:aws:iam::222222222222:role/isolation-verify";
    const withAuditor = vaultKeyPolicy({
      adminRoleArns: [ADMIN],
      deployRoleArn: DEPLOY,
      auditorRoleArns: [AUDITOR, AUDITOR],
      accountId: "222222222222",
      backupServiceLinkedRoleArn: slr,
    });
    const s = sid(withAuditor.Statement, "AuditorsReadKeyMetadata");
    assert.equal(s.Effect, "Allow");
    assert.deepEqual(awsPrincipalsOf(s), [AUDITOR]);
    assert.deepEqual(actionsOf(s), ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"]);
    // Nothing that reads data or changes the key.
    assert.ok(!actionsOf(s).some((a) => /Decrypt|ReEncrypt|Generate|CreateGrant|Put|Schedule|\*/.test(a)));
    // The auditor appears in no other statement.
    assert.deepEqual(
      withAuditor.Statement.filter((x) => awsPrincipalsOf(x).includes(AUDITOR)).map((x) => x.Sid),
      ["AuditorsReadKeyMetadata"],
    );
    assert.ok(!vault.Statement.some((x) => x.Sid === "AuditorsReadKeyMetadata"), "no auditors, no statement");
    const alerts = alertsKeyPolicy({
      adminRoleArns: [ADMIN],
      deployRoleArn: DEPLOY,
      auditorRoleArns: [AUDITOR],
      accountId: "222222222222",
    });
    assert.deepEqual(awsPrincipalsOf(sid(alerts.Statement, "AuditorsReadKeyMetadata")), [AUDITOR]);
  });

  it("lets EventBridge and AWS Backup use the alerts key; only Backup's use carries aws:SourceAccount", () => {
    const doc = alertsKeyPolicy({ adminRoleArns: [ADMIN], deployRoleArn: DEPLOY, accountId: "222222222222" });
    const events = sid(doc.Statement, "EventBridgePublishesToEncryptedTopic");
    assert.deepEqual(servicePrincipalsOf(events), ["events.amazonaws.com"]);
    assert.deepEqual(actionsOf(events), ["kms:GenerateDataKey*", "kms:Decrypt"]);
    // KMS does not support aws:SourceAccount/aws:SourceArn for EventBridge-to-encrypted-topic
    // deliveries (Amazon SNS developer guide): a condition here would drop every alert.
    assert.equal(events.Condition, undefined);
    const backup = sid(doc.Statement, "BackupNotificationsToEncryptedTopic");
    assert.deepEqual(servicePrincipalsOf(backup), ["backup.amazonaws.com"]);
    assert.deepEqual(actionsOf(backup), ["kms:GenerateDataKey*", "kms:Decrypt"]);
    assert.deepEqual(backup.Condition, { StringEquals: { "aws:SourceAccount": "222222222222" } });
  });

  it("lets CloudTrail encrypt only for the named trails", () => {
    const trail = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/t";
    const doc = auditKeyPolicy({
      adminRoleArns: [ADMIN],
      deployRoleArn: DEPLOY,
      partition: "aws",
      region: "eu-west-1",
      accountId: "222222222222",
      trailArns: [trail],
      reportsServiceLinkedRoleArn:
        "arn:aws:iam::222222222222:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports",
    });
    const s = sid(doc.Statement, "CloudTrailEncryptLogs");
    assert.deepEqual((s.Condition?.StringEquals as Record<string, string[]>)["aws:SourceArn"], [trail]);
  });
});

describe("audit bucket policy", () => {
  const base = {
    bucketArn: "arn:aws:s3:::audit",
    accountId: "222222222222",
    trailArns: ["arn:aws:cloudtrail:eu-west-1:222222222222:trail/t"],
    reportsServiceLinkedRoleArn:
      "arn:aws:iam::222222222222:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports",
  };

  it("denies every request without TLS, to everyone", () => {
    const s = sid(auditBucketPolicy(base).Statement, "DenyInsecureTransport");
    assert.equal(s.Effect, "Deny");
    assert.equal(s.Principal, "*");
    assert.equal(s.Action, "s3:*");
    assert.deepEqual(s.Resource, ["arn:aws:s3:::audit", "arn:aws:s3:::audit/*"]);
    assert.deepEqual(s.Condition, { Bool: { "aws:SecureTransport": false } });
  });

  it("lets CloudTrail write only under AWSLogs/<account>/ (and <org>/ for an organization trail), for its trail", () => {
    const own = sid(auditBucketPolicy(base).Statement, "CloudTrailWrite");
    assert.deepEqual(own.Resource, ["arn:aws:s3:::audit/AWSLogs/222222222222/*"]);
    assert.deepEqual(own.Condition, {
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": base.trailArns },
    });
    const org = sid(auditBucketPolicy({ ...base, organizationId: "o-a1b2c3d4e5" }).Statement, "CloudTrailWrite");
    assert.deepEqual(org.Resource, [
      "arn:aws:s3:::audit/AWSLogs/222222222222/*",
      "arn:aws:s3:::audit/AWSLogs/o-a1b2c3d4e5/*",
    ]);
    assert.deepEqual(sid(auditBucketPolicy(base).Statement, "CloudTrailAclCheck").Condition, {
      StringEquals: { "aws:SourceArn": base.trailArns },
    });
  });
});

describe("alerts topic policy", () => {
  const doc = alertsTopicPolicy({
    topicArn: "arn:aws:sns:eu-west-1:222222222222:t",
    accountId: "222222222222",
    eventRuleArnPattern: "arn:aws:events:eu-west-1:222222222222:rule/*",
  });
  it("lets only EventBridge rules and AWS Backup of this account publish", () => {
    const allows = doc.Statement.filter((s) => s.Effect === "Allow");
    assert.deepEqual(allows.flatMap(servicePrincipalsOf).sort(), ["backup.amazonaws.com", "events.amazonaws.com"]);
    for (const s of allows) {
      assert.deepEqual(actionsOf(s), ["sns:Publish"]);
      assert.equal((s.Condition?.StringEquals as Record<string, string>)["aws:SourceAccount"], "222222222222");
      assert.deepEqual(awsPrincipalsOf(s), []);
    }
    assert.deepEqual(sid(doc.Statement, "EventBridgeRulesOfThisAccount").Condition?.ArnLike, {
      "aws:SourceArn": "arn:aws:events:eu-west-1:222222222222:rule/*",
    });
  });
});

describe("monitoring event patterns", () => {
  it("watches AWS Backup job failures and vault/recovery point state changes", () => {
    assert.deepEqual(jobFailurePattern().source, ["aws.backup"]);
    assert.ok(jobFailurePattern()["detail-type"].includes("Copy Job State Change"));
    assert.deepEqual((jobFailurePattern().detail as { state: string[] }).state.includes("FAILED"), true);
    assert.ok(vaultStatePattern()["detail-type"].includes("Recovery Point Change"));
    assert.ok(vaultStatePattern()["detail-type"].includes("Backup Vault State Change"));
  });

  it("watches the API calls that weaken vaults, locks, policies, recovery points and keys", () => {
    const p = apiCallPattern();
    assert.deepEqual(p["detail-type"], ["AWS API Call via CloudTrail"]);
    const detail = p.detail as { eventSource: string[]; eventName: string[] };
    for (const src of ["backup.amazonaws.com", "kms.amazonaws.com"]) assert.ok(detail.eventSource.includes(src));
    for (const name of [
      "DeleteRecoveryPoint",
      "PutBackupVaultAccessPolicy",
      "DeleteBackupVaultAccessPolicy",
      "PutBackupVaultLockConfiguration",
      "DeleteBackupVaultLockConfiguration",
      "DeleteBackupVault",
      "UpdateRecoveryPointLifecycle",
      "ScheduleKeyDeletion",
      "DisableKey",
      "PutKeyPolicy",
      "StopLogging",
    ]) {
      assert.ok(detail.eventName.includes(name), name);
    }
    // Every pattern fits EventBridge's size limit.
    for (const pattern of [p, jobFailurePattern(), vaultStatePattern()])
      assert.doesNotThrow(() => serialisePattern(pattern));
  });
});

describe("retention rules", () => {
  it("reports min above max, for both vaults, and an object lock shorter than the vault minimum", () => {
    const problems = retentionProblems({
      vaultMinRetentionDays: 100,
      vaultMaxRetentionDays: 50,
      airGappedMinRetentionDays: 30,
      airGappedMaxRetentionDays: 20,
      trailObjectLockDays: 99,
    });
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      "airGappedMinRetentionDays",
      "trailObjectLockDays",
      "vaultMinRetentionDays",
    ]);
  });

  it("accepts any consistent settings (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36500 }), fc.integer({ min: 0, max: 36500 }), (min, extra) => {
        const max = Math.min(36500, min + extra);
        return (
          retentionProblems({ vaultMinRetentionDays: min, vaultMaxRetentionDays: max, trailObjectLockDays: min })
            .length === 0
        );
      }),
    );
  });

  it("calls a lock compliance mode only with changeableForDays of 3 or more", () => {
    assert.equal(isComplianceMode(undefined), false);
    assert.equal(isComplianceMode(2), false);
    assert.equal(isComplianceMode(3), true);
  });
});

describe("audit framework controls", () => {
  const controls = frameworkControls({
    minRetentionDays: 35,
    maxRetentionDays: 3650,
    exemptPrincipalArns: [DEPLOY],
    crossAccountIds: ["222222222222"],
    maxRecoveryPointAgeDays: 1,
    maxRestoreTimeMinutes: 720,
  });
  it("has the seven controls the issue asks for, with the retention minimum as the required retention", () => {
    assert.deepEqual(controls.map((c) => c.name).sort(), [
      "BACKUP_LAST_RECOVERY_POINT_CREATED",
      "BACKUP_RECOVERY_POINT_ENCRYPTED",
      "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
      "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
      "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
      "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
      "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
    ]);
    const retention = controls.find((c) => c.name === "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK");
    assert.deepEqual(retention?.inputParameters, [{ name: "requiredRetentionDays", value: "35" }]);
    const manual = controls.find((c) => c.name === "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED");
    assert.deepEqual(manual?.inputParameters, [{ name: "principalArnList", value: DEPLOY }]);
  });
});
