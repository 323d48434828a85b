/**
 * The drill's probes, built from the project's own stacks as the offline preview exports them, and
 * the safety property: every destructive call names only identifiers the drill made up, except the
 * real locked vault of the two recovery-point probes.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import {
  BACKUP_DESTRUCTIVE_ACTIONS,
  ORGANIZATION_DESTRUCTIVE_ACTIONS,
  RECOVERY_SCP_DENIED_ACTIONS,
} from "../../lib/guardrail-actions";
import { buildProbes, PROBE_BUILDERS, PROBED_ACTIONS, UNPROBED_REASONS } from "../../lib/drill/probes";
import { DRILL_MARKER, DRILL_MARKER_UNDERSCORE, DrillTargets, RandomSource } from "../../lib/drill/targets";
import { seededRandom } from "./seeded-random";
import type { Probe } from "../../lib/drill/types";
import { derivePlan, StackPlan } from "../../lib/verify/expectations";
import { liveResources } from "../../lib/verify/export-inputs";
import type { StackExport } from "../../lib/stack-export";
import { Previewed, previewStacks } from "../verify/previewed";

const STACKS = ["org", "recovery", "ire", "prod"];
const RECOVERY_POINT_ACTIONS = ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"];

function lockedVaults(plan: StackPlan) {
  return plan.vaults.filter((v) => v.lockUrn !== undefined || v.airGapped);
}

/** Every identifier an export holds: resource IDs, and the string inputs and outputs that name things. */
function realIdentifiers(exports: StackExport[]): Set<string> {
  const ids = new Set<string>();
  const NAMING = /^(name|id|arn|bucket|backupVaultName|keyId|targetId|policyId|trailName|namePrefix)$/;
  for (const e of exports) {
    for (const r of liveResources(e)) {
      if (r.id) ids.add(r.id);
      for (const bag of [r.inputs ?? {}, r.outputs ?? {}]) {
        for (const [k, v] of Object.entries(bag))
          if (NAMING.test(k) && typeof v === "string" && v.length > 2) ids.add(v);
      }
    }
  }
  return ids;
}

