import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preview } from "../cli/preview";
import { audit } from "../lib/audit/audit";
import { parseStackExport, StackExport } from "../lib/stack-export";
import { allPolicies } from "../policypack/policies";
import { packConfigFromStacks, packSettingsFromStacks, writePackConfig } from "../tools/pack-config";
import { PROJECT_DIR } from "./helpers";

describe("policy pack config derived from the stacks", function () {
  this.timeout(180_000);

  it("knows every account by role, each stack's account and the recovery vaults' retention", () => {
    const s = packSettingsFromStacks(PROJECT_DIR);
    assert.deepEqual(s.accounts, {
      management: "111111111111",
      recovery: "222222222222",
      ire: "333333333333",
      prod: ["444444444444"],
    });
    assert.deepEqual(s.stackAccounts, {
      ire: "333333333333",
      org: "111111111111",
      prod: "444444444444",
      recovery: "222222222222",
    });
    assert.deepEqual(s.roles, {}, "every stack is named after its role");
    assert.deepEqual(s.recoveryVaultRetention["isolation-recovery"], { minRetentionDays: 35, maxRetentionDays: 3650 });
    assert.equal(s.orgPolicyLimits?.SERVICE_CONTROL_POLICY.maxCharacters, 5120);
  });

  it("writes one shared block under every policy's name", () => {
    const config = packConfigFromStacks(PROJECT_DIR);
    assert.deepEqual(Object.keys(config).sort(), allPolicies.map((p) => p.name).sort());
    for (const block of Object.values(config)) assert.deepEqual(block, Object.values(config)[0]);
  });

  it("turns on the no-shared-trust rule: a recovery role trusting production fails only with it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
    try {
      const files = await preview({ dir: PROJECT_DIR, out: dir, stacks: ["recovery"], log: () => undefined });
      const exported: StackExport = parseStackExport(fs.readFileSync(files[0], "utf8"), files[0]);
      const resources = exported.deployment.resources!;
      const provider = resources.find((r) => r.type === "pulumi:providers:aws")!;
      const trust = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::444444444444:root" }, Action: "sts:AssumeRole" },
        ],
      };
      resources.push({
        urn: "urn:pulumi:recovery::isolation::aws:iam/role:Role::trusts-prod",
        custom: true,
        type: "aws:iam/role:Role",
        id: "trusts-prod",
        inputs: { assumeRolePolicy: JSON.stringify(trust) },
        outputs: { assumeRolePolicy: JSON.stringify(trust), arn: "arn:aws:iam::222222222222:role/trusts-prod" },
        parent: resources[0].urn,
        provider: `${provider.urn}::${provider.id}`,
      });
      const configFile = path.join(dir, "config.json");
      writePackConfig(PROJECT_DIR, configFile);
      const stacks = [{ file: "recovery.json", exported }];
      const pack = path.join(PROJECT_DIR, "policypack");
      const withConfig = await audit({ stacks, packs: [{ dir: pack, configFile }] });
      const names = withConfig.stacks[0].packs[0].violations.map((v) => `${v.policyName} ${v.enforcementLevel}`);
      assert.ok(names.includes("no-shared-trust-with-production mandatory"), names.join(", "));
      const without = await audit({ stacks, packs: [{ dir: pack }] });
      assert.ok(
        !without.stacks[0].packs[0].violations.some((v) => v.policyName === "no-shared-trust-with-production"),
        "without accounts the rule cannot know which accounts are production",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
