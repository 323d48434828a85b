/**
 * Account roles and the trust order between them.
 *
 * Trust decides which way stack references may point: a stack may read only stacks of strictly
 * higher trust (a smaller number). A compromised production account can write whatever it likes
 * into its own stack outputs, so nothing more trusted may ever read them.
 */

export const ROLES = ["org", "recovery", "ire", "prod"] as const;
export type Role = (typeof ROLES)[number];

/** 0 is the most trusted. */
export const TRUST: Readonly<Record<Role, number>> = { org: 0, recovery: 1, ire: 2, prod: 3 };

/** A role parsed from a stack name such as `prod-payments`. */
export interface ParsedRole {
  role: Role;
  /** The part after the first `-`, if any (`payments` in `prod-payments`). */
  suffix?: string;
}

// A suffix is what Pulumi allows in a stack name after the role: letters, digits, `-`, `_`, `.`.
const ROLE_PATTERN = new RegExp(`^(${ROLES.join("|")})(?:-([A-Za-z0-9][A-Za-z0-9_.-]*))?$`);

/** Parses `org`, `recovery`, `ire`, `prod` or one of them followed by `-suffix`; undefined otherwise. */
export function parseRole(name: string): ParsedRole | undefined {
  const m = ROLE_PATTERN.exec(name);
  if (!m) return undefined;
  return m[2] === undefined ? { role: m[1] as Role } : { role: m[1] as Role, suffix: m[2] };
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * The stacks each role may read. Every edge points to strictly higher trust; on top of that,
 * production never reads the IRE: the IRE's isolation from production runs both ways, so a
 * production deploy identity gets no read access to the IRE's state either (DESIGN.md lists the
 * edges: prod -> recovery, prod -> org, ire -> recovery, ire -> org, recovery -> org).
 */
export const MAY_REFERENCE: Readonly<Record<Role, readonly Role[]>> = {
  org: [],
  recovery: ["org"],
  ire: ["org", "recovery"],
  prod: ["org", "recovery"],
};

/** True when a stack of role `from` may reference a stack of role `to`. */
export function mayReference(from: Role, to: Role): boolean {
  return MAY_REFERENCE[from].includes(to);
}

/** Sorts stack names so that every stack comes after the stacks it may reference. */
export function sortByTrust<T>(items: readonly T[], roleOf: (item: T) => Role): T[] {
  return [...items].sort((a, b) => TRUST[roleOf(a)] - TRUST[roleOf(b)]);
}
