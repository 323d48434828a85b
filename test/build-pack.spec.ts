/**
 * The bundled policy pack (`npm run build:pack`), the folder `pulumi policy publish` uploads. It is
 * built outside the repository, with only a node_modules link beside it (what `npm install` gives
 * the published folder), so a leftover import of ../lib could not resolve, and it must judge the
 * stacks exactly as ./policypack does, through the same gRPC audit.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { preview } from "../cli/preview";
import { audit } from "../lib/audit/audit";
import { Violation } from "../lib/audit/client";
import { parseStackExport, StackExport } from "../lib/stack-export";
import { buildPack, PACK_EXTERNALS } from "../tools/build-pack";
import { writePackConfig } from "../tools/pack-config";
import { PROJECT_DIR } from "./helpers";

const sorted = (vs: Violation[]) =>
  vs.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`).sort((a, b) => a.localeCompare(b));

describe("the bundled policy pack (npm run build:pack)", function () {
  this.timeout(180_000);
  let work: string;
  let bundled: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "build-pack-"));
    bundled = buildPack(path.join(work, "pack"));
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(bundled, "node_modules"), "dir");
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("is one index.js that requires only the pinned policy SDK, with the pack's PulumiPolicy.yaml", () => {
    assert.deepEqual(fs.readdirSync(bundled).sort(), ["PulumiPolicy.yaml", "index.js", "node_modules", "package.json"]);
    const code = fs.readFileSync(path.join(bundled, "index.js"), "utf8");
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    for (const id of required) {
      const builtin = id.startsWith("node:") || builtinModules.includes(id);
      assert.ok(
        builtin || PACK_EXTERNALS.some((e) => id === e || id.startsWith(`${e}/`)),
        `the bundle requires ${id}, which the published folder does not have`,
      );
    }
    assert.ok(required.has("@pulumi/policy"));
    const pkg = JSON.parse(fs.readFileSync(path.join(bundled, "package.json"), "utf8"));
    const root = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
    assert.equal(pkg.main, "index.js");
    assert.deepEqual(pkg.dependencies, {
      "@pulumi/policy": root.dependencies["@pulumi/policy"],
      "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"],
    });
    assert.equal(
      fs.readFileSync(path.join(bundled, "PulumiPolicy.yaml"), "utf8"),
      fs.readFileSync(path.join(PROJECT_DIR, "policypack", "PulumiPolicy.yaml"), "utf8"),
    );
  });

  it("finds exactly what ./policypack finds, violations included, through the gRPC audit", async () => {
    const out = path.join(work, "preview");
    const files = await preview({ dir: PROJECT_DIR, out, log: () => undefined });
    const stacks = files.map((file) => ({ file, exported: parseStackExport(fs.readFileSync(file, "utf8"), file) }));
    // Break the recovery stack twice over: an unprotected vault and a key with a short deletion window.
    const recovery = stacks.find((s) => s.exported.deployment.resources![0].urn.startsWith("urn:pulumi:recovery::"))!;
    const broken: StackExport = JSON.parse(JSON.stringify(recovery.exported));
    const vault = broken.deployment.resources!.find((r) => r.type === "aws:backup/vault:Vault")!;
    vault.protect = false;
    const key = broken.deployment.resources!.find((r) => r.type === "aws:kms/key:Key")!;
    key.inputs = { ...key.inputs, deletionWindowInDays: 7 };
    const inputs = [...stacks, { file: "recovery-broken.json", exported: broken }];
    const configFile = path.join(out, "policy-pack-config.json");
    writePackConfig(PROJECT_DIR, configFile);

    const source = await audit({ stacks: inputs, packs: [{ dir: path.join(PROJECT_DIR, "policypack"), configFile }] });
    const fromBundle = await audit({ stacks: inputs, packs: [{ dir: bundled, configFile }] });

    assert.equal(fromBundle.stacks.length, source.stacks.length);
    for (const [i, s] of source.stacks.entries()) {
      assert.deepEqual(sorted(fromBundle.stacks[i].packs[0].violations), sorted(s.packs[0].violations), s.file);
    }
    assert.equal(fromBundle.stacks[0].packs[0].name, "isolation-guardrails");
    assert.ok(source.mandatory >= 2, `the broken stack must fail the pack (mandatory ${source.mandatory})`);
    assert.equal(fromBundle.mandatory, source.mandatory);
  });
});
