/**
 * A customer-managed KMS key of the recovery account: rotation on, the longest deletion window,
 * a key policy built by lib/recoverypolicies/key-policy.ts, and an alias. The key is protected and
 * retained on delete: backups encrypted with it are unreadable without it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertPolicySize, PolicyDocument } from "../lib/recoverypolicies/document";
import { KEY_POLICY_MAX_CHARS } from "../lib/recoverypolicies/key-policy";
import { requireProvider } from "./provider";

/** KMS accepts 7 to 30 days; the maximum gives the most time to notice and cancel a deletion. */
export const KEY_DELETION_WINDOW_DAYS = 30;

export interface RecoveryKeyArgs {
  /** What the key protects, for the console and for reviewers. */
  description: string;
  /** The key policy document (typed; serialised and size-checked here). */
  policy: pulumi.Input<PolicyDocument>;
  /** Alias name without the `alias/` prefix. */
  alias: string;
  /** Region of the key when it is not the provider's (the second region's vault key). */
  region?: string;
}

export class RecoveryKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: RecoveryKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("RecoveryKey", opts);
    super("isolation:recovery:RecoveryKey", name, {}, opts);
    const child = { parent: this, provider };
    this.key = new aws.kms.Key(
      name,
      {
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: pulumi
          .output(args.policy)
          .apply((doc) => assertPolicySize(doc, KEY_POLICY_MAX_CHARS, `${name} key policy`)),
        bypassPolicyLockoutSafetyCheck: false,
        ...(args.region ? { region: args.region } : {}),
      },
      { ...child, protect: true, retainOnDelete: true },
    );
    new aws.kms.Alias(
      name,
      { name: `alias/${args.alias}`, targetKeyId: this.key.keyId, ...(args.region ? { region: args.region } : {}) },
      child,
    );
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
