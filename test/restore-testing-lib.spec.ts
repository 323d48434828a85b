/**
 * Where restore tests put what they restore (lib/restore/restore-testing.ts): the metadata overrides
 * per type, and the DB subnet group restored databases go into. Pure.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  AWS_RESTORE_TEST_TYPES,
  DATABASE_TYPES,
  dbSubnetGroupNameFor,
  dbSubnetGroupProblem,
  dbSubnetGroupSubnetIds,
  DEFAULT_RESTORE_TEST_TYPES,
  isPlaced,
  needsDbSubnetGroup,
  restoreMetadataOverrides,
  selectionName,
  SUPPORTED_RESTORE_TEST_TYPES,
  type Placement,
  type RestoreTestType,
} from "../lib/restore/restore-testing";

const PLACEMENT: Placement = {
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  availabilityZone: "eu-west-1a",
  securityGroupId: "sg-restore",
  dbSubnetGroupName: "restore-testing-databases-1a2b3c",
};

describe("restore testing placement", () => {
  it("tests RDS, Aurora and EFS besides DynamoDB, EBS, EC2 and S3; FSx, DocumentDB and Neptune stay refused", () => {
    assert.deepEqual([...SUPPORTED_RESTORE_TEST_TYPES].sort(), [
      "Aurora",
      "DynamoDB",
      "EBS",
      "EC2",
      "EFS",
      "RDS",
      "S3",
    ]);
    for (const t of SUPPORTED_RESTORE_TEST_TYPES) assert.ok((AWS_RESTORE_TEST_TYPES as readonly string[]).includes(t));
    for (const t of ["FSx", "DocumentDB", "Neptune"]) {
      assert.ok(!(SUPPORTED_RESTORE_TEST_TYPES as readonly string[]).includes(t), t);
    }
    // The defaults did not change: databases and file systems are tested when config says so.
    assert.deepEqual(DEFAULT_RESTORE_TEST_TYPES, ["EBS", "EC2", "S3"]);
  });

  it("puts RDS instances and Aurora clusters in the DB subnet group with the closed security group", () => {
    for (const t of ["RDS", "Aurora"] as const) {
      assert.deepEqual(restoreMetadataOverrides(t, PLACEMENT), {
        dbSubnetGroupName: "restore-testing-databases-1a2b3c",
        vpcSecurityGroupIds: '["sg-restore"]',
      });
      assert.ok(isPlaced(t), t);
    }
    // Never publicly accessible by override: the key is left out (it could not be confirmed).
    assert.ok(!JSON.stringify(restoreMetadataOverrides("RDS", PLACEMENT)).toLowerCase().includes("public"));
  });

  it("refuses to place a database without the DB subnet group, rather than leave it to AWS's default VPC", () => {
    const { dbSubnetGroupName: _omit, ...withoutGroup } = PLACEMENT;
    void _omit;
    for (const t of DATABASE_TYPES) {
      assert.throws(
        () => restoreMetadataOverrides(t, withoutGroup),
        new RegExp(`${t} restore tests need the IRE's DB subnet group`),
      );
    }
  });

  it("keeps EC2 in the first subnet and EBS in its AZ, and places nothing for EFS, S3 and DynamoDB", () => {
    assert.deepEqual(restoreMetadataOverrides("EC2", PLACEMENT), {
      subnetId: "subnet-a",
      securityGroupIds: '["sg-restore"]',
    });
    assert.deepEqual(restoreMetadataOverrides("EBS", PLACEMENT), { availabilityZone: "eu-west-1a" });
    for (const t of ["EFS", "S3", "DynamoDB"] as const) {
      assert.equal(restoreMetadataOverrides(t, PLACEMENT), undefined, t);
      assert.ok(!isPlaced(t), t);
    }
  });

  it("a type is placed exactly when it has overrides, and every selection name is distinct and valid (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_RESTORE_TEST_TYPES), (t: RestoreTestType) => {
        assert.equal(isPlaced(t), restoreMetadataOverrides(t, PLACEMENT) !== undefined, t);
        assert.match(selectionName(t), /^[A-Za-z0-9_]{1,50}$/);
      }),
    );
    const names = SUPPORTED_RESTORE_TEST_TYPES.map(selectionName);
    assert.equal(new Set(names).size, names.length);
  });

  it("needs the DB subnet group exactly when RDS or Aurora is tested (property)", () => {
    fc.assert(
      fc.property(fc.subarray([...SUPPORTED_RESTORE_TEST_TYPES] as RestoreTestType[]), (types) => {
        assert.equal(needsDbSubnetGroup(types), types.includes("RDS") || types.includes("Aurora"));
      }),
    );
  });

  it("builds the DB subnet group from every private subnet, and only from two or more", () => {
    assert.deepEqual(dbSubnetGroupSubnetIds(["subnet-a", "subnet-b", "subnet-c"]), [
      "subnet-a",
      "subnet-b",
      "subnet-c",
    ]);
    assert.deepEqual(dbSubnetGroupSubnetIds(["subnet-a", "subnet-b"]), ["subnet-a", "subnet-b"]);
    assert.throws(() => dbSubnetGroupSubnetIds(["subnet-a"]), /at least 2 subnets in different AZs/);
    assert.throws(() => dbSubnetGroupSubnetIds(["subnet-a", "subnet-a"]), /at least 2 subnets/);
  });

  it("names the DB subnet group after the plan, in the characters RDS keeps, never 'default' (property)", () => {
    assert.equal(dbSubnetGroupNameFor("isolation_restore_test"), "isolation-restore-test-databases");
    assert.throws(() => dbSubnetGroupNameFor("bad-name"), /not 1 to 50 letters, digits or '_'/);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{1,50}$/), (plan) => {
        const n = dbSubnetGroupNameFor(plan);
        assert.match(n, /^[a-z0-9-]{11,60}$/);
        assert.notEqual(n, "default");
      }),
    );
  });

  it("says why one availability zone cannot hold the DB subnet group, and accepts two or more", () => {
    assert.match(dbSubnetGroupProblem(["eu-west-1a"])!, /at least 2 availability zones: .*one was given/);
    assert.match(dbSubnetGroupProblem(["eu-west-1a", "eu-west-1a"])!, /one was given/);
    assert.match(dbSubnetGroupProblem([])!, /0 were given/);
    assert.equal(dbSubnetGroupProblem(["eu-west-1a", "eu-west-1b"]), undefined);
    assert.equal(dbSubnetGroupProblem(["eu-west-1a", "eu-west-1b", "eu-west-1c"]), undefined);
  });
});
