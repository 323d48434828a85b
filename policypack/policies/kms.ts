/** Rule 5: KMS keys in the recovery account and the IRE. */
import { accountsOf, conditionEntries, parsePolicyDocument, statementCovers, type Statement } from "./iam";
import { asNumber, label, resourcePolicy, stackAccount } from "./common";
import { T } from "./types";

/**
 * A vault lock does not protect the key that encrypts the vault: ScheduleKeyDeletion takes 7 to 30
 * days (KMS API reference, ScheduleKeyDeletion PendingWindowInDays, default 30). The longest
 * window gives the most time to notice and cancel. Rotation: EnableKeyRotation.
 */
export const REQUIRED_DELETION_WINDOW_DAYS = 30;

/** Actions that can read data encrypted under the key, directly or by granting themselves access. */
const DECRYPTING_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

function grantsDecrypt(s: Statement): boolean {
  if (DECRYPTING_ACTIONS.some((a) => statementCovers(s, a))) return true;
  // A grant for an AWS service (Backup, EBS) is what cross-account copy needs; any other grant can
  // carry Decrypt (KMS Developer Guide, "kms:GrantIsForAWSResource").
  if (!statementCovers(s, "kms:CreateGrant")) return false;
  return !conditionEntries(s).some((c) => c.key === "kms:grantisforawsresource" && c.values.includes("true"));
}

const ACCOUNT_KEYS = new Set(["kms:calleraccount", "aws:principalaccount"]);

/** Accounts outside `allowed` that a decrypting Allow statement admits; ["*"] for anyone. */
function outsiders(s: Statement, allowed: ReadonlySet<string>): string[] {
  const p = s.principal;
  if (s.notPrincipal) return ["NotPrincipal"];
  if (!p) return [];
  if (p.any) {
    const pinned = conditionEntries(s).find((c) => ACCOUNT_KEYS.has(c.key) && /^stringequals$/i.test(c.op));
    if (pinned && pinned.values.length > 0 && pinned.values.every((v) => allowed.has(v))) return [];
    return ["*"];
  }
  const out: string[] = [];
  for (const entry of p.aws) {
    const [account] = accountsOf([entry]);
    if (!account || !allowed.has(account)) out.push(account ?? entry);
  }
  return out;
}

export function keyPolicyProblems(policy: unknown, allowed: ReadonlySet<string>): string[] {
  if (policy === undefined || policy === null || policy === "") return [];
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return [`its policy is ${parsed.error}`];
  const out: string[] = [];
  for (const s of parsed.statements) {
    if (s.effect !== "Allow" || !grantsDecrypt(s)) continue;
    const who = outsiders(s, allowed);
    if (who.length > 0) {
      out.push(`${s.sid ? `statement "${s.sid}"` : "an Allow statement"} lets ${who.join(", ")} decrypt`);
    }
  }
  return out;
}

export const kmsKeyHardening = resourcePolicy({
  name: "recovery-kms-key-hardening",
  description:
    "KMS keys in the recovery account and the IRE rotate, keep a 30-day deletion window, and let no principal outside those two accounts decrypt.",
  rule: 5,
  roles: ["recovery", "ire"],
  types: [T.kmsKey],
  check(args, ctx, report) {
    const problems: string[] = [];
    if (args.props.enableKeyRotation !== true) problems.push("enableKeyRotation is not true");
    const window = args.props.deletionWindowInDays;
    // Unset means KMS's default of 30 days.
    if (window !== undefined && window !== null && asNumber(window) !== REQUIRED_DELETION_WINDOW_DAYS) {
      problems.push(`deletionWindowInDays is ${JSON.stringify(window)}, not ${REQUIRED_DELETION_WINDOW_DAYS}`);
    }
    const { recovery, ire } = ctx.settings.accounts;
    const own = stackAccount(ctx, args.provider);
    const allowed = new Set([recovery, ire, own].filter((a): a is string => a !== undefined));
    problems.push(...keyPolicyProblems(args.props.policy, allowed));
    if (problems.length === 0) return;
    const note =
      recovery && ire
        ? ""
        : ` (accounts.recovery / accounts.ire are not in the pack config; trusted: ${[...allowed].join(", ") || "none"})`;
    report(
      `${label(args)} is not hardened: ${problems.join("; ")}${note}. Fix: set enableKeyRotation: true, deletionWindowInDays: ${REQUIRED_DELETION_WINDOW_DAYS}, and grant kms:Decrypt only to principals of the recovery and IRE accounts (AWS services get grants with kms:GrantIsForAWSResource).`,
    );
  },
});
