import { strict as assert } from "assert";
import fc from "fast-check";
import { mayReference, parseRole, ROLES, sortByTrust, TRUST } from "../lib/roles";

describe("roles", () => {
  it("parses bare roles and role-suffix stack names", () => {
    assert.deepEqual(parseRole("org"), { role: "org" });
    assert.deepEqual(parseRole("prod-payments"), { role: "prod", suffix: "payments" });
    assert.deepEqual(parseRole("recovery-eu-west-1"), { role: "recovery", suffix: "eu-west-1" });
  });

  it("rejects names that are not a role", () => {
    for (const name of ["dev", "production", "prod-", "-prod", "Prod", "orgs", "ire_x", ""]) {
      assert.equal(parseRole(name), undefined, name);
    }
  });

  it("allows references only towards strictly higher trust", () => {
    assert.ok(mayReference("prod", "recovery"));
    assert.ok(mayReference("prod", "org"));
    assert.ok(mayReference("ire", "recovery"));
    assert.ok(mayReference("recovery", "org"));
    assert.ok(!mayReference("recovery", "prod"));
    assert.ok(!mayReference("org", "recovery"));
    assert.ok(!mayReference("recovery", "ire"));
    assert.ok(!mayReference("prod", "prod"));
    // Higher trust, but production never reads the IRE (DESIGN.md's edge list).
    assert.ok(!mayReference("prod", "ire"));
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (a, b) => {
        // Never both ways: the reference graph has no cycle.
        // Never both ways (no cycle), and never towards equal or lower trust.
        return !(mayReference(a, b) && mayReference(b, a)) && (!mayReference(a, b) || TRUST[b] < TRUST[a]);
      }),
    );
  });

  it("sorts stacks so that referenced stacks come first", () => {
    const sorted = sortByTrust(["prod-a", "ire", "org", "recovery"], (s) => parseRole(s)!.role);
    assert.deepEqual(sorted, ["org", "recovery", "ire", "prod-a"]);
  });
});
