import { strict as assert } from "assert";
import { dataPerimeterRcp } from "../../lib/orgpolicies/rcp";
import { policyProblems } from "../../lib/orgpolicies/limits";

describe("RCP builder", () => {
  const recovery = dataPerimeterRcp({ organizationId: "o-a1b2c3d4e5" });
  const ire = dataPerimeterRcp({
    organizationId: "o-a1b2c3d4e5",
    denyPrincipalsUnderOrgPath: "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/",
  });

  it("follows AWS's RCP rules: Deny, Principal *, Action lists, no NotAction, no bare *", () => {
    for (const doc of [recovery, ire]) {
      for (const s of doc.Statement) {
        assert.equal(s.Effect, "Deny");
        assert.equal(s.Principal, "*");
        assert.ok(!("NotAction" in s));
        assert.ok(!s.Action.includes("*"));
      }
      assert.deepEqual(policyProblems([{ name: "x", type: "RESOURCE_CONTROL_POLICY", document: doc }], []), []);
    }
  });

  it("denies identities outside the organization on S3, KMS, STS and Secrets Manager, sparing AWS services", () => {
    const s = recovery.Statement.find((x) => x.Sid === "DenyOutsideOrganization")!;
    for (const a of ["s3:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"]) assert.ok(s.Action.includes(a), a);
    // sts:* would also refuse SAML and web-identity federation, whose callers have no org ID.
    assert.ok(!s.Action.includes("sts:*"));
    assert.deepEqual(s.Condition, {
      StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
      BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
    });
  });

  it("denies requests without TLS", () => {
    const s = recovery.Statement.find((x) => x.Sid === "DenyWithoutTls")!;
    assert.deepEqual(s.Condition, { BoolIfExists: { "aws:SecureTransport": "false" } });
    for (const a of ["s3:*", "kms:*", "secretsmanager:*", "sts:*"]) assert.ok(s.Action.includes(a), a);
  });

  it("the IRE's RCP also refuses production identities; the recovery RCP does not", () => {
    assert.ok(!recovery.Statement.some((s) => s.Sid === "DenyProductionIdentities"));
    const s = ire.Statement.find((x) => x.Sid === "DenyProductionIdentities")!;
    assert.deepEqual(s.Condition, {
      "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"] },
    });
  });

  it("a policy with NotAction, an Allow or a missing Principal is reported", () => {
    const bad = {
      Version: "2012-10-17",
      Statement: [{ Sid: "A", Effect: "Allow", NotAction: ["s3:*"], Action: ["s3:*"], Resource: "*" }],
    };
    const problems = policyProblems([{ name: "bad", type: "RESOURCE_CONTROL_POLICY", document: bad }], []);
    assert.ok(problems.some((p) => p.includes("NotAction")));
    assert.ok(problems.some((p) => p.includes("Effect must be Deny")));
    assert.ok(problems.some((p) => p.includes('Principal "*"')));
  });
});
