import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { decodeJson } from "../../lib/json";
import { POLICY_CHANGE_ACTIONS, UNCONDITIONAL_DENY_ACTIONS } from "../../lib/recoverypolicies/vault-access-policy";
import { ResourceV3, SECRET_SIG, SIG_KEY, StackExport } from "../../lib/stack-export";
import { derivePlan } from "../../lib/verify/expectations";
import { loadPlans } from "../../lib/verify/input";
import { VerifyInputError } from "../../lib/verify/types";
import { Previewed, previewStacks } from "./previewed";

function resourcesOf(e: StackExport, type: string): ResourceV3[] {
  return e.deployment.resources!.filter((r) => r.type === type);
}

function providerOf(e: StackExport): ResourceV3 {
  return resourcesOf(e, "pulumi:providers:aws")[0];
}

describe("verify: expectations derived from a stack export", () => {
  let pv: Previewed;
  before(async () => {
    pv = await previewStacks();
  });
  after(() => pv.cleanup());

  it("recovery: the pinned account, every vault with its lock, retention and policy, keys and the trail bucket", () => {
    const exported = pv.exported("recovery");
    const plan = derivePlan(exported, pv.file("recovery"));
    assert.equal(plan.stack, "recovery");
    assert.deepEqual(plan.accounts, decodeJson(providerOf(exported).inputs!.allowedAccountIds));
    assert.equal(plan.region, providerOf(exported).inputs!.region);

    const vaults = plan.vaults.map((v) => `${v.region}/${v.name}${v.airGapped ? " (air-gapped)" : ""}`).sort();
    assert.deepEqual(vaults, [
      "eu-central-1/isolation-recovery-secondary",
      "eu-west-1/isolation-air-gapped (air-gapped)",
      "eu-west-1/isolation-recovery",
    ]);

    // Every locked vault expects exactly the lock's inputs, and the policy the stack's code writes.
    const locks = resourcesOf(exported, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    assert.equal(locks.length, 2);
    for (const lock of locks) {
      const v = plan.vaults.find((x) => x.name === lock.inputs!.backupVaultName)!;
      assert.equal(v.lockUrn, lock.urn);
      assert.deepEqual(v.retention, {
        urn: lock.urn,
        minRetentionDays: lock.inputs!.minRetentionDays,
        maxRetentionDays: lock.inputs!.maxRetentionDays,
      });
      assert.ok(v.policy, `${v.name} has a policy expectation`);
      assert.deepEqual(v.policy.unconditional, UNCONDITIONAL_DENY_ACTIONS);
      assert.deepEqual(v.policy.exemptable, POLICY_CHANGE_ACTIONS);
      assert.deepEqual(v.policy.exemptPrincipals, ["arn:aws:iam::222222222222:role/IsolationDeployer"]);
      const vault = resourcesOf(exported, "aws:backup/vault:Vault").find((r) => r.inputs!.name === v.name)!;
      assert.equal(v.encryptionKeyArn, vault.inputs!.kmsKeyArn);
    }

    const lag = resourcesOf(exported, "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault")[0];
    const ag = plan.vaults.find((v) => v.airGapped)!;
    assert.equal(ag.lockUrn, undefined, "AWS locks the air-gapped vault; there is no lock resource");
    assert.deepEqual(ag.retention, {
      urn: lag.urn,
      minRetentionDays: lag.inputs!.minRetentionDays,
      maxRetentionDays: lag.inputs!.maxRetentionDays,
    });

    const keys = resourcesOf(exported, "aws:kms/key:Key");
    assert.deepEqual(
      plan.keys.map((k) => `${k.region}/${k.keyId}/${k.rotation}`).sort(),
      keys.map((k) => `${k.outputs!.region}/${k.id}/true`).sort(),
    );
    assert.equal(plan.keys.filter((k) => k.region === "eu-central-1").length, 2);

    assert.deepEqual(
      plan.objectLocks.map(({ bucket, region, days, years }) => ({ bucket, region, days, years })),
      [{ bucket: "isolation-audit-222222222222-eu-west-1", region: "eu-west-1", days: 400, years: undefined }],
    );
    assert.deepEqual(plan.orgPolicies, []);
    assert.deepEqual(plan.notes, []);
  });

  it("org: every SCP and RCP with its attachment targets and content; the backup policy is named as not checked", () => {
    const exported = pv.exported("org");
    const plan = derivePlan(exported, pv.file("org"));
    assert.deepEqual(plan.accounts, ["111111111111"]);
    const policies = resourcesOf(exported, "aws:organizations/policy:Policy");
    const guardrails = policies.filter((p) => p.inputs!.type !== "BACKUP_POLICY");
    assert.equal(guardrails.length, 5);
    assert.deepEqual(plan.orgPolicies.map((p) => p.policyId).sort(), guardrails.map((p) => p.id).sort());
    const attachments = resourcesOf(exported, "aws:organizations/policyAttachment:PolicyAttachment");
    for (const p of plan.orgPolicies) {
      const declared = guardrails.find((g) => g.id === p.policyId)!;
      assert.equal(p.content, declared.inputs!.content);
      assert.equal(p.type, declared.inputs!.type);
      assert.deepEqual(
        p.targets.map((t) => t.targetId),
        attachments.filter((a) => a.inputs!.policyId === p.policyId).map((a) => a.inputs!.targetId),
      );
      assert.equal(p.targets.length, 1);
    }
    assert.deepEqual(plan.vaults, []);
    assert.deepEqual(plan.keys, []);
    assert.ok(
      plan.notes.some((n) => /BACKUP_POLICY isolation-workloads-backup: not checked/.test(n)),
      plan.notes.join(),
    );
  });

  it("ire: only the validation alerts topic's key (enabled, rotating): no vault, lock or guardrail", () => {
    const plan = derivePlan(pv.exported("ire"), pv.file("ire"));
    assert.deepEqual(plan.accounts, ["333333333333"]);
    assert.deepEqual(plan.vaults, []);
    assert.deepEqual(plan.objectLocks, []);
    assert.deepEqual(plan.orgPolicies, []);
    assert.deepEqual(
      plan.keys.map((k) => [k.region, k.rotation, k.description]),
      [["eu-west-1", true, "IRE validation alerts topic: encrypts alarm notifications in flight"]],
    );
    assert.ok(!plan.notes.some((n) => /nothing to verify/.test(n)), plan.notes.join());
  });

  it("prod: its local vault (not locked, no policy) and its key", () => {
    const plan = derivePlan(pv.exported("prod"), pv.file("prod"));
    assert.deepEqual(plan.accounts, ["444444444444"]);
    assert.deepEqual(
      plan.vaults.map((v) => [v.name, v.region, v.airGapped, v.lockUrn, v.retention, v.policy]),
      [["isolation-local", "eu-west-1", false, undefined, undefined, undefined]],
    );
    assert.equal(plan.keys.length, 1);
    assert.equal(plan.keys[0].rotation, true);
  });

  it("--region replaces the provider's region, but not a resource's own region", () => {
    const plan = derivePlan(pv.exported("recovery"), "recovery.json", { region: "us-east-1" });
    assert.equal(plan.region, "us-east-1");
    assert.equal(plan.vaults.find((v) => v.name === "isolation-recovery")!.region, "us-east-1");
    assert.equal(plan.vaults.find((v) => v.name === "isolation-recovery-secondary")!.region, "eu-central-1");
    assert.equal(plan.objectLocks[0].region, "us-east-1");
  });

  it("reads allowedAccountIds as a JSON-encoded string or as a list", () => {
    const exported = pv.exported("prod");
    providerOf(exported).inputs!.allowedAccountIds = ["444444444444"];
    assert.deepEqual(derivePlan(exported, "prod.json").accounts, ["444444444444"]);
  });

  it("refuses an export whose provider pins no account, naming the file", () => {
    const exported = pv.exported("prod");
    delete providerOf(exported).inputs!.allowedAccountIds;
    assert.throws(
      () => derivePlan(exported, "prod.json"),
      (e: Error) =>
        e instanceof VerifyInputError &&
        /^prod\.json: no aws provider in the export sets allowedAccountIds/.test(e.message),
    );
  });

  it("needs a region from the provider or from --region", () => {
    const exported = pv.exported("prod");
    delete providerOf(exported).inputs!.region;
    assert.throws(
      () => derivePlan(exported, "prod.json"),
      /prod\.json: the stack's aws provider has no region input; pass --region/,
    );
    assert.equal(derivePlan(exported, "prod.json", { region: "eu-west-2" }).vaults[0].region, "eu-west-2");
  });

  it("opens secrets exported with --show-secrets and refuses encrypted ones, naming the resource and input", () => {
    const exported = pv.exported("recovery");
    const policy = resourcesOf(exported, "aws:backup/vaultPolicy:VaultPolicy")[0];
    const text = policy.inputs!.policy as string;
    policy.inputs!.policy = { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(text) };
    const plan = derivePlan(exported, "recovery.json");
    assert.deepEqual(plan.vaults.find((v) => v.policy?.urn === policy.urn)!.policy!.exemptPrincipals, [
      "arn:aws:iam::222222222222:role/IsolationDeployer",
    ]);
    policy.inputs!.policy = { [SIG_KEY]: SECRET_SIG, ciphertext: "AAAA" };
    assert.throws(
      () => derivePlan(exported, "recovery.json"),
      (e: Error) =>
        e instanceof VerifyInputError &&
        e.message.includes(`recovery.json: ${policy.urn}: input "policy" is encrypted in the export`) &&
        e.message.includes("--show-secrets"),
    );
  });

  it("ignores resources the deployment holds only for deletion", () => {
    const exported = pv.exported("prod");
    for (const r of exported.deployment.resources!) if (r.type === "aws:kms/key:Key") r.delete = true;
    assert.equal(derivePlan(exported, "prod.json").keys.length, 0);
  });

  it("loadPlans names the file that cannot be read or is not an export, and rejects a bad --region", () => {
    const bad = path.join(pv.dir, "not-an-export.json");
    fs.writeFileSync(bad, JSON.stringify({ hello: "world" }));
    assert.throws(() => loadPlans([path.join(pv.dir, "missing.json")]), /missing\.json: cannot read \(ENOENT\)/);
    assert.throws(
      () => loadPlans([bad]),
      /not-an-export\.json: deployment version undefined; expected a `pulumi stack export` file/,
    );
    assert.throws(
      () => loadPlans([pv.file("ire")], { region: "moon-1" }),
      /--region "moon-1": expected an AWS region name/,
    );
    assert.throws(() => loadPlans([]), /no stack file given/);
    assert.equal(loadPlans([pv.file("ire"), pv.file("prod")]).length, 2);
  });
});
