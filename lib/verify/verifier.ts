/**
 * Verifies stack plans against the live account: identity first for every stack (one STS call; any
 * mismatch stops everything before another call is made), then every expectation of every stack.
 */
import type { AwsClients } from "./clients";
import type { StackPlan } from "./expectations";
import { CallerIdentity, callerIdentity, identityMismatch, identityResult } from "./identity";
import { probeKey, probeObjectLock, probeOrgPolicy, probeVault, ProbeContext } from "./probes";
import { CheckResult, VerifyInputError } from "./types";

export interface StackReport {
  file: string;
  stack: string;
  region: string;
  caller: CallerIdentity;
  checks: CheckResult[];
  notes: string[];
}

export interface VerifyOptions {
  clients: AwsClients;
  /** The time lock dates are compared with. */
  now?: Date;
}

export async function verifyPlans(plans: StackPlan[], opts: VerifyOptions): Promise<StackReport[]> {
  if (plans.length === 0) throw new VerifyInputError("no stack file given; expected one or more FILE.json");
  const caller = await callerIdentity(opts.clients, plans[0].region);
  const mismatches = plans.map((p) => identityMismatch(p, caller)).filter((m): m is string => m !== undefined);
  if (mismatches.length > 0) throw new VerifyInputError(mismatches.join("\n"));
  const now = opts.now ?? new Date();
  const reports: StackReport[] = [];
  for (const plan of plans) {
    const ctx: ProbeContext = { clients: opts.clients, account: caller.account, now };
    const groups = await Promise.all([
      ...plan.vaults.map((v) => probeVault(v, ctx)),
      ...plan.keys.map((k) => probeKey(k, ctx)),
      ...plan.objectLocks.map((b) => probeObjectLock(b, ctx)),
      ...plan.orgPolicies.map((p) => probeOrgPolicy(p, plan.region, ctx)),
    ]);
    reports.push({
      file: plan.file,
      stack: plan.stack,
      region: plan.region,
      caller,
      checks: [identityResult(plan, caller), ...groups.flat()],
      notes: plan.notes,
    });
  }
  return reports;
}
