import { strict as assert } from "assert";
import { backupPolicyCopyTargets, BackupPolicyArgs, workloadsBackupPolicy } from "../../lib/orgpolicies/backup-policy";

const args: BackupPolicyArgs = {
  partition: "aws",
  regions: ["eu-west-1"],
  scheduleExpression: "cron(0 5 ? * * *)",
  retentionDays: 35,
  copyRetentionDays: 90,
  localVaultName: "isolation-local",
  backupRoleName: "service-role/AWSBackupDefaultServiceRole",
  selectionTag: { key: "isolation:backup", value: "daily" },
  managedPlanTag: { key: "isolation:managed-by", value: "org-backup-policy" },
  recoveryAccountId: "222222222222",
  recoveryRegion: "eu-central-1",
  recoveryVaultName: "bunker",
  airGappedVaultName: "bunker-lag",
};

type Rule = { copy_actions: Record<string, { target_backup_vault_arn: { "@@assign": string }; lifecycle: unknown }> };

describe("organization backup policy", () => {
  it("computes the two target vault ARNs from config alone", () => {
    assert.deepEqual(backupPolicyCopyTargets(args), [
      "arn:aws:backup:eu-central-1:222222222222:backup-vault:bunker",
      "arn:aws:backup:eu-central-1:222222222222:backup-vault:bunker-lag",
    ]);
    assert.deepEqual(
      backupPolicyCopyTargets({ ...args, partition: "aws-us-gov", recoveryRegion: "us-gov-west-1" })[0],
      "arn:aws-us-gov:backup:us-gov-west-1:222222222222:backup-vault:bunker",
    );
  });

  it("copies every recovery point into both vaults with the copy retention", () => {
    const doc = workloadsBackupPolicy(args) as { plans: Record<string, { rules: Record<string, Rule> }> };
    const rule = Object.values(Object.values(doc.plans)[0].rules)[0];
    const targets = backupPolicyCopyTargets(args);
    assert.deepEqual(Object.keys(rule.copy_actions), targets);
    for (const arn of targets) {
      assert.equal(rule.copy_actions[arn].target_backup_vault_arn["@@assign"], arn);
      assert.deepEqual(rule.copy_actions[arn].lifecycle, { delete_after_days: { "@@assign": "90" } });
    }
  });

  it("uses $account for the member's backup role and tags the plans it manages", () => {
    const text = JSON.stringify(workloadsBackupPolicy(args));
    assert.ok(text.includes('"arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole"'));
    assert.ok(text.includes('"backup_plan_tags":{"isolation:managed-by"'));
    assert.ok(text.includes('"regions":{"@@assign":["eu-west-1"]}'));
  });
});
