import * as assert from "assert";
import { keyPolicyProblems, kmsKeyHardening } from "../../policypack/policies/kms";
import { isAuditBucket, recoveryStatefulProtected } from "../../policypack/policies/protection";
import { T } from "../../policypack/policies/types";
import { ACCOUNTS, runResource, type ResourceSpec } from "../policy-args";
import { ORG_ID, assertPasses, assertViolates, ireStack, keyPolicyDocument, recoveryStack, spec } from "./fixtures";

describe("policy pack: KMS keys and protection", () => {
  describe("recovery-kms-key-hardening (rule 5)", () => {
    const key = spec(recoveryStack(), "vault-key");
    const run = (props: Record<string, unknown>, extra: Partial<ResourceSpec> = {}, config?: object) =>
      runResource(kmsKeyHardening, { ...key, ...extra, props: { ...key.props, ...props } }, config);

    it("passes a rotating key with a 30-day window whose policy keeps decryption in recovery and IRE", async () => {
      assertPasses(await run({}));
      assertPasses(await run({ deletionWindowInDays: undefined }));
      assertPasses(await runResource(kmsKeyHardening, spec(ireStack(), "restore-key")));
    });

    it("rejects a key without rotation", async () => {
      assertViolates(await run({ enableKeyRotation: false }), "vault-key", /enableKeyRotation is not true/);
      assertViolates(await run({ enableKeyRotation: undefined }), "vault-key", /enableKeyRotation/);
    });

    it("rejects a deletion window other than 30 days", async () => {
      assertViolates(await run({ deletionWindowInDays: 7 }), "vault-key", /deletionWindowInDays is 7, not 30/);
      assertViolates(await run({ deletionWindowInDays: 31 }), "vault-key", /deletionWindowInDays is 31/);
    });

    it("rejects decrypt for a production account", async () => {
      const extra = [
        {
          Sid: "Prod",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS.prod[0]}:root` },
          Action: "kms:Decrypt",
          Resource: "*",
        },
      ];
      assertViolates(
        await run({ policy: keyPolicyDocument(extra) }),
        "vault-key",
        /statement "Prod" lets 444444444444 decrypt/,
      );
    });

    it("rejects decrypt for everyone unless pinned to the recovery and IRE accounts", async () => {
      const open = [{ Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }];
      assertViolates(await run({ policy: keyPolicyDocument(open) }), "vault-key", /lets \* decrypt/);
      const org = [
        {
          Sid: "Org",
          Effect: "Allow",
          Principal: "*",
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalOrgID": ORG_ID } },
        },
      ];
      assertViolates(await run({ policy: keyPolicyDocument(org) }), "vault-key", /statement "Org"/);
      const pinned = [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": [ACCOUNTS.recovery, ACCOUNTS.ire] } },
        },
      ];
      assertPasses(await run({ policy: keyPolicyDocument(pinned) }));
    });

    it("treats ReEncryptFrom and grants not for AWS resources as decryption", async () => {
      const reEncrypt = [
        { Sid: "Re", Effect: "Allow", Principal: { AWS: ACCOUNTS.prod[0] }, Action: "kms:ReEncrypt*", Resource: "*" },
      ];
      assertViolates(await run({ policy: keyPolicyDocument(reEncrypt) }), "vault-key", /"Re"/);
      const grant = [{ Sid: "Grant", Effect: "Allow", Principal: "*", Action: "kms:CreateGrant", Resource: "*" }];
      assertViolates(await run({ policy: keyPolicyDocument(grant) }), "vault-key", /"Grant"/);
      const notPrincipal = [
        { Sid: "NP", Effect: "Allow", NotPrincipal: { AWS: ACCOUNTS.ire }, Action: "kms:Decrypt", Resource: "*" },
      ];
      assertViolates(await run({ policy: keyPolicyDocument(notPrincipal) }), "vault-key", /NotPrincipal/);
    });

    it("allows encrypt-only access from outside (what cross-account copy needs)", async () => {
      const copy = [
        {
          Effect: "Allow",
          Principal: { AWS: ACCOUNTS.prod[0] },
          Action: ["kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
          Resource: "*",
        },
      ];
      assert.deepStrictEqual(
        keyPolicyProblems(keyPolicyDocument(copy), new Set([ACCOUNTS.recovery, ACCOUNTS.ire])),
        [],
      );
    });

    it("rejects an unparseable key policy", async () => {
      assertViolates(await run({ policy: "{" }), "vault-key", /not valid JSON/);
    });

    it("trusts only the key's own account without config, and says so", async () => {
      const out = await run({}, {}, {});
      assertViolates(
        out,
        "vault-key",
        /accounts.recovery \/ accounts.ire are not in the pack config; trusted: 222222222222/,
      );
    });

    it("applies only to recovery and IRE keys", async () => {
      assertPasses(await run({ enableKeyRotation: false }, { stack: "prod" }));
      assertViolates(await run({ enableKeyRotation: false }, { stack: "ire" }), "vault-key");
    });
  });

  describe("recovery-stateful-resources-protected (rule 3)", () => {
    const stateful = recoveryStack().filter((s) => s.opts?.protect === true);

    it("covers vaults, locks, air-gapped vaults, keys, the audit bucket and its lock", () => {
      assert.deepStrictEqual(
        new Set(stateful.map((s) => s.type)),
        new Set([T.kmsKey, T.vault, T.vaultLock, T.airGappedVault, T.bucket, T.bucketObjectLock]),
      );
    });

    it("passes protected stateful resources", async () => {
      for (const s of stateful) assertPasses(await runResource(recoveryStatefulProtected, s));
    });

    it("rejects each stateful resource without protect", async () => {
      for (const s of stateful) {
        assertViolates(
          await runResource(recoveryStatefulProtected, { ...s, opts: { protect: false } }),
          s.name,
          /protect: true/,
        );
      }
    });

    it("ignores buckets that are not the audit bucket, and other roles", async () => {
      const plain = { type: T.bucket, name: "scratch", props: { bucket: "scratch" } };
      assertPasses(await runResource(recoveryStatefulProtected, plain));
      assertViolates(
        await runResource(recoveryStatefulProtected, { ...plain, props: { bucket: "org-cloudtrail" } }),
        "scratch",
      );
      assertPasses(await runResource(recoveryStatefulProtected, { ...stateful[0], stack: "ire", opts: {} }));
    });

    it("recognises the audit bucket by object lock, tag or name", () => {
      assert.strictEqual(isAuditBucket({ objectLockEnabled: true }), true);
      assert.strictEqual(isAuditBucket({ tags: { "isolation:purpose": "audit" } }), true);
      assert.strictEqual(isAuditBucket({ bucketPrefix: "audit-" }), true);
      assert.strictEqual(isAuditBucket({ bucket: "logs", objectLockEnabled: false }), false);
    });
  });
});
