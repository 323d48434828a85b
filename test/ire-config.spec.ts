import { strict as assert } from "assert";
import { ConfigError, validateConfig } from "../config";
import { loadStackConfig } from "../harness/project";
import { PROJECT_DIR } from "./helpers";

function problemsOf(stack: "ire" | "prod", overrides: Record<string, string | undefined>) {
  const raw = loadStackConfig(PROJECT_DIR, stack);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete raw[`isolation:${k}`];
    else raw[`isolation:${k}`] = v;
  }
  try {
    validateConfig(stack, raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("IRE and prod config", () => {
  it("isolation:ireAlertEmails: a list of addresses, empty by default; a bad or repeated address names file, key, value and expectation", () => {
    const raw = loadStackConfig(PROJECT_DIR, "ire");
    delete raw["isolation:ireAlertEmails"];
    const cfg = validateConfig("ire", raw);
    if (cfg.role !== "ire") throw new Error("not ire");
    assert.deepEqual(cfg.ireAlertEmails, []);
    const bad = problemsOf("ire", { ireAlertEmails: JSON.stringify(["ops@example.com", "not-an-email"]) });
    assert.deepEqual(
      bad.map((p) => [p.file, p.key, p.value, p.expected]),
      [["Pulumi.ire.yaml", "isolation:ireAlertEmails[1]", "not-an-email", "an email address"]],
    );
    const notAList = problemsOf("ire", { ireAlertEmails: "ops@example.com" });
    assert.deepEqual(
      notAList.map((p) => [p.key, p.expected]),
      [["isolation:ireAlertEmails", "a list of email addresses"]],
    );
    const twice = problemsOf("ire", { ireAlertEmails: JSON.stringify(["ops@example.com", "ops@example.com"]) });
    assert.equal(twice.length, 1);
    assert.equal(twice[0].key, "isolation:ireAlertEmails");
    assert.match(twice[0].expected, /each address once, not ops@example.com twice/);
  });

  it("accepts Pulumi.ire.yaml and fills in the defaults", () => {
    const cfg = validateConfig("ire", loadStackConfig(PROJECT_DIR, "ire"));
    if (cfg.role !== "ire") throw new Error("not ire");
    assert.equal(cfg.restoreTestAlgorithm, "LATEST_WITHIN_WINDOW");
    assert.equal(cfg.restoreTestValidationWindowHours, 4);
    assert.equal(cfg.interfaceEndpoints.length, 12);
    assert.equal(cfg.restoreTestPlanName, "isolation_restore_test");
  });

  it("reports every bad IRE value at once, each with file, key, value and what was expected", () => {
    const problems = problemsOf("ire", {
      vpcCidr: "10.90.0.1/16",
      availabilityZones: JSON.stringify(["eu-west-1a", "euw1-az1"]),
      interfaceEndpoints: JSON.stringify(["backup", "com.amazonaws.eu-west-1.kms"]),
      restoreTestPlanName: "restore-tests",
      restoreTestSchedule: "every sunday",
      restoreTestAlgorithm: "OLDEST",
      restoreTestSelectionWindowDays: "366",
      restoreTestStartWindowHours: "169",
      restoreTestValidationWindowHours: "0",
      restoreTestResourceTypes: JSON.stringify(["EC2", "FSx"]),
    });
    const byKey = new Map(problems.map((p) => [p.key, p]));
    assert.deepEqual([...byKey.keys()].sort(), [
      "isolation:availabilityZones[1]",
      "isolation:interfaceEndpoints[1]",
      "isolation:restoreTestAlgorithm",
      "isolation:restoreTestPlanName",
      "isolation:restoreTestResourceTypes[1]",
      "isolation:restoreTestSchedule",
      "isolation:restoreTestSelectionWindowDays",
      "isolation:restoreTestStartWindowHours",
      "isolation:restoreTestValidationWindowHours",
      "isolation:vpcCidr",
    ]);
    for (const p of problems) assert.equal(p.file, "Pulumi.ire.yaml");
    assert.match(byKey.get("isolation:vpcCidr")!.expected, /host bits zero/);
    assert.match(
      byKey.get("isolation:restoreTestResourceTypes[1]")!.expected,
      /one of Aurora, DynamoDB, EBS, EC2, EFS, RDS, S3 \(FSx, DocumentDB and Neptune/,
    );
    assert.match(byKey.get("isolation:restoreTestStartWindowHours")!.expected, /from 1 to 168/);
    assert.match(byKey.get("isolation:restoreTestValidationWindowHours")!.expected, /from 1 to 168/);
    assert.match(byKey.get("isolation:restoreTestSelectionWindowDays")!.expected, /from 1 to 365/);
    assert.equal(byKey.get("isolation:availabilityZones[1]")!.value, "euw1-az1");
  });

  it("requires the availability zones, since the program looks none up", () => {
    const [p, ...rest] = problemsOf("ire", { availabilityZones: undefined });
    assert.equal(rest.length, 0);
    assert.equal(p.key, "isolation:availabilityZones");
    assert.equal(p.value, undefined);
  });

  it("checks across keys: zones of the region, repeats, subnets that fit, gateway services", () => {
    const problems = problemsOf("ire", {
      availabilityZones: JSON.stringify(["eu-west-1a", "eu-central-1a", "eu-west-1a"]),
      vpcCidr: "10.90.0.0/26",
      subnetPrefixLength: "28",
      interfaceEndpoints: JSON.stringify(["kms", "s3", "kms"]),
      restoreTestResourceTypes: JSON.stringify(["EC2", "EC2"]),
    });
    const expected = problems.map((p) => `${p.key}: ${p.expected}`);
    assert.ok(
      expected.some((e) => /availabilityZones: availability zones of eu-west-1 .*not eu-central-1a/.test(e)),
      expected.join("\n"),
    );
    assert.ok(expected.some((e) => /availabilityZones: each zone once, not eu-west-1a twice/.test(e)));
    assert.ok(expected.some((e) => /interfaceEndpoints: each service once, not kms twice/.test(e)));
    assert.ok(expected.some((e) => /interfaceEndpoints: services other than s3/.test(e)));
    assert.ok(expected.some((e) => /restoreTestResourceTypes: each type once/.test(e)));
    // 3 subnets of /28 fit in a /26 (it holds 4): no split problem.
    assert.ok(!expected.some((e) => /do not fit/.test(e)));
    const tight = problemsOf("ire", { vpcCidr: "10.90.0.0/27", subnetPrefixLength: "28" });
    assert.deepEqual(
      tight.map((p) => [p.key, p.value]),
      [["isolation:subnetPrefixLength", 28]],
    );
    assert.match(tight[0].expected, /3 subnets of \/28 do not fit in 10\.90\.0\.0\/27: it holds 2/);
    const derived = problemsOf("ire", { vpcCidr: "10.90.0.0/27", subnetPrefixLength: undefined });
    assert.deepEqual(
      derived.map((p) => p.key),
      ["isolation:vpcCidr"],
    );
  });

  it("requires an interface endpoint for every API the restore validator calls for the tested types", () => {
    // Pulumi.ire.yaml tests EBS, EC2 and S3 with the default endpoints: backup and ec2 are there.
    assert.deepEqual(problemsOf("ire", {}), []);
    const noEc2 = problemsOf("ire", { interfaceEndpoints: JSON.stringify(["backup", "kms", "logs"]) });
    assert.deepEqual(
      noEc2.map((p) => [p.file, p.key, p.value]),
      [["Pulumi.ire.yaml", "isolation:interfaceEndpoints", ["backup", "kms", "logs"]]],
    );
    assert.equal(
      noEc2[0].expected,
      "a list that includes ec2: the restore validator calls DescribeVolumes, DescribeInstances for restoreTestResourceTypes EBS, EC2, S3, and the IRE reaches AWS only through its endpoints",
    );
    // S3 goes through the gateway endpoint: an S3-only IRE needs backup, nothing for S3.
    const s3Only = problemsOf("ire", {
      restoreTestResourceTypes: JSON.stringify(["S3"]),
      interfaceEndpoints: JSON.stringify(["kms"]),
    });
    assert.deepEqual(
      s3Only.map((p) => p.expected.split(":")[0]),
      ["a list that includes backup"],
    );
    assert.match(s3Only[0].expected, /DescribeRestoreJob, ListRestoreJobs, PutRestoreValidationResult, ListScanJobs/);
    // DynamoDB is not in the default endpoints: testing it means listing dynamodb.
    const dynamo = problemsOf("ire", { restoreTestResourceTypes: JSON.stringify(["EBS", "DynamoDB"]) });
    assert.deepEqual(
      dynamo.map((p) => [p.key, p.expected.split(":")[0]]),
      [["isolation:interfaceEndpoints", "a list that includes dynamodb"]],
    );
    assert.deepEqual(
      problemsOf("ire", {
        restoreTestResourceTypes: JSON.stringify(["EBS", "DynamoDB"]),
        interfaceEndpoints: JSON.stringify(["backup", "ec2", "dynamodb"]),
      }),
      [],
    );
    // RDS and Aurora read the RDS API, EFS the EFS API: each missing endpoint is named with the calls
    // that need it.
    const databases = problemsOf("ire", { restoreTestResourceTypes: JSON.stringify(["RDS", "Aurora", "EFS"]) });
    assert.deepEqual(
      databases.map((p) => [p.key, p.expected.split(" for ")[0]]),
      [
        [
          "isolation:interfaceEndpoints",
          "a list that includes rds: the restore validator calls DescribeDBInstances, DescribeDBClusters",
        ],
        [
          "isolation:interfaceEndpoints",
          "a list that includes elasticfilesystem: the restore validator calls DescribeFileSystems",
        ],
      ],
    );
    assert.deepEqual(
      problemsOf("ire", {
        restoreTestResourceTypes: JSON.stringify(["RDS", "Aurora", "EFS"]),
        interfaceEndpoints: JSON.stringify(["backup", "rds", "elasticfilesystem"]),
      }),
      [],
    );
    // A list that is itself invalid is reported once, for what is wrong with it.
    const bad = problemsOf("ire", { interfaceEndpoints: JSON.stringify(["com.amazonaws.eu-west-1.kms"]) });
    assert.deepEqual(
      bad.map((p) => p.key),
      ["isolation:interfaceEndpoints[0]"],
    );
  });

  it("needs two availability zones or more for RDS and Aurora tests (their DB subnet group), not for others", () => {
    const endpoints = JSON.stringify(["backup", "ec2", "rds", "elasticfilesystem"]);
    const oneAz = { availabilityZones: JSON.stringify(["eu-west-1a"]), subnetPrefixLength: undefined };
    for (const types of [["RDS"], ["Aurora"], ["EBS", "Aurora"]]) {
      const problems = problemsOf("ire", {
        ...oneAz,
        interfaceEndpoints: endpoints,
        restoreTestResourceTypes: JSON.stringify(types),
      });
      assert.deepEqual(
        problems.map((p) => [p.key, p.value]),
        [["isolation:availabilityZones", ["eu-west-1a"]]],
        types.join(","),
      );
      assert.match(
        problems[0].expected,
        /at least 2 availability zones: restored RDS and Aurora databases .*one was given/,
      );
    }
    for (const types of [["EFS"], ["EBS", "EC2", "S3"]]) {
      assert.deepEqual(
        problemsOf("ire", { ...oneAz, interfaceEndpoints: endpoints, restoreTestResourceTypes: JSON.stringify(types) }),
        [],
        types.join(","),
      );
    }
  });

  it("takes a log retention CloudWatch Logs accepts for the restore validator", () => {
    const cfg = validateConfig("ire", loadStackConfig(PROJECT_DIR, "ire"));
    if (cfg.role !== "ire") throw new Error("not ire");
    assert.equal(cfg.restoreValidatorLogRetentionDays, 365);
    assert.deepEqual(problemsOf("ire", { restoreValidatorLogRetentionDays: "400" }), []);
    for (const bad of ["42", "0", "4000", "ninety"]) {
      const [p, ...rest] = problemsOf("ire", { restoreValidatorLogRetentionDays: bad });
      assert.equal(rest.length, 0, bad);
      assert.equal(p.key, "isolation:restoreValidatorLogRetentionDays");
      assert.match(p.expected, /1, 3, 5, 7, 14, 30, .* 3653/, bad);
    }
  });

  it("prod takes the org stack's backup policy keys, with the same defaults and checks", () => {
    const cfg = validateConfig("prod", loadStackConfig(PROJECT_DIR, "prod"));
    if (cfg.role !== "prod") throw new Error("not prod");
    assert.equal(cfg.backupPolicyLocalVaultName, "isolation-local");
    assert.equal(cfg.backupPolicyRoleName, "service-role/AWSBackupDefaultServiceRole");
    const org = validateConfig("org", loadStackConfig(PROJECT_DIR, "org"));
    if (org.role !== "org") throw new Error("not org");
    assert.equal(org.backupPolicyLocalVaultName, cfg.backupPolicyLocalVaultName);
    assert.equal(org.backupPolicyRoleName, cfg.backupPolicyRoleName);
    const problems = problemsOf("prod", {
      backupPolicyLocalVaultName: "a",
      backupPolicyRoleName: `path/${"x".repeat(65)}`,
    });
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      "isolation:backupPolicyLocalVaultName",
      "isolation:backupPolicyRoleName",
    ]);
    for (const p of problems) assert.equal(p.file, "Pulumi.prod.yaml");
  });
});
