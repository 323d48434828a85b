import { strict as assert } from "assert";
import fc from "fast-check";
import { assertPoliciesFit, minify, policyProblems, PolicyLimitError, policySize } from "../../lib/orgpolicies/limits";
import { planOrgPolicies, targetsOf, GuardrailValues } from "../../lib/orgpolicies/plan";
import { document } from "../../lib/orgpolicies/types";

const scpWith = (actions: string[]) => document([{ Sid: "S", Effect: "Deny", Action: actions, Resource: "*" }]);

const values = (overrides: Partial<GuardrailValues> = {}): GuardrailValues => ({
  organizationId: "o-a1b2c3d4e5",
  orgPaths: {
    recovery: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
    ire: "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/",
    workloads: "o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/",
  },
  breakGlassRoleArnPattern: "arn:aws:iam::*:role/BreakGlass*",
  recoveryDeployRoleArn: "arn:aws:iam::222222222222:role/IsolationDeployer",
  backup: {
    partition: "aws",
    regions: ["eu-west-1"],
    scheduleExpression: "cron(0 5 ? * * *)",
    retentionDays: 35,
    copyRetentionDays: 35,
    localVaultName: "isolation-local",
    backupRoleName: "service-role/AWSBackupDefaultServiceRole",
    selectionTag: { key: "isolation:backup", value: "daily" },
    recoveryAccountId: "222222222222",
    recoveryRegion: "eu-west-1",
    recoveryVaultName: "isolation-recovery",
    airGappedVaultName: "isolation-air-gapped",
  },
  ...overrides,
});

describe("policy limits", () => {
  it("measures the minified JSON, exactly what is sent", () => {
    const doc = scpWith(["s3:GetObject"]);
    assert.equal(
      minify(doc),
      '{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Deny","Action":["s3:GetObject"],"Resource":"*"}]}',
    );
    assert.equal(policySize(doc), minify(doc).length);
    assert.ok(!/\s/.test(minify(doc)));
  });

  it("fires exactly when the minified SCP exceeds the configured limit (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{2,8}:[A-Z][A-Za-z]{2,30}$/), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1024, max: 10240 }),
        (actions, max) => {
          const doc = scpWith(actions);
          const problems = policyProblems([{ name: "grown", type: "SERVICE_CONTROL_POLICY", document: doc }], [], {
            scpMaxCharacters: max,
            scpMaxPerTarget: 5,
          });
          return problems.length === (policySize(doc) > max ? 1 : 0);
        },
      ),
    );
  });

  it("names the policy, its size and the limit", () => {
    const actions = Array.from({ length: 300 }, (_, i) => `backup:Action${i}`);
    assert.throws(
      () =>
        assertPoliciesFit(
          [{ name: "recovery-guardrails", type: "SERVICE_CONTROL_POLICY", document: scpWith(actions) }],
          [],
        ),
      (e: unknown) =>
        e instanceof PolicyLimitError &&
        /SCP recovery-guardrails is [\d,]+ characters \(whitespace removed\); the limit is 5,120 \(isolation:scpMaxCharacters\)/.test(
          e.message,
        ),
    );
  });

  it("reports every overflow at once: SCP, RCP and backup policy", () => {
    const big = (n: number) => Array.from({ length: n }, (_, i) => `s3:Action${i}`);
    const rcp = document([{ Sid: "R", Effect: "Deny", Principal: "*", Action: big(400), Resource: "*" }]);
    const backup = { plans: { p: { pad: "x".repeat(10_001) } } };
    const problems = policyProblems(
      [
        { name: "a", type: "SERVICE_CONTROL_POLICY", document: scpWith(big(400)) },
        { name: "b", type: "RESOURCE_CONTROL_POLICY", document: rcp },
        { name: "c", type: "BACKUP_POLICY", document: backup },
      ],
      [],
    );
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.match(problems[1], /^RCP b is [\d,]+ characters \(whitespace removed\); the limit is 5,120/);
    assert.match(problems[2], /^backup policy c is [\d,]+ characters; the limit is 10,000/);
  });

  it("counts SCPs per target with FullAWSAccess, against the configured maximum (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 10 }), (count, max) => {
        const policies = Array.from({ length: count }, (_, i) => ({
          name: `p${i}`,
          type: "SERVICE_CONTROL_POLICY" as const,
          document: scpWith(["s3:GetObject"]),
        }));
        const problems = policyProblems(policies, [{ name: "OU x", policies: policies.map((p) => p.name) }], {
          scpMaxCharacters: 5120,
          scpMaxPerTarget: max,
        });
        return problems.length === (count + 1 > max ? 1 : 0);
      }),
    );
  });

  it("the planned policies fit with the default limits, one SCP, RCP and backup policy per OU at most", () => {
    const planned = planOrgPolicies(values());
    assert.deepEqual(policyProblems(planned, targetsOf(planned)), []);
    for (const t of targetsOf(planned)) assert.ok(t.policies.length <= 3);
  });

  it("policy sizes do not depend on the number of member accounts (property)", () => {
    // Nothing in the plan takes account lists: growing the estate leaves every document unchanged.
    const baseline = planOrgPolicies(values()).map((p) => minify(p.document));
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^\d{12}$/), { maxLength: 500 }), (prodAccounts) => {
        const withAccounts = { ...values(), prodAccountIds: prodAccounts } as GuardrailValues;
        return planOrgPolicies(withAccounts).every((p, i) => minify(p.document) === baseline[i]);
      }),
      { numRuns: 30 },
    );
  });
});
