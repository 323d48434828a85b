import { strict as assert } from "assert";
import type { StackRun } from "../harness/engine";
import { workloadsBackupPolicy } from "../lib/orgpolicies/backup-policy";
import { localVaultKeyPolicy } from "../lib/prod/local-vault-key-policy";
import { actionsOf, awsPrincipalsOf, PolicyDocument } from "../lib/recoverypolicies/document";
import { splitRoleName } from "../lib/backup/service-role";
import { jsonInput, named, ofType, recordStack } from "./helpers";

const T = {
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  vault: "aws:backup/vault:Vault",
  vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
};

const doc = (v: unknown) => jsonInput(v) as PolicyDocument;

describe("prod stack", function () {
  let run: StackRun;
  before(async () => {
    run = await recordStack("prod");
  });

  it("creates the vault and role the org backup policy names, with the org stack's defaults", async () => {
    const org = await recordStack("org");
    const policy = JSON.stringify(
      (org.resources.find(
        (r) => r.type === "aws:organizations/policy:Policy" && String(r.inputs.type) === "BACKUP_POLICY",
      )?.inputs.content as string) ?? "",
    );
    const vault = named(run, T.vault, "local-vault");
    assert.equal(vault.inputs.name, "isolation-local");
    assert.ok(policy.includes("isolation-local"), "the org backup policy names the same vault");
    const role = named(run, T.role, "backup-role");
    assert.equal(role.inputs.path, "/service-role/");
    assert.equal(role.inputs.name, "AWSBackupDefaultServiceRole");
    assert.ok(policy.includes("role/service-role/AWSBackupDefaultServiceRole"));
    assert.equal(run.outputs.backupRoleArn, "arn:aws:iam::444444444444:role/service-role/AWSBackupDefaultServiceRole");
  });

  it("the role's ARN is the one the backup policy builds for the account", () => {
    const built = workloadsBackupPolicy({
      partition: "aws",
      regions: ["eu-west-1"],
      scheduleExpression: "cron(0 5 ? * * *)",
      retentionDays: 35,
      copyRetentionDays: 35,
      localVaultName: "isolation-local",
      backupRoleName: "service-role/AWSBackupDefaultServiceRole",
      selectionTag: { key: "k", value: "v" },
      managedPlanTag: { key: "m", value: "v" },
      recoveryAccountId: "222222222222",
      recoveryRegion: "eu-west-1",
      recoveryVaultName: "isolation-recovery",
      airGappedVaultName: "isolation-air-gapped",
    });
    const template = JSON.stringify(built).match(/arn:aws:iam::\$account:role\/[^"]+/)![0];
    assert.equal(template.replace("$account", "444444444444"), run.outputs.backupRoleArn);
  });

  it("follows the shared keys when they are changed", async () => {
    const custom = await recordStack("prod", {
      "isolation:backupPolicyLocalVaultName": "workload-vault",
      "isolation:backupPolicyRoleName": "backup/team/BackupRole",
    });
    assert.equal(named(custom, T.vault, "local-vault").inputs.name, "workload-vault");
    const role = named(custom, T.role, "backup-role");
    assert.deepEqual([role.inputs.path, role.inputs.name], ["/backup/team/", "BackupRole"]);
    assert.equal(custom.outputs.backupRoleArn, "arn:aws:iam::444444444444:role/backup/team/BackupRole");
    assert.equal(named(custom, T.alias, "local-vault-key").inputs.name, "alias/isolation/workload-vault");
  });

  it("encrypts the vault with a rotating customer-managed key; both are protected and retained", () => {
    const key = named(run, T.key, "local-vault-key");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.equal(key.inputs.deletionWindowInDays, 30);
    const vault = named(run, T.vault, "local-vault");
    assert.equal(vault.inputs.kmsKeyArn, key.outputs.arn);
    assert.equal(vault.inputs.forceDestroy, false);
    for (const r of [key, vault]) {
      assert.equal(r.protect, true, r.name);
      assert.equal(r.retainOnDelete, true, r.name);
    }
    assert.equal(run.outputs.localVaultKeyArn, key.outputs.arn);
    assert.equal(run.outputs.localVaultArn, vault.outputs.arn);
    assert.equal(ofType(run, T.vaultPolicy).length, 0, "no vault access policy (see components/local-vault.ts)");
  });

  it("lets the recovery account, and no other, read the key for cross-account copies", () => {
    const policy = doc(named(run, T.key, "local-vault-key").inputs.policy);
    const foreign = policy.Statement.filter((s) =>
      awsPrincipalsOf(s).some((p) => p !== "*" && !p.startsWith("arn:aws:iam::444444444444:")),
    );
    assert.deepEqual(
      foreign.map((s) => awsPrincipalsOf(s)),
      [["arn:aws:iam::222222222222:root"], ["arn:aws:iam::222222222222:root"]],
    );
    assert.deepEqual(foreign.flatMap(actionsOf).sort(), ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey"]);
    const grant = foreign.find((s) => actionsOf(s).includes("kms:CreateGrant"))!;
    assert.deepEqual(grant.Condition, { Bool: { "kms:GrantIsForAWSResource": true } });
    // Wildcard principals are confined to this account.
    for (const s of policy.Statement.filter((x) => x.Effect === "Allow" && awsPrincipalsOf(x).includes("*"))) {
      assert.equal((s.Condition?.StringEquals as Record<string, string>)["kms:CallerAccount"], "444444444444", s.Sid);
    }
    // Nobody may delete the key.
    const deny = policy.Statement.find((s) => s.Effect === "Deny")!;
    assert.ok(actionsOf(deny).includes("kms:ScheduleKeyDeletion"));
    // The account reached from the recovery stack, not from config.
    assert.equal(run.outputs.recoveryAccountId, "222222222222");
  });

  it("lets isolation:auditorRoleArns read the key's metadata, for npm run verify, and nothing else", () => {
    const policy = doc(named(run, T.key, "local-vault-key").inputs.policy);
    const auditor = policy.Statement.filter((s) =>
      awsPrincipalsOf(s).includes("arn:aws:iam::444444444444:role/IsolationVerify"),
    );
    assert.deepEqual(
      auditor.map((s) => [s.Sid, actionsOf(s)]),
      [["AuditorsReadKeyMetadata", ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"]]],
    );
  });

  it("the key policy builder refuses the workload account as its own recovery account", () => {
    assert.throws(
      () =>
        localVaultKeyPolicy({
          partition: "aws",
          accountId: "444444444444",
          deployRoleArn: "arn:aws:iam::444444444444:role/D",
          backupRoleArn: "arn:aws:iam::444444444444:role/B",
          recoveryAccountId: "444444444444",
        }),
      /must not be the workload account/,
    );
  });

  it("gives AWS Backup of this account alone the backup and restore managed policies", () => {
    const role = named(run, T.role, "backup-role");
    const trust = jsonInput(role.inputs.assumeRolePolicy) as PolicyDocument;
    assert.deepEqual(
      trust.Statement.map((s) => [s.Principal, s.Action, s.Condition]),
      [
        [
          { Service: "backup.amazonaws.com" },
          "sts:AssumeRole",
          { StringEquals: { "aws:SourceAccount": "444444444444" } },
        ],
      ],
    );
    assert.deepEqual(
      ofType(run, T.attachment)
        .map((a) => a.inputs.policyArn)
        .sort(),
      [
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    );
  });

  it("reads only the org and recovery stacks", () => {
    for (const r of ofType(run, "pulumi:pulumi:StackReference")) assert.match(r.name, /^ref-(org|recovery)$/);
  });

  it("splits role paths as IAM wants them", () => {
    assert.deepEqual(splitRoleName("Role"), { path: "/", name: "Role" });
    assert.deepEqual(splitRoleName("service-role/AWSBackupDefaultServiceRole"), {
      path: "/service-role/",
      name: "AWSBackupDefaultServiceRole",
    });
    assert.throws(() => splitRoleName(`a/${"x".repeat(65)}`), /1 to 64/);
  });
});
