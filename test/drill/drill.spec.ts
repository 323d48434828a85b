/**
 * `npm run drill` against a mocked recovery account: identity first, every probe sent once to the
 * right service and region, each answer judged, exit codes and --json, and the README's section.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDrill } from "../../cli/drill";
import { PROBED_ACTIONS } from "../../lib/drill/probes";
import { PROJECT_DIR } from "../helpers";
import { Previewed, previewStacks } from "../verify/previewed";
import { Answer, FakeGuardrails, SeenCall } from "./fake-guardrails";
import { seededRandom } from "./seeded-random";

/** `npm run drill -- args` the way a user runs it, in a child process with the given environment. */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", path.join(PROJECT_DIR, "cli/drill.ts"), ...args],
    { cwd: PROJECT_DIR, encoding: "utf8", env, timeout: 120000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run drill", () => {
  let pv: Previewed;
  let fake: FakeGuardrails | undefined;
  before(async () => {
    pv = await previewStacks();
  });
  after(() => pv.cleanup());
  afterEach(() => fake?.restore());

  async function run(
    opts: {
      stack?: string;
      json?: boolean;
      answer?: (c: SeenCall) => Answer;
      account?: string;
      skip?: ("backup" | "kms" | "cloudtrail")[];
    } = {},
  ) {
    fake = new FakeGuardrails();
    if (opts.answer) fake.answer = opts.answer;
    if (opts.account) fake.account = opts.account;
    const clients = fake.install();
    let stdout = "";
    const stderr: string[] = [];
    const { code, reports } = await runDrill({
      files: [pv.file(opts.stack ?? "recovery")],
      json: opts.json,
      clients,
      random: seededRandom(11),
      skip: opts.skip,
      out: (t) => (stdout += t),
      err: (l) => stderr.push(l),
    });
    return { code, reports, stdout, stderr: stderr.join("\n"), fake };
  }

  it("exits 0 when the SCP denies every probe: each sent once, to its service and region, after the identity check", async () => {
    const { code, stdout, stderr, fake, reports } = await run();
    assert.equal(code, 0, stderr);
    assert.equal(fake.seen[0].operation, "GetCallerIdentity");
    const probes = fake.probes();
    assert.ok(
      probes.every((c) => ["backup", "kms", "cloudtrail"].includes(c.service)),
      "never S3 or Organizations",
    );
    assert.deepEqual([...new Set(probes.map((c) => c.action))], PROBED_ACTIONS);
    assert.equal(
      probes.length,
      PROBED_ACTIONS.length + 4,
      "the two recovery-point probes on each of three locked vaults",
    );
    assert.deepEqual(
      probes.filter((c) => c.operation === "DeleteRecoveryPoint").map((c) => `${c.input.BackupVaultName}@${c.region}`),
      ["isolation-recovery@eu-west-1", "isolation-recovery-secondary@eu-central-1", "isolation-air-gapped@eu-west-1"],
    );
    assert.ok(
      reports![0].results.every((r) => r.status === "PASS" && r.deniedBy === "the service control policy (SCP)"),
    );
    assert.match(
      stdout,
      /^stack recovery \(.*recovery\.json\): account 222222222222, region eu-west-1\n {2}as arn:aws:sts::222222222222:assumed-role\/IsolationDrill\/test\n/,
    );
    assert.match(
      stdout,
      /PASS {3}backup:DeleteRecoveryPoint {2}recovery point arn:aws:backup:eu-central-1:222222222222:recovery-point:isolation-drill-\S+ \(does not exist\) in the real vault isolation-recovery-secondary \(eu-central-1\)\n {11}denied by the service control policy \(SCP\)/,
    );
    assert.match(stdout, /not attempted: organizations:LeaveOrganization: the drill never calls AWS Organizations/);
    assert.match(
      stdout,
      /drill passed: 31 denied by a guardrail, 0 not denied, 0 inconclusive, 0 errors in 1 stack\(s\)\n$/,
    );
  });

  it("PASS when the vault access policy is what denies the recovery-point probes", async () => {
    const { code, reports } = await run({
      answer: (c) =>
        ["DeleteRecoveryPoint", "UpdateRecoveryPointLifecycle"].includes(c.operation) ? "vault-policy" : "scp-with-arn",
    });
    assert.equal(code, 0);
    const onVaults = reports![0].results.filter((r) => r.target.includes("in the real vault"));
    assert.equal(onVaults.length, 6);
    for (const r of onVaults) {
      assert.equal(r.status, "PASS");
      // The air-gapped vault has no access policy of the stack's: a resource-based deny there is unnamed.
      assert.equal(
        r.deniedBy,
        r.target.includes("isolation-air-gapped") ? "a resource-based policy" : "the vault access policy",
      );
    }
    const others = reports![0].results.filter((r) => !r.target.includes("in the real vault"));
    assert.ok(others.every((r) => /^the service control policy \(SCP\) \(arn:aws:organizations::/.test(r.deniedBy!)));
  });

  it("exits 1, INCONCLUSIVE, when the drill role lacks the Allow: the guardrails were never tested", async () => {
    const { code, stdout, reports } = await run({ answer: () => "no-identity-allow" });
    assert.equal(code, 1);
    assert.ok(reports![0].results.every((r) => r.status === "INCONCLUSIVE"));
    assert.match(
      stdout,
      /INCON {2}backup:DeleteBackupVault {2}vault isolation-drill-[0-9a-f]{24} \(does not exist\) \(eu-west-1\)\n {11}answer: AccessDeniedException .*because no identity-based policy allows the backup:DeleteBackupVault action\n {11}hint: {3}no identity-based policy allows the action: the drill role's own permissions/,
    );
    assert.match(stdout, /drill FAILED: 0 denied by a guardrail, 0 not denied, 31 inconclusive, 0 errors/);
  });

  it("exits 1, FAIL, when a guarded call gets through (not found), KMS's not found being INCONCLUSIVE", async () => {
    const { code, reports } = await run({
      answer: (c) => (c.operation === "DeleteBackupVault" || c.service === "kms" ? "not-found" : "scp"),
    });
    assert.equal(code, 1);
    const byStatus = (s: string) => reports![0].results.filter((r) => r.status === s).map((r) => r.action);
    assert.deepEqual(byStatus("FAIL"), ["backup:DeleteBackupVault"]);
    assert.deepEqual(
      byStatus("INCONCLUSIVE"),
      PROBED_ACTIONS.filter((a) => a.startsWith("kms:")),
    );
  });

  it("--skip kms: no KMS call at all, its actions listed as not probed (never as passed), the rest judged", async () => {
    const kms = PROBED_ACTIONS.filter((a) => a.startsWith("kms:"));
    const { code, reports, stdout, fake } = await run({
      skip: ["kms"],
      answer: (c) => (c.service === "kms" ? "not-found" : "scp"),
    });
    assert.equal(code, 0, "the KMS answers that would be INCONCLUSIVE are never asked for");
    assert.ok(!fake.probes().some((c) => c.service === "kms"));
    assert.ok(!reports![0].results.some((r) => r.action.startsWith("kms:")));
    assert.deepEqual(
      reports![0].unprobed.filter((u) => u.reason === "skipped with --skip kms").map((u) => u.action),
      kms,
    );
    assert.match(stdout, /not attempted: kms:ScheduleKeyDeletion: skipped with --skip kms/);
  });

  it("exits 1, ERROR, when AWS throttles", async () => {
    const { code, stdout } = await run({ answer: (c) => (c.operation === "StopLogging" ? "throttled" : "scp") });
    assert.equal(code, 1);
    assert.match(
      stdout,
      /ERROR {2}cloudtrail:StopLogging {2}trail isolation-drill-\S+ \(does not exist\) \(eu-west-1\)\n {11}answer: ThrottlingException \(HTTP 400\): Rate exceeded\n {11}hint: {3}AWS did not answer the question/,
    );
    assert.match(stdout, /30 denied by a guardrail, 0 not denied, 0 inconclusive, 1 errors/);
  });

  it("--json prints every probe with what AWS answered", async () => {
    const ok = await run({ json: true });
    const doc = JSON.parse(ok.stdout);
    assert.equal(doc.passed, true);
    assert.deepEqual(doc.totals, { pass: 31, fail: 0, inconclusive: 0, error: 0 });
    assert.equal(doc.stacks[0].account, "222222222222");
    assert.equal(doc.stacks[0].probes.length, 31);
    for (const p of doc.stacks[0].probes) {
      assert.ok(PROBED_ACTIONS.includes(p.action));
      assert.equal(typeof p.answer, "string");
      assert.equal(typeof p.target, "string");
    }
    assert.ok(doc.stacks[0].unprobed.some((u: { action: string }) => u.action === "backup:UpdateGlobalSettings"));
    fake!.restore();
    const bad = await run({ json: true, answer: (c) => (c.operation === "DeleteTrail" ? "accepted" : "scp") });
    assert.equal(bad.code, 1);
    const failed = JSON.parse(bad.stdout);
    assert.equal(failed.passed, false);
    assert.equal(failed.totals.fail, 1);
    assert.equal(
      failed.stacks[0].probes.find((p: { status: string }) => p.status === "FAIL").action,
      "cloudtrail:DeleteTrail",
    );
  });

  it("exits 2 on the wrong account, with no call but GetCallerIdentity", async () => {
    const { code, stdout, stderr, fake } = await run({ json: true, account: "333333333333" });
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^drill: .*recovery\.json: stack recovery is pinned to account 222222222222 .* but the credentials are for account 333333333333/,
    );
    assert.match(JSON.parse(stdout).error, /pinned to account 222222222222/);
    assert.deepEqual(
      fake.seen.map((c) => c.operation),
      ["GetCallerIdentity"],
    );
  });

  it("exits 2 on another stack's export, before any call at all", async () => {
    for (const stack of ["prod", "org", "ire"]) {
      const { code, stderr, fake } = await run({ stack });
      assert.equal(code, 2, stack);
      assert.match(stderr, new RegExp(`drill: .*${stack}\\.json: stack ${stack} is not a recovery stack`));
      assert.deepEqual(fake.seen, []);
      fake.restore();
    }
  });

  it("as a command: exits 2 naming an unreadable file, or when there are no credentials (no network)", () => {
    const missing = runCli([path.join(pv.dir, "missing.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /drill: .*missing\.json: cannot read \(ENOENT\)/);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "drill-home-"));
    try {
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
      const { code, stderr } = runCli([pv.file("recovery")], {
        ...env,
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-credentials"),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        NODE_OPTIONS: `--require ${path.join(__dirname, "..", "verify", "no-network.js")}`,
      });
      assert.equal(code, 2, stderr);
      assert.match(stderr, /drill: no AWS credentials found .*npm run drill -- FILE\.json/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("lib/drill sends only Backup, KMS and CloudTrail commands: no S3, Organizations or IAM client anywhere", () => {
    const dir = path.join(PROJECT_DIR, "lib/drill");
    for (const f of fs.readdirSync(dir)) {
      const src = fs.readFileSync(path.join(dir, f), "utf8");
      for (const m of src.matchAll(/from "@aws-sdk\/(client-[a-z0-9-]+)"/g)) {
        assert.ok(["client-backup", "client-kms", "client-cloudtrail"].includes(m[1]), `${f} imports ${m[1]}`);
      }
    }
  });

  it("the README says what the drill attempts, the drill role's exact Allows, and its exit codes", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const start = readme.indexOf("## Drilling the guardrails");
    assert.ok(start >= 0, "README has a 'Drilling the guardrails' section");
    const end = readme.indexOf("\n## ", start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    // The identity policy, as JSON in the README, allows exactly the probed actions.
    const json = /```json\n([\s\S]*?)\n```/.exec(section);
    assert.ok(json, "the drill role's identity policy as a JSON block");
    const policy = JSON.parse(json[1]) as { Statement: { Effect: string; Action: string[]; Resource: string }[] };
    assert.deepEqual(policy.Statement.flatMap((s) => s.Action).sort(), [...PROBED_ACTIONS].sort());
    assert.ok(policy.Statement.every((s) => s.Effect === "Allow"));
    for (const code of ["0", "1", "2"]) assert.match(section, new RegExp(`\\| ${code} \\|`));
    for (const status of ["PASS", "FAIL", "INCONCLUSIVE", "ERROR"])
      assert.match(section, new RegExp(`\\*\\*${status}\\*\\*`));
    assert.match(section, /must not be exempt/);
    assert.match(section, /npm run drill -- /);
  });
});
