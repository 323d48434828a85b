/** Rule 3: the recovery account's stateful resources cannot be deleted by a careless `pulumi up`. */
import { decodeObject, label, resourcePolicy } from "./common";
import { T } from "./types";

/**
 * A bucket is the audit bucket when it keeps Object Lock on, or says so by tag or name. Policies
 * cannot see retainOnDelete (the engine passes protect, not retainOnDelete), so only protect is checked.
 */
export function isAuditBucket(props: Record<string, unknown>): boolean {
  if (props.objectLockEnabled === true) return true;
  const tags = decodeObject(props.tags) ?? {};
  if (tags["isolation:purpose"] === "audit") return true;
  const name =
    typeof props.bucket === "string" ? props.bucket : typeof props.bucketPrefix === "string" ? props.bucketPrefix : "";
  return /audit|trail/i.test(name);
}

const STATEFUL = [T.vault, T.vaultLock, T.airGappedVault, T.kmsKey, T.kmsReplicaKey, T.bucketObjectLock, T.bucket];

export const recoveryStatefulProtected = resourcePolicy({
  name: "recovery-stateful-resources-protected",
  description:
    "Stateful recovery resources (vaults, vault locks, air-gapped vaults, KMS keys, the audit bucket and its object lock) carry protect: true.",
  rule: 3,
  roles: ["recovery"],
  types: STATEFUL,
  check(args, _ctx, report) {
    if (args.type === T.bucket && !isAuditBucket(args.props)) return;
    if (args.opts.protect === true) return;
    report(
      `${label(args)} is a stateful recovery resource without protect: true, so removing it from the program would delete it. Fix: pass { protect: true, retainOnDelete: true } in its resource options.`,
    );
  },
});
