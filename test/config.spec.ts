import { strict as assert } from "assert";
import { ConfigError, ConfigProblem, validateConfig } from "../config";
import { runProgram } from "../harness/engine";
import { loadStackConfig } from "../harness/project";
import { main } from "../program";
import { PROJECT_DIR } from "./helpers";

/** Validates and returns the problems, failing the test if the config was accepted. */
function problemsOf(stack: string, raw: Record<string, string>): ConfigProblem[] {
  try {
    validateConfig(stack, raw);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail(`config of stack ${stack} was accepted`);
}

function withConfig(stack: string, changes: Record<string, string | undefined>): Record<string, string> {
  const raw = loadStackConfig(PROJECT_DIR, stack);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete raw[k];
    else raw[k] = v;
  }
  return raw;
}

describe("config", () => {
  it("accepts every example stack file", () => {
    for (const stack of ["org", "recovery", "ire", "prod"]) {
      const cfg = validateConfig(stack, loadStackConfig(PROJECT_DIR, stack));
      assert.equal(cfg.role, stack);
      assert.equal(cfg.file, `Pulumi.${stack}.yaml`);
    }
  });

  it("takes the role from a role-suffix stack name", () => {
    const cfg = validateConfig("prod-payments", withConfig("prod", {}));
    assert.equal(cfg.role, "prod");
    assert.equal(cfg.roleSuffix, "payments");
  });

  it("rejects a stack that is not named after a role and has no isolation:role", () => {
    const [p, ...rest] = problemsOf("dev", withConfig("prod", {}));
    assert.equal(rest.length, 0);
    assert.equal(p.key, "isolation:role");
    assert.equal(p.file, "Pulumi.dev.yaml");
    assert.match(p.expected, /stack "dev" is not named after a role/);
  });

  it("rejects an unknown role", () => {
    const [p] = problemsOf("dev", withConfig("prod", { "isolation:role": "backup" }));
    assert.equal(p.key, "isolation:role");
    assert.equal(p.value, "backup");
    assert.match(p.expected, /one of org, recovery, ire, prod/);
  });

  it("accepts isolation:role for a stack not named after a role", () => {
    assert.equal(validateConfig("payments", withConfig("prod", { "isolation:role": "prod" })).role, "prod");
  });

  it("rejects an isolation:role that contradicts the stack name", () => {
    const [p] = problemsOf("prod-payments", withConfig("prod", { "isolation:role": "recovery" }));
    assert.equal(p.key, "isolation:role");
    assert.match(p.expected, /stack name "prod-payments" already names \(prod\)/);
  });

  it("reports a missing key with the file and what was expected", () => {
    const [p] = problemsOf("recovery", withConfig("recovery", { "isolation:accountId": undefined }));
    assert.deepEqual(p, {
      file: "Pulumi.recovery.yaml",
      key: "isolation:accountId",
      value: undefined,
      expected: "a 12-digit AWS account ID as a quoted string",
    });
    assert.match(
      new ConfigError([p]).message,
      /Pulumi\.recovery\.yaml: isolation:accountId is missing: expected a 12-digit/,
    );
  });

  it("reports a value of the wrong type", () => {
    const [p] = problemsOf("org", withConfig("org", { "isolation:prodAccountIds": "444444444444" }));
    assert.equal(p.key, "isolation:prodAccountIds");
    assert.equal(p.value, "444444444444");
    assert.match(p.expected, /a list of 12-digit AWS account IDs/);
  });

  it("reports a malformed account ID, and explains lost leading zeros", () => {
    const [p] = problemsOf("ire", withConfig("ire", { "isolation:accountId": "33333333333" }));
    assert.equal(p.key, "isolation:accountId");
    assert.equal(p.value, "33333333333");
    assert.match(p.expected, /12-digit AWS account ID \(quote it in YAML/);
  });

  it("names the element of a list that is wrong", () => {
    const [p] = problemsOf("org", withConfig("org", { "isolation:prodAccountIds": '["444444444444","44"]' }));
    assert.equal(p.key, "isolation:prodAccountIds[1]");
    assert.equal(p.value, "44");
  });

  it("refuses a deploy role in another account or partition", () => {
    const problems = problemsOf(
      "recovery",
      withConfig("recovery", { "isolation:deployRoleArn": "arn:aws-cn:iam::444444444444:role/Deployer" }),
    );
    assert.deepEqual(
      problems.map((p) => p.key),
      ["isolation:deployRoleArn", "isolation:deployRoleArn"],
    );
    assert.match(problems[0].expected, /own account 222222222222/);
    assert.match(problems[1].expected, /partition aws, the partition of region eu-west-1/);
  });

  it("refuses two roles sharing one account", () => {
    const [p] = problemsOf("org", withConfig("org", { "isolation:ireAccountId": "222222222222" }));
    assert.equal(p.key, "isolation:ireAccountId");
    assert.match(p.expected, /already isolation:recoveryAccountId/);
  });

  it("refuses keys of another role and unknown keys", () => {
    const problems = problemsOf(
      "prod",
      withConfig("prod", { "isolation:prodAccountIds": '["555555555555"]', "isolation:acountId": "1" }),
    );
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p.expected]));
    assert.match(byKey["isolation:prodAccountIds"], /no such key for role prod \(it belongs to role org\)/);
    assert.match(byKey["isolation:acountId"], /a known key/);
  });

  it("reports every problem at once", () => {
    const problems = problemsOf(
      "org",
      withConfig("org", {
        "isolation:accountId": "1234",
        "isolation:region": "Europe",
        "isolation:deployRoleArn": undefined,
        "isolation:recoveryAccountId": "x",
        "isolation:surprise": "1",
      }),
    );
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      "isolation:accountId",
      "isolation:deployRoleArn",
      "isolation:recoveryAccountId",
      "isolation:region",
      "isolation:surprise",
    ]);
    const message = new ConfigError(problems).message;
    assert.match(message, /invalid stack configuration \(5 problems\)/);
    assert.match(message, /Pulumi\.org\.yaml: isolation:region = "Europe": expected an AWS region name/);
  });

  it("throws before any resource is registered", async () => {
    const config = withConfig("recovery", { "isolation:accountId": "nope", "isolation:region": "mars" });
    const registered: string[] = [];
    await assert.rejects(
      runProgram({ stack: "recovery", config, observe: (r) => registered.push(r.type) }, main),
      (e: unknown) =>
        e instanceof ConfigError && e.problems.length === 2 && /isolation:accountId = "nope"/.test(e.message),
    );
    // Only the root stack, which the engine registers before the program starts.
    assert.deepEqual(registered, ["pulumi:pulumi:Stack"]);
  });

  it("(control) sees resources a failing program did register", async () => {
    const registered: string[] = [];
    await assert.rejects(
      runProgram(
        { stack: "recovery", config: withConfig("recovery", {}), observe: (r) => registered.push(r.type) },
        () => {
          main();
          throw new Error("late failure");
        },
      ),
      /late failure/,
    );
    assert.ok(registered.includes("pulumi:providers:aws"), registered.join(", "));
  });
});
