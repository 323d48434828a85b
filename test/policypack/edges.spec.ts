/** Edge cases of the policies and their shared modules: the boundaries each rule's reading depends on. */
import * as assert from "assert";
import { retentionProblems, vaultNameOfArn, vaultPolicyProblems } from "../../policypack/policies/backup";
import { asArray, asNumber, decodeObject, stackAccount, stackOfUrn } from "../../policypack/policies/common";
import { DEFAULT_SETTINGS, PACK_CONFIG_SCHEMA, readSettings } from "../../policypack/policies/config";
import { accountsOf, parsePolicyDocument, statementCovers, wildcardMatches } from "../../policypack/policies/iam";
import { keyPolicyProblems } from "../../policypack/policies/kms";
import { matchesBackupApiCalls } from "../../policypack/policies/monitoring";
import { isAnyCidr, isUnconditionalStar } from "../../policypack/policies/network";
import { uncoveredActions } from "../../policypack/policies/organizations";
import { ROLES } from "../../lib/roles";
import { ACCOUNTS, accountProvider } from "../policy-args";
import { ORG_ID, vaultArn } from "./fixtures";

const doc = (...Statement: unknown[]) => JSON.stringify({ Statement });

describe("policy pack: edge cases", () => {
  describe("IAM reader", () => {
    it("compiles each new pattern with anchors, wildcards and escaped dots", () => {
      // The matcher caches compiled patterns, so each run uses a service prefix it has not seen.
      const svc = `edge${process.hrtime.bigint()}`;
      assert.ok(wildcardMatches(`${svc}:Get*Thing`, `${svc}:GetBigThing`));
      assert.ok(!wildcardMatches(`${svc}:Get*Thing`, `${svc}:GetBigThings`));
      assert.ok(!wildcardMatches(`${svc}:Get*Thing`, `x${svc}:GetThing`));
      assert.ok(wildcardMatches(`${svc}:?et`, `${svc}:Set`));
      assert.ok(!wildcardMatches(`${svc}:?et`, `${svc}:et`));
      assert.ok(!wildcardMatches(`${svc}.x`, `${svc}yx`));
      assert.ok(wildcardMatches(`${svc}.x`, `${svc.toUpperCase()}.X`));
      assert.ok(!wildcardMatches(`${svc}:A`, `${svc}:AB`));
      assert.ok(wildcardMatches(`${svc}:(a)`, `${svc}:(a)`));
      assert.ok(wildcardMatches(`${svc}:a+`, `${svc}:a+`));
      assert.ok(!wildcardMatches(`${svc}:a+`, `${svc}:aa`));
    });

    it("covers with NotAction only what none of its patterns match", () => {
      const parsed = parsePolicyDocument(doc({ Effect: "Deny", NotAction: ["s3:*", "kms:Describe*"] }));
      assert.ok(parsed.ok);
      assert.ok(!statementCovers(parsed.statements[0], "kms:DescribeKey"));
      assert.ok(!statementCovers(parsed.statements[0], "s3:GetObject"));
      assert.ok(statementCovers(parsed.statements[0], "kms:Decrypt"));
    });

    it("reads principals of every shape", () => {
      const parsed = parsePolicyDocument(
        doc(
          { Effect: "Allow", Principal: "arn:aws:iam::111111111111:root" },
          { Effect: "Allow", Principal: 5 },
          { Effect: "Allow", Principal: null },
          {
            Effect: "Allow",
            Principal: { Federated: "cognito-identity.amazonaws.com", CanonicalUser: "abc", AWS: "111111111111" },
          },
          { Effect: "Allow", Principal: { Service: ["backup.amazonaws.com"] } },
        ),
      );
      assert.ok(parsed.ok);
      const [arn, num, none, fed, svc] = parsed.statements.map((s) => s.principal);
      assert.deepStrictEqual(arn, {
        any: false,
        aws: ["arn:aws:iam::111111111111:root"],
        service: [],
        federated: [],
        canonical: [],
      });
      assert.deepStrictEqual(num, { any: false, aws: [], service: [], federated: [], canonical: [] });
      assert.strictEqual(none, undefined);
      assert.deepStrictEqual(fed, {
        any: false,
        aws: ["111111111111"],
        service: [],
        federated: ["cognito-identity.amazonaws.com"],
        canonical: ["abc"],
      });
      assert.deepStrictEqual(svc, {
        any: false,
        aws: [],
        service: ["backup.amazonaws.com"],
        federated: [],
        canonical: [],
      });
    });

    it("reads conditions, skipping malformed blocks, and keeps a string Sid only", () => {
      const parsed = parsePolicyDocument(
        doc(
          {
            Sid: 7,
            Effect: "Deny",
            Action: null,
            Condition: { StringEquals: { "aws:PrincipalOrgID": ORG_ID }, Bool: "x", Null: null },
          },
          { Sid: "s", Effect: "Deny", Condition: {} },
          { Effect: "Deny", Condition: "nope" },
          { Effect: "Deny", Condition: { StringEquals: { k: null } } },
        ),
      );
      assert.ok(parsed.ok);
      const [a, b, c, d] = parsed.statements;
      assert.strictEqual(a.sid, undefined);
      assert.strictEqual(a.actions, undefined);
      assert.deepStrictEqual(a.condition, { StringEquals: { "aws:PrincipalOrgID": [ORG_ID] } });
      assert.strictEqual(b.sid, "s");
      assert.strictEqual(b.condition, undefined);
      assert.strictEqual(c.condition, undefined);
      assert.deepStrictEqual(d.condition, { StringEquals: { k: [] } });
      assert.deepStrictEqual(parsePolicyDocument(null), { ok: false, error: "not a JSON object" });
      assert.deepStrictEqual(parsePolicyDocument(5), { ok: false, error: "not a JSON object" });
    });

    it("reads only whole account IDs and ARN account fields", () => {
      assert.deepStrictEqual(
        accountsOf([
          "1111111111112",
          "x111111111111",
          "arn:aws:iam::1111111111:root",
          "xarn:aws:iam::111111111111:root",
        ]),
        [],
      );
      assert.deepStrictEqual(accountsOf(["arn:aws:iam:x:y:111111111111:root"]), []);
      assert.deepStrictEqual(accountsOf(["arn:aws:sts::111111111111:x", "arn:aws:iam::1111111111111:x"]), [
        "111111111111",
      ]);
    });
  });

  describe("shared helpers and settings", () => {
    it("reads the stack of URNs with and without the prefix", () => {
      assert.strictEqual(stackOfUrn("urn:pulumi:ire::p::t::n"), "ire");
      assert.strictEqual(stackOfUrn("::p"), "");
    });

    it("decodes objects, arrays and numbers defensively", () => {
      assert.deepStrictEqual(decodeObject('{"a":1}'), { a: 1 });
      assert.strictEqual(decodeObject("{"), undefined);
      assert.strictEqual(decodeObject("[1]"), undefined);
      assert.strictEqual(decodeObject('"s"'), undefined);
      assert.strictEqual(decodeObject(null), undefined);
      assert.deepStrictEqual(asArray(null), []);
      assert.deepStrictEqual(asArray({ a: 1 }), [{ a: 1 }]);
      assert.deepStrictEqual(asArray(0), [0]);
      assert.strictEqual(asNumber(" "), undefined);
      assert.strictEqual(asNumber(" 3 "), 3);
      assert.strictEqual(asNumber(true), undefined);
      assert.strictEqual(asNumber(Infinity), undefined);
    });

    it("takes the stack's account from config by role, else from a single-account provider", () => {
      const settings = readSettings({ accounts: ACCOUNTS, stackAccounts: { "prod-x": "555555555555" } });
      const ctx = (stack: string, role: (typeof ROLES)[number] | undefined) => ({ stack, role, settings });
      assert.strictEqual(stackAccount(ctx("org", "org")), ACCOUNTS.management);
      assert.strictEqual(stackAccount(ctx("recovery", "recovery")), ACCOUNTS.recovery);
      assert.strictEqual(stackAccount(ctx("ire", "ire")), ACCOUNTS.ire);
      assert.strictEqual(stackAccount(ctx("prod-x", "prod")), "555555555555");
      assert.strictEqual(stackAccount(ctx("prod", "prod")), undefined);
      assert.strictEqual(stackAccount(ctx("prod", "prod"), accountProvider("prod")), ACCOUNTS.prod[0]);
      const two = { ...accountProvider("prod"), props: { allowedAccountIds: [ACCOUNTS.prod[0], ACCOUNTS.ire] } };
      assert.strictEqual(stackAccount(ctx("prod", "prod"), two), undefined);
      const none = { stack: "recovery", role: "recovery" as const, settings: DEFAULT_SETTINGS };
      assert.strictEqual(stackAccount(none, accountProvider("recovery", "999999999999")), "999999999999");
    });

    it("accepts only 12-digit account IDs and well-formed config blocks", () => {
      const s = readSettings({
        accounts: { management: "1111111111112", recovery: "x222222222222", ire: 333333333333 },
        orgPolicyLimits: { SERVICE_CONTROL_POLICY: "big" },
        recoveryScp: { tagKey: "k", ouNamePattern: "bunker", tagValue: 3, ouIds: "ou-1" },
        recoveryVaultRetention: { v: { minRetentionDays: 7 }, w: { maxRetentionDays: 7 }, x: null },
        roles: ["recovery"],
      });
      assert.deepStrictEqual(s.accounts, {});
      assert.deepStrictEqual(s.orgPolicyLimits, DEFAULT_SETTINGS.orgPolicyLimits);
      assert.deepStrictEqual(s.recoveryScp, { tagKey: "k", tagValue: "recovery", ouNamePattern: "bunker", ouIds: [] });
      assert.deepStrictEqual(s.recoveryVaultRetention, {});
      assert.deepStrictEqual(s.roles, {});
      assert.deepStrictEqual(
        readSettings({ recoveryVaultRetention: { v: { minRetentionDays: 7, maxRetentionDays: 30 } } })
          .recoveryVaultRetention,
        {
          v: { minRetentionDays: 7, maxRetentionDays: 30 },
        },
      );
    });

    it("declares a schema Pulumi can validate the shared keys against", () => {
      const p = PACK_CONFIG_SCHEMA.properties;
      for (const [key, schema] of Object.entries(p)) {
        assert.strictEqual(schema.type, "object", key);
        assert.ok(typeof schema.description === "string" && schema.description.length > 10, key);
      }
      assert.deepStrictEqual(p.roles.additionalProperties, { type: "string", enum: [...ROLES] });
      const accounts = p.accounts as {
        properties: Record<string, { type: string; pattern?: string; items?: unknown }>;
        additionalProperties: boolean;
      };
      assert.strictEqual(accounts.additionalProperties, false);
      assert.deepStrictEqual(Object.keys(accounts.properties), ["management", "recovery", "ire", "prod"]);
      assert.strictEqual(accounts.properties.prod.type, "array");
      assert.deepStrictEqual(accounts.properties.prod.items, { type: "string", pattern: "^\\d{12}$" });
      assert.deepStrictEqual(p.stackAccounts.additionalProperties, { type: "string", pattern: "^\\d{12}$" });
      assert.ok(new RegExp(accounts.properties.recovery.pattern!).test("222222222222"));
    });
  });

  describe("rule logic", () => {
    it("reads vault names from backup-vault ARNs only, anchored", () => {
      assert.strictEqual(vaultNameOfArn(`x${vaultArn("v")}`), undefined);
      assert.strictEqual(vaultNameOfArn(vaultArn("v").replace("backup-vault", "backup-plan")), undefined);
      assert.strictEqual(vaultNameOfArn(5), undefined);
    });

    it("orders retention problems and does not compare a missing bound", () => {
      assert.deepStrictEqual(retentionProblems(undefined, 5, 1), ["minRetentionDays is not set (expected at least 1)"]);
      assert.deepStrictEqual(retentionProblems(50, undefined, 1), [
        "maxRetentionDays is not set (expected at most 36500)",
      ]);
      assert.deepStrictEqual(retentionProblems(5, 5, 1), []);
    });

    it("treats federated and canonical principals as foreign in vault policies", () => {
      const base = JSON.parse(
        doc({
          Effect: "Deny",
          Principal: "*",
          Action: [
            "backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle",
            "backup:DeleteBackupVault",
            "backup:PutBackupVaultAccessPolicy",
            "backup:DeleteBackupVaultAccessPolicy",
          ],
        }),
      ) as { Statement: unknown[] };
      const withAllow = (Principal: unknown, Action: unknown = "backup:StartRestoreJob") =>
        JSON.stringify({ Statement: [...base.Statement, { Effect: "Allow", Principal, Action }] });
      assert.deepStrictEqual(vaultPolicyProblems(JSON.stringify(base), ACCOUNTS.recovery), []);
      assert.strictEqual(vaultPolicyProblems(withAllow({ Federated: "x" }), ACCOUNTS.recovery).length, 1);
      assert.strictEqual(vaultPolicyProblems(withAllow({ CanonicalUser: "x" }), ACCOUNTS.recovery).length, 1);
      assert.strictEqual(
        vaultPolicyProblems(withAllow({ Service: "backup.amazonaws.com" }), ACCOUNTS.recovery).length,
        0,
      );
      assert.strictEqual(vaultPolicyProblems(withAllow({ AWS: "not-an-arn" }), ACCOUNTS.recovery).length, 1);
      assert.strictEqual(vaultPolicyProblems(withAllow(undefined), ACCOUNTS.recovery).length, 0);
      assert.strictEqual(
        vaultPolicyProblems(
          withAllow({ AWS: ACCOUNTS.ire }, ["backup:CopyIntoBackupVault", "backup:Get*"]),
          ACCOUNTS.recovery,
        ).length,
        1,
      );
      const denyAllow = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: "*", Action: ["backup:DeleteRecoveryPoint"] }],
      });
      assert.ok(
        vaultPolicyProblems(denyAllow, ACCOUNTS.recovery).some((p) => /DeleteRecoveryPoint is not denied/.test(p)),
      );
      const deny = (extra: Record<string, unknown>) =>
        JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "backup:*", ...extra }] });
      assert.strictEqual(vaultPolicyProblems(deny({}), ACCOUNTS.recovery).length, 0);
      assert.strictEqual(vaultPolicyProblems(deny({ NotResource: "x" }), ACCOUNTS.recovery).length, 5);
      assert.strictEqual(vaultPolicyProblems(deny({ NotPrincipal: { AWS: "x" } }), ACCOUNTS.recovery).length, 5);
      const orgOp = (op: string, values: string[]) =>
        JSON.stringify({
          Statement: [
            ...base.Statement,
            {
              Effect: "Allow",
              Principal: "*",
              Action: "backup:CopyIntoBackupVault",
              Condition: { [op]: { "aws:PrincipalOrgID": values } },
            },
          ],
        });
      assert.strictEqual(vaultPolicyProblems(orgOp("StringEquals", [ORG_ID]), ACCOUNTS.recovery).length, 0);
      assert.strictEqual(vaultPolicyProblems(orgOp("StringNotEquals", [ORG_ID]), ACCOUNTS.recovery).length, 1);
      assert.strictEqual(vaultPolicyProblems(orgOp("xStringEquals", [ORG_ID]), ACCOUNTS.recovery).length, 1);
      assert.strictEqual(vaultPolicyProblems(orgOp("StringEqualsIgnoreCase", [ORG_ID]), ACCOUNTS.recovery).length, 1);
      assert.strictEqual(vaultPolicyProblems(orgOp("StringEquals", ["*", ORG_ID]), ACCOUNTS.recovery).length, 0);
    });

    it("accepts every negated operator for a named-principal exemption, and only named IAM principals", () => {
      const exempt = (op: string, arn: string) =>
        vaultPolicyProblems(
          doc(
            {
              Effect: "Deny",
              Principal: "*",
              Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"],
            },
            {
              Effect: "Deny",
              Principal: "*",
              Action: ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
              Condition: { [op]: { "aws:PrincipalArn": arn } },
            },
          ),
          ACCOUNTS.recovery,
        );
      const role = `arn:aws:iam::${ACCOUNTS.recovery}:role/BreakGlass`;
      for (const op of ["ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike"])
        assert.deepStrictEqual(exempt(op, role), [], op);
      assert.deepStrictEqual(exempt("ArnNotEquals", `arn:aws:iam::${ACCOUNTS.recovery}:user/ops`), []);
      assert.deepStrictEqual(exempt("ArnNotEquals", `arn:aws-us-gov:iam::${ACCOUNTS.recovery}:role/x`), []);
      assert.strictEqual(exempt("ArnNotEquals", `x${role}`).length, 2);
      assert.strictEqual(exempt("ArnNotEquals", `${role}*`).length, 2);
      assert.strictEqual(exempt("ArnNotEquals", `arn:aws:iam::${ACCOUNTS.recovery}:group/x`).length, 2);
      assert.strictEqual(exempt("ArnNotEquals", `arn:aws1:iam::${ACCOUNTS.recovery}:role/x`).length, 2);
      assert.deepStrictEqual(
        vaultPolicyProblems(
          doc({
            Effect: "Deny",
            Principal: "*",
            Action: "backup:*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNTS.prod[0]}:role/x` } },
          }),
          undefined,
        ).length,
        3,
      );
    });

    it("judges only Allow statements that can decrypt in key policies", () => {
      const allowed = new Set([ACCOUNTS.recovery, ACCOUNTS.ire]);
      const prod = { AWS: ACCOUNTS.prod[0] };
      assert.deepStrictEqual(
        keyPolicyProblems(doc({ Effect: "Deny", Principal: prod, Action: "kms:Decrypt" }), allowed),
        [],
      );
      assert.deepStrictEqual(keyPolicyProblems(null, allowed), []);
      assert.deepStrictEqual(keyPolicyProblems("", allowed), []);
      assert.deepStrictEqual(keyPolicyProblems(doc({ Effect: "Allow", Action: "kms:Decrypt" }), allowed), []);
      const grant = (cond: unknown) =>
        doc({ Effect: "Allow", Principal: prod, Action: "kms:CreateGrant", Condition: cond });
      assert.deepStrictEqual(keyPolicyProblems(grant({ Bool: { "kms:GrantIsForAWSResource": "true" } }), allowed), []);
      assert.strictEqual(
        keyPolicyProblems(grant({ Bool: { "kms:GrantIsForAWSResource": "false" } }), allowed).length,
        1,
      );
      assert.strictEqual(keyPolicyProblems(grant({ Bool: { "kms:ViaService": "true" } }), allowed).length, 1);
      const pinned = (op: string, values: string[], key = "kms:CallerAccount") =>
        keyPolicyProblems(
          doc({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Condition: { [op]: { [key]: values } } }),
          allowed,
        );
      assert.deepStrictEqual(pinned("StringEquals", [ACCOUNTS.ire]), []);
      assert.deepStrictEqual(pinned("StringEquals", [ACCOUNTS.ire], "aws:PrincipalAccount"), []);
      assert.strictEqual(pinned("StringEquals", []).length, 1);
      assert.strictEqual(pinned("StringEquals", [ACCOUNTS.ire, ACCOUNTS.prod[0]]).length, 1);
      assert.strictEqual(pinned("StringNotEquals", [ACCOUNTS.ire]).length, 1);
      assert.strictEqual(pinned("StringEquals", [ACCOUNTS.ire], "aws:SourceAccount").length, 1);
      assert.deepStrictEqual(
        keyPolicyProblems(
          doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNTS.ire}:role/x` }, Action: "kms:Decrypt" }),
          allowed,
        ),
        [],
      );
      assert.strictEqual(
        keyPolicyProblems(doc({ Effect: "Allow", Principal: { AWS: "weird" }, Action: "kms:Decrypt" }), allowed)[0],
        "an Allow statement lets weird decrypt",
      );
    });

    it("matches CloudTrail patterns only with the API-call detail type", () => {
      assert.ok(!matchesBackupApiCalls({ source: ["aws.backup"] }));
      assert.ok(!matchesBackupApiCalls({ "detail-type": ["AWS API Call via CloudTrail"] }));
      assert.ok(
        !matchesBackupApiCalls({
          "detail-type": ["AWS API Call via CloudTrail"],
          detail: { eventSource: ["kms.amazonaws.com"] },
        }),
      );
    });

    it("recognises only /0 prefixes with an address as the whole address space", () => {
      assert.ok(isAnyCidr(" 0.0.0.0/0 "));
      assert.ok(!isAnyCidr("0.0.0.0/00x"));
      assert.ok(!isAnyCidr("0.0.0.0/"));
    });

    it("calls an endpoint policy unconditional * only when every element is open", () => {
      const star = { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" };
      assert.ok(isUnconditionalStar(doc(star)));
      assert.ok(isUnconditionalStar(doc({ ...star, Principal: undefined, NotPrincipal: { AWS: "x" } })));
      assert.ok(isUnconditionalStar(doc({ ...star, Action: undefined, NotAction: "s3:DeleteBucket" })));
      assert.ok(isUnconditionalStar(doc({ ...star, Resource: undefined, NotResource: "arn:aws:s3:::x" })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Effect: "Deny" })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Principal: { AWS: ACCOUNTS.ire } })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Principal: undefined })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Action: "backup:*" })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Action: undefined })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Resource: "arn:aws:s3:::x" })));
      assert.ok(!isUnconditionalStar(doc({ ...star, Resource: undefined })));
      assert.ok(
        !isUnconditionalStar(doc({ ...star, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNTS.ire } } })),
      );
    });

    it("counts only unconditional or principal-exempting Denies on * in SCPs", () => {
      const a = ["kms:DisableKey"];
      const scp = (s: Record<string, unknown>) => [doc({ Effect: "Deny", Action: a, Resource: "*", ...s })];
      assert.deepStrictEqual(uncoveredActions(scp({}), a), []);
      assert.deepStrictEqual(uncoveredActions(scp({ Effect: "Allow" }), a), a);
      assert.deepStrictEqual(uncoveredActions(scp({ Resource: undefined, NotResource: "x" }), a), a);
      assert.deepStrictEqual(uncoveredActions(scp({ Resource: undefined }), a), []);
      assert.deepStrictEqual(
        uncoveredActions(scp({ Condition: { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/BG" } } }), a),
        [],
      );
      assert.deepStrictEqual(
        uncoveredActions(scp({ Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/BG" } } }), a),
        a,
      );
      assert.deepStrictEqual(uncoveredActions(scp({ Condition: { ArnNotLike: { "aws:SourceArn": "x" } } }), a), a);
      assert.deepStrictEqual(uncoveredActions(["{", ...scp({})], a), []);
      assert.deepStrictEqual(uncoveredActions(["{"], a), a);
    });
  });
});

describe("policy pack: edge cases of whole policies", () => {
  it("monitoring: a recovery stack without vaults needs neither notifications nor rules", async () => {
    const { recoveryVaultMonitoring, recoveryAuditBucketObjectLock } =
      await import("../../policypack/policies/monitoring");
    const { runStack } = await import("../policy-args");
    const { T } = await import("../../policypack/policies/types");
    const onlyKey = [{ type: T.kmsKey, name: "k", props: {} }];
    assert.deepStrictEqual((await runStack(recoveryVaultMonitoring, onlyKey)).violations, []);
    const governanceElsewhere = [
      { type: T.bucket, name: "scratch", props: { bucket: "scratch" } },
      {
        type: T.bucketObjectLock,
        name: "scratch-lock",
        props: { bucket: "scratch", rule: { defaultRetention: { mode: "GOVERNANCE" } } },
        propertyDependencies: { bucket: [`urn:pulumi:recovery::isolation::${T.bucket}::scratch`] },
      },
    ];
    assert.deepStrictEqual((await runStack(recoveryAuditBucketObjectLock, governanceElsewhere)).violations, []);
    const noRule = [
      { type: T.bucket, name: "audit", props: { bucket: "audit", objectLockEnabled: true } },
      { type: T.bucketObjectLock, name: "l", props: { bucket: "audit" } },
    ];
    const out = await runStack(recoveryAuditBucketObjectLock, noRule);
    assert.ok(out.violations.some((v) => v.message.includes('"l"') && v.message.includes("null")));
    const trailToKey = [
      { type: T.kmsKey, name: "k", props: {} },
      {
        type: T.trail,
        name: "t",
        props: {},
        propertyDependencies: { s3BucketName: ["urn:pulumi:recovery::isolation::aws:kms/key:Key::k"] },
      },
    ];
    assert.deepStrictEqual((await runStack(recoveryAuditBucketObjectLock, trailToKey)).violations, []);
  });

  it("network: closed rules, private instances and local routes pass; empty endpoint policies fail", async () => {
    const { isolatedNetwork } = await import("../../policypack/policies/network");
    const { runResource } = await import("../policy-args");
    const run = (type: string, props: Record<string, unknown>) =>
      runResource(isolatedNetwork, { stack: "ire", type, name: "n", props });
    for (const [type, props] of [
      [
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        { type: "ingress", cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["fd00::/8"] },
      ],
      ["aws:ec2/instance:Instance", { associatePublicIpAddress: false }],
      ["aws:ec2/routeTable:RouteTable", { routes: [{ cidrBlock: "10.0.0.0/16" }] }],
      ["aws:ec2/subnet:Subnet", {}],
      ["aws:ec2/securityGroup:SecurityGroup", { ingress: [{ cidrBlocks: ["10.0.0.0/8"] }] }],
    ] as const) {
      assert.deepStrictEqual((await run(type, props)).violations, [], type);
    }
    for (const policy of [null, ""]) {
      const out = await run("aws:ec2/vpcEndpoint:VpcEndpoint", {
        vpcEndpointType: "interface",
        privateDnsEnabled: true,
        policy,
      });
      assert.match(out.violations[0]?.message ?? "", /no endpoint policy/);
    }
    const rule = await run("aws:ec2/securityGroupRule:SecurityGroupRule", { cidrBlocks: ["0.0.0.0/0"] });
    assert.match(rule.violations[0].message, /opens a rule to 0\.0\.0\.0\/0/);
  });

  it("stack references: a resource whose stack role is unknown still fails when the target is known", async () => {
    const { stackReferencesTowardTrust } = await import("../../policypack/policies/stack-references");
    const { runResource } = await import("../policy-args");
    const ref = {
      stack: "sandbox",
      type: "pulumi:pulumi:StackReference",
      name: "r",
      props: { name: "prod" },
      provider: null,
    };
    assert.match(
      (await runResource(stackReferencesTowardTrust, ref)).violations[0].message,
      /role of stack "sandbox" is unknown/,
    );
    const noName = { ...ref, stack: "prod", name: "org", props: {} };
    assert.deepStrictEqual((await runResource(stackReferencesTowardTrust, noName)).violations, []);
  });

  it("trust: reads bare account principals exactly and ARN principals by their account", async () => {
    const { airGappedShareToIreOnly } = await import("../../policypack/policies/trust");
    const { runResource } = await import("../policy-args");
    const run = (principal: unknown) =>
      runResource(airGappedShareToIreOnly, {
        stack: "recovery",
        type: "aws:ram/principalAssociation:PrincipalAssociation",
        name: "p",
        props: { principal },
      });
    assert.strictEqual((await run(`${ACCOUNTS.ire}1`)).violations.length, 1);
    assert.strictEqual((await run(`1${ACCOUNTS.ire}`)).violations.length, 1);
    assert.strictEqual((await run(`xarn:aws:iam::${ACCOUNTS.ire}:root`)).violations.length, 1);
    assert.strictEqual((await run(`arn:aws1:iam::${ACCOUNTS.ire}:root`)).violations.length, 1);
    assert.strictEqual((await run(5)).violations.length, 1);
  });

  it("providers: names the provider's accounts and the configured production accounts", async () => {
    const { explicitAccountProvider } = await import("../../policypack/policies/providers");
    const { runResource } = await import("../policy-args");
    const vault = (stack: string, allowedAccountIds: unknown, name = "prod-account") => ({
      stack,
      type: "aws:backup/vault:Vault",
      name: "v",
      provider: {
        type: "pulumi:providers:aws",
        name,
        urn: `urn:pulumi:${stack}::isolation::pulumi:providers:aws::${name}`,
        props: { allowedAccountIds },
      },
    });
    const two = await runResource(explicitAccountProvider, vault("prod", [ACCOUNTS.prod[0], ACCOUNTS.ire]));
    assert.match(two.violations[0].message, /allows accounts 444444444444, 333333333333, not exactly one/);
    const org = await runResource(explicitAccountProvider, vault("org", [ACCOUNTS.recovery]));
    assert.match(org.violations[0].message, /deploys into 111111111111/);
    const ire = await runResource(explicitAccountProvider, vault("ire", [ACCOUNTS.recovery]));
    assert.match(ire.violations[0].message, /deploys into 333333333333/);
    const noProd = await runResource(explicitAccountProvider, vault("prod", [ACCOUNTS.ire]), {
      accounts: { prod: [] },
    });
    assert.deepStrictEqual(noProd.violations, []);
    const typed = {
      ...vault("recovery", [ACCOUNTS.recovery]),
      provider: { ...vault("recovery", [ACCOUNTS.recovery]).provider, type: "pulumi:providers:aws-native" },
    };
    assert.match(
      (await runResource(explicitAccountProvider, typed)).violations[0].message,
      /uses a provider of type pulumi:providers:aws-native/,
    );
  });

  it("kms: names the missing account config when only one of recovery and IRE is set", async () => {
    const { kmsKeyHardening } = await import("../../policypack/policies/kms");
    const { runResource } = await import("../policy-args");
    const key = { stack: "recovery", type: "aws:kms/key:Key", name: "k", props: { enableKeyRotation: false } };
    for (const accounts of [{ recovery: ACCOUNTS.recovery }, { ire: ACCOUNTS.ire }]) {
      const out = await runResource(kmsKeyHardening, key, { accounts });
      assert.match(out.violations[0].message, /are not in the pack config/);
    }
    const full = await runResource(kmsKeyHardening, key, { accounts: ACCOUNTS });
    assert.doesNotMatch(full.violations[0].message, /not in the pack config/);
    const nullWindow = await runResource(kmsKeyHardening, {
      ...key,
      props: { enableKeyRotation: true, deletionWindowInDays: null },
    });
    assert.deepStrictEqual(nullWindow.violations, []);
  });
});
