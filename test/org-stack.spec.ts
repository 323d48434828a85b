import { strict as assert } from "assert";
import { ConfigError } from "../config";
import { recordStack, named, ofType } from "./helpers";

const POLICY = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const OU = "aws:organizations/organizationalUnit:OrganizationalUnit";
const ACCOUNT = "aws:organizations/account:Account";

const accountIds = (n: number) => Array.from({ length: n }, (_, i) => String(500000000000 + i));

describe("org stack", () => {
  it("adopts the organization: trusted access for Backup and RAM, no Organization resource", async () => {
    const run = await recordStack("org");
    assert.equal(ofType(run, "aws:organizations/organization:Organization").length, 0);
    const principals = ofType(run, "aws:organizations/awsServiceAccess:AwsServiceAccess").map(
      (r) => r.inputs.servicePrincipal,
    );
    assert.deepEqual(principals.sort(), ["backup.amazonaws.com", "ram.amazonaws.com"]);
    assert.equal(run.outputs.organizationId, "o-a1b2c3d4e5");
  });

  it("creates three protected OUs under the root and reports their org paths", async () => {
    const run = await recordStack("org");
    const ous = ofType(run, OU);
    assert.deepEqual(ous.map((o) => o.inputs.name).sort(), ["IsolatedRestore", "Recovery", "Workloads"]);
    for (const ou of ous) {
      assert.equal(ou.inputs.parentId, "r-ab12");
      assert.ok(ou.protect, ou.name);
    }
    const paths = run.outputs.orgPaths as Record<string, string>;
    const ids = run.outputs.ouIds as Record<string, string>;
    assert.equal(paths.workloads, `o-a1b2c3d4e5/r-ab12/${ids.workloads}/`);
  });

  it("nests the OUs under a configured parent path", async () => {
    const run = await recordStack("org", { "isolation:ouParentPath": ["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb"] });
    for (const ou of ofType(run, OU)) assert.equal(ou.inputs.parentId, "ou-ab12-bbbbbbbb");
    const paths = run.outputs.orgPaths as Record<string, string>;
    assert.match(paths.recovery, /^o-a1b2c3d4e5\/r-ab12\/ou-ab12-aaaaaaaa\/ou-ab12-bbbbbbbb\/ou-[^/]+\/$/);
  });

  it("adopts member accounts by ID into their OU: protected, retained, never closed", async () => {
    const run = await recordStack("org");
    const ouId = (name: string) => named(run, OU, name).id;
    const expect = [
      ["recovery-account", "222222222222", "recovery-ou"],
      ["ire-account", "333333333333", "ire-ou"],
      ["prod-account-444444444444", "444444444444", "workloads-ou"],
    ];
    for (const [name, id, ou] of expect) {
      const acct = named(run, ACCOUNT, name);
      assert.equal(acct.importId, id);
      assert.equal(acct.id, id);
      assert.equal(acct.inputs.parentId, ouId(ou));
      assert.equal(acct.inputs.closeOnDeletion, false);
      assert.ok(acct.protect && acct.retainOnDelete, name);
      assert.ok(acct.ignoreChanges.includes("email") && acct.ignoreChanges.includes("roleName"));
    }
    assert.deepEqual(run.outputs.accountIds, {
      management: "111111111111",
      recovery: "222222222222",
      ire: "333333333333",
      prod: ["444444444444"],
    });
  });

  it("creates the organization and accounts when asked", async () => {
    const run = await recordStack("org", {
      "isolation:createOrganization": true,
      "isolation:organizationId": undefined,
      "isolation:organizationRootId": undefined,
      "isolation:createAccounts": true,
      "isolation:recoveryAccountId": undefined,
      "isolation:ireAccountId": undefined,
      "isolation:recoveryAccountEmail": "recovery@example.com",
      "isolation:ireAccountEmail": "ire@example.com",
    });
    const org = named(run, "aws:organizations/organization:Organization", "organization");
    assert.deepEqual((org.inputs.enabledPolicyTypes as string[]).sort(), [
      "BACKUP_POLICY",
      "RESOURCE_CONTROL_POLICY",
      "SERVICE_CONTROL_POLICY",
    ]);
    assert.deepEqual(org.inputs.awsServiceAccessPrincipals, ["backup.amazonaws.com", "ram.amazonaws.com"]);
    assert.ok(org.protect && org.retainOnDelete);
    assert.equal(run.outputs.organizationId, org.id);
    const recovery = named(run, ACCOUNT, "recovery-account");
    assert.equal(recovery.importId, undefined);
    assert.equal(recovery.inputs.email, "recovery@example.com");
    assert.equal(recovery.inputs.closeOnDeletion, false);
    assert.ok(recovery.protect && recovery.retainOnDelete);
    // The deploy-role exemption names the created account, read from the Account resource.
    const scp = JSON.parse(named(run, POLICY, "isolation-recovery-guardrails").inputs.content as string);
    const exempt = scp.Statement.find((s: { Sid: string }) => s.Sid === "DenyConfiguringButDeployer");
    assert.equal(
      exempt.Condition.ArnNotLike["aws:PrincipalArn"][0],
      `arn:aws:iam::${recovery.id}:role/IsolationDeployer`,
    );
  });

  it("registers each policy with its type and attaches it to its OU", async () => {
    const run = await recordStack("org");
    const expected: Record<string, [string, string]> = {
      "isolation-recovery-guardrails": ["SERVICE_CONTROL_POLICY", "recovery-ou"],
      "isolation-ire-guardrails": ["SERVICE_CONTROL_POLICY", "ire-ou"],
      "isolation-workloads-guardrails": ["SERVICE_CONTROL_POLICY", "workloads-ou"],
      "isolation-recovery-data-perimeter": ["RESOURCE_CONTROL_POLICY", "recovery-ou"],
      "isolation-ire-data-perimeter": ["RESOURCE_CONTROL_POLICY", "ire-ou"],
      "isolation-workloads-backup": ["BACKUP_POLICY", "workloads-ou"],
    };
    assert.equal(ofType(run, POLICY).length, Object.keys(expected).length);
    const attachments = ofType(run, ATTACHMENT);
    for (const [name, [type, ou]] of Object.entries(expected)) {
      const policy = named(run, POLICY, name);
      assert.equal(policy.inputs.type, type);
      assert.ok(policy.protect, name);
      const content = policy.inputs.content as string;
      assert.ok(!/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/.test(content), `${name} is sent minified`);
      const att = attachments.filter((a) => a.inputs.policyId === policy.id);
      assert.equal(att.length, 1, name);
      assert.equal(att[0].inputs.targetId, named(run, OU, ou).id);
      assert.equal((run.outputs.policyIds as Record<string, string>)[name], policy.id);
    }
  });

  it("the IRE's policies name the real workloads OU path", async () => {
    const run = await recordStack("org");
    const path = (run.outputs.orgPaths as Record<string, string>).workloads;
    const content = named(run, POLICY, "isolation-ire-guardrails").inputs.content as string;
    assert.ok(content.includes(`"${path}*"`));
    assert.ok((named(run, POLICY, "isolation-ire-data-perimeter").inputs.content as string).includes(`"${path}*"`));
  });

  it("the backup policy copies into vault ARNs computed from config", async () => {
    const run = await recordStack("org", {
      "isolation:recoveryRegion": "eu-central-1",
      "isolation:recoveryVaultName": "bunker",
    });
    const content = named(run, POLICY, "isolation-workloads-backup").inputs.content as string;
    assert.ok(content.includes('"arn:aws:backup:eu-central-1:222222222222:backup-vault:bunker"'));
    assert.ok(content.includes('"arn:aws:backup:eu-central-1:222222222222:backup-vault:isolation-air-gapped"'));
  });

  it("policy contents are the same with 1 and 50 production accounts", async () => {
    const small = await recordStack("org");
    const large = await recordStack("org", { "isolation:prodAccountIds": accountIds(50) });
    assert.equal(ofType(large, ACCOUNT).length, 52);
    for (const p of ofType(small, POLICY)) {
      assert.equal(named(large, POLICY, p.name).inputs.content, p.inputs.content, p.name);
    }
  });

  it("refuses an SCP limit the guardrails exceed, before registering anything", async () => {
    await assert.rejects(
      recordStack("org", { "isolation:scpMaxCharacters": 1024 }),
      /SCP isolation-recovery-guardrails is [\d,]+ characters \(whitespace removed\); the limit is 1,024 \(isolation:scpMaxCharacters\)/,
    );
  });

  it("reports every config problem of the org keys at once", async () => {
    await assert.rejects(
      recordStack("org", {
        "isolation:organizationId": undefined,
        "isolation:recoveryAccountId": undefined,
        "isolation:breakGlassRoleArnPattern": "arn:aws:iam::*:role/*",
        "isolation:ouParentPath": ["ou-zz99-aaaaaaaa"],
        "isolation:scpMaxCharacters": 20000,
      }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        const keys = e.problems.map((p) => p.key);
        for (const k of [
          "isolation:organizationId",
          "isolation:recoveryAccountId",
          "isolation:breakGlassRoleArnPattern",
          "isolation:ouParentPath",
          "isolation:scpMaxCharacters",
        ]) {
          assert.ok(keys.includes(k), `${k} missing from ${keys.join(", ")}`);
        }
        return true;
      },
    );
  });
});
