/**
 * Rules 8 and 9: nothing in the recovery account or the IRE trusts a production account, and the
 * air-gapped vault is shared only with the IRE.
 */
import { label, resourcePolicy, stackAccount } from "./common";
import { T } from "./types";

/** The property of each type that holds a trust-bearing document or principal. */
const TRUST_FIELDS: Readonly<Record<string, string>> = {
  [T.iamRole]: "assumeRolePolicy",
  [T.kmsKey]: "policy",
  [T.kmsReplicaKey]: "policy",
  [T.kmsKeyPolicy]: "policy",
  [T.bucket]: "policy",
  [T.bucketPolicy]: "policy",
  [T.vaultPolicy]: "policy",
  [T.ramPrincipal]: "principal",
};

/**
 * Production account IDs a document names anywhere (principals, ARNs, aws:SourceAccount
 * conditions): a 12-digit run not embedded in a longer number.
 */
export function productionAccountsNamed(value: unknown, prod: readonly string[]): string[] {
  if (value === undefined || value === null || prod.length === 0) return [];
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<!\d)\d{12}(?!\d)/g)) if (prod.includes(m[0])) found.add(m[0]);
  return [...found];
}

export const noSharedTrust = resourcePolicy({
  name: "no-shared-trust-with-production",
  description:
    "No IAM trust policy, key policy, bucket policy, vault policy or RAM share in the recovery account or the IRE names a production account.",
  rule: 8,
  roles: ["recovery", "ire"],
  types: Object.keys(TRUST_FIELDS),
  check(args, ctx, report) {
    const prod = ctx.settings.accounts.prod ?? [];
    if (prod.length === 0) {
      args.notApplicable(
        "no production account IDs in the pack config (accounts.prod): cannot tell which accounts are production",
      );
    }
    const field = TRUST_FIELDS[args.type];
    const named = productionAccountsNamed(args.props[field], prod);
    if (named.length === 0) return;
    report(
      `${label(args)} names production account ${named.join(", ")} in ${field}: a compromised production account must gain no trust in the ${ctx.role} account. Fix: remove it; cross-account copy is granted to the organization (aws:PrincipalOrgID), never to a production account.`,
    );
  },
});

const IAM_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):/;

export const airGappedShareToIreOnly = resourcePolicy({
  name: "air-gapped-vault-share-ire-only",
  description:
    "RAM shares in the recovery account (the air-gapped vault's) set allowExternalPrincipals to false and are associated only with IRE principals.",
  rule: 9,
  roles: ["recovery"],
  types: [T.ramShare, T.ramPrincipal],
  check(args, ctx, report) {
    if (args.type === T.ramShare) {
      if (args.props.allowExternalPrincipals !== false) {
        report(
          `${label(args)} does not set allowExternalPrincipals to false, so the air-gapped vault could be shared outside the organization. Fix: set allowExternalPrincipals: false.`,
        );
      }
      return;
    }
    const principal = args.props.principal;
    const ire = ctx.settings.accounts.ire;
    const own = stackAccount(ctx, args.provider);
    const account =
      typeof principal === "string"
        ? /^\d{12}$/.test(principal)
          ? principal
          : IAM_ARN.exec(principal)?.[1]
        : undefined;
    const ok = account !== undefined && (ire ? account === ire : account !== own);
    if (ok) return;
    const expected = ire
      ? `the IRE account ${ire}`
      : "the IRE account (accounts.ire is not in the pack config; any single other account is accepted)";
    report(
      `${label(args)} shares with ${JSON.stringify(principal)}, not ${expected}: an organization, OU or other account would reach the air-gapped vault. Fix: associate only the IRE account ID.`,
    );
  },
});
