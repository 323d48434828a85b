import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { engineUrn, runProgram } from "../harness/engine";
import { loadStackConfig } from "../harness/project";
import { createAccountProvider } from "../components/provider";
import { named, PROJECT_DIR } from "./helpers";

class Bunker extends pulumi.ComponentResource {
  readonly vault: aws.backup.Vault;
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("isolation:test:Bunker", name, {}, opts);
    const key = new aws.kms.Key(`${name}-key`, { deletionWindowInDays: 30 }, { parent: this, protect: true });
    this.vault = new aws.backup.Vault(
      `${name}-vault`,
      { name: "bunker", kmsKeyArn: key.arn },
      { parent: this, protect: true, retainOnDelete: true, ignoreChanges: ["tags"] },
    );
    this.registerOutputs({ vaultArn: this.vault.arn });
  }
}

const recoveryProvider = () =>
  createAccountProvider({
    accountId: "222222222222",
    deployRoleArn: "arn:aws:iam::222222222222:role/IsolationDeployer",
    region: "eu-west-1",
    role: "recovery",
    stack: "recovery",
  });

describe("mock-engine harness", () => {
  const config = loadStackConfig(PROJECT_DIR, "recovery");
  const program = () => {
    const provider = recoveryProvider();
    const bunker = new Bunker("b", { provider });
    return { vaultArn: bunker.vault.arn };
  };

  it("records the options MockResourceArgs leaves out", async () => {
    const run = await runProgram({ stack: "recovery", config }, program);
    const component = named(run, "isolation:test:Bunker", "b");
    const key = named(run, "aws:kms/key:Key", "b-key");
    const vault = named(run, "aws:backup/vault:Vault", "b-vault");
    const provider = named(run, "pulumi:providers:aws", "recovery-account");

    assert.equal(vault.parent, component.urn);
    assert.equal(vault.protect, true);
    assert.equal(vault.retainOnDelete, true);
    assert.deepEqual(vault.ignoreChanges, ["tags"]);
    assert.equal(key.protect, true);
    assert.equal(key.retainOnDelete, false);
    assert.equal(vault.provider, `${provider.urn}::${provider.id}`);
    assert.ok(vault.dependencies.includes(key.urn), "the vault depends on the key it uses");
    assert.deepEqual(vault.propertyDependencies.kmsKeyArn, [key.urn]);
    assert.equal(component.custom, false);
    assert.deepEqual(Object.keys(component.outputs), ["vaultArn"]);
  });

  it("builds URNs in the engine's form", async () => {
    const run = await runProgram({ stack: "recovery", config }, program);
    const root = run.resources[0];
    assert.equal(root.type, "pulumi:pulumi:Stack");
    const component = named(run, "isolation:test:Bunker", "b");
    // A top-level resource's type chain leaves out the root stack's type...
    assert.equal(component.urn, "urn:pulumi:recovery::isolation::isolation:test:Bunker::b");
    // ...a child's carries its parent's.
    assert.equal(
      named(run, "aws:backup/vault:Vault", "b-vault").urn,
      "urn:pulumi:recovery::isolation::isolation:test:Bunker$aws:backup/vault:Vault::b-vault",
    );
    assert.equal(engineUrn("s", "p", root.urn, "a:b:C", "n"), "urn:pulumi:s::p::a:b:C::n");
  });

  it("answers with AWS-like identifiers in the provider's account and region", async () => {
    const run = await runProgram({ stack: "recovery", config }, program);
    const vault = named(run, "aws:backup/vault:Vault", "b-vault");
    assert.equal(vault.id, "bunker");
    assert.equal(vault.outputs.arn, "arn:aws:backup:eu-west-1:222222222222:backup-vault:bunker");
    const key = named(run, "aws:kms/key:Key", "b-key");
    assert.match(String(key.outputs.arn), /^arn:aws:kms:eu-west-1:222222222222:key\/[0-9a-f-]{36}$/);
    assert.equal(run.outputs.vaultArn, vault.outputs.arn);
    // Deterministic: the same program gives the same identifiers.
    const again = await runProgram({ stack: "recovery", config }, program);
    assert.equal(named(again, "aws:kms/key:Key", "b-key").id, key.id);
  });

  it("refuses data sources: the program must read config instead", async () => {
    await assert.rejects(
      runProgram({ stack: "recovery", config }, () => {
        const provider = recoveryProvider();
        return { id: aws.getCallerIdentityOutput({}, { provider }).accountId };
      }),
      /called the data source aws:index\/getCallerIdentity:getCallerIdentity/,
    );
  });
});
