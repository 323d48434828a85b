import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runVerify } from "../../cli/verify";
import { REQUIRED_ACTIONS } from "../../lib/verify/permissions";
import { CHECK_KINDS } from "../../lib/verify/types";
import { PROJECT_DIR } from "../helpers";
import { FakeAws } from "./fake-aws";
import { Previewed, previewStacks } from "./previewed";

const NOW = new Date("2026-07-01T12:00:00Z");

/** `npm run verify -- args` the way a user runs it, in a child process with the given environment. */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", path.join(PROJECT_DIR, "cli/verify.ts"), ...args],
    { cwd: PROJECT_DIR, encoding: "utf8", env, timeout: 120000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An environment in which the SDK's default credential chain finds nothing, without any network call. */
function noCredentialsEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-credentials"),
    // No instance metadata service either (.mocharc.js sets the same for the test process).
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // Any connection attempt would throw, so the exit 2 below cannot come from a network call.
    NODE_OPTIONS: `--require ${path.join(__dirname, "no-network.js")}`,
  };
}

describe("npm run verify", () => {
  let pv: Previewed;
  let fake: FakeAws | undefined;
  before(async () => {
    pv = await previewStacks();
  });
  after(() => pv.cleanup());
  afterEach(() => fake?.restore());

  async function run(stack: string, opts: { json?: boolean; breakIt?: (f: FakeAws) => void } = {}) {
    fake = FakeAws.healthy([pv.exported(stack)], NOW);
    opts.breakIt?.(fake);
    const clients = fake.install();
    let stdout = "";
    const stderr: string[] = [];
    const { code } = await runVerify({
      files: [pv.file(stack)],
      json: opts.json,
      clients,
      now: NOW,
      out: (t) => (stdout += t),
      err: (l) => stderr.push(l),
    });
    return { code, stdout, stderr: stderr.join("\n") };
  }

  it("exits 0 when everything passes, listing each check and a summary", async () => {
    const { code, stdout, stderr } = await run("recovery");
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      new RegExp(`^stack recovery \\(${pv.file("recovery")}\\): account 222222222222, region eu-west-1`),
    );
    assert.match(
      stdout,
      /PASS {3}vault-lock {2}backup vault isolation-recovery \(eu-west-1\)\n {11}Locked true, LockDate /,
    );
    assert.match(stdout, /verify passed: \d+ passed, 0 failed, 0 errors in 1 stack\(s\)\n$/);
  });

  it("exits 1 on a FAIL, with what was expected and what AWS returned", async () => {
    const { code, stdout } = await run("recovery", {
      breakIt: (f) => (f.vault("eu-west-1", "isolation-recovery").MinRetentionDays = 7),
    });
    assert.equal(code, 1);
    assert.match(
      stdout,
      /FAIL {3}vault-retention {2}backup vault isolation-recovery \(eu-west-1\)\n {11}expected: MinRetentionDays 35, MaxRetentionDays 3650\n {11}found: {4}MinRetentionDays 7/,
    );
    assert.match(stdout, /verify FAILED: \d+ passed, 1 failed, 0 errors/);
  });

  it("exits 1 when a check could not be made (ERROR), since nothing is proven", async () => {
    const { code, stdout } = await run("prod", { breakIt: (f) => f.denied.add("DescribeBackupVault") });
    assert.equal(code, 1);
    assert.match(stdout, /ERROR {2}vault-exists .*\n.*\n.*\n {11}hint: {5}the caller lacks backup:DescribeBackupVault/);
    assert.match(stdout, /0 failed, 1 errors/);
  });

  it("--json prints every check with its evidence", async () => {
    const ok = await run("org", { json: true });
    assert.equal(ok.code, 0);
    const doc = JSON.parse(ok.stdout);
    assert.equal(doc.passed, true);
    assert.equal(doc.totals.fail, 0);
    assert.equal(doc.stacks[0].stack, "org");
    assert.equal(doc.stacks[0].account, "111111111111");
    assert.ok(doc.stacks[0].checks.length > 5);
    for (const c of doc.stacks[0].checks) {
      assert.ok(CHECK_KINDS.includes(c.check), c.check);
      assert.equal(typeof c.expected, "string");
      assert.equal(typeof c.actual, "string");
    }
    assert.ok(doc.stacks[0].notes.some((n: string) => /BACKUP_POLICY/.test(n)));

    fake!.restore();
    const bad = await run("org", { json: true, breakIt: (f) => f.targets.clear() });
    assert.equal(bad.code, 1);
    const failed = JSON.parse(bad.stdout);
    assert.equal(failed.passed, false);
    assert.equal(failed.totals.fail, 5);
    assert.ok(
      failed.stacks[0].checks
        .filter((c: { status: string }) => c.status === "FAIL")
        .every((c: { hint: string }) => c.hint),
    );
  });

  it("exits 2 on the wrong account before any other call, also with --json", async () => {
    const { code, stdout, stderr } = await run("recovery", {
      json: true,
      breakIt: (f) => (f.account = "333333333333"),
    });
    assert.equal(code, 2);
    assert.match(
      stderr,
      new RegExp(
        `^verify: ${pv.file("recovery")}: stack recovery is pinned to account 222222222222 .* but the credentials are for account 333333333333`,
      ),
    );
    assert.equal(JSON.parse(stdout).passed, false);
    assert.match(JSON.parse(stdout).error, /pinned to account 222222222222/);
    assert.deepEqual(fake!.sentCommands(), ["GetCallerIdentityCommand"]);
  });

  it("as a command: exits 2 naming the file that is unreadable or not an export", () => {
    const missing = runCli([path.join(pv.dir, "missing.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /verify: .*missing\.json: cannot read \(ENOENT\)/);
    const notExport = runCli([path.join(PROJECT_DIR, "package.json")]);
    assert.equal(notExport.code, 2);
    assert.match(
      notExport.stderr,
      /package\.json: deployment version "0\.1\.0"; expected a `pulumi stack export` file/,
    );
    const none = runCli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing required argument 'files'/);
  });

  it("as a command: exits 2 when there are no credentials, without touching the network", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "verify-home-"));
    try {
      const { code, stderr, stdout } = runCli(["--json", pv.file("recovery")], noCredentialsEnv(home));
      assert.equal(code, 2, stderr);
      assert.match(stderr, /verify: no AWS credentials found/);
      assert.match(JSON.parse(stdout).error, /no AWS credentials found/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("the README says what verify checks, the exact read permissions it needs and its exit codes", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const start = readme.indexOf("## Verifying a deployed stack");
    assert.ok(start >= 0, "README has a 'Verifying a deployed stack' section");
    const end = readme.indexOf("\n## ", start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    for (const action of REQUIRED_ACTIONS) assert.ok(section.includes(`\`${action}\``), `README lists ${action}`);
    for (const code of ["0", "1", "2"]) assert.match(section, new RegExp(`\\| ${code} \\|`));
    assert.match(section, /npm run verify -- /);
  });

  it("imports only read commands of the AWS SDK (Get, Describe, List)", () => {
    const dir = path.join(PROJECT_DIR, "lib/verify");
    const commands = fs
      .readdirSync(dir)
      .flatMap((f) => [...fs.readFileSync(path.join(dir, f), "utf8").matchAll(/\b([A-Z][A-Za-z]+)Command\b/g)])
      .map((m) => m[1]);
    assert.ok(commands.length >= 8, commands.join());
    for (const c of commands) assert.match(c, /^(Get|Describe|List)/, `${c}Command is not a read`);
  });
});