/** Every string in a command input, with the key it sits under. */
function strings(value: unknown, key = ""): { key: string; value: string }[] {
  if (typeof value === "string") return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

/** Inputs that are settings, not identifiers of anything (each checked to be harmless below). */
const SETTING_KEYS = new Set(["Policy", "PolicyName", "BackupVaultEvents", "ReadWriteType"]);

/**
 * The safety property for one probe. `real` holds every identifier of the exports; `realVaults` the
 * locked vaults' names.
 */
function assertSafe(p: Probe, real: Set<string>, realVaults: Set<string>): void {
  const where = `${p.action} ${JSON.stringify(p.command.input)}`;
  assert.ok(["backup", "kms", "cloudtrail"].includes(p.service), `${where}: service ${p.service}`);
  assert.equal(p.command.constructor.name, `${p.action.split(":")[1]}Command`, `${where}: the command is the action's`);
  assert.equal(p.action.split(":")[0], p.service, where);
  assert.ok(p.generated.length > 0, `${where}: names something made up`);
  for (const g of p.generated) {
    assert.ok(
      ![...real].some((r) => g === r || g.endsWith(`/${r}`) || g.endsWith(`:${r}`)),
      `${where}: ${g} names a resource of the exports`,
    );
    assert.ok(
      g.includes(DRILL_MARKER) || g.includes(DRILL_MARKER_UNDERSCORE) || /:key\/[0-9a-f-]{36}$/.test(g),
      `${where}: ${g} is marked as the drill's, or a random key ID`,
    );
  }
  for (const { key, value } of strings(p.command.input)) {
    if (SETTING_KEYS.has(key)) {
      if (key === "Policy") {
        // A policy document: it must name nothing but the account root (KMS's default key policy).
        const doc = JSON.parse(value) as { Statement: { Resource: string }[] };
        assert.ok(
          doc.Statement.every((s) => s.Resource === "*"),
          where,
        );
        for (const s of strings(doc)) assert.ok(!real.has(s.value), `${where}: the policy names ${s.value}`);
      }
      continue;
    }
    if (p.generated.includes(value)) continue;
    // The one exception: the real locked vault of a recovery-point probe.
    assert.ok(
      RECOVERY_POINT_ACTIONS.includes(p.action) && key === "BackupVaultName" && realVaults.has(value),
      `${where}: ${key}=${value} is neither made up nor the real vault of a recovery-point probe`,
    );
    assert.equal(p.realVault?.name, value, where);
  }
  if (p.realVault) {
    assert.ok(RECOVERY_POINT_ACTIONS.includes(p.action), `${where}: only recovery-point probes name a real vault`);
    // ... and the recovery point in it is made up.
    const rp = (p.command.input as { RecoveryPointArn?: string }).RecoveryPointArn;
    assert.ok(rp && p.generated.includes(rp) && rp.includes(`:recovery-point:${DRILL_MARKER}-`), where);
  }
}

describe("drill: probes", () => {
  let pv: Previewed;
  let plans: StackPlan[];
  let exports: StackExport[];
  before(async () => {
    pv = await previewStacks();
    exports = STACKS.map((s) => pv.exported(s));
    plans = STACKS.map((s, i) => derivePlan(exports[i], pv.file(s)));
  });
  after(() => pv.cleanup());

  const recovery = () => plans[STACKS.indexOf("recovery")];
  const build = (plan: StackPlan, random: RandomSource = seededRandom(7)) =>
    buildProbes({
      region: plan.region,
      targets: new DrillTargets(random, "aws", plan.accounts[0]),
      lockedVaults: lockedVaults(plan),
    });

  it("covers every action the recovery SCP denies: a probe, or a reason why not", () => {
    for (const action of RECOVERY_SCP_DENIED_ACTIONS) {
      const probed = action in PROBE_BUILDERS;
      const reason = UNPROBED_REASONS[action];
      assert.ok(probed !== (reason !== undefined), `${action}: exactly one of probe and reason`);
    }
    for (const a of [...Object.keys(PROBE_BUILDERS), ...Object.keys(UNPROBED_REASONS)]) {
      assert.ok(RECOVERY_SCP_DENIED_ACTIONS.includes(a), `${a} is not a guarded action`);
    }
    // Never Organizations (nor S3 or IAM, which the list does not hold).
    for (const a of ORGANIZATION_DESTRUCTIVE_ACTIONS) assert.ok(!PROBED_ACTIONS.includes(a), a);
    assert.ok(
      PROBED_ACTIONS.every((a) => /^(backup|kms|cloudtrail):/.test(a)),
      PROBED_ACTIONS.join(),
    );
    // Most of the Backup list is probed; what is not says why.
    assert.ok(BACKUP_DESTRUCTIVE_ACTIONS.filter((a) => PROBED_ACTIONS.includes(a)).length >= 17);
  });

  it("recovery: DeleteRecoveryPoint and UpdateRecoveryPointLifecycle on every locked vault, in its region", () => {
    const { probes, unprobed } = build(recovery());
    const onVaults = probes.filter((p) => p.realVault);
    const seen = onVaults.map((p) => `${p.action} ${p.realVault!.name}@${p.region} ${p.guardrails.join("+")}`).sort();
    assert.deepEqual(seen, [
      "backup:DeleteRecoveryPoint isolation-air-gapped@eu-west-1 scp",
      "backup:DeleteRecoveryPoint isolation-recovery-secondary@eu-central-1 scp+vault-policy",
      "backup:DeleteRecoveryPoint isolation-recovery@eu-west-1 scp+vault-policy",
      "backup:UpdateRecoveryPointLifecycle isolation-air-gapped@eu-west-1 scp",
      "backup:UpdateRecoveryPointLifecycle isolation-recovery-secondary@eu-central-1 scp+vault-policy",
      "backup:UpdateRecoveryPointLifecycle isolation-recovery@eu-west-1 scp+vault-policy",
    ]);
    // The others once each, in the stack's region, in the order of lib/guardrail-actions.ts.
    const rest = probes.filter((p) => !p.realVault);
    assert.deepEqual(
      rest.map((p) => p.action),
      PROBED_ACTIONS.filter((a) => !RECOVERY_POINT_ACTIONS.includes(a)),
    );
    assert.ok(rest.every((p) => p.region === "eu-west-1" && p.guardrails.join() === "scp"));
    assert.deepEqual(
      unprobed.map((u) => u.action),
      RECOVERY_SCP_DENIED_ACTIONS.filter((a) => !PROBED_ACTIONS.includes(a)),
    );
  });

  it("vault-level calls (delete the vault, its lock, its policy) never name a real vault", () => {
    const vaults = new Set(plans.flatMap((p) => p.vaults.map((v) => v.name)));
    const { probes } = build(recovery());
    for (const p of probes.filter((x) => !RECOVERY_POINT_ACTIONS.includes(x.action))) {
      const name = (p.command.input as { BackupVaultName?: string }).BackupVaultName;
      if (name !== undefined) {
        assert.ok(!vaults.has(name), `${p.action} names ${name}`);
        assert.match(name, /^isolation-drill-[0-9a-f]{24}$/);
        assert.match(name, /^[a-zA-Z0-9\-_]{2,50}$/, "AWS Backup's vault name format");
      }
    }
  });

  it("safety: every call from every stack's real export names only made-up identifiers (property over seeds)", () => {
    const real = realIdentifiers(exports);
    assert.ok(real.has("isolation-recovery") && real.size > 20, "the exports' identifiers were collected");
    const realVaults = new Set(plans.flatMap((p) => lockedVaults(p).map((v) => v.name)));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        // Built from every stack's plan, to cover every locked vault the project declares.
        for (const plan of plans) {
          const { probes } = build(plan, seededRandom(seed));
          const generated = probes.flatMap((p) => p.generated);
          assert.equal(new Set(generated).size, generated.length, "no made-up identifier is used twice");
          for (const p of probes) assertSafe(p, real, realVaults);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("the safety check rejects a probe that names a real vault or resource (it is really checking)", () => {
    const real = realIdentifiers(exports);
    const realVaults = new Set(lockedVaults(recovery()).map((v) => v.name));
    const { probes } = build(recovery());
    const deleteVault = probes.find((p) => p.action === "backup:DeleteBackupVault")!;
    const bad: Probe = {
      ...deleteVault,
      command: { input: { BackupVaultName: "isolation-recovery" } } as Probe["command"],
    };
    Object.defineProperty(bad.command, "constructor", { value: { name: "DeleteBackupVaultCommand" } });
    assert.throws(() => assertSafe(bad, real, realVaults), /neither made up nor the real vault/);
    const key = probes.find((p) => p.action === "kms:ScheduleKeyDeletion")!;
    const realKey = [...real].find((id) =>
      liveResources(pv.exported("recovery")).some((r) => r.type === "aws:kms/key:Key" && r.id === id),
    )!;
    const realKeyArn = `arn:aws:kms:eu-west-1:222222222222:key/${realKey}`;
    assert.throws(
      () => assertSafe({ ...key, generated: [realKeyArn] }, real, realVaults),
      /names a resource of the exports/,
    );
  });

  it("made-up names fit the formats AWS documents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const t = new DrillTargets(seededRandom(seed), "aws", "222222222222");
        assert.match(t.vaultName(), /^[a-zA-Z0-9\-_]{2,50}$/);
        assert.match(t.underscoreName(), /^[a-zA-Z][_a-zA-Z0-9]{0,49}$/);
        assert.match(t.trailName(), /^[a-zA-Z0-9][a-zA-Z0-9._-]{2,127}$/);
        assert.match(
          t.keyArn("eu-west-1"),
          /^arn:aws:kms:eu-west-1:222222222222:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        assert.match(
          t.recoveryPointArn("eu-west-1"),
          /^arn:aws:backup:eu-west-1:222222222222:recovery-point:isolation-drill-/,
        );
      }),
      { numRuns: 50 },
    );
  });
});
