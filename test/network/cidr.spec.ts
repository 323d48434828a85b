import { strict as assert } from "assert";
import fc from "fast-check";
import {
  CidrSplitError,
  contains,
  derivedSubnetPrefix,
  formatCidr,
  overlaps,
  parseCidr,
  size,
  splitCidr,
  SUBNET_MAX_PREFIX,
  VPC_MIN_PREFIX,
} from "../../lib/network/cidr";

/** A VPC CIDR AWS accepts: /16 to /28, host bits zero. */
const vpcCidr = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: VPC_MIN_PREFIX, max: SUBNET_MAX_PREFIX }))
  .map(([addr, prefix]) => formatCidr({ base: addr - (addr % size(prefix)), prefix }));

describe("CIDR arithmetic", () => {
  it("parses and formats round trip, and refuses host bits, bad octets and leading zeros", () => {
    assert.deepEqual(parseCidr("10.90.0.0/16"), { base: 10 * 2 ** 24 + 90 * 2 ** 16, prefix: 16 });
    assert.equal(formatCidr(parseCidr("192.168.16.0/20")!), "192.168.16.0/20");
    for (const bad of ["10.0.0.1/16", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/16", "010.0.0.0/16", "10.0.0.0"]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  it("splits into disjoint subnets of the right size, inside the VPC", () => {
    fc.assert(
      fc.property(vpcCidr, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 12 }), (vpc, count, extra) => {
        const v = parseCidr(vpc)!;
        const prefix = Math.min(SUBNET_MAX_PREFIX, derivedSubnetPrefix(v.prefix, count) + extra);
        const fits = 2 ** (prefix - v.prefix) >= count;
        if (!fits) {
          assert.throws(() => splitCidr(vpc, count, prefix), CidrSplitError);
          return;
        }
        const subnets = splitCidr(vpc, count, prefix).map((s) => parseCidr(s)!);
        assert.equal(subnets.length, count);
        for (const [i, s] of subnets.entries()) {
          assert.equal(s.prefix, prefix);
          assert.ok(contains(v, s), `${formatCidr(s)} inside ${vpc}`);
          for (const t of subnets.slice(i + 1)) assert.ok(!overlaps(s, t), `${formatCidr(s)} / ${formatCidr(t)}`);
        }
      }),
    );
  });

  it("the derived prefix always fits the zones when the VPC is large enough", () => {
    fc.assert(
      fc.property(vpcCidr, fc.integer({ min: 1, max: 6 }), (vpc, count) => {
        const v = parseCidr(vpc)!;
        const prefix = derivedSubnetPrefix(v.prefix, count);
        if (2 ** (SUBNET_MAX_PREFIX - v.prefix) >= count) assert.equal(splitCidr(vpc, count, prefix).length, count);
        else assert.throws(() => splitCidr(vpc, count, prefix), /do not fit/);
      }),
    );
  });

  it("says why a split does not fit", () => {
    assert.throws(() => splitCidr("10.0.0.0/27", 3, 28), /3 subnets of \/28 do not fit in 10\.0\.0\.0\/27: it holds 2/);
    assert.throws(() => splitCidr("10.0.0.0/16", 2, 15), /from \/16 .* to \/28/);
    assert.throws(() => splitCidr("10.0.0.0/16", 2, 29), /not \/29/);
    assert.throws(() => splitCidr("10.0.0.1/16", 1, 24), /host bits/);
    assert.throws(() => splitCidr("10.0.0.0/16", 0, 24), /at least one subnet/);
  });

  it("splits the example VPC into /20s in address order", () => {
    assert.deepEqual(splitCidr("10.90.0.0/16", 3, 20), ["10.90.0.0/20", "10.90.16.0/20", "10.90.32.0/20"]);
  });
});
