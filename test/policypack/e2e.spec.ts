/**
 * End to end: the project's own stacks, run under the mock engine (harness/project.ts runStacks),
 * turned into policy args by the shared helper, pass every mandatory policy; and for each rule, a
 * copy of the matching stack with one thing broken fails with that rule's policy.
 *
 * Resource types a stack does not declare yet (the recovery, IRE and org stacks are being built on
 * other branches) are added from the happy-path fixtures, deployed through the stack's real
 * recorded provider; once the real stack declares a type, its real resources are used instead and
 * broken. Each case logs which it exercised.
 */
import * as assert from "assert";
import type { PolicyProviderResource } from "@pulumi/policy";
import type { StackRun } from "../../harness/engine";
import { loadStackConfig, runStacks } from "../../harness/project";
import { allPolicies, ruleOf, type PackPolicy } from "../../policypack/policies";
import type { SharedConfig } from "../../policypack/policies/config";
import { T } from "../../policypack/policies/types";
import { PROJECT_DIR } from "../helpers";
import { runPolicyOnStack, specsFromRun, urnOf, type ResourceSpec, type Violation } from "../policy-args";
import { ireStack, orgStack, recoveryScpDocument, recoveryStack, vaultPolicyDocument } from "./fixtures";

/** The pack config for the project: account IDs by role, from the org stack's own config file. */
function projectPackConfig(): SharedConfig {
  const org = loadStackConfig(PROJECT_DIR, "org");
  return {
    accounts: {
      management: org["isolation:accountId"],
      recovery: org["isolation:recoveryAccountId"],
      ire: org["isolation:ireAccountId"],
      prod: JSON.parse(org["isolation:prodAccountIds"]) as string[],
    },
  };
}

const CONFIG = projectPackConfig();
const PACK_LEVEL = "mandatory";

function levelOf(policy: PackPolicy, config: Record<string, { enforcementLevel?: string }> = {}): string {
  return config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? PACK_LEVEL;
}

async function mandatoryViolations(specs: ResourceSpec[]): Promise<Record<string, Violation[]>> {
  const out: Record<string, Violation[]> = {};
  for (const p of allPolicies) {
    if (levelOf(p) !== "mandatory") continue;
    const v = await runPolicyOnStack(p, specs, CONFIG);
    if (v.length > 0) out[p.name] = v;
  }
  return out;
}

function policiesOfRule(rule: number): PackPolicy[] {
  const found = allPolicies.filter((p) => ruleOf(p) === rule);
  assert.ok(found.length > 0, `no policy for rule ${rule}`);
  return found;
}

async function violationsOfRule(rule: number, specs: ResourceSpec[]): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const p of policiesOfRule(rule)) out.push(...(await runPolicyOnStack(p, specs, CONFIG)));
  return out;
}

/** The provider the real stack's resources deploy through, as policies see it. */
function realProvider(specs: ResourceSpec[]): PolicyProviderResource {
  const p = specs.find((s) => s.type === T.awsProvider);
  assert.ok(p, "the stack declares no aws provider");
  return { type: p.type, name: p.name, urn: p.urn!, props: p.props ?? {} };
}

/**
 * The real stack plus, for each fixture type the stack does not declare, the fixture's resources
 * (deployed through the real provider). Returns which types are real.
 */
function augmented(run: StackRun, fixtures: ResourceSpec[]): { specs: ResourceSpec[]; realTypes: Set<string> } {
  const real = specsFromRun(run);
  const realTypes = new Set(real.map((s) => s.type));
  const provider = realProvider(real);
  const added = fixtures
    .filter((f) => !realTypes.has(f.type))
    .map((f) => ({ ...f, stack: run.stack, provider: f.type.startsWith("aws:") ? provider : f.provider }));
  return { specs: [...real, ...added], realTypes };
}

