/**
 * Rule 12: every AWS resource deploys through the stack's explicit provider, pinned to the stack's
 * own account, so credentials for the wrong account fail before anything is touched.
 */
import { allowedAccountsOf, configuredStackAccount, label, resourcePolicy } from "./common";
import { T } from "./types";

export const explicitAccountProvider = resourcePolicy({
  name: "explicit-account-provider",
  description:
    "Every AWS resource uses an explicit aws provider (never the default provider) whose allowedAccountIds is exactly the stack's own account.",
  rule: 12,
  check(args, ctx, report) {
    if (!args.type.startsWith("aws:")) return;
    const p = args.provider;
    if (!p || p.type !== T.awsProvider || p.name.startsWith("default")) {
      report(
        `${label(args)} uses ${!p ? "no explicit provider" : p.type !== T.awsProvider ? `a provider of type ${p.type}` : `the default provider "${p.name}"`}. Fix: pass { provider } (the stack's account provider from components/provider.ts) in its resource options.`,
      );
      return;
    }
    const allowed = allowedAccountsOf(p) ?? [];
    const { settings, role, stack } = ctx;
    const expected = configuredStackAccount(ctx);
    const prodAccounts = role === "prod" ? settings.accounts.prod : undefined;
    let problem: string | undefined;
    if (allowed.length !== 1) {
      problem = `its provider "${p.name}" allows ${allowed.length === 0 ? "any account" : `accounts ${allowed.join(", ")}`}, not exactly one`;
    } else if (expected && allowed[0] !== expected) {
      problem = `its provider "${p.name}" allows account ${allowed[0]}, but stack "${stack}" deploys into ${expected}`;
    } else if (!expected && prodAccounts && prodAccounts.length > 0 && !prodAccounts.includes(allowed[0])) {
      problem = `its provider "${p.name}" allows account ${allowed[0]}, which is not one of the production accounts ${prodAccounts.join(", ")}`;
    }
    if (!problem) return;
    const inferred = expected
      ? ""
      : " (the stack's account is not in the pack config, so only a single account is required)";
    report(
      `${label(args)}: ${problem}${inferred}. Fix: set allowedAccountIds on the stack's provider to exactly [${expected ?? "<the stack's account>"}].`,
    );
  },
});
