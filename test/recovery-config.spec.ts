import { strict as assert } from "assert";
import { ConfigError, validateConfig } from "../config";
import { loadStackConfig } from "../harness/project";
import { PROJECT_DIR } from "./helpers";

const base = () => loadStackConfig(PROJECT_DIR, "recovery");

function problemsOf(overrides: Record<string, string | undefined>) {
  const raw = base();
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete raw[`isolation:${k}`];
    else raw[`isolation:${k}`] = v;
  }
  try {
    validateConfig("recovery", raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("recovery config", () => {
  it("accepts the example Pulumi.recovery.yaml, with defaults filled in", () => {
    const cfg = validateConfig("recovery", base());
    assert.equal(cfg.role, "recovery");
    if (cfg.role !== "recovery") return;
    assert.equal(cfg.vaultChangeableForDays, 3);
    assert.equal(cfg.airGappedUseCustomerKey, false);
    assert.equal(cfg.organizationTrail, false);
    // The default both the recovery stack and the org backup policy use.
    assert.equal(cfg.recoveryVaultName, "isolation-recovery");
    assert.equal(cfg.airGappedVaultName, "isolation-air-gapped");
  });

  it("reports every bad value at once, each with file, key, value and what was expected", () => {
    const problems = problemsOf({
      vaultMinRetentionDays: "400",
      vaultMaxRetentionDays: "300",
      vaultChangeableForDays: "2",
      airGappedMinRetentionDays: "6",
      airGappedMaxRetentionDays: "36501",
      trailObjectLockDays: "100",
      ireAccountId: undefined,
    });
    const byKey = new Map(problems.map((p) => [p.key, p]));
    assert.deepEqual([...byKey.keys()].sort(), [
      "isolation:airGappedMaxRetentionDays",
      "isolation:airGappedMinRetentionDays",
      "isolation:ireAccountId",
      "isolation:trailObjectLockDays",
      "isolation:vaultChangeableForDays",
      "isolation:vaultMinRetentionDays",
    ]);
    for (const p of problems) assert.equal(p.file, "Pulumi.recovery.yaml");
    assert.match(
      byKey.get("isolation:vaultMinRetentionDays")!.expected,
      /at most isolation:vaultMaxRetentionDays \(300\)/,
    );
    assert.match(byKey.get("isolation:vaultChangeableForDays")!.expected, /at least 3/);
    assert.match(byKey.get("isolation:airGappedMinRetentionDays")!.expected, /from 7 to 36500/);
    assert.match(byKey.get("isolation:airGappedMaxRetentionDays")!.expected, /to 36500/);
    assert.match(
      byKey.get("isolation:trailObjectLockDays")!.expected,
      /at least isolation:vaultMinRetentionDays \(400\)/,
    );
    assert.equal(byKey.get("isolation:ireAccountId")!.value, undefined);
  });

  it("rejects a vault maximum above 36,500 days and an air-gapped minimum above its maximum", () => {
    const keys = problemsOf({ vaultMaxRetentionDays: "36501", airGappedMinRetentionDays: "4000" }).map((p) => p.key);
    assert.deepEqual(keys.sort(), ["isolation:airGappedMinRetentionDays", "isolation:vaultMaxRetentionDays"]);
  });

  it("rejects the IRE account being the recovery account, and admin or exempt roles of another account", () => {
    const problems = problemsOf({
      ireAccountId: "222222222222",
      recoveryAdminRoleArns: JSON.stringify(["arn:aws:iam::444444444444:role/Admin"]),
      vaultPolicyExemptRoleArn: "arn:aws:iam::444444444444:role/Deployer",
    });
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      "isolation:ireAccountId",
      "isolation:recoveryAdminRoleArns",
      "isolation:vaultPolicyExemptRoleArn",
    ]);
  });

  it("takes auditor roles of this account only (recovery and prod), defaulting to none", () => {
    const raw = base();
    delete raw["isolation:auditorRoleArns"];
    const cfg = validateConfig("recovery", raw);
    assert.ok(cfg.role === "recovery");
    assert.deepEqual(cfg.auditorRoleArns, []);
    const problems = problemsOf({
      auditorRoleArns: JSON.stringify(["arn:aws:iam::222222222222:role/ok", "arn:aws:iam::444444444444:role/Verify"]),
    });
    assert.deepEqual(
      problems.map((p) => [p.key, p.value, p.expected]),
      [
        [
          "isolation:auditorRoleArns",
          "arn:aws:iam::444444444444:role/Verify",
          "a role in this stack's account 222222222222, not in 444444444444",
        ],
      ],
    );
    const prod = loadStackConfig(PROJECT_DIR, "prod");
    prod["isolation:auditorRoleArns"] = JSON.stringify(["arn:aws:iam::222222222222:role/Verify"]);
    assert.throws(() => validateConfig("prod", prod), /auditorRoleArns[\s\S]*account 444444444444/);
    const example = validateConfig("prod", loadStackConfig(PROJECT_DIR, "prod"));
    assert.ok(example.role === "prod");
    assert.deepEqual(example.auditorRoleArns, ["arn:aws:iam::444444444444:role/IsolationVerify"]);
  });

  it("refuses an alert address given twice (one subscription resource per address)", () => {
    const problems = problemsOf({ alertEmails: JSON.stringify(["a@example.com", "a@example.com"]) });
    assert.deepEqual(
      problems.map((p) => [p.key, p.expected]),
      [["isolation:alertEmails", "each address once, not a@example.com twice"]],
    );
  });

  it("rejects a second region equal to the first, bad names and bad emails", () => {
    const problems = problemsOf({
      secondRegion: "eu-west-1",
      recoveryVaultName: "a",
      alertEmails: JSON.stringify(["not-an-email"]),
    });
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      "isolation:alertEmails[0]",
      "isolation:recoveryVaultName",
      "isolation:secondRegion",
    ]);
  });

  it("registers nothing when the config is bad", async () => {
    const { recordStack } = await import("./helpers");
    await assert.rejects(recordStack("recovery", { "isolation:vaultChangeableForDays": 1 }), ConfigError);
  });
});
