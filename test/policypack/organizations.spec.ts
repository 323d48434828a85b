import * as assert from "assert";
import { RECOVERY_SCP_DENIED_ACTIONS } from "../../lib/guardrail-actions";
import { organizationPolicies, uncoveredActions } from "../../policypack/policies/organizations";
import { T } from "../../policypack/policies/types";
import { runStack, urnOf, type ResourceSpec } from "../policy-args";
import { assertPasses, assertViolates, orgStack, recoveryScpDocument, withProps, without } from "./fixtures";

const attach = (name: string, policy: string, target = "ou-abcd-recovery", targetUrn?: string): ResourceSpec => ({
  stack: "org",
  type: T.orgPolicyAttachment,
  name,
  props: { policyId: policy, targetId: target },
  propertyDependencies: {
    policyId: [urnOf("org", T.orgPolicy, policy)],
    ...(targetUrn ? { targetId: [targetUrn] } : {}),
  },
});

const scp = (
  name: string,
  content = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] }),
  type = "SERVICE_CONTROL_POLICY",
): ResourceSpec => ({
  stack: "org",
  type: T.orgPolicy,
  name,
  props: { name, type, content },
});

describe("policy pack: organization-policy-guardrails (rule 6)", () => {
  const run = (specs: ResourceSpec[], config?: object) => runStack(organizationPolicies, specs, config);
  const ouUrn = urnOf("org", T.orgUnit, "recovery-ou");

  it("passes a recovery OU whose SCP denies every destructive action", async () => {
    assertPasses(await run(orgStack()));
  });

  it("rejects a recovery SCP that misses actions, naming them", async () => {
    const missing = RECOVERY_SCP_DENIED_ACTIONS.filter(
      (a) => a !== "kms:ScheduleKeyDeletion" && a !== "cloudtrail:StopLogging",
    );
    const out = await run(withProps(orgStack(), "recovery-scp", { content: recoveryScpDocument(missing) }));
    assertViolates(out, "recovery-scp", /does not deny kms:ScheduleKeyDeletion, cloudtrail:StopLogging\./);
  });

  it("accepts wildcards and splitting across several recovery SCPs", async () => {
    const first = recoveryScpDocument([
      "backup:Delete*",
      "backup:Put*",
      "backup:UpdateRecoveryPointLifecycle",
      "backup:Disassociate*",
      "backup:Update*Settings",
    ]);
    const second = recoveryScpDocument(["kms:*", "cloudtrail:*", "organizations:*"]);
    const specs = [
      ...withProps(orgStack(), "recovery-scp", { content: first }),
      scp("recovery-scp-2", second),
      attach("second-to-recovery", "recovery-scp-2", "ou-abcd-recovery", ouUrn),
    ];
    assertPasses(await run(specs));
  });

  it("does not count a conditional or resource-scoped Deny", async () => {
    const conditional = JSON.stringify({
      Statement: [
        {
          Effect: "Deny",
          Action: RECOVERY_SCP_DENIED_ACTIONS,
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
        },
      ],
    });
    assertViolates(
      await run(withProps(orgStack(), "recovery-scp", { content: conditional })),
      "recovery-scp",
      /does not deny/,
    );
    const scoped = JSON.stringify({
      Statement: [
        { Effect: "Deny", Action: RECOVERY_SCP_DENIED_ACTIONS, Resource: "arn:aws:backup:*:*:backup-vault:x" },
      ],
    });
    assertViolates(await run(withProps(orgStack(), "recovery-scp", { content: scoped })), "recovery-scp");
    assert.deepStrictEqual(
      uncoveredActions([JSON.stringify({ Statement: [{ Effect: "Deny", NotAction: "s3:*", Resource: "*" }] })]),
      [],
    );
  });

  it("recognises the recovery SCP by tag when it is not attached here", async () => {
    const tagged = {
      ...scp("tagged", recoveryScpDocument(["backup:DeleteBackupVault"])),
      props: {
        name: "tagged",
        content: recoveryScpDocument(["backup:DeleteBackupVault"]),
        tags: { "isolation:guardrail": "recovery" },
      },
    };
    assertViolates(await run([tagged]), "tagged", /does not deny/);
    assertPasses(await run([{ ...tagged, props: { ...tagged.props, content: recoveryScpDocument() } }]));
  });

  it("recognises the recovery OU by configured ID", async () => {
    const specs = [scp("weak"), attach("weak-to-ou", "weak", "ou-configured")];
    assertPasses(await run(specs));
    assertViolates(await run(specs, { recoveryScp: { ouIds: ["ou-configured"] } }), "weak", /does not deny/);
  });

  it("rejects a recovery OU with no SCP attached", async () => {
    assertViolates(
      await run(without(without(orgStack(), "recovery-scp-to-recovery-ou"), "recovery-scp")),
      "recovery-ou",
      /no service control policy/,
    );
  });

  it("rejects policies over the size limit, per type", async () => {
    const big = JSON.stringify({
      Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*", Sid: "x".repeat(5100) }],
    });
    assertViolates(await run([scp("big", big)]), "big", /over the 5120-character limit for SERVICE_CONTROL_POLICY/);
    assertViolates(await run([scp("big-rcp", big, "RESOURCE_CONTROL_POLICY")]), "big-rcp", /RESOURCE_CONTROL_POLICY/);
    assertPasses(await run([scp("backup", "x".repeat(9000), "BACKUP_POLICY")]));
    assertViolates(await run([scp("backup", "x".repeat(10001), "BACKUP_POLICY")]), "backup", /10000-character/);
    assertPasses(
      await run([scp("big", big)], { orgPolicyLimits: { SERVICE_CONTROL_POLICY: { maxCharacters: 10240 } } }),
    );
  });

  it("rejects unreadable or missing content", async () => {
    assertViolates(await run([scp("broken", "{")]), "broken", /not valid JSON/);
    assertViolates(await run([{ ...scp("empty"), props: { name: "empty" } }]), "empty", /no policy content/);
  });

  it("counts attachments per target, with FullAWSAccess taking a slot", async () => {
    const four = ["a", "b", "c", "d"].flatMap((n) => [scp(n), attach(`${n}-att`, n, "ou-workloads")]);
    assertPasses(await run(four));
    const five = [...four, scp("e"), attach("e-att", "e", "ou-workloads")];
    assertViolates(
      await run(five),
      "e-att",
      /to 6 SERVICE_CONTROL_POLICY attachments \(5 here plus 1 AWS-managed\), over the limit of 5/,
    );
    assertPasses(await run(five, { orgPolicyLimits: { SERVICE_CONTROL_POLICY: { maxPerTarget: 10 } } }));
    const spread = [...four, scp("e"), attach("e-att", "e", "ou-other")];
    assertPasses(await run(spread));
  });

  it("counts backup policies against their own limit of 10", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => [
      scp(`bp${i}`, "{}", "BACKUP_POLICY"),
      attach(`bp${i}-att`, `bp${i}`, "ou-w"),
    ]).flat();
    assertPasses(await run(ten));
    const eleven = [...ten, scp("bp10", "{}", "BACKUP_POLICY"), attach("bp10-att", "bp10", "ou-w")];
    assertViolates(await run(eleven), "bp10-att", /11 BACKUP_POLICY/);
  });

  it("does nothing in a stack without organization policies", async () => {
    assertPasses(await run([{ stack: "org", type: T.orgUnit, name: "x", props: { name: "Workloads" } }]));
  });
});
