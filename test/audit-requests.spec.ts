import * as assert from "assert";
import { toWireProperties, toWireValue, UNKNOWN_STRING } from "../lib/audit/properties";
import {
  analyzeInputs,
  providerUrnOf,
  stackInputs,
  toAnalyzeRequest,
  toAnalyzeStackRequest,
} from "../lib/audit/requests";
import { SECRET_SIG, SIG_KEY, RESOURCE_REF_SIG } from "../lib/stack-export";
import { ACCOUNTS, PRIMARY_VAULT_ARN, prodStack, recoveryStack } from "./fixtures/stacks";

describe("audit: stack export -> analyzer requests", () => {
  describe("property values as the engine marshals them", () => {
    it("turns a state secret (plaintext) into the wire envelope {sig, value}", () => {
      const v = toWireValue({ [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify({ a: [1, "x"] }) });
      assert.deepStrictEqual(v, { [SIG_KEY]: SECRET_SIG, value: { a: [1, "x"] } });
    });

    it("sends a ciphertext secret it cannot decrypt as the engine's unknown string", () => {
      const v = toWireValue({ [SIG_KEY]: SECRET_SIG, ciphertext: "v1:abc" });
      assert.deepStrictEqual(v, { [SIG_KEY]: SECRET_SIG, value: UNKNOWN_STRING });
    });

    it("sends a resource reference as its ID, or its URN for a component", () => {
      assert.strictEqual(toWireValue({ [SIG_KEY]: RESOURCE_REF_SIG, urn: "urn:x", id: "i-1" }), "i-1");
      assert.strictEqual(
        toWireValue({ [SIG_KEY]: RESOURCE_REF_SIG, urn: "urn:pulumi:s::p::c:d:E::n" }),
        "urn:pulumi:s::p::c:d:E::n",
      );
      assert.strictEqual(toWireValue({ [SIG_KEY]: RESOURCE_REF_SIG, urn: "urn:x", id: "" }), UNKNOWN_STRING);
    });

    it("skips internal keys at every level and keeps nulls", () => {
      const v = toWireProperties({ a: { __meta: 1, b: null }, __defaults: [], c: [{ __x: 1, d: 2 }] });
      assert.deepStrictEqual(v, { a: { b: null }, c: [{ d: 2 }] });
    });
  });

  describe("Analyze inputs", () => {
    const inputs = analyzeInputs(recoveryStack());
    const byName = (name: string) => {
      const found = inputs.find((i) => i.name === name);
      assert.ok(found, `no Analyze input named ${name}`);
      return found;
    };

    it("covers every resource not pending deletion, root stack and providers included, in file order", () => {
      const names = inputs.map((i) => i.name);
      assert.strictEqual(names[0], "isolation-recovery");
      assert.ok(names.includes("recovery-account"));
      assert.ok(!names.includes("old-topic"));
      assert.strictEqual(inputs.length, recoveryStack().deployment.resources!.length - 1);
    });

    it("sends the resource's inputs, converted, and its options with parent", () => {
      const vault = byName("primary-vault");
      assert.strictEqual(vault.type, "aws:backup/vault:Vault");
      assert.deepStrictEqual(vault.properties, {
        forceDestroy: false,
        kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNTS.recovery}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        name: "isolation-primary",
        tags: { "isolation:role": "recovery" },
      });
      assert.strictEqual(vault.options.protect, true);
      assert.strictEqual(vault.options.deleteBeforeReplace, undefined);
      assert.strictEqual(
        vault.options.parent,
        "urn:pulumi:recovery::isolation::isolation:recovery:LockedVault::primary",
      );
    });

    it("resolves the provider reference to the provider resource and its inputs", () => {
      const vault = byName("primary-vault");
      assert.ok(vault.provider);
      assert.strictEqual(vault.provider.type, "pulumi:providers:aws");
      assert.strictEqual(vault.provider.name, "recovery-account");
      assert.strictEqual(vault.provider.properties.allowedAccountIds, JSON.stringify([ACCOUNTS.recovery]));
      assert.strictEqual(byName("isolation-recovery").provider, undefined);
    });

    it("parses provider references at the last ::", () => {
      assert.strictEqual(
        providerUrnOf("urn:pulumi:s::p::pulumi:providers:aws::x::abc-1"),
        "urn:pulumi:s::p::pulumi:providers:aws::x",
      );
    });

    it("builds AnalyzeRequest messages that always carry options (the SDK refuses requests without)", () => {
      const msg = toAnalyzeRequest(byName("primary-vault"));
      const opts = msg.getOptions();
      assert.ok(opts);
      assert.strictEqual(opts.getProtect(), true);
      assert.strictEqual(opts.getDeletebeforereplacedefined(), false);
      assert.strictEqual(msg.getProvider()?.getName(), "recovery-account");
      assert.deepStrictEqual(msg.getProperties()?.toJavaScript().tags, { "isolation:role": "recovery" });
      const secret = toAnalyzeRequest(byName("vault-events")).getProperties()?.toJavaScript().deliveryPolicy;
      assert.deepStrictEqual(secret, { [SIG_KEY]: SECRET_SIG, value: '{"http":{}}' });
    });
  });

  describe("AnalyzeStack resources", () => {
    const resources = stackInputs(prodStack());

    it("sends outputs, parent, dependencies and non-empty property dependencies", () => {
      const plan = resources.find((r) => r.type === "aws:backup/plan:Plan")!;
      assert.strictEqual(plan.properties.arn, "arn:aws:backup:eu-west-1:444444444444:backup-plan:plan-0001");
      const rules = plan.properties.rules as { copyActions: { destinationVaultArn: string }[] }[];
      assert.strictEqual(rules[0].copyActions[0].destinationVaultArn, PRIMARY_VAULT_ARN);
      assert.strictEqual(plan.parent, "urn:pulumi:prod::isolation::isolation:prod:LocalBackup::local");
      assert.deepStrictEqual(plan.dependencies, [
        "urn:pulumi:prod::isolation::isolation:prod:LocalBackup$aws:backup/vault:Vault::local-vault",
      ]);
      const rec = stackInputs(recoveryStack()).find((r) => r.name === "primary-vault")!;
      assert.deepStrictEqual(Object.keys(rec.propertyDependencies), ["kmsKeyArn"]);
    });

    it("builds one AnalyzeStackRequest with the whole graph", () => {
      const msg = toAnalyzeStackRequest(stackInputs(recoveryStack()));
      const vault = msg.getResourcesList().find((r) => r.getName() === "primary-vault")!;
      assert.ok(vault.getOptions());
      assert.strictEqual(vault.getParent(), "urn:pulumi:recovery::isolation::isolation:recovery:LockedVault::primary");
      assert.strictEqual(vault.getPropertydependenciesMap().get("kmsKeyArn")?.getUrnsList().length, 1);
      assert.strictEqual(vault.getProperties()?.toJavaScript().arn, PRIMARY_VAULT_ARN);
    });
  });
});
