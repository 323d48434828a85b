/**
 * Judging AWS's answers to probes: the message formats of the IAM user guide's "Troubleshoot access
 * denied error messages", and what each kind of answer proves.
 */
import { strict as assert } from "assert";
import { BackupServiceException, ResourceNotFoundException } from "@aws-sdk/client-backup";
import { CloudTrailServiceException, TrailNotFoundException } from "@aws-sdk/client-cloudtrail";
import { KMSServiceException, NotFoundException } from "@aws-sdk/client-kms";
import { judge, parseDenial } from "../../lib/drill/judge";
import { buildProbes } from "../../lib/drill/probes";
import { DrillTargets } from "../../lib/drill/targets";
import type { Probe } from "../../lib/drill/types";
import { seededRandom } from "./seeded-random";

const META = { $fault: "client" as const, $metadata: { httpStatusCode: 400 } };
const WHO = "User: arn:aws:sts::222222222222:assumed-role/IsolationDrill/ci is not authorized to perform";

function probes(): Probe[] {
  return buildProbes({
    region: "eu-west-1",
    targets: new DrillTargets(seededRandom(3), "aws", "222222222222"),
    lockedVaults: [
      {
        urn: "urn:pulumi:recovery::isolation::aws:backup/vault:Vault::v",
        name: "isolation-recovery",
        region: "eu-west-1",
        airGapped: false,
        lockUrn: "urn:lock",
        policy: { urn: "urn:policy" } as never,
      },
    ],
  }).probes;
}
const find = (action: string, real = false) => probes().find((p) => p.action === action && !!p.realVault === real)!;

function denied(service: "backup" | "kms" | "cloudtrail", reason: string) {
  const Base = { backup: BackupServiceException, kms: KMSServiceException, cloudtrail: CloudTrailServiceException }[
    service
  ];
  return new Base({ name: "AccessDeniedException", ...META, message: `${WHO}: x on resource: y${reason}` });
}

