import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { collectKeys, renderPulumiYaml, renderReadme } from "../tools/config-docs";
import { PROJECT_DIR } from "./helpers";

describe("config documentation", () => {
  const keys = collectKeys();

  it("Pulumi.yaml declares every key with the schema's type and description (npm run gen:config)", () => {
    const current = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
    assert.equal(current, renderPulumiYaml(current, keys), "Pulumi.yaml is stale: run npm run gen:config");
  });

  it("README lists every key (npm run gen:config)", () => {
    const current = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    assert.equal(current, renderReadme(current, keys), "README.md is stale: run npm run gen:config");
    for (const k of keys) assert.ok(current.includes(`\`isolation:${k.key}\``), k.key);
  });

  it("declares only types the Pulumi project schema allows", () => {
    for (const k of keys) assert.ok(["string", "integer", "boolean", "array"].includes(k.type), `${k.key}: ${k.type}`);
  });
});
