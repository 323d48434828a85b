/**
 * The only place that creates pulumi.StackReference.
 *
 * A stack may read only stacks of strictly higher trust (org 0, recovery 1, ire 2, prod 3). The
 * edge is checked when the reference is created, so a forbidden edge fails the program before it
 * registers anything; and the referenced stack must say, in its `role` output, that it has the
 * role we expected, so a misnamed stack cannot stand in for a more trusted one.
 */
import * as pulumi from "@pulumi/pulumi";
import { MAY_REFERENCE, mayReference, parseRole, Role, TRUST } from "./roles";

export class StackReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackReferenceError";
  }
}

/** Throws unless a stack of role `from` may reference a stack of role `to`. */
export function assertEdge(fromStack: string, from: Role, toStack: string, to: Role): void {
  if (!mayReference(from, to)) {
    throw new StackReferenceError(
      `stack "${fromStack}" (role ${from}, trust ${TRUST[from]}) may not reference stack "${toStack}" ` +
        `(role ${to}, trust ${TRUST[to]}): stack references point only towards higher trust (a smaller number), ` +
        `because a less trusted account can write anything into its own outputs, and production never reads the IRE; ` +
        `role ${from} may read: ${MAY_REFERENCE[from].join(", ") || "no stack"}`,
    );
  }
}

/** The fully qualified name Pulumi resolves a stack reference by. */
export function qualifiedStackName(pulumiOrg: string | undefined, project: string, stack: string): string {
  let org = pulumiOrg;
  if (!org) {
    try {
      org = pulumi.getOrganization();
    } catch {
      // Older engines do not pass the organization; self-managed backends call it "organization".
    }
  }
  org ||= "organization";
  return `${org}/${project}/${stack}`;
}

/** A reference to a more trusted stack whose outputs follow the contract T. */
export class TrustedStackReference<T extends { role: Role }> {
  private readonly ref: pulumi.StackReference;
  private readonly roleChecked: pulumi.Output<Role>;

  constructor(
    readonly from: { stack: string; role: Role; pulumiOrg?: string },
    readonly target: { stack: string; role: T["role"] },
  ) {
    const parsed = parseRole(target.stack);
    if (!parsed || parsed.role !== target.role) {
      throw new StackReferenceError(
        `stack "${from.stack}" expects a stack of role ${target.role}, but "${target.stack}" is not named after that role`,
      );
    }
    assertEdge(from.stack, from.role, target.stack, target.role);
    const name = qualifiedStackName(from.pulumiOrg, pulumi.getProject(), target.stack);
    this.ref = new pulumi.StackReference(`ref-${target.stack}`, { name });
    this.roleChecked = this.ref.requireOutput("role").apply((actual) => {
      if (actual !== target.role) {
        throw new StackReferenceError(
          `stack "${name}" reports role ${JSON.stringify(actual)}, but "${from.stack}" expected role ${target.role}; refusing to read it`,
        );
      }
      return actual as Role;
    });
  }

  /** A declared output of the referenced stack, released only once its role has been checked. */
  output<K extends keyof T & string>(key: K): pulumi.Output<T[K]> {
    return pulumi.all([this.roleChecked, this.ref.requireOutput(key)]).apply(([, value]) => value as T[K]);
  }
}
