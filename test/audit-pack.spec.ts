import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packSpecs } from "../cli/audit";
import { AuditInputError, loadPackDir, parsePolicyPackConfig, PolicyMeta, reconcileConfig } from "../lib/audit/pack";

const PACKS = path.join(__dirname, "fixtures", "packs");

describe("audit: policy packs and their configuration", () => {
  describe("PulumiPolicy.yaml", () => {
    it("reads the runtime, its options as -key=value arguments, and the version", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
      fs.writeFileSync(
        path.join(dir, "PulumiPolicy.yaml"),
        "runtime:\n  name: nodejs\n  options:\n    typescript: false\n    empty: ''\nversion: 2.0.1\n",
      );
      assert.deepStrictEqual(loadPackDir(dir), {
        dir,
        runtime: "nodejs",
        runtimeArgs: ["-typescript=false"],
        version: "2.0.1",
      });
      assert.strictEqual(loadPackDir(path.join(PACKS, "vault-rules")).runtime, "nodejs");
    });

    it("refuses a folder without PulumiPolicy.yaml, or no folder at all", () => {
      assert.throws(() => loadPackDir(os.tmpdir()), /no PulumiPolicy\.yaml/);
      assert.throws(() => loadPackDir(path.join(PACKS, "nope")), /no such folder/);
    });
  });

  describe("--policy-pack-config files", () => {
    it("accepts levels and objects, strips enforcementLevel from properties, drops empty entries", () => {
      const cfg = parsePolicyPackConfig(
        JSON.stringify({ all: "advisory", a: { enforcementLevel: "mandatory", x: 1 }, b: {}, c: { y: [1] } }),
        "cfg.json",
      );
      assert.deepStrictEqual(
        [...cfg.entries()],
        [
          ["all", { enforcementLevel: "advisory" }],
          ["a", { enforcementLevel: "mandatory", properties: { x: 1 } }],
          ["c", { properties: { y: [1] } }],
        ],
      );
      assert.strictEqual(parsePolicyPackConfig("  \n", "empty.json").size, 0);
    });

    it("reports every bad entry at once, naming the file", () => {
      assert.throws(
        () => parsePolicyPackConfig(JSON.stringify({ a: "strict", b: 3, c: { enforcementLevel: 1 } }), "cfg.json"),
        (e: Error) =>
          e instanceof AuditInputError &&
          /^cfg\.json: /.test(e.message) &&
          /a: "strict" is not a valid enforcement level/.test(e.message) &&
          /b: 3 is not a valid value/.test(e.message) &&
          /c\.enforcementLevel: 1/.test(e.message),
      );
      assert.throws(() => parsePolicyPackConfig("{", "cfg.json"), /cfg\.json: not valid JSON/);
    });
  });

  describe("reconciliation before Configure", () => {
    const policies: PolicyMeta[] = [
      {
        name: "p1",
        enforcementLevel: "advisory",
        configSchema: { properties: { n: { type: "number", default: 3 }, s: { type: "string" } }, required: ["s"] },
      },
      { name: "p2", enforcementLevel: "mandatory" },
    ];

    it("applies schema defaults, then the pack's initial config, then the file; 'all' first", () => {
      const result = reconcileConfig(
        "pack",
        policies,
        new Map([
          ["all", { enforcementLevel: "mandatory" as const }],
          ["p1", { properties: { s: "init" } }],
        ]),
        new Map([
          ["all", { enforcementLevel: "advisory" as const }],
          ["p2", { enforcementLevel: "disabled" as const }],
        ]),
      );
      assert.deepStrictEqual(result.get("p1"), { enforcementLevel: "advisory", properties: { n: 3, s: "init" } });
      assert.deepStrictEqual(result.get("p2"), { enforcementLevel: "disabled" });
    });

    it("validates the result against each policy's config schema and lists every problem", () => {
      assert.throws(
        () => reconcileConfig("pack", policies, new Map(), new Map([["p1", { properties: { n: "x" } }]])),
        (e: Error) => e instanceof AuditInputError && /p1\.n: /.test(e.message) && /p1\.s: /.test(e.message),
      );
    });
  });

  describe("pairing packs with config files", () => {
    it("defaults to ./policypack and says so when it is missing", () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "nopack-"));
      assert.throws(() => packSpecs([], [], cwd), /default policy pack \.\/policypack does not exist/);
      fs.mkdirSync(path.join(cwd, "policypack"));
      assert.deepStrictEqual(packSpecs([], [], cwd), [{ dir: path.join(cwd, "policypack"), configFile: undefined }]);
    });

    it("takes none or exactly one config per pack, in order", () => {
      assert.deepStrictEqual(packSpecs(["a", "b"], ["ca", "cb"], "/"), [
        { dir: "a", configFile: "ca" },
        { dir: "b", configFile: "cb" },
      ]);
      assert.throws(() => packSpecs(["a", "b"], ["ca"], "/"), /1 --policy-pack-config for 2 --policy-pack/);
    });
  });
});
