/**
 * The drill over stack plans: identity first for every stack (one STS call; a wrong account stops
 * everything before any probe is built or sent), then each recovery stack's probes, one at a time
 * (a few dozen calls; one at a time keeps clear of API rate limits and keeps CloudTrail readable).
 */
import { parseRole } from "../roles";
import type { StackPlan } from "../verify/expectations";
import { CallerIdentity, callerIdentity, identityMismatch } from "../verify/identity";
import { VerifyInputError } from "../verify/types";
import { judge } from "./judge";
import { buildProbes } from "./probes";
import { DrillClients, sendProbe } from "./send";
import { cryptoRandom, DrillTargets, RandomSource } from "./targets";
import { partitionOf } from "../arn";
import type { ProbeResult, ProbeService, Unprobed } from "./types";

export interface DrillReport {
  file: string;
  stack: string;
  region: string;
  caller: CallerIdentity;
  results: ProbeResult[];
  unprobed: Unprobed[];
  notes: string[];
}

export interface DrillOptions {
  clients: DrillClients;
  /** Where made-up identifiers come from (tests pass a seeded source). */
  random?: RandomSource;
  /**
   * Services not to probe (`--skip`). For calibration after a first real run: a service that
   * answers "not found" before it authorizes (KMS may; see types.ts) makes its probes INCONCLUSIVE
   * every time, and a daily job that always fails teaches people to ignore it. Skipped actions are
   * listed as not probed, with the reason, never as passed.
   */
  skip?: readonly ProbeService[];
}

/**
 * The drill tests the recovery OU's guardrails; another stack's account is not under them, and its
 * probes would all be FAILs that mean nothing.
 */
export function requireRecovery(plan: StackPlan): void {
  if (parseRole(plan.stack)?.role === "recovery") return;
  throw new VerifyInputError(
    `${plan.file}: stack ${plan.stack} is not a recovery stack; expected the recovery stack's export (the drill tests the recovery OU's SCP and the recovery vaults' access policies)`,
  );
}

export async function drillPlans(plans: StackPlan[], opts: DrillOptions): Promise<DrillReport[]> {
  if (plans.length === 0) throw new VerifyInputError("no stack file given; expected one or more FILE.json");
  plans.forEach(requireRecovery);
  const caller = await callerIdentity(opts.clients, plans[0].region, "drill");
  const mismatches = plans.map((p) => identityMismatch(p, caller)).filter((m): m is string => m !== undefined);
  if (mismatches.length > 0) throw new VerifyInputError(mismatches.join("\n"));
  const reports: DrillReport[] = [];
  for (const plan of plans) {
    const targets = new DrillTargets(opts.random ?? cryptoRandom, partitionOf(plan.region), caller.account);
    const lockedVaults = plan.vaults.filter((v) => v.lockUrn !== undefined || v.airGapped);
    const built = buildProbes({ region: plan.region, targets, lockedVaults });
    const skip = new Set(opts.skip ?? []);
    const probes = built.probes.filter((p) => !skip.has(p.service));
    const skipped = [...new Set(built.probes.filter((p) => skip.has(p.service)).map((p) => p.action))];
    const unprobed = [
      ...built.unprobed,
      ...skipped.map((action) => ({ action, reason: `skipped with --skip ${action.split(":")[0]}` })),
    ];
    const notes: string[] = [];
    if (lockedVaults.length === 0) {
      notes.push(
        "the export declares no locked vault: DeleteRecoveryPoint and UpdateRecoveryPointLifecycle were not attempted",
      );
    }
    const results: ProbeResult[] = [];
    for (const probe of probes) results.push(judge(probe, await sendProbe(probe, opts.clients)));
    reports.push({ file: plan.file, stack: plan.stack, region: plan.region, caller, results, unprobed, notes });
  }
  return reports;
}
