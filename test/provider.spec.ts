import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { requireProvider, sessionNameFor } from "../components/provider";
import { runProgram } from "../harness/engine";
import { loadStackConfig } from "../harness/project";
import { jsonInput, ofType, PROJECT_DIR, recordStack } from "./helpers";

const STACKS = ["org", "recovery", "ire", "prod"];

describe("account providers", () => {
  for (const stack of STACKS) {
    it(`${stack}: one explicit provider pinned to the stack's own account and deploy role`, async () => {
      const run = await recordStack(stack);
      const config = loadStackConfig(PROJECT_DIR, stack);
      const providers = ofType(run, "pulumi:providers:aws");
      assert.equal(providers.length, 1, "exactly one AWS provider");
      const [p] = providers;
      assert.deepEqual(jsonInput(p.inputs.allowedAccountIds), [config["isolation:accountId"]]);
      assert.deepEqual(jsonInput(p.inputs.assumeRoles), [
        { roleArn: config["isolation:deployRoleArn"], sessionName: `pulumi-${stack}` },
      ]);
      assert.equal(p.inputs.region, config["isolation:region"]);
      assert.deepEqual(jsonInput(p.inputs.defaultTags), {
        tags: { "isolation:project": "isolation", "isolation:role": stack, "isolation:stack": stack },
      });

      // Every AWS resource goes through it: none falls back to a default provider.
      const ref = `${p.urn}::${p.id}`;
      for (const r of run.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
        assert.equal(r.provider, ref, `${r.urn} uses ${r.provider}`);
      }
    });
  }

  it("the project disables the default AWS provider", () => {
    const config = loadStackConfig(PROJECT_DIR, "recovery");
    assert.deepEqual(JSON.parse(config["pulumi:disable-default-providers"]), ["aws"]);
  });

  it("session names fit STS's pattern and length", () => {
    assert.equal(sessionNameFor("prod-payments"), "pulumi-prod-payments");
    const long = sessionNameFor(`prod-${"x".repeat(80)}/y`);
    assert.equal(long.length, 64);
    assert.match(long, /^[\w+=,.@-]+$/);
  });

  it("components fail fast without a provider", async () => {
    await assert.rejects(
      runProgram({ stack: "recovery", config: loadStackConfig(PROJECT_DIR, "recovery") }, () => {
        class Probe extends pulumi.ComponentResource {
          constructor(opts?: pulumi.ComponentResourceOptions) {
            super("isolation:test:Probe", "probe", {}, opts);
            requireProvider("isolation:test:Probe", opts);
          }
        }
        new Probe();
      }),
      /isolation:test:Probe: no AWS provider given/,
    );
  });
});
