import { strict as assert } from "assert";
import { derivePlan } from "../../lib/verify/expectations";
import { OPERATIONS } from "../../lib/verify/permissions";
import { CheckResult, VerifyInputError } from "../../lib/verify/types";
import { StackReport, verifyPlans } from "../../lib/verify/verifier";
import { FakeAws } from "./fake-aws";
import { Previewed, previewStacks } from "./previewed";

const NOW = new Date("2026-07-01T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

describe("verify: checks against a mocked AWS account", () => {
  let pv: Previewed;
  let fake: FakeAws | undefined;
  before(async () => {
    pv = await previewStacks();
  });
  after(() => pv.cleanup());
  afterEach(() => fake?.restore());

  /** A healthy account for `stack`, changed by `breakIt`, then verified. */
  async function verify(stack: string, breakIt: (f: FakeAws) => void = () => undefined): Promise<StackReport> {
    const exported = pv.exported(stack);
    fake = FakeAws.healthy([exported], NOW);
    breakIt(fake);
    const clients = fake.install();
    const [report] = await verifyPlans([derivePlan(exported, pv.file(stack))], { clients, now: NOW });
    return report;
  }

  const notPassing = (r: StackReport) => r.checks.filter((c) => c.status !== "PASS");
  const only = (r: StackReport): CheckResult => {
    const bad = notPassing(r);
    assert.equal(bad.length, 1, `exactly one check does not pass: ${JSON.stringify(bad, null, 2)}`);
    return bad[0];
  };

  it("recovery: everything passes on a healthy account, each vault asked in its own region", async () => {
    const report = await verify("recovery");
    assert.deepEqual(notPassing(report), []);
    const kinds = (subject: RegExp) =>
      report.checks
        .filter((c) => subject.test(c.subject))
        .map((c) => c.check)
        .sort();
    assert.deepEqual(kinds(/^backup vault isolation-recovery \(eu-west-1\)/), [
      "vault-exists",
      "vault-lock",
      "vault-policy",
      "vault-retention",
    ]);
    assert.deepEqual(kinds(/^backup vault isolation-recovery-secondary \(eu-central-1\)/), [
      "vault-exists",
      "vault-lock",
      "vault-policy",
      "vault-retention",
    ]);
    assert.deepEqual(kinds(/^logically air-gapped vault isolation-air-gapped/), ["vault-exists", "vault-retention"]);
    const keyIds = pv
      .exported("recovery")
      .deployment.resources!.filter((r) => r.type === "aws:kms/key:Key")
      .map((r) => r.id!);
    for (const id of keyIds) {
      assert.deepEqual(kinds(new RegExp(`^KMS key ${id} `)), ["kms-key-rotation", "kms-key-state"]);
    }
    assert.deepEqual(kinds(/^S3 bucket isolation-audit-/), ["bucket-object-lock"]);
    assert.equal(report.checks[0].check, "identity");
    assert.ok(fake!.routed.includes("DescribeBackupVault@eu-central-1"));
    assert.ok(fake!.routed.includes("DescribeKey@eu-central-1"));
  });

  it("org: every SCP and RCP passes, following ListTargetsForPolicy's pages", async () => {
    const report = await verify("org");
    assert.deepEqual(notPassing(report), []);
    assert.equal(report.checks.filter((c) => c.check === "org-policy-content").length, 5);
    assert.equal(report.checks.filter((c) => c.check === "org-policy-attached").length, 5);
    assert.ok(report.notes.some((n) => /BACKUP_POLICY/.test(n)));
  });

  it("prod: its local vault and key pass; ire: identity and its alerts key", async () => {
    const prod = await verify("prod");
    assert.deepEqual(notPassing(prod), []);
    assert.deepEqual(prod.checks.map((c) => c.check).sort(), [
      "identity",
      "kms-key-rotation",
      "kms-key-state",
      "vault-exists",
    ]);
    fake!.restore();
    const ire = await verify("ire");
    assert.deepEqual(
      ire.checks.map((c) => [c.check, c.status]),
      [
        ["identity", "PASS"],
        ["kms-key-state", "PASS"],
        ["kms-key-rotation", "PASS"],
      ],
    );
    assert.ok(!ire.notes.some((n) => /nothing to verify about deletion protection/.test(n)));
  });

  it("FAIL: an unlocked vault", async () => {
    const c = only(
      await verify("recovery", (f) => {
        Object.assign(f.vault("eu-west-1", "isolation-recovery"), { Locked: false, LockDate: undefined });
      }),
    );
    assert.equal(c.status, "FAIL");
    assert.equal(c.check, "vault-lock");
    assert.match(c.subject, /isolation-recovery \(eu-west-1\)/);
    assert.match(c.actual, /Locked false: Vault Lock is not protecting the vault/);
  });

  it("FAIL: a lock in governance mode (locked, but no lock date)", async () => {
    const c = only(
      await verify("recovery", (f) => {
        f.vault("eu-central-1", "isolation-recovery-secondary").LockDate = undefined;
      }),
    );
    assert.equal(c.check, "vault-lock");
    assert.match(c.actual, /governance mode/);
  });

  it("FAIL: a lock date in the future (still in the grace time)", async () => {
    const c = only(
      await verify("recovery", (f) => {
        f.vault("eu-west-1", "isolation-recovery").LockDate = new Date(NOW.getTime() + 2 * DAY);
      }),
    );
    assert.equal(c.check, "vault-lock");
    assert.match(c.actual, /LockDate 2026-07-03T12:00:00\.000Z: still in its grace time/);
  });

  it("FAIL: shortened retention", async () => {
    const c = only(
      await verify("recovery", (f) => {
        f.vault("eu-west-1", "isolation-recovery").MinRetentionDays = 1;
      }),
    );
    assert.equal(c.check, "vault-retention");
    assert.equal(c.expected, "MinRetentionDays 35, MaxRetentionDays 3650");
    assert.match(c.actual, /MinRetentionDays 1, MaxRetentionDays 3650 \(minimum retention shortened\)/);
  });

  it("FAIL: the air-gapped vault is gone or has other retention", async () => {
    const gone = await verify("recovery", (f) => f.vaults.delete("eu-west-1/isolation-air-gapped"));
    assert.deepEqual(
      notPassing(gone).map((c) => [c.check, c.status]),
      [
        ["vault-exists", "FAIL"],
        ["vault-retention", "FAIL"],
      ],
    );
    assert.match(notPassing(gone)[0].actual, /no vault named isolation-air-gapped in eu-west-1/);
    fake!.restore();
    const c = only(
      await verify("recovery", (f) => {
        f.vault("eu-west-1", "isolation-air-gapped").MaxRetentionDays = 36500;
      }),
    );
    assert.equal(c.check, "vault-retention");
    assert.match(c.subject, /^logically air-gapped vault/);
  });

  it("FAIL: the vault policy no longer denies one of the stack's actions", async () => {
    const c = only(
      await verify("recovery", (f) => {
        const key = "eu-west-1/isolation-recovery";
        const doc = JSON.parse(f.vaultPolicies.get(key)!);
        const deny = doc.Statement.find((s: { Sid: string }) => s.Sid === "DenyRecoveryPointDeletionByAnyone");
        deny.Action = deny.Action.filter((a: string) => a !== "backup:DeleteRecoveryPoint");
        f.vaultPolicies.set(key, JSON.stringify(doc));
      }),
    );
    assert.equal(c.check, "vault-policy");
    assert.equal(c.actual, 'backup:DeleteRecoveryPoint: no Deny for Principal "*"');
  });

  it("FAIL: the vault policy exempts someone else from the policy-change deny, or is gone", async () => {
    const widened = only(
      await verify("recovery", (f) => {
        const key = "eu-central-1/isolation-recovery-secondary";
        f.vaultPolicies.set(key, f.vaultPolicies.get(key)!.replace("role/IsolationDeployer", "role/Intruder"));
      }),
    );
    assert.equal(widened.check, "vault-policy");
    assert.match(widened.actual, /backup:PutBackupVaultAccessPolicy: denied only under the condition .*role\/Intruder/);
    fake!.restore();
    const gone = only(await verify("recovery", (f) => f.vaultPolicies.delete("eu-west-1/isolation-recovery")));
    assert.equal(gone.check, "vault-policy");
    assert.match(gone.actual, /the vault has no access policy/);
  });

  it("PASS: a vault policy that denies the same actions through a wildcard", async () => {
    const report = await verify("recovery", (f) => {
      const key = "eu-west-1/isolation-recovery";
      const doc = JSON.parse(f.vaultPolicies.get(key)!);
      const deny = doc.Statement.find((s: { Sid: string }) => s.Sid === "DenyRecoveryPointDeletionByAnyone");
      deny.Action = ["backup:Delete*", "backup:UpdateRecoveryPointLifecycle"];
      f.vaultPolicies.set(key, JSON.stringify(doc));
    });
    assert.deepEqual(notPassing(report), []);
  });

  it("FAIL: a key pending deletion, with its deletion date", async () => {
    const exported = pv.exported("recovery");
    const vaultKey = exported.deployment.resources!.find(
      (r) => r.type === "aws:kms/key:Key" && r.urn.endsWith("::vault-key"),
    )!;
    const report = await verify("recovery", (f) => {
      Object.assign(f.key("eu-west-1", vaultKey.id!).meta, {
        KeyState: "PendingDeletion",
        Enabled: false,
        DeletionDate: new Date("2026-07-31T00:00:00Z"),
      });
    });
    const bad = notPassing(report);
    assert.deepEqual(
      bad.map((c) => c.check),
      ["kms-key-state", "kms-key-rotation"],
    );
    assert.match(bad[0].subject, new RegExp(`KMS key ${vaultKey.id} \\(eu-west-1\\)`));
    assert.match(bad[0].actual, /KeyState PendingDeletion, DeletionDate 2026-07-31T00:00:00\.000Z/);
    assert.match(bad[0].hint!, /kms:CancelKeyDeletion/);
  });

  it("FAIL: key rotation turned off", async () => {
    const exported = pv.exported("recovery");
    const auditKey = exported.deployment.resources!.find(
      (r) => r.type === "aws:kms/key:Key" && r.urn.endsWith("::audit-key"),
    )!;
    const c = only(
      await verify("recovery", (f) => {
        f.key("eu-west-1", auditKey.id!).rotation = false;
      }),
    );
    assert.equal(c.check, "kms-key-rotation");
    assert.match(c.actual, /^KeyRotationEnabled false/);
  });

  it("FAIL: the audit bucket not in compliance mode, or with a shorter default retention", async () => {
    const bucket = "isolation-audit-222222222222-eu-west-1";
    const governance = only(
      await verify("recovery", (f) => {
        f.objectLocks.get(bucket)!.Rule!.DefaultRetention!.Mode = "GOVERNANCE";
      }),
    );
    assert.equal(governance.check, "bucket-object-lock");
    assert.match(governance.actual, /mode GOVERNANCE is not COMPLIANCE/);
    fake!.restore();
    const shorter = only(
      await verify("recovery", (f) => {
        f.objectLocks.get(bucket)!.Rule!.DefaultRetention!.Days = 1;
      }),
    );
    assert.match(shorter.actual, /COMPLIANCE for 1 days: the default retention period changed/);
    fake!.restore();
    const none = only(await verify("recovery", (f) => f.objectLocks.delete(bucket)));
    assert.equal(none.actual, "the bucket has no Object Lock configuration");
  });

  it("FAIL: a key or the audit bucket that no longer exists", async () => {
    const keyId = pv.exported("prod").deployment.resources!.find((r) => r.type === "aws:kms/key:Key")!.id!;
    const gone = notPassing(await verify("prod", (f) => f.keys.delete(`eu-west-1/${keyId}`)));
    assert.deepEqual(
      gone.map((c) => [c.check, c.status, c.actual]),
      [
        ["kms-key-state", "FAIL", `no key ${keyId} in eu-west-1 (NotFoundException)`],
        ["kms-key-rotation", "FAIL", `no key ${keyId} in eu-west-1 (NotFoundException)`],
      ],
    );
    fake!.restore();
    const bucket = only(await verify("recovery", (f) => f.buckets.clear()));
    assert.equal(bucket.check, "bucket-object-lock");
    assert.equal(bucket.actual, "no bucket isolation-audit-222222222222-eu-west-1 (NoSuchBucket)");
  });

  it("FAIL: an SCP detached from its OU", async () => {
    const exported = pv.exported("org");
    const scp = exported.deployment.resources!.find((r) => r.urn.endsWith("::isolation-recovery-guardrails"))!;
    const c = only(await verify("org", (f) => f.targets.set(scp.id!, [])));
    assert.equal(c.check, "org-policy-attached");
    assert.match(c.subject, /^SERVICE_CONTROL_POLICY isolation-recovery-guardrails/);
    assert.match(c.actual, /^not attached to ou-/);
    assert.match(c.hint!, /organizations:DetachPolicy/);
  });

  it("FAIL: an SCP whose content changed, saying where", async () => {
    const exported = pv.exported("org");
    const scp = exported.deployment.resources!.find((r) => r.urn.endsWith("::isolation-recovery-guardrails"))!;
    const c = only(
      await verify("org", (f) => {
        const p = f.orgPolicies.get(scp.id!)!;
        const doc = JSON.parse(p.content);
        doc.Statement[0].Action = doc.Statement[0].Action.filter((a: string) => a !== "backup:DeleteRecoveryPoint");
        p.content = JSON.stringify(doc, null, 4); // reformatted too: only meaning counts
      }),
    );
    assert.equal(c.check, "org-policy-content");
    assert.match(c.actual, /^changed: \/Statement\/0\/Action\/\d+: expected "backup:DeleteRecoveryPoint"/);
  });

  it("PASS: SCP content that differs only in whitespace and key order", async () => {
    const report = await verify("org", (f) => {
      for (const p of f.orgPolicies.values()) {
        const doc = JSON.parse(p.content) as Record<string, unknown>;
        p.content = JSON.stringify(Object.fromEntries(Object.entries(doc).reverse()), null, 2);
      }
    });
    assert.deepEqual(notPassing(report), []);
  });

  it("FAIL: a deleted SCP fails both its content and its attachment", async () => {
    const exported = pv.exported("org");
    const rcp = exported.deployment.resources!.find((r) => r.urn.endsWith("::isolation-ire-data-perimeter"))!;
    const bad = notPassing(await verify("org", (f) => f.orgPolicies.delete(rcp.id!)));
    assert.deepEqual(
      bad.map((c) => [c.check, c.status]),
      [
        ["org-policy-content", "FAIL"],
        ["org-policy-attached", "FAIL"],
      ],
    );
    assert.match(bad[0].actual, /PolicyNotFoundException/);
  });

  it("ERROR, never PASS: AccessDenied, with a hint naming the missing read permission", async () => {
    const report = await verify("recovery", (f) => f.denied.add("DescribeKey"));
    const errors = notPassing(report);
    assert.equal(errors.length, 5, "one per key");
    for (const c of errors) {
      assert.equal(c.status, "ERROR");
      assert.equal(c.check, "kms-key-state");
      assert.match(c.actual, /^DescribeKey failed: AccessDeniedException \(HTTP 403\)/);
      assert.match(c.hint!, /lacks kms:DescribeKey/);
      assert.match(c.hint!, /key policy/);
    }
    fake!.restore();
    const s3 = only(await verify("recovery", (f) => f.denied.add("GetObjectLockConfiguration")));
    assert.equal(s3.status, "ERROR");
    assert.match(s3.hint!, /lacks s3:GetBucketObjectLockConfiguration/);
    fake!.restore();
    const org = notPassing(await verify("org", (f) => f.denied.add("ListTargetsForPolicy")));
    assert.ok(org.length === 5 && org.every((c) => c.status === "ERROR" && c.check === "org-policy-attached"));
    assert.match(org[0].hint!, /organizations:ListTargetsForPolicy/);
    fake!.restore();
    const vault = notPassing(await verify("recovery", (f) => f.denied.add("DescribeBackupVault")));
    assert.equal(
      vault.length,
      8,
      "exists, lock and retention of the locked vaults, exists and retention of the air-gapped one",
    );
    assert.ok(vault.every((c) => c.status === "ERROR" && /backup:DescribeBackupVault/.test(c.hint!)));
  });

  it("wrong account: refuses before any other call, saying which account was expected and which was found", async () => {
    const exported = pv.exported("recovery");
    fake = FakeAws.healthy([exported], NOW);
    fake.account = "444444444444";
    const clients = fake.install();
    await assert.rejects(
      verifyPlans([derivePlan(exported, "out/recovery.json")], { clients, now: NOW }),
      (e: Error) =>
        e instanceof VerifyInputError &&
        e.message.startsWith("out/recovery.json: stack recovery is pinned to account 222222222222") &&
        e.message.includes("the credentials are for account 444444444444"),
    );
    assert.deepEqual(fake.sentCommands(), ["GetCallerIdentityCommand"]);
  });

  it("several files: all identities are checked before anything else is asked", async () => {
    const recovery = pv.exported("recovery");
    fake = FakeAws.healthy([recovery], NOW);
    const clients = fake.install();
    await assert.rejects(
      verifyPlans([derivePlan(recovery, "recovery.json"), derivePlan(pv.exported("prod"), "prod.json")], {
        clients,
        now: NOW,
      }),
      /^VerifyInputError: prod\.json: stack prod is pinned to account 444444444444/,
    );
    assert.deepEqual(fake.sentCommands(), ["GetCallerIdentityCommand"]);
  });

  it("only ever sends the read operations it lists", async () => {
    await verify("recovery", (f) => f.denied.add("GetBackupVaultAccessPolicy"));
    const sent = new Set(fake!.sentCommands().map((c) => c.replace(/Command$/, "")));
    fake!.restore();
    await verify("org");
    for (const c of fake!.sentCommands()) sent.add(c.replace(/Command$/, ""));
    assert.deepEqual([...sent].sort(), Object.keys(OPERATIONS).sort());
  });
});
