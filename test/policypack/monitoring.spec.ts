import * as assert from "assert";
import {
  matchesBackupApiCalls,
  recoveryAuditBucketObjectLock,
  recoveryVaultMonitoring,
} from "../../policypack/policies/monitoring";
import { T } from "../../policypack/policies/types";
import { runStack, urnOf } from "../policy-args";
import { AIR_GAPPED_NAME, assertPasses, assertViolates, recoveryStack, withProps, without } from "./fixtures";

describe("policy pack: monitoring (rule 11)", () => {
  describe("recovery-vault-monitoring", () => {
    const run = (specs = recoveryStack()) => runStack(recoveryVaultMonitoring, specs);

    it("passes vaults with notifications and an EventBridge rule on backup API calls", async () => {
      assertPasses(await run());
    });

    it("rejects a vault without notifications", async () => {
      assertViolates(await run(without(recoveryStack(), "vault-events")), "vault", /no vault notifications/);
      assertViolates(await run(without(recoveryStack(), "air-gapped-events")), "air-gapped", /no vault notifications/);
      assertViolates(await run(withProps(recoveryStack(), "vault-events", { backupVaultEvents: [] })), "vault");
    });

    it("links notifications by vault name when no dependency is recorded", async () => {
      const specs = recoveryStack().map((s) =>
        s.name === "air-gapped-events" ? { ...s, propertyDependencies: {} } : s,
      );
      assertPasses(await run(specs));
      assertViolates(await run(withProps(specs, "air-gapped-events", { backupVaultName: "elsewhere" })), "air-gapped");
      assert.ok(AIR_GAPPED_NAME);
    });

    it("rejects a stack without an EventBridge rule on backup API calls, naming its vaults", async () => {
      assertViolates(await run(without(recoveryStack(), "backup-api-calls")), "vault", /no EventBridge rule/);
      const stateChanges = JSON.stringify({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"] });
      const out = await run(withProps(recoveryStack(), "backup-api-calls", { eventPattern: stateChanges }));
      assertViolates(out, "air-gapped", /no EventBridge rule/);
      assert.strictEqual(out.violations[0].urn, urnOf("recovery", T.vault, "vault"));
    });

    it("recognises CloudTrail patterns by source or by eventSource", () => {
      assert.ok(matchesBackupApiCalls({ "detail-type": "AWS API Call via CloudTrail", source: "aws.backup" }));
      assert.ok(
        matchesBackupApiCalls(
          JSON.stringify({
            "detail-type": ["AWS API Call via CloudTrail"],
            detail: { eventSource: ["backup.amazonaws.com"] },
          }),
        ),
      );
      assert.ok(
        !matchesBackupApiCalls(JSON.stringify({ "detail-type": ["AWS API Call via CloudTrail"], source: ["aws.kms"] })),
      );
      assert.ok(!matchesBackupApiCalls("not json"));
    });

    it("does not apply to a recovery stack without vaults or to other roles", async () => {
      assertPasses(await run([]));
      assertPasses(await run(without(recoveryStack("ire"), "vault-events")));
    });
  });

  describe("recovery-audit-bucket-object-lock", () => {
    const run = (specs = recoveryStack()) => runStack(recoveryAuditBucketObjectLock, specs);

    it("passes an audit bucket with Object Lock in compliance mode", async () => {
      assertPasses(await run());
      const inline = withProps(without(recoveryStack(), "audit-trail-lock"), "audit-trail", {
        objectLockConfiguration: {
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: "COMPLIANCE", days: 1 } },
        },
      });
      assertPasses(await run(inline));
    });

    it("rejects governance mode, on the lock configuration and on the bucket", async () => {
      const out = await run(
        withProps(recoveryStack(), "audit-trail-lock", {
          rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } },
        }),
      );
      assertViolates(out, "audit-trail-lock", /GOVERNANCE/);
      assertViolates(out, "audit-trail", /no COMPLIANCE-mode default retention/);
    });

    it("rejects an audit bucket without Object Lock", async () => {
      assertViolates(
        await run(withProps(recoveryStack(), "audit-trail", { objectLockEnabled: false })),
        "audit-trail",
        /does not enable Object Lock/,
      );
      assertViolates(await run(without(recoveryStack(), "audit-trail-lock")), "audit-trail", /no COMPLIANCE/);
    });

    it("treats a CloudTrail trail's bucket as the audit bucket", async () => {
      const bucket = { type: T.bucket, name: "logs", props: { bucket: "logs" } };
      const trail = {
        type: T.trail,
        name: "trail",
        props: { s3BucketName: "logs" },
        propertyDependencies: { s3BucketName: [urnOf("recovery", T.bucket, "logs")] },
      };
      assertViolates(await run([bucket, trail]), "logs", /audit bucket/);
      assertPasses(await run([bucket]));
    });

    it("links the lock configuration by bucket name", async () => {
      const specs = recoveryStack().map((s) =>
        s.name === "audit-trail-lock" ? { ...s, propertyDependencies: {} } : s,
      );
      assertPasses(await run(specs));
    });
  });
});
