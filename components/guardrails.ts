/**
 * Organization policies (SCPs, RCPs, backup policies) and their attachments to OUs. The documents
 * are built and size-checked by lib/orgpolicies before this component is constructed; it only
 * registers them.
 *
 * Policies and attachments are protected (not retained): taking a guardrail off the data bunker
 * should be a deliberate two-step act (unprotect, then remove) that shows up in review, never a
 * side effect of a refactor or `pulumi destroy`. Content updates are in-place and unaffected.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OuKey } from "../lib/orgpolicies/plan";
import { ORG_POLICY_TYPES, OrgPolicyType } from "../lib/orgpolicies/types";
import { requireProvider } from "./provider";

export interface GuardrailPolicy {
  /** Policy name in AWS; also its key in `policyIds`. */
  name: string;
  /** Checked here: `aws.organizations.Policy.type` accepts any string. */
  type: OrgPolicyType;
  description: string;
  /** The OU the policy is attached to. */
  target: OuKey;
  /** Minified JSON, already checked against AWS's limits. */
  content: pulumi.Input<string>;
}

export interface GuardrailsArgs {
  policies: GuardrailPolicy[];
  /** OU IDs by key. */
  targets: Record<OuKey, pulumi.Input<string>>;
}

export class Guardrails extends pulumi.ComponentResource {
  readonly policyIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: GuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("isolation:guardrails:Guardrails", name, {}, opts);
    const provider = requireProvider("Guardrails", opts);
    const child = { parent: this, provider };
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const p of args.policies) {
      if (!ORG_POLICY_TYPES.includes(p.type)) {
        throw new Error(
          `Guardrails: policy ${p.name} has type ${String(p.type)}; expected ${ORG_POLICY_TYPES.join(", ")}`,
        );
      }
      const policy = new aws.organizations.Policy(
        p.name,
        { name: p.name, type: p.type, description: p.description, content: p.content },
        { ...child, protect: true },
      );
      new aws.organizations.PolicyAttachment(
        `${p.name}-${p.target}`,
        { policyId: policy.id, targetId: args.targets[p.target] },
        { ...child, protect: true },
      );
      ids[p.name] = policy.id;
    }
    this.policyIds = ids;
    this.registerOutputs({ policyIds: ids });
  }
}
