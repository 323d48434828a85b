import { strict as assert } from "assert";
import fc from "fast-check";
import {
  afterWaiting,
  checksFor,
  combine,
  errorDetail,
  isValidatedType,
  MAX_DETAIL_CHARS,
  resourceVerdict,
  scanVerdict,
  targetOf,
  type CheckResult,
  type Target,
} from "../lambda/restore-validator/decisions";
import { SUPPORTED_RESTORE_TEST_TYPES } from "../lib/restore/restore-testing";

const ok = (r: ReturnType<typeof targetOf>): Target => {
  assert.ok("target" in r, "problem" in r ? r.problem : "no target");
  return r.target;
};
const problem = (r: ReturnType<typeof targetOf>): string => {
  assert.ok("problem" in r, "expected a problem");
  return r.problem;
};

describe("restore validator decisions", () => {
  describe("which resource a restore job created", () => {
    it("reads the volume, instance, bucket or table out of the created resource ARN", () => {
      assert.deepEqual(ok(targetOf("EBS", "arn:aws:ec2:eu-west-1:333333333333:volume/vol-0abc123")), {
        type: "EBS",
        id: "vol-0abc123",
      });
      assert.deepEqual(ok(targetOf("EC2", "arn:aws:ec2:eu-west-1:333333333333:instance/i-00175d8c7c22c7a8d")), {
        type: "EC2",
        id: "i-00175d8c7c22c7a8d",
      });
      assert.deepEqual(ok(targetOf("S3", "arn:aws:s3:::awsbackup-restore-test-1")), {
        type: "S3",
        id: "awsbackup-restore-test-1",
      });
      assert.deepEqual(ok(targetOf("DynamoDB", "arn:aws-us-gov:dynamodb:us-gov-west-1:333333333333:table/orders")), {
        type: "DynamoDB",
        id: "orders",
      });
      assert.deepEqual(ok(targetOf("RDS", "arn:aws:rds:eu-west-1:333333333333:db:awsbackup-restore-test-1")), {
        type: "RDS",
        id: "awsbackup-restore-test-1",
      });
      assert.deepEqual(ok(targetOf("Aurora", "arn:aws:rds:eu-west-1:333333333333:cluster:restored-c1")), {
        type: "Aurora",
        id: "restored-c1",
      });
      assert.deepEqual(
        ok(targetOf("EFS", "arn:aws:elasticfilesystem:eu-west-1:333333333333:file-system/fs-0123456789abcdef0")),
        { type: "EFS", id: "fs-0123456789abcdef0" },
      );
    });

    it("refuses an ARN of another kind, a missing ARN and a type it has no check for", () => {
      assert.match(
        problem(targetOf("EBS", "arn:aws:ec2:eu-west-1:333333333333:instance/i-0abc")),
        /is not of the form arn:<partition>:ec2:\.\.\.:volume\/vol-\.\.\. \(EBS volume\)/,
      );
      assert.match(problem(targetOf("S3", "arn:aws:dynamodb:eu-west-1:333333333333:table/t1")), /S3 bucket/);
      assert.match(problem(targetOf("EC2", undefined)), /names no created EC2 instance/);
      assert.match(problem(targetOf("EC2", "not-an-arn")), /not of the form/);
      // An instance is not a cluster, nor the other way round: each type reads its own API.
      assert.match(
        problem(targetOf("RDS", "arn:aws:rds:eu-west-1:333333333333:cluster:c1")),
        /not of the form arn:<partition>:rds:\.\.\.:db:<id> \(RDS DB instance\)/,
      );
      assert.match(
        problem(targetOf("Aurora", "arn:aws:rds:eu-west-1:333333333333:db:d1")),
        /not of the form arn:<partition>:rds:\.\.\.:cluster:<id> \(Aurora DB cluster\)/,
      );
      assert.match(problem(targetOf("RDS", "arn:aws:rds:eu-west-1:333333333333:db:1starts-with-digit")), /db:<id>/);
      assert.match(
        problem(targetOf("EFS", "arn:aws:elasticfilesystem:eu-west-1:333333333333:access-point/fsap-0abc")),
        /file-system\/fs-\.\.\. \(EFS file system\)/,
      );
      assert.match(
        problem(targetOf("FSx", "arn:aws:fsx:eu-west-1:333333333333:file-system/fs-0abc")),
        /no check for resource type "FSx"/,
      );
      assert.match(problem(targetOf(undefined, "arn:aws:s3:::b")), /no check for resource type null/);
    });

    it("has a check for every type the IRE tests, and for nothing that is not a type", () => {
      for (const t of SUPPORTED_RESTORE_TEST_TYPES) assert.ok(isValidatedType(t), t);
      for (const t of ["FSx", "DocumentDB", "Neptune", "toString", "constructor", "", "ebs", "rds"]) {
        assert.ok(!isValidatedType(t), t);
      }
    });
  });

  it("looks up malware scans for EBS, EC2 and S3 recovery points, never for DynamoDB, RDS, Aurora or EFS", () => {
    assert.deepEqual(checksFor("EBS"), ["restored resource", "malware scan"]);
    assert.deepEqual(checksFor("EC2"), ["restored resource", "malware scan"]);
    assert.deepEqual(checksFor("S3"), ["restored resource", "malware scan"]);
    for (const t of ["DynamoDB", "RDS", "Aurora", "EFS"] as const)
      assert.deepEqual(checksFor(t), ["restored resource"]);
  });

  describe("what a restored resource's state means", () => {
    const vol: Target = { type: "EBS", id: "vol-1" };
    const inst: Target = { type: "EC2", id: "i-1" };
    const table: Target = { type: "DynamoDB", id: "t" };
    const bucket: Target = { type: "S3", id: "b" };
    const db: Target = { type: "RDS", id: "d" };
    const cluster: Target = { type: "Aurora", id: "c" };
    const fs: Target = { type: "EFS", id: "fs-0123abcd" };

    it("passes usable states", () => {
      for (const [t, s] of [
        [vol, "available"],
        [vol, "in-use"],
        [inst, "running"],
        [table, "ACTIVE"],
        [bucket, "reachable"],
        [db, "available"],
        [cluster, "available"],
        [fs, "available"],
      ] as const) {
        assert.equal(resourceVerdict(t, { found: true, state: s }).outcome, "pass", `${t.type} ${s}`);
      }
      assert.equal(resourceVerdict(vol, { found: true, state: "available" }).detail, "EBS volume vol-1 is available");
    });

    it("waits out states AWS is still moving through", () => {
      for (const [t, s] of [
        [vol, "creating"],
        [inst, "pending"],
        [table, "CREATING"],
        [table, "UPDATING"],
        [db, "creating"],
        [db, "backing-up"],
        [db, "modifying"],
        [cluster, "creating"],
        [cluster, "backing-up"],
        [fs, "creating"],
        [fs, "updating"],
      ] as const) {
        assert.equal(resourceVerdict(t, { found: true, state: s }).outcome, "wait", `${t.type} ${s}`);
      }
    });

    it("fails missing resources and bad states, saying which and what was expected", () => {
      assert.deepEqual(resourceVerdict(inst, { found: false }), {
        outcome: "fail",
        detail: "EC2 instance i-1 does not exist",
      });
      assert.deepEqual(resourceVerdict(inst, { found: true, state: "stopped" }), {
        outcome: "fail",
        detail: "EC2 instance i-1 is stopped, not running",
      });
      for (const [t, s] of [
        [vol, "error"],
        [vol, "deleting"],
        [inst, "terminated"],
        [inst, "shutting-down"],
        [table, "INACCESSIBLE_ENCRYPTION_CREDENTIALS"],
        [table, "DELETING"],
        [db, "failed"],
        [db, "incompatible-restore"],
        [db, "incompatible-network"],
        [db, "inaccessible-encryption-credentials"],
        [db, "stopped"],
        [db, "deleting"],
        [cluster, "inaccessible-encryption-credentials"],
        [cluster, "stopped"],
        [fs, "error"],
        [fs, "deleting"],
        [fs, "deleted"],
      ] as const) {
        assert.equal(resourceVerdict(t, { found: true, state: s }).outcome, "fail", `${t.type} ${s}`);
      }
      assert.match(resourceVerdict(vol, { found: true, state: "error" }).detail, /not available or in-use/);
    });

    it("turns a state still transitional after the last look into a failure, and leaves others alone", () => {
      const waiting = resourceVerdict(inst, { found: true, state: "pending" });
      assert.deepEqual(afterWaiting(waiting, 10, 135), {
        outcome: "fail",
        detail: "EC2 instance i-1 is still pending after 10 looks over 135 s",
      });
      const passed = resourceVerdict(inst, { found: true, state: "running" });
      assert.equal(afterWaiting(passed, 3, 30), passed);
    });
  });

  describe("what malware scan results mean", () => {
    it("fails on THREATS_FOUND in any scan, even beside a clean one", () => {
      const v = scanVerdict([
        { scanJobId: "s1", state: "COMPLETED", result: "NO_THREATS_FOUND" },
        { scanJobId: "s2", state: "COMPLETED", result: "THREATS_FOUND" },
      ]);
      assert.deepEqual(v, { outcome: "fail", detail: "THREATS_FOUND in the recovery point (scan job s2)" });
    });

    it("passes a clean scan, and no scan with a note saying so", () => {
      assert.deepEqual(scanVerdict([{ scanJobId: "s1", state: "COMPLETED", result: "NO_THREATS_FOUND" }]), {
        outcome: "pass",
        detail: "NO_THREATS_FOUND (scan job s1)",
      });
      const none = scanVerdict([]);
      assert.equal(none.outcome, "pass");
      assert.match(none.detail, /no scan job of the recovery point is visible/);
      const pending = scanVerdict([
        { scanJobId: "s3", state: "RUNNING" },
        { scanJobId: "s4", state: "COMPLETED", result: "UNKNOWN" },
      ]);
      assert.equal(pending.outcome, "pass");
      assert.equal(pending.detail, "no scan result yet (s3 RUNNING, s4 UNKNOWN)");
    });

    it("fails exactly when some scan found threats (property)", () => {
      const job = fc.record({
        scanJobId: fc.string({ minLength: 1, maxLength: 8 }),
        state: fc.constantFrom("CANCELED", "COMPLETED", "COMPLETED_WITH_ISSUES", "CREATED", "FAILED", "RUNNING"),
        result: fc.option(fc.constantFrom("NO_THREATS_FOUND", "THREATS_FOUND", "UNKNOWN"), { nil: undefined }),
      });
      fc.assert(
        fc.property(fc.array(job, { maxLength: 6 }), (jobs) => {
          const v = scanVerdict(jobs);
          assert.equal(
            v.outcome === "fail",
            jobs.some((j) => j.result === "THREATS_FOUND"),
          );
          assert.notEqual(v.outcome, "wait");
        }),
      );
    });
  });

  describe("how results combine into the reported status and message", () => {
    const pass = (detail: string): CheckResult => ({ check: "restored resource", outcome: "passed", detail });

    it("is SUCCESSFUL only when every check passed, naming what was checked", () => {
      assert.deepEqual(
        combine([
          pass("EBS volume vol-1 is available"),
          { check: "malware scan", outcome: "passed", detail: "NO_THREATS_FOUND (scan job s1)" },
        ]),
        {
          status: "SUCCESSFUL",
          message:
            "All 2 checks passed. restored resource: EBS volume vol-1 is available. malware scan: NO_THREATS_FOUND (scan job s1).",
        },
      );
      assert.equal(
        combine([pass("DynamoDB table t is ACTIVE")]).message,
        "The one check passed. restored resource: DynamoDB table t is ACTIVE.",
      );
    });

    it("is FAILED with what failed first, what could not run, then what passed", () => {
      const r = combine([
        pass("EC2 instance i-1 is running"),
        {
          check: "malware scan",
          outcome: "error",
          detail: "listing the scan jobs of rp failed (AccessDeniedException: no)",
        },
      ]);
      assert.equal(r.status, "FAILED");
      assert.equal(
        r.message,
        "1 of 2 checks failed. malware scan could not be checked: listing the scan jobs of rp failed (AccessDeniedException: no). Passed: restored resource: EC2 instance i-1 is running.",
      );
    });

    it("is FAILED when no check ran at all", () => {
      assert.deepEqual(combine([]), { status: "FAILED", message: "No check ran on the restored resource." });
    });

    it("SUCCESSFUL iff non-empty and all passed; every failed detail is in the message (property)", () => {
      const result = fc.record({
        check: fc.constantFrom("restored resource" as const, "malware scan" as const, "restore job" as const),
        outcome: fc.constantFrom("passed" as const, "failed" as const, "error" as const),
        detail: fc.string({ minLength: 1, maxLength: 40 }),
      });
      fc.assert(
        fc.property(fc.array(result, { maxLength: 5 }), (results) => {
          const r = combine(results);
          const allPassed = results.length > 0 && results.every((x) => x.outcome === "passed");
          assert.equal(r.status === "SUCCESSFUL", allPassed);
          for (const x of results) assert.ok(r.message.includes(x.detail), `${x.detail} in ${r.message}`);
        }),
      );
    });
  });

  it("keeps error details short and names the error", () => {
    assert.equal(
      errorDetail(Object.assign(new Error("denied"), { name: "AccessDeniedException" })),
      "AccessDeniedException: denied",
    );
    assert.equal(errorDetail("plain"), "Error: plain");
    const long = errorDetail(new Error("x".repeat(1000)));
    assert.equal(long.length, MAX_DETAIL_CHARS);
    assert.ok(long.endsWith("..."));
  });
});
