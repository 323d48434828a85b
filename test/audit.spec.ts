/**
 * The audit end to end: real policy packs started as the CLI starts them, spoken to over gRPC.
 * Each test starts at least one pack process; every process is stopped by the audit itself
 * (asserted for the failing start, where it matters most).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAudit } from "../cli/audit";
import type { JsonResult } from "../lib/audit/output";
import { launchPack } from "../lib/audit/launch";
import { loadPackDir } from "../lib/audit/pack";
import { prodStack, writeStacks } from "./fixtures/stacks";

const ROOT = path.resolve(__dirname, "..");
const PACKS = path.join(__dirname, "fixtures", "packs");
const pack = (name: string) => path.join(PACKS, name);

async function run(
  files: string[],
  packs: string[],
  extra: { configs?: string[]; json?: boolean; report?: string } = {},
) {
  let stdout = "";
  const stderr: string[] = [];
  const { code, result } = await runAudit({
    files,
    packs,
    ...extra,
    out: (t) => (stdout += t),
    progress: (l) => stderr.push(l),
  });
  return { code, result, stdout, stderr };
}

function tmpFile(name: string, content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-in-")), name);
  fs.writeFileSync(file, content);
  return file;
}

describe("audit through the analyzer protocol", function () {
  this.timeout(180_000);
  const clean = writeStacks();
  const broken = writeStacks({ broken: true });

  it("exits 0 on clean stacks, having analyzed every stack with the pack", async () => {
    const r = await run(clean.files, [pack("vault-rules")]);
    assert.strictEqual(r.code, 0, r.stderr.join("\n"));
    assert.deepStrictEqual(
      r.result!.stacks.map((s) => [
        s.stack,
        s.packs.map((p) => `${p.name}@${p.version}`),
        s.packs[0].violations.length,
      ]),
      [
        ["org", ["vault-rules@1.2.3"], 0],
        ["recovery", ["vault-rules@1.2.3"], 0],
        ["ire", ["vault-rules@1.2.3"], 0],
        ["prod", ["vault-rules@1.2.3"], 0],
      ],
    );
    assert.match(r.stdout, /audit passed: 0 mandatory, 0 advisory/);
  });

  it("exits 1 on mandatory violations, reporting resource and stack policies against the right URNs", async () => {
    const r = await run(broken.files, [pack("vault-rules")]);
    assert.strictEqual(r.code, 1);
    const prod = r.result!.stacks.find((s) => s.stack === "prod")!;
    const found = prod.packs[0].violations.map((v) => [v.policyName, v.enforcementLevel, v.urn]).sort();
    const vault = "urn:pulumi:prod::isolation::aws:backup/vault:Vault::local-vault";
    assert.deepStrictEqual(found, [
      ["vault-has-tags", "advisory", vault],
      ["vault-not-force-destroyed", "mandatory", vault],
      ["vault-protected", "mandatory", vault],
      ["vaults-under-a-component", "mandatory", vault],
    ]);
    assert.strictEqual(r.result!.mandatory, 3);
    assert.strictEqual(r.result!.advisory, 1);
    assert.match(
      prod.packs[0].violations.find((v) => v.policyName === "vault-not-force-destroyed")!.message,
      /forceDestroy set/,
    );
  });

  it("prints the same results as JSON with --json", async () => {
    const r = await run(broken.files, [pack("vault-rules")], { json: true });
    const json = JSON.parse(r.stdout) as JsonResult;
    assert.strictEqual(json.mandatory, 3);
    assert.strictEqual(json.advisory, 1);
    assert.deepStrictEqual(
      json.stacks.map((s) => s.stack),
      ["org", "recovery", "ire", "prod"],
    );
    assert.strictEqual(json.stacks[3].file, broken.files[3]);
    assert.strictEqual(json.stacks[3].summary.resourceCount, 2);
    const v = json.stacks[3].packs[0].violations[0];
    assert.deepStrictEqual(Object.keys(v).sort(), [
      "description",
      "enforcementLevel",
      "message",
      "policyName",
      "policyPackName",
      "policyPackVersion",
      "urn",
    ]);
    assert.strictEqual(json.stacks[3].packs[0].name, "vault-rules");
  });

  it("reports progress on stderr: which stack, which pack, how far", async () => {
    const r = await run(clean.files, [pack("vault-rules")]);
    assert.ok(
      r.stderr.includes("[audit] stack recovery (2/4): pack vault-rules: 0/12 resources, stack policies started"),
      r.stderr.join("\n"),
    );
    assert.ok(r.stderr.includes("[audit] stack prod (4/4): pack vault-rules: 6/6 resources and stack policies done"));
  });

  it("exits 2 when a pack fails to start, with its error, and leaves no process behind", async () => {
    const r = await run(clean.files, [pack("crash-at-start")]);
    assert.strictEqual(r.code, 2);
    const message = r.stderr.join("\n");
    assert.match(message, /policy pack .*crash-at-start failed to start: it exited \(code \d+\) before serving/);
    assert.match(message, /crash-at-start: this pack fails while loading/);

    const launched = launchPack(loadPackDir(pack("crash-at-start")));
    await assert.rejects(launched, /failed to start/);
    const ok = await launchPack(loadPackDir(pack("vault-rules")));
    await ok.stop();
    assert.ok(ok.child.exitCode !== null || ok.child.signalCode !== null, "the pack process is gone after stop()");
  });

  describe("pack configuration (--policy-pack-config)", () => {
    const config = (obj: unknown) => tmpFile("config.json", JSON.stringify(obj));

    it("configures a policy's properties, as the CLI sends them with Configure", async () => {
      const r = await run(clean.files, [pack("configurable")], {
        configs: [config({ "forbidden-types": { types: ["aws:ec2/vpc:Vpc"], reason: "the IRE builds no VPC here" } })],
      });
      assert.strictEqual(r.code, 0, "the policy is advisory");
      const ire = r.result!.stacks.find((s) => s.stack === "ire")!.packs[0].violations;
      assert.deepStrictEqual(
        ire.map((v) => [v.policyName, v.enforcementLevel, v.urn]),
        [["forbidden-types", "advisory", "urn:pulumi:ire::isolation::aws:ec2/vpc:Vpc::restore-vpc"]],
      );
      assert.match(ire[0].message, /aws:ec2\/vpc:Vpc restore-vpc: the IRE builds no VPC here/);
      assert.strictEqual(r.result!.advisory, 1, "the disabled stack policy stays disabled");
    });

    it("raises levels with 'all' and fails the audit", async () => {
      const r = await run(clean.files, [pack("configurable")], {
        configs: [
          config({ all: "mandatory", "stack-name-tag": "disabled", "forbidden-types": { types: ["aws:kms/key:Key"] } }),
        ],
      });
      assert.strictEqual(r.code, 1);
      const all = r.result!.stacks.flatMap((s) => s.packs[0].violations);
      assert.deepStrictEqual(
        all.map((v) => [v.policyName, v.enforcementLevel]),
        [["forbidden-types", "mandatory"]],
      );
      assert.match(
        all[0].message,
        /aws:kms\/key:Key vault-key: not allowed here/,
        "the schema default fills the reason",
      );
    });

    it("exits 2 on config that does not match the policy's schema", async () => {
      const r = await run(clean.files, [pack("configurable")], {
        configs: [config({ "forbidden-types": { types: "x" } })],
      });
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr.join("\n"), /invalid configuration: forbidden-types\.types: /);
    });
  });

  it("runs several packs in one audit, each with its own results", async () => {
    const r = await run(broken.files, [pack("vault-rules"), pack("configurable")]);
    const prod = r.result!.stacks.find((s) => s.stack === "prod")!;
    assert.deepStrictEqual(
      prod.packs.map((p) => [p.name, p.violations.length]),
      [
        ["vault-rules", 4],
        ["configurable", 0],
      ],
    );
  });

  describe("a policy that throws while analyzing exits 2, naming the call that failed", () => {
    const only = (enabled: string) =>
      tmpFile(
        "config.json",
        JSON.stringify({
          "resource-policy-throws": "disabled",
          "stack-policy-throws": "disabled",
          [enabled]: "mandatory",
        }),
      );

    it("a resource policy: Analyze failed on the resource's URN", async () => {
      const r = await run(clean.files, [pack("throws")], { configs: [only("resource-policy-throws")] });
      assert.strictEqual(r.code, 2);
      assert.match(
        r.stderr.join("\n"),
        /throws: Analyze failed on urn:pulumi:recovery::isolation::\S+aws:backup\/vault:Vault::primary-vault: [\s\S]*resource policy broke on primary-vault/,
      );
    });

    it("a stack policy: AnalyzeStack failed, and only that is reported", async () => {
      const r = await run(clean.files, [pack("throws")], { configs: [only("stack-policy-throws")] });
      assert.strictEqual(r.code, 2);
      const message = r.stderr.join("\n");
      assert.match(message, /throws: AnalyzeStack failed: [\s\S]*stack policy broke/);
      assert.ok(!message.includes("Analyze failed on"), message);
    });
  });

  describe("a published third-party pack: @pulumi/awsguard from the npm registry, unchanged", () => {
    it("enforces its policies at the level its pack program sets (initial config reconciled as the CLI does)", async () => {
      const exported = prodStack();
      const resources = exported.deployment.resources!;
      const provider = resources.find((r) => r.type === "pulumi:providers:aws")!;
      resources.push({
        urn: "urn:pulumi:prod::isolation::aws:s3/bucket:Bucket::logs",
        custom: true,
        type: "aws:s3/bucket:Bucket",
        id: "logs-123",
        inputs: { bucket: "logs-123" },
        outputs: { bucket: "logs-123", arn: "arn:aws:s3:::logs-123" },
        parent: resources[0].urn,
        provider: `${provider.urn}::${provider.id}`,
      });
      const file = tmpFile("prod.json", JSON.stringify(exported));
      const r = await run([file], [pack("awsguard")]);
      assert.strictEqual(r.code, 1, r.stderr.join("\n"));
      const [packResult] = r.result!.stacks[0].packs;
      assert.strictEqual(packResult.name, "pulumi-awsguard");
      assert.deepStrictEqual(
        packResult.violations.map((v) => [v.policyName, v.enforcementLevel, v.urn]),
        [["s3-bucket-logging-enabled", "mandatory", "urn:pulumi:prod::isolation::aws:s3/bucket:Bucket::logs"]],
      );
    });
  });

  describe("unusable input exits 2 with a message that says which file and what", () => {
    const cases: [string, () => string, RegExp][] = [
      [
        "truncated JSON",
        () => tmpFile("t.json", fs.readFileSync(clean.files[1], "utf8").slice(0, 200)),
        /t\.json: not valid JSON/,
      ],
      [
        "a wrong version",
        () => tmpFile("v.json", JSON.stringify({ version: 2, deployment: { manifest: {}, resources: [] } })),
        /v\.json: deployment version 2; expected a `pulumi stack export` file of version 3/,
      ],
      [
        "no resources",
        () =>
          tmpFile(
            "e.json",
            JSON.stringify({ version: 3, deployment: { manifest: { time: "t", magic: "m", version: "v" } } }),
          ),
        /e\.json: the deployment has no resources/,
      ],
      [
        "not an export",
        () => tmpFile("n.json", JSON.stringify({ version: 3, deployment: { resources: [] } })),
        /n\.json: not a `pulumi stack export` file: deployment\.manifest/,
      ],
      [
        "a missing file",
        () => path.join(os.tmpdir(), "does-not-exist.json"),
        /does-not-exist\.json: cannot read \(ENOENT\)/,
      ],
    ];
    for (const [what, make, message] of cases) {
      it(what, async () => {
        const r = await run([clean.files[0], make()], [pack("vault-rules")]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr.join("\n"), message);
        assert.ok(!r.stderr.some((l) => l.includes("starting policy pack")), "no pack is started for bad input");
      });
    }
  });

  describe("the command line (npm run audit)", () => {
    const cli = (args: string[], cwd = ROOT) =>
      spawnSync(
        process.execPath,
        ["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "cli", "audit.ts"), ...args],
        {
          cwd,
          env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
          encoding: "utf8",
          timeout: 120_000,
        },
      );

    it("exits 1 on mandatory violations and 0 when clean", () => {
      const bad = cli(["--policy-pack", pack("vault-rules"), ...broken.files]);
      assert.strictEqual(bad.status, 1, bad.stderr);
      assert.match(bad.stdout, /audit FAILED: 3 mandatory, 1 advisory/);
      const good = cli(["--policy-pack", pack("vault-rules"), clean.files[3]]);
      assert.strictEqual(good.status, 0, good.stderr);
    });

    it("exits 2 without a pack when ./policypack does not exist, and says so", () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "nopack-"));
      const r = cli([clean.files[0]], cwd);
      assert.strictEqual(r.status, 2);
      assert.match(r.stderr, /default policy pack \.\/policypack does not exist/);
    });

    it("exits 2 on unknown options", () => {
      const r = cli(["--policy-pak", "x", clean.files[0]]);
      assert.strictEqual(r.status, 2);
      assert.match(r.stderr, /unknown option/);
    });
  });
});
