import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import {
  backupLifecycleWithinVaultRetention,
  ireRestoreTesting,
  missingPlacement,
  recoveryVaultAccessPolicy,
  recoveryVaultComplianceLock,
  retentionProblems,
  vaultNameOfArn,
  vaultPolicyProblems,
  vaultRetentionBounds,
} from "../../policypack/policies/backup";
import { T } from "../../policypack/policies/types";
import { ACCOUNTS, runResource, runStack, urnOf } from "../policy-args";
import {
  AIR_GAPPED_NAME,
  DEPLOY_ROLE,
  ORG_ID,
  VAULT_NAME,
  assertPasses,
  assertViolates,
  ireStack,
  recoveryStack,
  spec,
  vaultArn,
  vaultPolicyDocument,
  withProps,
  without,
} from "./fixtures";

describe("policy pack: backup", () => {
  describe("recovery-vault-compliance-lock (rule 1)", () => {
    const run = (specs = recoveryStack()) => runStack(recoveryVaultComplianceLock, specs);

    it("passes a vault with a compliance-mode lock", async () => assertPasses(await run()));

    it("rejects a vault without any lock", async () => {
      const out = await run(without(recoveryStack(), "vault-lock"));
      assertViolates(out, "vault", /no Vault Lock/);
      assert.strictEqual(out.violations[0].urn, urnOf("recovery", T.vault, "vault"));
    });

    it("rejects a governance-mode lock (no changeableForDays), on the lock and on the vault", async () => {
      const out = await run(withProps(recoveryStack(), "vault-lock", { changeableForDays: undefined }));
      assertViolates(out, "vault-lock", /governance mode/);
      assertViolates(out, "vault", /only in governance mode/);
    });

    it("rejects changeableForDays below 3 and accepts exactly 3", async () => {
      assertViolates(
        await run(withProps(recoveryStack(), "vault-lock", { changeableForDays: 2 })),
        "vault-lock",
        /at least 3/,
      );
      assertPasses(await run(withProps(recoveryStack(), "vault-lock", { changeableForDays: 3 })));
    });

    it("links a lock to its vault by name when no dependency is recorded", async () => {
      const specs = recoveryStack().map((s) => (s.name === "vault-lock" ? { ...s, propertyDependencies: {} } : s));
      assertPasses(await run(specs));
      assertViolates(await run(withProps(specs, "vault-lock", { backupVaultName: "other" })), "vault");
    });

    it("links a lock to its vault by dependency when the name is not known", async () => {
      const specs = withProps(recoveryStack(), "vault-lock", { backupVaultName: undefined });
      assertPasses(await run(specs));
    });

    it("links by dependency during a preview, when the vault name is still unknown", async () => {
      // The engine hands policies props wrapped in this proxy; "04da6b54-..." is its unknown marker.
      const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
      const specs = recoveryStack().map((s) =>
        s.name === "vault-lock" ? { ...s, props: unknownCheckingProxy({ ...s.props, backupVaultName: UNKNOWN }) } : s,
      );
      assertPasses(await run(specs));
      const lock = specs.find((s) => s.name === "vault-lock")!;
      assert.throws(() => lock.props!.backupVaultName, /can't be known during preview/);
    });

    it("does not apply outside the recovery role", async () => {
      assertPasses(await run(without(recoveryStack("prod"), "vault-lock")));
    });

    it("ignores air-gapped vaults, which AWS locks itself", async () => {
      const only = recoveryStack().filter((s) => s.type === T.airGappedVault);
      assertPasses(await run(only));
    });
  });

  describe("vault-retention-bounds (rule 2)", () => {
    const lock = spec(recoveryStack(), "vault-lock");
    const ag = spec(recoveryStack(), "air-gapped");
    const run = (s: typeof lock, props: Record<string, unknown>) =>
      runResource(vaultRetentionBounds, { ...s, props: { ...s.props, ...props } });

    it("passes locks and air-gapped vaults inside the bounds", async () => {
      assertPasses(await run(lock, {}));
      assertPasses(await run(ag, {}));
      assertPasses(await run(lock, { minRetentionDays: 1, maxRetentionDays: 36500 }));
      assertPasses(await run(ag, { minRetentionDays: 7, maxRetentionDays: 7 }));
    });

    it("rejects min 0 and max above 36,500 on a lock", async () => {
      assertViolates(await run(lock, { minRetentionDays: 0 }), "vault-lock", /minRetentionDays is 0/);
      assertViolates(await run(lock, { maxRetentionDays: 36501 }), "vault-lock", /maxRetentionDays is 36501/);
    });

    it("rejects min above max and missing bounds", async () => {
      assertViolates(await run(lock, { minRetentionDays: 30, maxRetentionDays: 10 }), "vault-lock", /exceeds/);
      assertViolates(await run(lock, { minRetentionDays: undefined }), "vault-lock", /minRetentionDays is not set/);
      assertViolates(await run(lock, { maxRetentionDays: undefined }), "vault-lock", /maxRetentionDays is not set/);
    });

    it("rejects an air-gapped vault with min below 7", async () => {
      assertViolates(await run(ag, { minRetentionDays: 6 }), "air-gapped", /at least 7/);
    });

    it("applies in every role and ignores other types", async () => {
      assertViolates(await run({ ...lock, stack: "prod" }, { minRetentionDays: 0 }), "vault-lock");
      assertPasses(await runResource(vaultRetentionBounds, { type: T.vault, name: "v", props: {} }));
    });

    it("lists every problem of a pair", () => {
      assert.deepStrictEqual(retentionProblems(0, 40000, 1), [
        "minRetentionDays is 0 (expected at least 1)",
        "maxRetentionDays is 40000 (expected at most 36500)",
      ]);
      assert.deepStrictEqual(retentionProblems("7", "30", 7), []);
    });
  });

  describe("backup-lifecycle-within-vault-retention (rule 2)", () => {
    const run = (specs = recoveryStack(), config?: object) =>
      runStack(backupLifecycleWithinVaultRetention, specs, config);
    const planWith = (rule: Record<string, unknown>) =>
      withProps(recoveryStack(), "local-plan", {
        rules: [{ ruleName: "daily", targetVaultName: VAULT_NAME, lifecycle: { deleteAfter: 35 }, ...rule }],
      });

    it("passes a plan whose lifecycle is inside the lock's range", async () => {
      assertPasses(await run());
      assertPasses(await run(planWith({ lifecycle: { deleteAfter: 7 } })));
      assertPasses(await run(planWith({ lifecycle: { deleteAfter: 365 } })));
    });

    it("rejects a lifecycle shorter than the minimum or longer than the maximum", async () => {
      assertViolates(await run(planWith({ lifecycle: { deleteAfter: 6 } })), "local-plan", /6 days.*7-365/);
      assertViolates(await run(planWith({ lifecycle: { deleteAfter: 366 } })), "local-plan", /366 days/);
    });

    it("rejects a rule that keeps recovery points forever in a vault with a maximum", async () => {
      assertViolates(await run(planWith({ lifecycle: undefined })), "local-plan", /forever/);
    });

    it("checks copy actions into the air-gapped vault against its range", async () => {
      const copy = { destinationVaultArn: vaultArn(AIR_GAPPED_NAME), lifecycle: { deleteAfter: 400 } };
      assertViolates(await run(planWith({ copyActions: [copy] })), "local-plan", /copy to recovery-air-gapped/);
      const ok = { ...copy, lifecycle: { deleteAfter: 30 } };
      assertPasses(await run(planWith({ copyActions: [ok] })));
    });

    it("checks rules targeting the air-gapped vault directly", async () => {
      const rule = { targetLogicallyAirGappedBackupVaultArn: vaultArn(AIR_GAPPED_NAME), lifecycle: { deleteAfter: 3 } };
      assertViolates(await run(planWith(rule)), "local-plan", /air-gapped vault recovery-air-gapped/);
    });

    it("checks a production copy against the configured range of a remote recovery vault", async () => {
      const plan = {
        stack: "prod",
        type: T.plan,
        name: "prod-plan",
        props: {
          rules: [
            {
              ruleName: "daily",
              targetVaultName: "local",
              lifecycle: { deleteAfter: 7 },
              copyActions: [{ destinationVaultArn: vaultArn(VAULT_NAME), lifecycle: { deleteAfter: 3 } }],
            },
          ],
        },
      };
      const config = {
        accounts: ACCOUNTS,
        recoveryVaultRetention: { [VAULT_NAME]: { minRetentionDays: 7, maxRetentionDays: 365 } },
      };
      assertViolates(await run([plan], config), "prod-plan", /copy to recovery-vault/);
      assertPasses(await run([plan], { accounts: ACCOUNTS }));
    });

    it("parses vault names from backup vault ARNs only", () => {
      assert.strictEqual(vaultNameOfArn(vaultArn("v1")), "v1");
      assert.strictEqual(vaultNameOfArn("arn:aws:s3:::bucket"), undefined);
      assert.strictEqual(vaultNameOfArn(undefined), undefined);
    });
  });

  describe("recovery-vault-access-policy (rule 4)", () => {
    const base = spec(recoveryStack(), "vault-policy");
    const run = (policy: unknown, stack = "recovery", config?: object) =>
      runResource(recoveryVaultAccessPolicy, { ...base, stack, props: { ...base.props, policy } }, config);

    it("passes the policy that denies destruction and allows only org copies", async () => {
      assertPasses(await run(vaultPolicyDocument()));
    });

    it("rejects a policy that does not deny DeleteRecoveryPoint", async () => {
      const doc = vaultPolicyDocument({
        statements: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: ["backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"],
            Resource: "*",
          },
          {
            Effect: "Deny",
            Principal: "*",
            Action: ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
            Resource: "*",
          },
        ],
      });
      assertViolates(await run(doc), "vault-policy", /backup:DeleteRecoveryPoint is not denied/);
    });

    it("accepts a wildcard Deny such as backup:Delete* plus the rest", async () => {
      const doc = vaultPolicyDocument({
        statements: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: ["backup:Delete*", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"],
            Resource: "*",
          },
        ],
      });
      assertPasses(await run(doc));
    });

    it("rejects a Deny that names a principal instead of *", async () => {
      const doc = vaultPolicyDocument({
        statements: [
          {
            Effect: "Deny",
            Principal: { AWS: `arn:aws:iam::${ACCOUNTS.recovery}:root` },
            Action: "backup:*",
            Resource: "*",
          },
        ],
      });
      assertViolates(await run(doc), "vault-policy", /DeleteRecoveryPoint is not denied to Principal/);
    });

    it("rejects an exemption on the data actions (only the two policy calls may exempt)", async () => {
      const doc = vaultPolicyDocument({
        statements: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: [
              "backup:DeleteRecoveryPoint",
              "backup:UpdateRecoveryPointLifecycle",
              "backup:DeleteBackupVault",
              "backup:PutBackupVaultAccessPolicy",
              "backup:DeleteBackupVaultAccessPolicy",
            ],
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": DEPLOY_ROLE } },
          },
        ],
      });
      const out = await run(doc);
      assertViolates(out, "vault-policy", /DeleteRecoveryPoint is not denied/);
      assert.ok(!/PutBackupVaultAccessPolicy is not denied/.test(out.violations[0].message));
    });

    it("rejects exemptions that are not named roles of the recovery account", async () => {
      const exempt = (values: unknown, op = "ArnNotEquals", key = "aws:PrincipalArn") =>
        vaultPolicyDocument({
          statements: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"],
              Resource: "*",
            },
            {
              Effect: "Deny",
              Principal: "*",
              Action: ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
              Resource: "*",
              Condition: { [op]: { [key]: values } },
            },
          ],
        });
      assertPasses(await run(exempt([DEPLOY_ROLE, `arn:aws:iam::${ACCOUNTS.recovery}:role/BreakGlass`])));
      assertViolates(
        await run(exempt("arn:aws:iam::222222222222:role/*")),
        "vault-policy",
        /PutBackupVaultAccessPolicy/,
      );
      assertViolates(await run(exempt(`arn:aws:iam::${ACCOUNTS.prod[0]}:role/IsolationDeployer`)), "vault-policy");
      assertViolates(await run(exempt(DEPLOY_ROLE, "StringEquals")), "vault-policy");
      assertViolates(await run(exempt(DEPLOY_ROLE, "ArnNotEquals", "aws:SourceArn")), "vault-policy");
      assertViolates(await run(exempt([])), "vault-policy");
    });

    it("rejects a cross-account Allow of anything but CopyIntoBackupVault", async () => {
      const extra = [
        {
          Sid: "Restore",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS.ire}:root` },
          Action: "backup:StartRestoreJob",
          Resource: "*",
        },
      ];
      assertViolates(
        await run(vaultPolicyDocument({ extra })),
        "vault-policy",
        /statement "Restore" allows backup:StartRestoreJob across accounts/,
      );
    });

    it("rejects CopyIntoBackupVault for everyone without the organization condition", async () => {
      const extra = [
        { Sid: "Open", Effect: "Allow", Principal: "*", Action: "backup:CopyIntoBackupVault", Resource: "*" },
      ];
      assertViolates(await run(vaultPolicyDocument({ extra })), "vault-policy", /without an aws:PrincipalOrgID/);
      const wild = [
        {
          Sid: "Wild",
          Effect: "Allow",
          Principal: "*",
          Action: "backup:CopyIntoBackupVault",
          Resource: "*",
          Condition: { StringLike: { "aws:PrincipalOrgID": "*" } },
        },
      ];
      assertViolates(await run(vaultPolicyDocument({ extra: wild })), "vault-policy", /without an aws:PrincipalOrgID/);
      const paths = [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "backup:CopyIntoBackupVault",
          Resource: "*",
          Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": `${ORG_ID}/*` } },
        },
      ];
      assertPasses(await run(vaultPolicyDocument({ extra: paths })));
    });

    it("rejects Allow statements written with NotAction or NotPrincipal", async () => {
      const notAction = [
        {
          Sid: "NA",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS.recovery}:root` },
          NotAction: "backup:DeleteRecoveryPoint",
          Resource: "*",
        },
      ];
      assertViolates(
        await run(vaultPolicyDocument({ extra: notAction })),
        "vault-policy",
        /statement "NA" uses NotAction/,
      );
      const notPrincipal = [
        {
          Sid: "NP",
          Effect: "Allow",
          NotPrincipal: { AWS: ACCOUNTS.prod[0] },
          Action: "backup:DescribeBackupVault",
          Resource: "*",
        },
      ];
      assertViolates(
        await run(vaultPolicyDocument({ extra: notPrincipal })),
        "vault-policy",
        /statement "NP" uses NotPrincipal/,
      );
    });

    it("allows same-account principals more than copies", async () => {
      const extra = [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS.recovery}:role/Ops` },
          Action: "backup:StartRestoreJob",
          Resource: "*",
        },
      ];
      assertPasses(await run(vaultPolicyDocument({ extra })));
    });

    it("treats every principal as foreign when the recovery account is unknown, and says so", async () => {
      const extra = [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS.recovery}:role/Ops` },
          Action: "backup:StartRestoreJob",
          Resource: "*",
        },
      ];
      const out = await runResource(
        recoveryVaultAccessPolicy,
        { ...base, provider: null, props: { ...base.props, policy: vaultPolicyDocument({ extra }) } },
        {},
      );
      assertViolates(out, "vault-policy", /recovery account is unknown/);
    });

    it("rejects a missing or unparseable policy", async () => {
      assertViolates(await run("{not json"), "vault-policy", /not valid JSON/);
      assertViolates(await run(undefined), "vault-policy", /not a JSON object/);
      assertViolates(await run(JSON.stringify({ Version: "2012-10-17" })), "vault-policy", /no Statement/);
    });

    it("applies only in the recovery role", async () => {
      assertPasses(await run("{}", "prod"));
    });

    it("reports problems as sentences", () => {
      assert.deepStrictEqual(vaultPolicyProblems(vaultPolicyDocument(), ACCOUNTS.recovery), []);
      assert.strictEqual(vaultPolicyProblems(JSON.stringify({ Statement: [] }), ACCOUNTS.recovery).length, 5);
    });
  });

  describe("ire-restore-testing-scope (rule 10)", () => {
    const plan = spec(ireStack(), "drill");
    const selection = spec(ireStack(), "drill-ebs");
    const planWith = (includeVaults: unknown) =>
      runResource(ireRestoreTesting, {
        ...plan,
        props: { ...plan.props, recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults } },
      });
    const selectionWith = (validationWindowHours: unknown) =>
      runResource(ireRestoreTesting, { ...selection, props: { ...selection.props, validationWindowHours } });

    it("passes a plan naming vaults and a selection with a validation window", async () => {
      assertPasses(await runResource(ireRestoreTesting, plan));
      assertPasses(await runResource(ireRestoreTesting, selection));
      assertPasses(await selectionWith(1));
    });

    it("rejects * and wildcard vault ARNs, and no vaults at all", async () => {
      assertViolates(await planWith(["*"]), "drill", /wildcard \(\*\)/);
      assertViolates(await planWith([vaultArn("*")]), "drill", /wildcard/);
      assertViolates(await planWith([]), "drill", /includes no vaults/);
    });

    it("rejects a validation window under one hour or unset", async () => {
      assertViolates(await selectionWith(0), "drill-ebs", /validationWindowHours 0/);
      assertViolates(await selectionWith(undefined), "drill-ebs", /unset/);
    });

    it("rejects instances and databases restored without a placement in the IRE's network", async () => {
      const typed = (protectedResourceType: string, restoreMetadataOverrides?: Record<string, string>) =>
        runResource(ireRestoreTesting, {
          ...selection,
          props: { ...selection.props, protectedResourceType, restoreMetadataOverrides },
        });
      assertViolates(await typed("EC2"), "drill-ebs", /restores EC2 without subnetId .*default VPC/);
      assertViolates(await typed("RDS", { vpcSecurityGroupIds: '["sg-1"]' }), "drill-ebs", /without dbSubnetGroupName/);
      assertViolates(await typed("Aurora", { dbSubnetGroupName: " " }), "drill-ebs", /without dbSubnetGroupName/);
      assertPasses(await typed("EC2", { subnetId: "subnet-1", securityGroupIds: '["sg-1"]' }));
      assertPasses(await typed("RDS", { DBSubnetGroupName: "ire-databases" })); // keys are not case sensitive
      for (const unplaced of ["EBS", "S3", "DynamoDB", "EFS"]) assertPasses(await typed(unplaced));
      for (const db of ["RDS", "Aurora", "DocumentDB", "Neptune"]) {
        assert.strictEqual(missingPlacement(db, {}), "dbSubnetGroupName", db);
      }
      assert.strictEqual(missingPlacement("EC2", { subnetId: 5 }), "subnetId", "a non-string value places nothing");
      assert.strictEqual(missingPlacement("EBS", { availabilityZone: "eu-west-1a" }), undefined);
      assert.strictEqual(missingPlacement(undefined, undefined), undefined);
    });

    it("applies only in the IRE", async () => {
      assertPasses(await runResource(ireRestoreTesting, { ...selection, stack: "recovery", props: {} }));
    });
  });
});
