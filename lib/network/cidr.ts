/**
 * IPv4 CIDR arithmetic for the IRE's private network: parse, format, contain, overlap, and split a
 * VPC CIDR into equal subnets. Pure functions; the program calls no data source, so every subnet
 * CIDR is computed here from config.
 */

/** AWS VPC CIDR blocks are /16 to /28, and so are subnets (Amazon VPC user guide, "VPC CIDR blocks"). */
export const VPC_MIN_PREFIX = 16;
export const SUBNET_MAX_PREFIX = 28;

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined unless it is a well-formed IPv4 CIDR whose host bits are zero. */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0"))) || prefix > 32) {
    return undefined;
  }
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % size(prefix) !== 0) return undefined; // host bits set: 10.0.0.1/16 is not a network
  return { base, prefix };
}

/** Addresses in a block of the given prefix length. */
export function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${o.join(".")}/${c.prefix}`;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + size(inner.prefix) <= outer.base + size(outer.prefix)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b.prefix) && b.base < a.base + size(a.prefix);
}

/** The longest prefix that still gives `count` subnets of equal size in `vpc` (at most /28). */
export function derivedSubnetPrefix(vpcPrefix: number, count: number): number {
  return Math.min(SUBNET_MAX_PREFIX, vpcPrefix + Math.ceil(Math.log2(Math.max(1, count))));
}

export class CidrSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CidrSplitError";
  }
}

/** Why `count` subnets of /`prefix` do not fit in `vpcCidr`, or undefined when they do. */
export function splitProblem(vpcCidr: string, count: number, prefix: number): string | undefined {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) return `${vpcCidr} is not an IPv4 CIDR with its host bits zero`;
  if (!Number.isInteger(count) || count < 1) return `at least one subnet is needed, not ${count}`;
  if (!Number.isInteger(prefix) || prefix < vpc.prefix || prefix > SUBNET_MAX_PREFIX) {
    return `a subnet prefix length from /${vpc.prefix} (the VPC's) to /${SUBNET_MAX_PREFIX} (the smallest subnet AWS allows), not /${prefix}`;
  }
  const fits = 2 ** (prefix - vpc.prefix);
  if (count > fits) {
    return `${count} subnets of /${prefix} do not fit in ${vpcCidr}: it holds ${fits}; use a longer prefix (at most /${SUBNET_MAX_PREFIX}) or a larger VPC`;
  }
  return undefined;
}

/**
 * The first `count` subnets of length /`prefix` in `vpcCidr`, in address order: disjoint, inside
 * the VPC, each exactly 2^(32-prefix) addresses. Throws CidrSplitError, saying why, when they do not fit.
 */
export function splitCidr(vpcCidr: string, count: number, prefix: number): string[] {
  const problem = splitProblem(vpcCidr, count, prefix);
  if (problem) throw new CidrSplitError(problem);
  const vpc = parseCidr(vpcCidr)!;
  return Array.from({ length: count }, (_, i) => formatCidr({ base: vpc.base + i * size(prefix), prefix }));
}