/** Applies `change` to the first resource of `type` (real if the stack has one), and says which it was. */
function breakFirst(
  specs: ResourceSpec[],
  realTypes: Set<string>,
  type: string,
  change: (s: ResourceSpec) => ResourceSpec | undefined,
): { specs: ResourceSpec[]; target: ResourceSpec; real: boolean } {
  const target = specs.find((s) => s.type === type);
  assert.ok(target, `no ${type} to break`);
  const real = realTypes.has(type);
  console.log(`      (${real ? "real" : "synthetic"} ${type} "${target.name}")`);
  const changed = change(target);
  return {
    specs: specs.flatMap((s) => (s === target ? (changed ? [changed] : []) : [s])),
    target,
    real,
  };
}

const props = (s: ResourceSpec, p: Record<string, unknown>): ResourceSpec => ({ ...s, props: { ...s.props, ...p } });

describe("policy pack end to end: the project's stacks", function () {
  let runs: Map<string, StackRun>;

  before(async function () {
    runs = new Map((await runStacks({ dir: PROJECT_DIR })).map((r) => [r.stack, r]));
  });

  const stack = (name: string) => {
    const r = runs.get(name);
    assert.ok(r, `no stack ${name}`);
    return r;
  };

  it("runs every stack of the project", () => {
    assert.deepStrictEqual([...runs.keys()].sort(), ["ire", "org", "prod", "recovery"]);
  });

  it("every stack, as declared, passes every mandatory policy", async () => {
    for (const run of runs.values()) {
      const specs = specsFromRun(run);
      assert.ok(
        specs.some((s) => s.type === T.awsProvider),
        `${run.stack} has its account provider`,
      );
      assert.deepStrictEqual(await mandatoryViolations(specs), {}, `stack ${run.stack}`);
    }
  });

  it("the IRE testing RDS, Aurora and EFS restores (a DB subnet group, three more selections) passes every mandatory policy", async () => {
    const [ire] = await runStacks({
      dir: PROJECT_DIR,
      only: ["ire"],
      overrides: {
        ire: {
          "isolation:interfaceEndpoints": JSON.stringify(["backup", "kms", "ec2", "rds", "elasticfilesystem"]),
          "isolation:restoreTestResourceTypes": JSON.stringify(["EBS", "EC2", "S3", "RDS", "Aurora", "EFS"]),
        },
      },
    });
    const specs = specsFromRun(ire);
    assert.ok(specs.some((s) => s.type === "aws:rds/subnetGroup:SubnetGroup"));
    assert.deepStrictEqual(await mandatoryViolations(specs), {});
  });

  it("the stacks completed with the fixtures for types they do not declare yet pass every mandatory policy", async () => {
    for (const [name, fixtures] of [
      ["recovery", recoveryStack()],
      ["ire", ireStack()],
      ["org", orgStack()],
    ] as const) {
      const { specs } = augmented(stack(name), fixtures);
      assert.deepStrictEqual(await mandatoryViolations(specs), {}, `stack ${name}`);
    }
  });

  describe("one thing broken fails with its rule", () => {
    const expectRule = async (rule: number, specs: ResourceSpec[], name: string) => {
      const v = await violationsOfRule(rule, specs);
      assert.ok(
        v.some((x) => x.message.includes(`"${name}"`)),
        `rule ${rule} should name "${name}": ${JSON.stringify(v)}`,
      );
    };

    it("rule 1: a recovery vault without its lock", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const lock = breakFirst(specs, realTypes, T.vaultLock, () => undefined);
      const vault = specs.find((s) => s.type === T.vault)!;
      await expectRule(1, lock.specs, vault.name);
    });

    it("rule 2: a vault lock with a minimum of 0 days", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const b = breakFirst(specs, realTypes, T.vaultLock, (s) => props(s, { minRetentionDays: 0 }));
      await expectRule(2, b.specs, b.target.name);
    });

    it("rule 3: an unprotected recovery vault", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const b = breakFirst(specs, realTypes, T.vault, (s) => ({ ...s, opts: { ...s.opts, protect: false } }));
      await expectRule(3, b.specs, b.target.name);
    });

    it("rule 4: a vault policy that allows deleting recovery points", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const weak = vaultPolicyDocument({
        statements: [{ Effect: "Deny", Principal: "*", Action: "backup:DeleteBackupVault", Resource: "*" }],
      });
      const b = breakFirst(specs, realTypes, T.vaultPolicy, (s) => props(s, { policy: weak }));
      await expectRule(4, b.specs, b.target.name);
    });

    it("rule 5: a recovery key without rotation", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const b = breakFirst(specs, realTypes, T.kmsKey, (s) => props(s, { enableKeyRotation: false }));
      await expectRule(5, b.specs, b.target.name);
    });

    it("rule 6: a recovery SCP that lets keys be scheduled for deletion", async () => {
      const { specs, realTypes } = augmented(stack("org"), orgStack());
      const { RECOVERY_SCP_DENIED_ACTIONS } = await import("../../lib/guardrail-actions");
      const weaker = recoveryScpDocument(RECOVERY_SCP_DENIED_ACTIONS.filter((a) => a !== "kms:ScheduleKeyDeletion"));
      const b = breakFirst(specs, realTypes, T.orgPolicy, (s) => props(s, { content: weaker }));
      await expectRule(6, b.specs, b.target.name);
    });

    it("rule 7: an IRE security group open to the internet", async () => {
      const { specs, realTypes } = augmented(stack("ire"), ireStack());
      const b = breakFirst(specs, realTypes, "aws:ec2/securityGroup:SecurityGroup", (s) =>
        props(s, { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
      );
      await expectRule(7, b.specs, b.target.name);
    });

    it("rule 8: an IRE key policy that trusts a production account", async () => {
      const { specs, realTypes } = augmented(stack("ire"), ireStack());
      const prod = CONFIG.accounts!.prod![0];
      const policy = JSON.stringify({
        Statement: [
          { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${prod}:root` }, Action: "kms:*", Resource: "*" },
        ],
      });
      const b = breakFirst(specs, realTypes, T.kmsKey, (s) => props(s, { policy }));
      await expectRule(8, b.specs, b.target.name);
    });

    it("rule 9: the air-gapped vault's share open to external principals", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const b = breakFirst(specs, realTypes, T.ramShare, (s) => props(s, { allowExternalPrincipals: true }));
      await expectRule(9, b.specs, b.target.name);
    });

    it("rule 10: IRE restore testing of every vault", async () => {
      const { specs, realTypes } = augmented(stack("ire"), ireStack());
      const b = breakFirst(specs, realTypes, T.restoreTestingPlan, (s) =>
        props(s, {
          recoveryPointSelection: {
            algorithm: "LATEST_WITHIN_WINDOW",
            includeVaults: ["*"],
            recoveryPointTypes: ["SNAPSHOT"],
          },
        }),
      );
      await expectRule(10, b.specs, b.target.name);
    });

    it("rule 11: a recovery vault without notifications", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const dropAll = specs.filter((s) => s.type !== T.vaultNotifications);
      const vault = specs.find((s) => s.type === T.vault)!;
      console.log(`      (${realTypes.has(T.vaultNotifications) ? "real" : "synthetic"} ${T.vaultNotifications})`);
      await expectRule(11, dropAll, vault.name);
    });

    it("rule 12: a recovery resource deployed through a provider for the production account", async () => {
      const { specs, realTypes } = augmented(stack("recovery"), recoveryStack());
      const provider = realProvider(specs);
      const prodProvider = {
        ...provider,
        props: { ...provider.props, allowedAccountIds: JSON.stringify(CONFIG.accounts!.prod) },
      };
      const b = breakFirst(specs, realTypes, T.vault, (s) => ({ ...s, provider: prodProvider }));
      await expectRule(12, b.specs, b.target.name);
    });

    it("rule 13: the IRE's real stack reference pointed at production", async () => {
      const specs = specsFromRun(stack("ire"));
      const ref = specs.find((s) => s.type === T.stackReference);
      assert.ok(ref, "the IRE stack references the recovery stack");
      console.log(`      (real ${T.stackReference} "${ref.name}")`);
      const broken = specs.map((s) => (s === ref ? props(s, { name: "organization/isolation/prod" }) : s));
      await expectRule(13, broken, ref.name);
      assert.strictEqual(urnOf("ire", T.stackReference, ref.name), ref.urn);
    });
  });
});
