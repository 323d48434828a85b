import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { preview } from "../cli/preview";
import { toStateValue } from "../harness/export";
import { parseStackExport, resourceV3Fields, SECRET_SIG, SIG_KEY, StackExport } from "../lib/stack-export";
import { PROJECT_DIR } from "./helpers";

/** Strict: the preview writes only fields that Pulumi's apitype.ResourceV3 defines. */
const strictResource = z.strictObject(resourceV3Fields);
const strictExport = z.strictObject({
  version: z.literal(3),
  deployment: z.strictObject({
    manifest: z.strictObject({
      time: z.iso.datetime(),
      magic: z.string().regex(/^[0-9a-f]{64}$/),
      version: z.string(),
    }),
    resources: z.array(strictResource).min(1),
  }),
});

describe("offline preview: pulumi stack export files", () => {
  let out: string;
  const files = new Map<string, StackExport>();

  before(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    const logged: string[] = [];
    const written = await preview({ dir: PROJECT_DIR, out, log: (l) => logged.push(l) });
    for (const file of written) {
      files.set(path.basename(file, ".json"), parseStackExport(fs.readFileSync(file, "utf8"), file));
    }
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("writes one file per stack", () => {
    assert.deepEqual([...files.keys()].sort(), ["ire", "org", "prod", "recovery"]);
  });

  it("has the field names and nesting of a version 3 deployment", () => {
    for (const [stack, exported] of files) {
      const result = strictExport.safeParse(exported);
      assert.ok(result.success, `${stack}: ${result.success ? "" : JSON.stringify(result.error.issues.slice(0, 3))}`);
    }
  });

  it("leaves out fields that are false or empty, as the CLI does", () => {
    for (const exported of files.values()) {
      for (const r of exported.deployment.resources!) {
        for (const [key, value] of Object.entries(r)) {
          if (key === "custom") continue; // the one boolean ResourceV3 always writes
          assert.notEqual(value, false, `${r.urn}.${key}`);
          assert.ok(!(Array.isArray(value) && value.length === 0), `${r.urn}.${key} is an empty list`);
          if (value && typeof value === "object" && !Array.isArray(value)) {
            assert.ok(Object.keys(value).length > 0, `${r.urn}.${key} is an empty object`);
          }
        }
      }
    }
  });

  it("puts the root stack first and every resource after its parent and provider", () => {
    for (const [stack, exported] of files) {
      const resources = exported.deployment.resources!;
      assert.equal(resources[0].type, "pulumi:pulumi:Stack");
      assert.equal(resources[0].urn, `urn:pulumi:${stack}::isolation::pulumi:pulumi:Stack::isolation-${stack}`);
      const seen = new Map<string, (typeof resources)[number]>();
      for (const r of resources) {
        if (r.parent) assert.ok(seen.has(r.parent), `${r.urn}: parent ${r.parent} not before it`);
        if (r.provider) {
          const [providerUrn, providerId] = [
            r.provider.split("::").slice(0, -1).join("::"),
            r.provider.split("::").pop(),
          ];
          const provider = seen.get(providerUrn);
          assert.ok(provider, `${r.urn}: provider ${providerUrn} not before it`);
          assert.equal(provider.id, providerId);
        }
        for (const d of r.dependencies ?? []) assert.ok(seen.has(d), `${r.urn}: dependency ${d} not before it`);
        seen.set(r.urn, r);
      }
    }
  });

  it("writes URNs in the engine's form, not the mock monitor's", () => {
    for (const exported of files.values()) {
      for (const r of exported.deployment.resources!) {
        assert.ok(!r.urn.includes("pulumi:pulumi:Stack$"), r.urn);
        assert.match(r.urn, /^urn:pulumi:[^:]+::isolation::/);
      }
    }
  });

  it("records stack references as external reads with the referenced outputs", () => {
    const refs = files.get("ire")!.deployment.resources!.filter((r) => r.type === "pulumi:pulumi:StackReference");
    // The IRE reads the org stack (organization ID) and the recovery stack (air-gapped vault).
    assert.deepEqual(refs.map((r) => r.id).sort(), ["organization/isolation/org", "organization/isolation/recovery"]);
    for (const ref of refs) {
      assert.equal(ref.external, true);
      const role = (ref.outputs!.outputs as Record<string, unknown>).role;
      assert.equal(role, ref.id!.split("/")[2]);
    }
  });

  it("stores the stack outputs on the root stack", () => {
    const root = files.get("prod")!.deployment.resources![0];
    assert.equal(root.outputs!.role, "prod");
    assert.equal(root.outputs!.recoveryAccountId, "222222222222");
  });

  it("writes secrets in the engine's envelope, with their plaintext", () => {
    assert.deepEqual(toStateValue({ a: [{ [SIG_KEY]: SECRET_SIG, value: { b: 1 } }] }), {
      a: [{ [SIG_KEY]: SECRET_SIG, plaintext: '{"b":1}' }],
    });
  });

  it("rejects what is not a stack export, saying why", () => {
    assert.throws(() => parseStackExport('{"version": 3, "deploy', "a.json"), /a\.json: not valid JSON/);
    assert.throws(
      () => parseStackExport('{"version": 2, "deployment": {}}', "b.json"),
      /b\.json: deployment version 2/,
    );
    assert.throws(
      () =>
        parseStackExport(
          '{"version": 3, "deployment": {"manifest": {"time": "t", "magic": "m", "version": "v"}}}',
          "c.json",
        ),
      /c\.json: the deployment has no resources/,
    );
    assert.throws(
      () => parseStackExport('{"version": 3, "deployment": {"resources": []}}', "d.json"),
      /d\.json: not a `pulumi stack export` file: deployment\.manifest/,
    );
  });
});
