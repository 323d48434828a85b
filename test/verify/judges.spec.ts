import { strict as assert } from "assert";
import fc from "fast-check";
import { isDeepStrictEqual } from "util";
import { VAULT_POLICY_DENIED_ACTIONS } from "../../lib/guardrail-actions";
import { vaultAccessPolicy } from "../../lib/recoverypolicies/vault-access-policy";
import { errorCode, isAccessDenied, isMissingCredentials } from "../../lib/verify/aws-errors";
import { judgeKeyRotation, judgeKeyState, KeyExpectation } from "../../lib/verify/keys";
import { judgeObjectLock, ObjectLockExpectation } from "../../lib/verify/object-lock";
import { jsonDifferences } from "../../lib/verify/org-policies";
import { judgeVaultPolicy, vaultPolicyExpectation } from "../../lib/verify/vault-policy";
import { judgeVaultExists, judgeVaultLock, judgeVaultRetention, VaultExpectation } from "../../lib/verify/vaults";

const NOW = new Date("2026-07-01T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const VAULT_ARN = "arn:aws:backup:eu-west-1:222222222222:backup-vault:bunker";
const DEPLOYER = "arn:aws:iam::222222222222:role/IsolationDeployer";

const vault: VaultExpectation = {
  urn: "urn:pulumi:recovery::isolation::aws:backup/vault:Vault::bunker",
  name: "bunker",
  region: "eu-west-1",
  airGapped: false,
  encryptionKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/k1",
  lockUrn: "urn:pulumi:recovery::isolation::aws:backup/vaultLockConfiguration:VaultLockConfiguration::bunker",
  retention: { urn: "urn:lock", minRetentionDays: 35, maxRetentionDays: 3650 },
};

/** The policy the recovery stack writes, as text, the way the export and AWS hold it. */
const stackPolicy = () =>
  vaultAccessPolicy({ workloadsOrgPath: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", policyAdminRoleArn: DEPLOYER });

describe("verify: judging AWS answers", () => {
  describe("vault lock", () => {
    it("passes only when locked with a lock date that has passed", () => {
      fc.assert(
        fc.property(
          fc.option(fc.boolean(), { nil: undefined }),
          fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
          (locked, offsetDays) => {
            const lockDate = offsetDays === undefined ? undefined : new Date(NOW.getTime() + offsetDays * DAY);
            const r = judgeVaultLock(vault, { Locked: locked, LockDate: lockDate }, NOW);
            const expected = locked === true && offsetDays !== undefined && offsetDays <= 0;
            assert.equal(r.status, expected ? "PASS" : "FAIL", JSON.stringify({ locked, offsetDays, r }));
          },
        ),
      );
    });

    it("says which of the three ways the lock falls short", () => {
      assert.match(judgeVaultLock(vault, { Locked: false }, NOW).actual, /not protecting the vault/);
      assert.match(judgeVaultLock(vault, { Locked: true }, NOW).actual, /governance mode/);
      const soon = judgeVaultLock(vault, { Locked: true, LockDate: new Date(NOW.getTime() + DAY) }, NOW);
      assert.match(soon.actual, /still in its grace time/);
      assert.equal(soon.urn, vault.lockUrn);
    });

    it("retention passes only when both bounds equal the lock's, and names a shortened minimum", () => {
      const bound = fc.option(fc.integer({ min: 1, max: 36500 }), { nil: undefined });
      fc.assert(
        fc.property(bound, bound, (min, max) => {
          const r = judgeVaultRetention(vault, { MinRetentionDays: min, MaxRetentionDays: max });
          const same = min === 35 && max === 3650;
          assert.equal(r.status, same ? "PASS" : "FAIL");
          assert.equal(/shortened/.test(r.actual), !same && (min === undefined || min < 35));
        }),
      );
    });

    it("existence: the vault's type, state and key", () => {
      const ok = {
        VaultType: "BACKUP_VAULT",
        VaultState: "AVAILABLE",
        EncryptionKeyArn: vault.encryptionKeyArn,
      } as const;
      assert.equal(judgeVaultExists(vault, ok).status, "PASS");
      assert.equal(judgeVaultExists(vault, { ...ok, VaultType: undefined }).status, "PASS");
      assert.match(judgeVaultExists(vault, { ...ok, VaultState: "CREATING" }).actual, /VaultState CREATING/);
      assert.match(
        judgeVaultExists(vault, { ...ok, EncryptionKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/other" }).actual,
        /a different vault under the same name/,
      );
      const ag = { ...vault, airGapped: true, encryptionKeyArn: undefined };
      assert.match(judgeVaultExists(ag, { VaultType: "BACKUP_VAULT" }).actual, /VaultType BACKUP_VAULT/);
      assert.match(judgeVaultExists(ag, {}).actual, /VaultType \(none\)/);
      assert.equal(judgeVaultExists(ag, { VaultType: "LOGICALLY_AIR_GAPPED_BACKUP_VAULT" }).status, "PASS");
    });
  });

  describe("vault access policy", () => {
    const exp = vaultPolicyExpectation("urn:policy", JSON.stringify(stackPolicy()));
    const judge = (doc: unknown) => judgeVaultPolicy(exp, "vault bunker", VAULT_ARN, JSON.stringify(doc));

    it("takes the actions from the stack's code and the exemption from the exported policy", () => {
      assert.deepEqual([...exp.unconditional, ...exp.exemptable].sort(), [...VAULT_POLICY_DENIED_ACTIONS].sort());
      assert.deepEqual(exp.exemptPrincipals, [DEPLOYER]);
      assert.equal(judge(stackPolicy()).status, "PASS");
    });

    it("fails naming exactly the actions no longer denied", () => {
      fc.assert(
        fc.property(fc.subarray([...VAULT_POLICY_DENIED_ACTIONS], { minLength: 1 }), (removed) => {
          const doc = stackPolicy();
          for (const s of doc.Statement) {
            if (s.Effect === "Deny")
              s.Action = (s.Action as string[]).filter((a) => !(removed as string[]).includes(a));
          }
          const r = judge(doc);
          assert.equal(r.status, "FAIL");
          const named = [...r.actual.matchAll(/(backup:\w+): no Deny/g)].map((m) => m[1]);
          assert.deepEqual(named.sort(), [...removed].sort());
        }),
      );
    });

    it("accepts wildcards and the vault's own ARN, refuses another vault's", () => {
      const doc = stackPolicy();
      doc.Statement[1].Action = ["backup:Delete*", "backup:Update*"];
      doc.Statement[1].Resource = VAULT_ARN;
      assert.equal(judge(doc).status, "PASS");
      doc.Statement[1].Resource = VAULT_ARN.replace("bunker", "other");
      assert.equal(judge(doc).status, "FAIL");
    });

    it("refuses a deny that no longer applies to everyone, or only under a condition", () => {
      const named = stackPolicy();
      named.Statement[1].Principal = { AWS: "arn:aws:iam::222222222222:root" };
      assert.match(judge(named).actual, /backup:DeleteRecoveryPoint: no Deny for Principal "\*"/);

      const conditioned = stackPolicy();
      conditioned.Statement[1].Condition = { ArnNotEquals: { "aws:PrincipalArn": DEPLOYER } };
      assert.match(
        judge(conditioned).actual,
        /backup:DeleteRecoveryPoint: denied only under the condition .* \(expected no condition\)/,
      );

      const otherCondition = stackPolicy();
      otherCondition.Statement[2].Condition = { StringEquals: { "aws:PrincipalAccount": "999999999999" } };
      assert.match(judge(otherCondition).actual, /backup:PutBackupVaultAccessPolicy: denied only under the condition/);

      const notPrincipal = JSON.parse(JSON.stringify(stackPolicy()));
      notPrincipal.Statement[1].NotPrincipal = { AWS: DEPLOYER };
      assert.equal(judge(notPrincipal).status, "FAIL");
    });

    it("requires unconditional denies when the export's policy exempts nobody", () => {
      const strict = stackPolicy();
      delete strict.Statement[2].Condition;
      const strictExp = vaultPolicyExpectation("urn:policy", strict);
      assert.deepEqual(strictExp.exemptPrincipals, []);
      assert.equal(judgeVaultPolicy(strictExp, "v", VAULT_ARN, JSON.stringify(strict)).status, "PASS");
      const live = judgeVaultPolicy(strictExp, "v", VAULT_ARN, JSON.stringify(stackPolicy()));
      assert.match(
        live.actual,
        /backup:PutBackupVaultAccessPolicy: denied only under the condition .*expected no condition/,
      );
    });

    it("fails on a missing or unreadable policy", () => {
      assert.equal(judgeVaultPolicy(exp, "v", VAULT_ARN, undefined).actual, "the vault has no access policy");
      assert.match(judgeVaultPolicy(exp, "v", VAULT_ARN, "{not json").actual, /not valid JSON/);
    });
  });

  describe("KMS keys", () => {
    const key: KeyExpectation = { urn: "urn:key", keyId: "k1", region: "eu-west-1", rotation: true };

    it("passes Enabled only; names the deletion date of a key pending deletion", () => {
      assert.equal(judgeKeyState(key, { KeyId: "k1", KeyState: "Enabled" }).status, "PASS");
      for (const state of ["Disabled", "PendingImport", "Unavailable", "Creating", "Updating"] as const) {
        assert.equal(judgeKeyState(key, { KeyId: "k1", KeyState: state }).status, "FAIL", state);
      }
      const pending = judgeKeyState(key, {
        KeyId: "k1",
        KeyState: "PendingDeletion",
        DeletionDate: new Date("2026-07-08T00:00:00Z"),
      });
      assert.equal(pending.status, "FAIL");
      assert.match(pending.actual, /DeletionDate 2026-07-08T00:00:00\.000Z/);
      assert.equal(judgeKeyState(key, undefined).status, "FAIL");
    });

    it("passes rotation only when enabled", () => {
      assert.equal(judgeKeyRotation(key, { KeyRotationEnabled: true }).status, "PASS");
      assert.equal(judgeKeyRotation(key, { KeyRotationEnabled: false }).status, "FAIL");
      assert.equal(judgeKeyRotation(key, {}).status, "FAIL");
    });
  });

  describe("S3 Object Lock", () => {
    const days: ObjectLockExpectation = { urn: "urn:lock", bucket: "b", region: "eu-west-1", days: 400 };
    const config = (Mode: "COMPLIANCE" | "GOVERNANCE", Days?: number, Years?: number) => ({
      ObjectLockEnabled: "Enabled" as const,
      Rule: { DefaultRetention: { Mode, Days, Years } },
    });

    it("passes COMPLIANCE with the configured period only", () => {
      assert.equal(judgeObjectLock(days, config("COMPLIANCE", 400)).status, "PASS");
      assert.match(judgeObjectLock(days, config("GOVERNANCE", 400)).actual, /mode GOVERNANCE is not COMPLIANCE/);
      assert.match(judgeObjectLock(days, config("COMPLIANCE", 399)).actual, /period changed/);
      assert.match(judgeObjectLock(days, config("COMPLIANCE", undefined, 1)).actual, /period changed/);
      const years = { ...days, days: undefined, years: 7 };
      assert.equal(judgeObjectLock(years, config("COMPLIANCE", undefined, 7)).status, "PASS");
      assert.match(judgeObjectLock(days, { ObjectLockEnabled: "Enabled" }).actual, /default retention \(none\)/);
      assert.equal(judgeObjectLock(days, undefined).actual, "the bucket has no Object Lock configuration");
    });
  });

  describe("organization policy content", () => {
    const json = fc.jsonValue({ maxDepth: 3 });

    it("finds no difference in the same JSON with its keys in another order", () => {
      const reorder = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(reorder)
          : v && typeof v === "object"
            ? Object.fromEntries(
                Object.entries(v)
                  .reverse()
                  .map(([k, x]) => [k, reorder(x)]),
              )
            : v;
      fc.assert(fc.property(json, (v) => assert.deepEqual(jsonDifferences(v, reorder(v)), [])));
    });

    it("names the path of a changed, added or removed value", () => {
      const a = { Statement: [{ Action: ["x", "y"], Effect: "Deny" }] };
      assert.deepEqual(jsonDifferences(a, { Statement: [{ Action: ["x"], Effect: "Deny" }] }), [
        '/Statement/0/Action/1: expected "y", found nothing',
      ]);
      assert.deepEqual(jsonDifferences(a, { ...a, Version: "2012-10-17" }), [
        '/Version: expected nothing, found "2012-10-17"',
      ]);
      assert.deepEqual(jsonDifferences(1, "1"), ['/: expected 1, found "1"']);
      fc.assert(
        fc.property(json, json, (x, y) => {
          // Compared as parsed JSON text, as verify compares policy content (-0 and 0 are one number there).
          const [px, py] = [JSON.parse(JSON.stringify(x)), JSON.parse(JSON.stringify(y))];
          const d = jsonDifferences(px, py);
          assert.equal(d.length === 0, isDeepStrictEqual(px, py), JSON.stringify({ px, py, d }));
          assert.ok(d.length <= 5);
        }),
      );
    });
  });

  describe("AWS errors", () => {
    it("recognises access denied across services, and missing credentials", () => {
      assert.ok(isAccessDenied({ name: "AccessDeniedException" }));
      assert.ok(isAccessDenied({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
      assert.ok(isAccessDenied({ name: "Forbidden", $metadata: { httpStatusCode: 403 } }));
      assert.ok(!isAccessDenied({ name: "Forbidden", $metadata: { httpStatusCode: 400 } }));
      assert.ok(!isAccessDenied({ name: "ResourceNotFoundException" }));
      assert.ok(isMissingCredentials({ name: "CredentialsProviderError" }));
      assert.equal(errorCode({ name: "Error", Code: "Throttling" }), "Throttling");
      assert.equal(errorCode(undefined), "Error");
    });
  });
});
