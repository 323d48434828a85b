import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { RECOVERY_SCP_DENIED_ACTIONS, VAULT_POLICY_DENIED_ACTIONS } from "../../lib/guardrail-actions";
import { stackOfUrn, roleOfStack, decodeList, asNumber } from "../../policypack/policies/common";
import { DEFAULT_SETTINGS, expandPackConfig, readSettings } from "../../policypack/policies/config";
import { accountsOf, parsePolicyDocument, statementCovers, wildcardMatches } from "../../policypack/policies/iam";
import { allPolicies, POLICY_NAMES, ruleOf } from "../../policypack/policies";

const PACK_DIR = path.resolve(__dirname, "../../policypack");

describe("policy pack: the pack and its shared modules", () => {
  it("has one uniquely named, described policy for every rule 1-13, with no enforcement level of its own", () => {
    assert.strictEqual(new Set(POLICY_NAMES).size, allPolicies.length);
    assert.deepStrictEqual(
      [...new Set(allPolicies.map(ruleOf))].sort((a, b) => a - b),
      Array.from({ length: 13 }, (_, i) => i + 1),
    );
    for (const p of allPolicies) {
      assert.ok(p.description.length > 20, p.name);
      assert.strictEqual(
        p.enforcementLevel,
        undefined,
        `${p.name} must take the pack's level so config can override it`,
      );
      assert.ok(p.configSchema?.properties.accounts && p.configSchema.properties.roles, p.name);
      assert.ok(!p.configSchema?.properties.enforcementLevel);
    }
  });

  it("keeps the policy names that pack config files refer to", () => {
    assert.deepStrictEqual(POLICY_NAMES, [
      "recovery-vault-compliance-lock",
      "vault-retention-bounds",
      "backup-lifecycle-within-vault-retention",
      "recovery-stateful-resources-protected",
      "recovery-vault-access-policy",
      "recovery-kms-key-hardening",
      "organization-policy-guardrails",
      "isolated-network",
      "no-shared-trust-with-production",
      "air-gapped-vault-share-ire-only",
      "ire-restore-testing-scope",
      "recovery-vault-monitoring",
      "recovery-audit-bucket-object-lock",
      "explicit-account-provider",
      "stack-references-toward-higher-trust",
    ]);
    for (const p of allPolicies) assert.strictEqual(p.severity, "critical", p.name);
  });

  it("is a runnable Node policy pack whose index.ts only constructs the PolicyPack, mandatory by default", () => {
    const yaml = parse(fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
    assert.strictEqual(yaml.runtime, "nodejs");
    assert.ok(typeof yaml.description === "string");
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as Record<string, string>;
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    assert.ok(fs.existsSync(path.join(PACK_DIR, "tsconfig.json")));
    const index = fs.readFileSync(path.join(PACK_DIR, "index.ts"), "utf8");
    assert.match(
      index,
      /new PolicyPack\("isolation-guardrails", \{ policies: allPolicies, enforcementLevel: "mandatory" \}\)/,
    );
    assert.strictEqual(index.match(/new /g)?.length, 1);
  });

  it("lists each guardrail action once, in service:Action form", () => {
    for (const list of [RECOVERY_SCP_DENIED_ACTIONS, VAULT_POLICY_DENIED_ACTIONS]) {
      assert.strictEqual(new Set(list).size, list.length);
      for (const a of list) assert.match(a, /^(backup|kms|cloudtrail|organizations):[A-Z][A-Za-z]+$/);
    }
  });

  it("reads the stack and role from engine URNs, with config overrides", () => {
    assert.strictEqual(stackOfUrn("urn:pulumi:prod-payments::isolation::aws:kms/key:Key::k"), "prod-payments");
    assert.strictEqual(stackOfUrn("recovery"), "recovery");
    assert.strictEqual(roleOfStack("prod-payments", DEFAULT_SETTINGS), "prod");
    assert.strictEqual(roleOfStack("bunker", DEFAULT_SETTINGS), undefined);
    assert.strictEqual(roleOfStack("bunker", readSettings({ roles: { bunker: "recovery", bad: "root" } })), "recovery");
    assert.strictEqual(readSettings({ roles: { bad: "root" } }).roles.bad, undefined);
  });

  it("merges config over the defaults and drops values of the wrong shape", () => {
    const s = readSettings({
      accounts: { recovery: "222222222222", ire: "nope", prod: ["444444444444", 5] },
      stackAccounts: { "prod-a": "555555555555", "prod-b": "x" },
      orgPolicyLimits: { SERVICE_CONTROL_POLICY: { maxCharacters: 10240 }, OTHER: { maxCharacters: 1 } },
      recoveryScp: { tagValue: "bunker", ouIds: ["ou-1"] },
      recoveryVaultRetention: { v: { minRetentionDays: 7, maxRetentionDays: 30 }, w: { minRetentionDays: "7" } },
    });
    assert.deepStrictEqual(s.accounts, { recovery: "222222222222", prod: ["444444444444"] });
    assert.deepStrictEqual(s.stackAccounts, { "prod-a": "555555555555" });
    assert.deepStrictEqual(s.orgPolicyLimits.SERVICE_CONTROL_POLICY, {
      maxCharacters: 10240,
      maxPerTarget: 5,
      awsManagedPerTarget: 1,
    });
    assert.strictEqual(s.orgPolicyLimits.BACKUP_POLICY.maxCharacters, 10000);
    assert.deepStrictEqual(s.recoveryScp, {
      tagKey: "isolation:guardrail",
      tagValue: "bunker",
      ouNamePattern: "recovery",
      ouIds: ["ou-1"],
    });
    assert.deepStrictEqual(Object.keys(s.recoveryVaultRetention), ["v"]);
    assert.deepStrictEqual(readSettings(undefined), DEFAULT_SETTINGS);
    assert.deepStrictEqual(readSettings("x"), DEFAULT_SETTINGS);
  });

  it("expands one shared block into every policy's config, with enforcement levels", () => {
    const cfg = expandPackConfig(
      POLICY_NAMES,
      { accounts: { recovery: "222222222222" } },
      { "isolated-network": "advisory" },
    );
    assert.deepStrictEqual(Object.keys(cfg), POLICY_NAMES);
    assert.deepStrictEqual(cfg["isolated-network"], {
      accounts: { recovery: "222222222222" },
      enforcementLevel: "advisory",
    });
    assert.strictEqual(cfg["no-shared-trust-with-production"].enforcementLevel, undefined);
  });

  it("decodes provider inputs given as lists or JSON strings", () => {
    assert.deepStrictEqual(decodeList('["222222222222"]'), ["222222222222"]);
    assert.deepStrictEqual(decodeList(["1"]), ["1"]);
    assert.deepStrictEqual(decodeList('"a"'), ["a"]);
    assert.deepStrictEqual(decodeList("a"), ["a"]);
    assert.strictEqual(decodeList(undefined), undefined);
    assert.strictEqual(asNumber("30"), 30);
    assert.strictEqual(asNumber(""), undefined);
    assert.strictEqual(asNumber(Number.NaN), undefined);
  });

  describe("IAM documents", () => {
    it("accepts a single Statement object and string or list elements", () => {
      const doc = parsePolicyDocument({
        Statement: { Effect: "Deny", Principal: "*", Action: "backup:*", Resource: "*" },
      });
      assert.ok(doc.ok);
      assert.deepStrictEqual(doc.statements[0].actions, ["backup:*"]);
      assert.strictEqual(doc.statements[0].principal?.any, true);
      const aws = parsePolicyDocument(
        JSON.stringify({
          Statement: [{ Effect: "Allow", Principal: { AWS: ["*"], Service: "backup.amazonaws.com" }, Action: ["a:b"] }],
        }),
      );
      assert.ok(
        aws.ok && aws.statements[0].principal?.any && aws.statements[0].principal.service[0] === "backup.amazonaws.com",
      );
    });

    it("rejects what is not a policy document", () => {
      assert.deepStrictEqual(parsePolicyDocument("[1]"), { ok: false, error: "not a JSON object" });
      assert.deepStrictEqual(parsePolicyDocument({ Statement: [1] }), {
        ok: false,
        error: "a Statement that is not an object",
      });
      const bad = parsePolicyDocument({ Statement: [{ Effect: "allow" }] });
      assert.ok(!bad.ok && /Effect is "allow"/.test(bad.error));
    });

    it("matches actions with IAM wildcards, case-insensitively", () => {
      assert.ok(wildcardMatches("backup:Delete*", "backup:DeleteRecoveryPoint"));
      assert.ok(wildcardMatches("BACKUP:deleterecoverypoint", "backup:DeleteRecoveryPoint"));
      assert.ok(wildcardMatches("kms:?isableKey", "kms:DisableKey"));
      assert.ok(!wildcardMatches("backup:Delete", "backup:DeleteRecoveryPoint"));
      assert.ok(!wildcardMatches("backup.Delete*", "backupXDelete"));
      const notAction = parsePolicyDocument({ Statement: { Effect: "Deny", NotAction: "s3:*" } });
      assert.ok(notAction.ok && statementCovers(notAction.statements[0], "kms:DisableKey"));
      assert.ok(notAction.ok && !statementCovers(notAction.statements[0], "s3:GetObject"));
      const neither = parsePolicyDocument({ Statement: { Effect: "Deny" } });
      assert.ok(neither.ok && !statementCovers(neither.statements[0], "s3:GetObject"));
    });

    it("reads accounts out of principals", () => {
      assert.deepStrictEqual(
        accountsOf([
          "111111111111",
          "arn:aws:iam::222222222222:root",
          "arn:aws:sts::333333333333:assumed-role/x/y",
          "*",
          "arn:aws:s3:::b",
        ]),
        ["111111111111", "222222222222", "333333333333"],
      );
    });
  });
});
