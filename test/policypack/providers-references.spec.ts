import * as assert from "assert";
import { explicitAccountProvider } from "../../policypack/policies/providers";
import { referencedStack, stackReferencesTowardTrust } from "../../policypack/policies/stack-references";
import { T } from "../../policypack/policies/types";
import { ACCOUNTS, accountProvider, runResource, runStack, urnOf, type ResourceSpec } from "../policy-args";
import { assertPasses, assertViolates } from "./fixtures";

describe("policy pack: providers and stack references", () => {
  describe("explicit-account-provider (rule 12)", () => {
    const vault = (stack: string, provider?: ResourceSpec["provider"]): ResourceSpec => ({
      stack,
      type: T.vault,
      name: "vault",
      props: {},
      provider,
    });

    it("passes resources deployed through the stack's account provider", async () => {
      for (const stack of ["org", "recovery", "ire", "prod"])
        assertPasses(await runResource(explicitAccountProvider, vault(stack)));
      assertPasses(
        await runResource(
          explicitAccountProvider,
          vault("prod-payments", accountProvider("prod-payments", ACCOUNTS.prod[0])),
        ),
      );
    });

    it("rejects a resource without a provider or with the default provider", async () => {
      assertViolates(
        await runResource(explicitAccountProvider, vault("recovery", null)),
        "vault",
        /no explicit provider/,
      );
      const def = { ...accountProvider("recovery", ACCOUNTS.recovery, "default_7_48_0") };
      assertViolates(
        await runResource(explicitAccountProvider, vault("recovery", def)),
        "vault",
        /default provider "default_7_48_0"/,
      );
    });

    it("rejects a provider for another account or for several", async () => {
      assertViolates(
        await runResource(explicitAccountProvider, vault("recovery", accountProvider("recovery", ACCOUNTS.prod[0]))),
        "vault",
        /allows account 444444444444, but stack "recovery" deploys into 222222222222/,
      );
      const many = { ...accountProvider("recovery"), props: { allowedAccountIds: [ACCOUNTS.recovery, ACCOUNTS.ire] } };
      assertViolates(await runResource(explicitAccountProvider, vault("recovery", many)), "vault", /not exactly one/);
      const none = { ...accountProvider("recovery"), props: {} };
      assertViolates(
        await runResource(explicitAccountProvider, vault("recovery", none)),
        "vault",
        /allows any account/,
      );
      assertViolates(
        await runResource(explicitAccountProvider, vault("prod", accountProvider("prod", ACCOUNTS.ire))),
        "vault",
        /not one of the production accounts/,
      );
    });

    it("pins a prod-<name> stack to its configured account", async () => {
      const config = { accounts: ACCOUNTS, stackAccounts: { "prod-payments": "555555555555" } };
      const out = await runResource(
        explicitAccountProvider,
        vault("prod-payments", accountProvider("prod-payments", ACCOUNTS.prod[0])),
        config,
      );
      assertViolates(out, "vault", /deploys into 555555555555/);
    });

    it("without config, requires exactly one account and says so", async () => {
      assertPasses(
        await runResource(
          explicitAccountProvider,
          vault("recovery", accountProvider("recovery", ACCOUNTS.prod[0])),
          {},
        ),
      );
      const many = { ...accountProvider("recovery"), props: { allowedAccountIds: "[]" } };
      assertViolates(
        await runResource(explicitAccountProvider, vault("recovery", many), {}),
        "vault",
        /not in the pack config/,
      );
    });

    it("checks only AWS resources", async () => {
      assertPasses(
        await runResource(explicitAccountProvider, { type: "isolation:backup:Vault", name: "c", provider: null }),
      );
    });
  });

  describe("stack-references-toward-higher-trust (rule 13)", () => {
    const ref = (from: string, to: string): ResourceSpec => ({
      stack: from,
      type: T.stackReference,
      name: `ref-${to}`,
      props: { name: `organization/isolation/${to}` },
      provider: null,
    });
    const both = async (from: string, to: string) => ({
      resource: await runResource(stackReferencesTowardTrust, ref(from, to)),
      stack: await runStack(stackReferencesTowardTrust, [ref(from, to)]),
    });

    it("passes references towards more trusted stacks", async () => {
      for (const [from, to] of [
        ["prod", "recovery"],
        ["prod-payments", "org"],
        ["ire", "recovery"],
        ["recovery", "org"],
      ]) {
        const out = await both(from, to);
        assertPasses(out.resource);
        assertPasses(out.stack);
      }
    });

    it("rejects references towards equal or less trusted stacks, in resource and stack validation", async () => {
      const out = await both("recovery", "prod");
      assertViolates(
        out.resource,
        "ref-prod",
        /stack "recovery" \(recovery, trust 1\) reads stack "prod" \(prod, trust 3\)/,
      );
      assertViolates(out.stack, "ref-prod");
      assert.strictEqual(out.stack.violations[0].urn, urnOf("recovery", T.stackReference, "ref-prod"));
      assertViolates((await both("prod", "prod-other")).stack, "ref-prod-other", /not more trusted/);
      assertViolates((await both("org", "ire")).resource, "ref-ire");
    });

    it("rejects references whose roles cannot be told, unless the config names them", async () => {
      assertViolates((await both("prod", "shared")).resource, "ref-shared", /referenced stack "shared" is unknown/);
      assertViolates((await both("sandbox", "org")).stack, "ref-org", /role of stack "sandbox" is unknown/);
      const config = { roles: { shared: "org", sandbox: "prod" } };
      assertPasses(await runResource(stackReferencesTowardTrust, ref("prod", "shared"), config));
      assertPasses(await runStack(stackReferencesTowardTrust, [ref("sandbox", "org")], config));
    });

    it("lets the config override a role read from the stack name", async () => {
      const config = { roles: { recovery: "prod" } };
      assertViolates(await runResource(stackReferencesTowardTrust, ref("ire", "recovery"), config), "ref-recovery");
    });

    it("reads the stack out of fully qualified names", () => {
      assert.strictEqual(referencedStack("org/isolation/recovery"), "recovery");
      assert.strictEqual(referencedStack("recovery"), "recovery");
      assert.strictEqual(referencedStack(""), undefined);
      assert.strictEqual(referencedStack(3), undefined);
    });

    it("ignores other resources", async () => {
      assertPasses(
        await runResource(stackReferencesTowardTrust, {
          stack: "recovery",
          type: T.vault,
          name: "v",
          props: { name: "prod" },
        }),
      );
      assertPasses(await runStack(stackReferencesTowardTrust, [{ stack: "recovery", type: T.vault, name: "v" }]));
    });
  });
});
