import { strict as assert } from "assert";
import { ireScp, recoveryScp, workloadsScp } from "../../lib/orgpolicies/scp";
import type { Statement } from "../../lib/orgpolicies/types";

const BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass*";
const DEPLOYER = "arn:aws:iam::222222222222:role/IsolationDeployer";
const stmt = (doc: { Statement: Statement[] }, sid: string) => {
  const s = doc.Statement.find((x) => x.Sid === sid);
  assert.ok(s, `no statement ${sid}`);
  return s;
};
/** The ARNs a statement's ArnNotLike aws:PrincipalArn exempts; undefined if none. */
const exempted = (s: Statement) => s.Condition?.ArnNotLike?.["aws:PrincipalArn"];

describe("SCP builders", () => {
  const recovery = recoveryScp({ breakGlassRoleArnPattern: BREAK_GLASS, recoveryDeployRoleArn: DEPLOYER });

  it("recovery SCP denies every destructive action named in the issue, exempting only break-glass", () => {
    const s = stmt(recovery, "DenyDestructiveButBreakGlass");
    for (const action of [
      "backup:DeleteBackupVault",
      "backup:DeleteBackupVaultLockConfiguration",
      "backup:DeleteBackupVaultAccessPolicy",
      "backup:DeleteBackupVaultNotifications",
      "backup:DeleteRecoveryPoint",
      "backup:DeleteBackupPlan",
      "backup:DeleteBackupSelection",
      "backup:DeleteRestoreTestingPlan",
      "backup:DeleteRestoreTestingSelection",
      "backup:UpdateRecoveryPointLifecycle",
      "backup:DisassociateBackupVaultMpaApprovalTeam",
      "backup:UpdateRegionSettings",
      "backup:UpdateGlobalSettings",
      "kms:ScheduleKeyDeletion",
      "kms:DisableKey",
      "cloudtrail:StopLogging",
      "cloudtrail:DeleteTrail",
      "organizations:LeaveOrganization",
    ]) {
      assert.ok(s.Action.includes(action), action);
    }
    assert.deepEqual(exempted(s), [BREAK_GLASS]);
    assert.equal(Object.keys(s.Condition!).length, 1, "no other condition may weaken the deny");
  });

  it("recovery SCP refuses configuring calls to all but the deploy role and break-glass", () => {
    const s = stmt(recovery, "DenyConfiguringButDeployer");
    for (const action of [
      "backup:PutBackupVaultLockConfiguration",
      "backup:PutBackupVaultAccessPolicy",
      "backup:PutBackupVaultNotifications",
      "kms:PutKeyPolicy",
      "cloudtrail:UpdateTrail",
    ]) {
      assert.ok(s.Action.includes(action), action);
    }
    assert.deepEqual(exempted(s), [DEPLOYER, BREAK_GLASS]);
    // The deploy role may configure but never delete: it is exempt from nothing destructive.
    const destructive = stmt(recovery, "DenyDestructiveButBreakGlass");
    assert.ok(!exempted(destructive)!.includes(DEPLOYER));
    assert.ok(!s.Action.some((a) => destructive.Action.includes(a)), "no action sits in both tiers");
  });

  it("recovery SCP denies network egress without exemption", () => {
    const s = stmt(recovery, "DenyNetworkEgress");
    for (const action of [
      "ec2:CreateInternetGateway",
      "ec2:CreateNatGateway",
      "ec2:CreateEgressOnlyInternetGateway",
      "ec2:CreateVpcPeeringConnection",
      "ec2:AcceptVpcPeeringConnection",
      "ec2:CreateTransitGatewayVpcAttachment",
      "ec2:CreateVpnConnection",
      "ec2:AllocateAddress",
    ]) {
      assert.ok(s.Action.includes(action), action);
    }
    assert.equal(s.Condition, undefined);
    assert.deepEqual(stmt(recovery, "DenyPublicIpOnLaunch").Condition, {
      Bool: { "ec2:AssociatePublicIpAddress": "true" },
    });
  });

  it("SCP statements are Deny, carry no Principal and name service:Action pairs", () => {
    const all = [
      recovery,
      ireScp({ breakGlassRoleArnPattern: BREAK_GLASS, workloadsOrgPath: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" }),
      workloadsScp({
        breakGlassRoleArnPattern: BREAK_GLASS,
        organizationId: "o-a1b2c3d4e5",
        managedPlanTag: { key: "k", value: "v" },
      }),
    ];
    for (const doc of all) {
      assert.equal(doc.Version, "2012-10-17");
      for (const s of doc.Statement) {
        assert.equal(s.Effect, "Deny");
        assert.equal(s.Principal, undefined);
        for (const a of s.Action) assert.match(a, /^[a-z0-9-]+:[A-Za-z*]+$/, a);
      }
    }
  });

  it("IRE SCP cuts trust towards the workloads OU and keeps logging on", () => {
    const path = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/";
    const ire = ireScp({ breakGlassRoleArnPattern: BREAK_GLASS, workloadsOrgPath: path });
    const trust = stmt(ire, "DenyTrustTowardsProduction");
    assert.ok(trust.Action.includes("sts:AssumeRole"));
    assert.deepEqual(trust.Condition, { "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": [`${path}*`] } });
    const logging = stmt(ire, "DenyLoggingOffButBreakGlass");
    for (const a of ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "ec2:DeleteFlowLogs"]) {
      assert.ok(logging.Action.includes(a), a);
    }
    assert.deepEqual(exempted(logging), [BREAK_GLASS]);
    assert.ok(stmt(ire, "DenyNetworkEgress").Action.includes("ec2:CreateVpcPeeringConnection"));
  });

  it("workloads SCP keeps copies inside the organization and protects managed plans", () => {
    const doc = workloadsScp({
      breakGlassRoleArnPattern: BREAK_GLASS,
      organizationId: "o-a1b2c3d4e5",
      managedPlanTag: { key: "isolation:managed-by", value: "org-backup-policy" },
    });
    assert.deepEqual(stmt(doc, "DenyCopyOutsideOrganization"), {
      Sid: "DenyCopyOutsideOrganization",
      Effect: "Deny",
      Action: ["backup:CopyFromBackupVault"],
      Resource: "*",
      Condition: { "ForAllValues:StringNotLike": { "backup:CopyTargetOrgPaths": ["o-a1b2c3d4e5/*"] } },
    });
    const plans = stmt(doc, "DenyManagedPlanChanges");
    assert.ok(plans.Action.includes("backup:DeleteBackupPlan"));
    assert.deepEqual(plans.Condition?.StringEquals, { "aws:ResourceTag/isolation:managed-by": "org-backup-policy" });
    assert.deepEqual(exempted(plans), [BREAK_GLASS]);
  });
});
