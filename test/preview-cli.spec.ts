import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "./helpers";

/** Runs `npm run preview -- args` the way a user does, in a child process. */
function runPreview(args: string[]) {
  const result = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", path.join(PROJECT_DIR, "cli/preview.ts"), ...args],
    { cwd: PROJECT_DIR, encoding: "utf8", env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" }, timeout: 120000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the project's Pulumi*.yaml files, for breaking one. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
  for (const f of fs.readdirSync(PROJECT_DIR).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(PROJECT_DIR, f), path.join(dir, f));
  }
  return dir;
}

describe("npm run preview", () => {
  const temp: string[] = [];
  after(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("writes the selected stack, runs what it references, and says what a preview is", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "out-"));
    temp.push(out);
    const { code, stdout, stderr } = runPreview(["--stack", "prod", "--out", out]);
    assert.equal(code, 0, stderr);
    // The stack file, and the pack config derived from the stacks' config for the audit.
    assert.deepEqual(fs.readdirSync(out).sort(), ["policy-pack-config.json", "prod.json"]);
    const packConfig = JSON.parse(fs.readFileSync(path.join(out, "policy-pack-config.json"), "utf8"));
    assert.deepEqual(packConfig["no-shared-trust-with-production"].accounts.prod, ["444444444444"]);
    assert.match(stderr, /running stack recovery under the mock engine/);
    assert.match(stdout, /stack prod: \d+ resources/);
    assert.match(stdout, /stack references: prod -> organization\/isolation\/recovery/);
    assert.match(stdout, /what the program declares/);
    assert.match(stdout, /pulumi preview --stack <stack>` with credentials/);
  });

  it("exits 2 on bad config, naming every bad file, key and value", () => {
    const dir = projectCopy();
    temp.push(dir);
    const recovery = path.join(dir, "Pulumi.recovery.yaml");
    fs.writeFileSync(recovery, fs.readFileSync(recovery, "utf8").replace('"222222222222"', '"22222"'));
    const ire = path.join(dir, "Pulumi.ire.yaml");
    fs.writeFileSync(ire, fs.readFileSync(ire, "utf8").replace("eu-west-1", "moon-1"));
    const { code, stderr } = runPreview(["--dir", dir, "--out", path.join(dir, "out")]);
    assert.equal(code, 2);
    assert.match(stderr, /invalid stack configuration \(\d+ problems\)/);
    assert.match(stderr, /Pulumi\.recovery\.yaml: isolation:accountId = "22222": expected a 12-digit AWS account ID/);
    assert.match(stderr, /Pulumi\.ire\.yaml: isolation:region = "moon-1": expected an AWS region name/);
    assert.ok(!fs.existsSync(path.join(dir, "out")), "nothing written");
  });

  it("exits non-zero on an unknown stack and on an unknown option", () => {
    const unknown = runPreview(["--stack", "staging"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no stack "staging": expected one of ire, org, prod, recovery/);
    const option = runPreview(["--frobnicate"]);
    assert.notEqual(option.code, 0);
    assert.match(option.stderr, /unknown option '--frobnicate'/);
  });
});