describe("drill: judging answers", () => {
  describe("parseDenial", () => {
    it("reads explicit denies with their policy type and, when given, the policy's ARN", () => {
      assert.deepEqual(parseDenial(`${WHO} ... with an explicit deny in a service control policy`), {
        explicit: true,
        policyType: "service control policy",
      });
      assert.deepEqual(
        parseDenial(
          `${WHO} ... with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-a/service_control_policy/p-b`,
        ),
        {
          explicit: true,
          policyType: "service control policy",
          policyArn: "arn:aws:organizations::111111111111:policy/o-a/service_control_policy/p-b",
        },
      );
      assert.deepEqual(parseDenial("... with an explicit deny in a resource-based policy"), {
        explicit: true,
        policyType: "resource-based policy",
      });
      assert.deepEqual(parseDenial("... with an explicit deny in an identity-based policy"), {
        explicit: true,
        policyType: "identity-based policy",
      });
      assert.deepEqual(parseDenial("... with an explicit deny in a permissions boundary"), {
        explicit: true,
        policyType: "permissions boundary",
      });
      assert.deepEqual(parseDenial("... on resource: y with an explicit deny"), { explicit: true });
    });

    it("reads implicit denies, and nothing from a message that gives no reason", () => {
      assert.deepEqual(
        parseDenial(
          `${WHO} backup:DeleteBackupVault because no identity-based policy allows the backup:DeleteBackupVault action`,
        ),
        {
          explicit: false,
          policyType: "identity-based policy",
        },
      );
      assert.deepEqual(parseDenial("... because no service control policy allows the x action"), {
        explicit: false,
        policyType: "service control policy",
      });
      assert.equal(parseDenial(`${WHO}: backup:DeleteBackupVault on resource: y`), undefined);
      assert.equal(parseDenial("Access Denied"), undefined);
    });
  });

  describe("judge", () => {
    it("PASS: an explicit deny in a service control policy, naming the SCP (and its ARN when given)", () => {
      const p = find("backup:DeleteBackupVault");
      const r = judge(p, { ok: false, error: denied("backup", " with an explicit deny in a service control policy") });
      assert.equal(r.status, "PASS");
      assert.equal(r.deniedBy, "the service control policy (SCP)");
      assert.match(
        r.answer,
        /^AccessDeniedException \(HTTP 400\): User: .* with an explicit deny in a service control policy$/,
      );
      const arn = "arn:aws:organizations::111111111111:policy/o-a/service_control_policy/p-b";
      const withArn = judge(p, {
        ok: false,
        error: denied("backup", ` with an explicit deny in a service control policy: ${arn}`),
      });
      assert.equal(withArn.deniedBy, `the service control policy (SCP) (${arn})`);
    });

    it("PASS: an explicit deny in a resource-based policy is the vault access policy, on a real vault", () => {
      const r = judge(find("backup:DeleteRecoveryPoint", true), {
        ok: false,
        error: denied("backup", " with an explicit deny in a resource-based policy"),
      });
      assert.equal(r.status, "PASS");
      assert.equal(r.deniedBy, "the vault access policy");
      assert.deepEqual(r.guardrails, ["scp", "vault-policy"]);
    });

    it("PASS, saying so, for an explicit deny of unstated type", () => {
      const r = judge(find("cloudtrail:StopLogging"), {
        ok: false,
        error: denied("cloudtrail", " with an explicit deny"),
      });
      assert.equal(r.status, "PASS");
      assert.match(r.deniedBy!, /explicit deny \(AWS did not say in which kind of policy\)/);
    });

    it("INCONCLUSIVE: the drill role itself lacks the Allow, or denies itself", () => {
      const p = find("backup:DeleteBackupPlan");
      const r = judge(p, {
        ok: false,
        error: denied("backup", " because no identity-based policy allows the backup:DeleteBackupPlan action"),
      });
      assert.equal(r.status, "INCONCLUSIVE");
      assert.match(r.hint!, /give the drill role an identity policy that allows exactly the probed actions/);
      for (const own of ["an identity-based policy", "a session policy", "a permissions boundary"]) {
        const x = judge(p, { ok: false, error: denied("backup", ` with an explicit deny in ${own}`) });
        assert.equal(x.status, "INCONCLUSIVE", own);
        assert.match(x.hint!, /drill role's/);
      }
    });

    it("INCONCLUSIVE: access denied without a reason", () => {
      const r = judge(find("kms:DisableKey"), { ok: false, error: denied("kms", "") });
      assert.equal(r.status, "INCONCLUSIVE");
      assert.match(r.hint!, /without saying which kind of policy/);
    });

    it("FAIL: not found, or an invalid parameter, means the call got past authorization", () => {
      const r = judge(find("backup:DeleteBackupVault"), {
        ok: false,
        error: new ResourceNotFoundException({ ...META, message: "Backup vault isolation-drill-x not found" }),
      });
      assert.equal(r.status, "FAIL");
      assert.match(r.hint!, /no guardrail denied backup:DeleteBackupVault\. Nothing was harmed/);
      const trail = judge(find("cloudtrail:DeleteTrail"), {
        ok: false,
        error: new TrailNotFoundException({ ...META, message: "Unknown trail" }),
      });
      assert.equal(trail.status, "FAIL");
      const invalid = judge(find("backup:DeleteFramework"), {
        ok: false,
        error: new BackupServiceException({ name: "InvalidParameterValueException", ...META, message: "bad" }),
      });
      assert.equal(invalid.status, "FAIL");
    });

    it("FAIL: a call AWS accepted", () => {
      const r = judge(find("backup:DeleteBackupVaultLockConfiguration"), { ok: true });
      assert.equal(r.status, "FAIL");
      assert.equal(r.answer, "AWS accepted the call");
    });

    it("INCONCLUSIVE, not FAIL nor PASS: KMS answering NotFound for a key that does not exist", () => {
      const r = judge(find("kms:ScheduleKeyDeletion"), {
        ok: false,
        error: new NotFoundException({ ...META, message: "Key 'arn:aws:kms:...' does not exist" }),
      });
      assert.equal(r.status, "INCONCLUSIVE");
      assert.match(r.hint!, /KMS answered NotFoundException .* before evaluating any policy/);
      // The same answer from Backup is a FAIL: only KMS looks the key up first.
      const backup = judge(find("backup:DeleteBackupVault"), {
        ok: false,
        error: new BackupServiceException({ name: "NotFoundException", ...META, message: "x" }),
      });
      assert.notEqual(backup.status, "INCONCLUSIVE");
    });

    it("ERROR: throttling, a server error, an unknown answer, a network failure", () => {
      const p = find("backup:DeleteReportPlan");
      const throttled = judge(p, {
        ok: false,
        error: new BackupServiceException({ name: "ThrottlingException", ...META, message: "Rate exceeded" }),
      });
      assert.equal(throttled.status, "ERROR");
      assert.match(throttled.hint!, /throttled or unavailable/);
      const server = judge(p, {
        ok: false,
        error: new BackupServiceException({
          name: "ServiceUnavailableException",
          $fault: "server",
          $metadata: { httpStatusCode: 503 },
          message: "x",
        }),
      });
      assert.equal(server.status, "ERROR");
      const odd = judge(p, {
        ok: false,
        error: new BackupServiceException({ name: "SomethingNew", ...META, message: "?" }),
      });
      assert.equal(odd.status, "ERROR");
      assert.match(odd.hint!, /does not know how to judge/);
      const network = judge(p, {
        ok: false,
        error: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      });
      assert.equal(network.status, "ERROR");
    });
  });
});
