/**
 * Identity first: before verify reads anything, the credentials must belong to the account the
 * stack's provider is pinned to (allowedAccountIds). Checking the recovery stack's expectations
 * against a production account would only produce misleading FAILs, and the deploy itself refuses
 * the same mismatch (DESIGN.md: "Deploying the recovery stack with production credentials must fail
 * before anything is touched").
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describeError, isMissingCredentials } from "./aws-errors";
import type { AwsClients } from "./clients";
import type { StackPlan } from "./expectations";
import { CheckResult, VerifyInputError } from "./types";

export interface CallerIdentity {
  account: string;
  arn?: string;
}

/**
 * STS GetCallerIdentity, which needs no permission; failures make the input unusable (exit 2).
 * `command` names the npm script in the hint (verify, drill).
 */
export async function callerIdentity(
  clients: Pick<AwsClients, "sts">,
  region: string,
  command = "verify",
): Promise<CallerIdentity> {
  let out;
  try {
    out = await clients.sts(region).send(new GetCallerIdentityCommand({}));
  } catch (e) {
    if (isMissingCredentials(e)) {
      throw new VerifyInputError(
        `no AWS credentials found (${(e as Error).message}); expected credentials for the stack's account, e.g. AWS_PROFILE=<profile> npm run ${command} -- FILE.json`,
      );
    }
    throw new VerifyInputError(
      `cannot establish who the credentials belong to: STS GetCallerIdentity ${describeError(e)}`,
    );
  }
  if (!out.Account) throw new VerifyInputError("STS GetCallerIdentity returned no Account");
  return { account: out.Account, arn: out.Arn };
}

/** Why the caller may not verify this stack (the message for exit 2), or undefined when it may. */
export function identityMismatch(
  plan: Pick<StackPlan, "file" | "stack" | "accounts">,
  caller: CallerIdentity,
): string | undefined {
  if (plan.accounts.includes(caller.account)) return undefined;
  const expected = plan.accounts.length === 1 ? `account ${plan.accounts[0]}` : `one of ${plan.accounts.join(", ")}`;
  return (
    `${plan.file}: stack ${plan.stack} is pinned to ${expected} (its aws provider's allowedAccountIds), ` +
    `but the credentials are for account ${caller.account}${caller.arn ? ` (${caller.arn})` : ""}; ` +
    `use credentials for ${expected}`
  );
}

export function identityResult(plan: StackPlan, caller: CallerIdentity): CheckResult {
  return {
    check: "identity",
    status: "PASS",
    subject: `credentials for stack ${plan.stack}`,
    expected: `account ${plan.accounts.join(" or ")} (allowedAccountIds)`,
    actual: `account ${caller.account}${caller.arn ? ` as ${caller.arn}` : ""}`,
  };
}
