/** What every role's builder is handed: its validated config, its provider and its references. */
import type * as aws from "@pulumi/aws";
import type { StackConfig } from "../config";
import { TrustedStackReference } from "../lib/stackrefs";
import type { Role } from "../lib/roles";
import type { OrgOutputs, RecoveryOutputs } from "./contracts";

export interface StackContext<R extends Role> {
  config: StackConfig<R>;
  /** The stack's one AWS provider; pass it to every resource and component. */
  provider: aws.Provider;
  refs: References;
}

/**
 * Stack references a stack may take, created on first use so that a stack registers only the
 * references it reads. Each getter checks the edge (TrustedStackReference), so asking the org
 * stack for a reference to prod fails even though the getter exists.
 */
export class References {
  private cache = new Map<string, TrustedStackReference<{ role: Role }>>();

  constructor(
    private readonly config: {
      stack: string;
      role: Role;
      pulumiOrg?: string;
      orgStack?: string;
      recoveryStack?: string;
    },
  ) {}

  org(): TrustedStackReference<OrgOutputs> {
    return this.get<OrgOutputs>("org", this.config.orgStack ?? "org");
  }

  recovery(): TrustedStackReference<RecoveryOutputs> {
    return this.get<RecoveryOutputs>("recovery", this.config.recoveryStack ?? "recovery");
  }

  private get<T extends { role: Role }>(role: T["role"], stack: string): TrustedStackReference<T> {
    let ref = this.cache.get(stack);
    if (!ref) {
      ref = new TrustedStackReference<T>(
        { stack: this.config.stack, role: this.config.role, pulumiOrg: this.config.pulumiOrg },
        { stack, role },
      );
      this.cache.set(stack, ref);
    }
    return ref as unknown as TrustedStackReference<T>;
  }
}
