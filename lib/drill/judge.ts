/**
 * Judging what AWS answered to a probe. Pure.
 *
 * An access-denied message says which kind of policy refused the call (IAM user guide,
 * "Troubleshoot access denied error messages",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): an explicit
 * deny reads "... with an explicit deny in a <type> policy", an implicit one "... because no <type>
 * policy allows the <action> action", where <type> is service control, resource control,
 * resource-based, identity-based, session, or permissions boundary. Since 2025 AWS may append the
 * denying policy's ARN (AWS Security Blog, "Enhanced access denied error messages with policy ARNs").
 * The same page warns that some services do not use this format, and that when several policy
 * types deny a request the message names only one of them: that is why the drill role must hold an
 * identity policy allowing every probed action, so that nothing but the guardrails can deny it.
 */
import { describeError, errorCode, isAccessDenied, type AwsErrorLike } from "../verify/aws-errors";
import type { DrillStatus, Probe, ProbeResult } from "./types";

export type Outcome = { ok: true } | { ok: false; error: unknown };

export interface Denial {
  explicit: boolean;
  /**
   * The policy type as the message names it, lowercased: "service control policy", "resource-based
   * policy", "identity-based policy", "session policy", "permissions boundary", ...; undefined when
   * the message names none.
   */
  policyType?: string;
  /** The denying policy's ARN, when AWS includes it. */
  policyArn?: string;
}

const TYPE = "([a-z][a-z -]*?(?:polic(?:y|ies)|boundary))";
const EXPLICIT = new RegExp(`with an explicit deny(?: in (?:an? |the )?${TYPE})?(?::\\s*(arn:\\S+))?`, "i");
const IMPLICIT = new RegExp(`because no ${TYPE} allows`, "i");

/** Reads an access-denied message; undefined when it says neither "explicit deny" nor "because no ... allows". */
export function parseDenial(message: string): Denial | undefined {
  const explicit = EXPLICIT.exec(message);
  if (explicit) {
    const denial: Denial = { explicit: true };
    if (explicit[1]) denial.policyType = normalise(explicit[1]);
    if (explicit[2]) denial.policyArn = explicit[2].replace(/[.,;]+$/, "");
    return denial;
  }
  const implicit = IMPLICIT.exec(message);
  if (implicit) return { explicit: false, policyType: normalise(implicit[1]) };
  return undefined;
}

function normalise(type: string): string {
  return type
    .toLowerCase()
    .replace(/policies$/, "policy")
    .trim();
}

/** Policy types that belong to the drill's own identity: a denial by them tests no guardrail. */
const OWN_TYPES = ["identity-based policy", "session policy", "permissions boundary"];

/** Explicit denies by these are the guardrails the drill is about. */
const GUARDRAIL_TYPES: Record<string, string> = {
  "service control policy": "the service control policy (SCP)",
  "resource control policy": "a resource control policy (RCP)",
};

function resourcePolicyName(probe: Probe): string {
  return probe.guardrails.includes("vault-policy") ? "the vault access policy" : "a resource-based policy";
}

const IDENTITY_HINT =
  "the drill role's own permissions refused the call, so the guardrails were never put to the test: give the drill role an identity policy that allows exactly the probed actions (README, 'Drilling the guardrails'), with no Deny, permissions boundary or session policy that removes them";

const THROTTLING =
  /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|SlowDown|RequestThrottled)$/;

export function judge(probe: Probe, outcome: Outcome): ProbeResult {
  const base = { action: probe.action, region: probe.region, target: probe.target, guardrails: probe.guardrails };
  const result = (status: DrillStatus, answer: string, extra: Partial<ProbeResult> = {}): ProbeResult => ({
    ...base,
    status,
    answer,
    ...extra,
  });
  // An answer without error is a FAIL too: AWS Backup's DeleteRecoveryPoint may answer HTTP 200 and
  // only then fail the deletion (AWS Backup API reference, DeleteRecoveryPoint), so success says
  // the call was authorized, whatever became of it.
  if (outcome.ok) {
    return result("FAIL", "AWS accepted the call", {
      hint: `${probe.action} was allowed: no guardrail denied it (nothing was changed, the target does not exist); check that the recovery OU's SCP is attached and denies it, and that the drill role is not exempt`,
    });
  }
  const error = outcome.error;
  const answer = describeError(error);
  const code = errorCode(error);

  if (isAccessDenied(error)) {
    const denial = parseDenial((error as AwsErrorLike).message ?? "");
    if (!denial) {
      return result("INCONCLUSIVE", answer, {
        hint: "AWS refused the call without saying which kind of policy did (some services do not); nothing shows that a guardrail was the reason",
      });
    }
    const type = denial.policyType;
    const own = type !== undefined && OWN_TYPES.includes(type);
    if (denial.explicit) {
      const via = denial.policyArn ? ` (${denial.policyArn})` : "";
      if (type === undefined) {
        return result("PASS", answer, { deniedBy: `an explicit deny (AWS did not say in which kind of policy)${via}` });
      }
      if (GUARDRAIL_TYPES[type]) return result("PASS", answer, { deniedBy: `${GUARDRAIL_TYPES[type]}${via}` });
      if (type === "resource-based policy") {
        return result("PASS", answer, { deniedBy: `${resourcePolicyName(probe)}${via}` });
      }
      return result("INCONCLUSIVE", answer, {
        hint: own
          ? `an explicit deny in the drill role's ${type}: ${IDENTITY_HINT}`
          : `an explicit deny in a ${type}, which is none of the guardrails the drill tests (SCP, vault access policy)`,
      });
    }
    // Implicit: nothing allowed the call. Only an organization policy that allows nothing is a guardrail.
    if (type !== undefined && GUARDRAIL_TYPES[type]) {
      return result("PASS", answer, {
        deniedBy: `${GUARDRAIL_TYPES[type]}, implicitly: none of the organization's policies allows the action`,
      });
    }
    return result("INCONCLUSIVE", answer, {
      hint: own
        ? `no ${type} allows the action: ${IDENTITY_HINT}`
        : `AWS refused the call because no ${type} allows it, which is not a guardrail's deny`,
    });
  }

  if (probe.preAuthorizationCodes.includes(code)) {
    return result("INCONCLUSIVE", answer, {
      hint: `${probe.action.split(":")[0].toUpperCase()} answered ${code} for a target that does not exist, which it may do before evaluating any policy: this says nothing about the guardrail (verify checks the real keys' state instead)`,
    });
  }
  if (probe.authorizedCodes.includes(code)) {
    return result("FAIL", answer, {
      hint: `AWS got past authorization and looked for the made-up target (${code}): no guardrail denied ${probe.action}. Nothing was harmed, the target does not exist; check that the recovery OU's SCP is attached and denies the action, and that the drill role is not exempt from it`,
    });
  }
  const status = (error as AwsErrorLike | undefined)?.$metadata?.httpStatusCode;
  const transient = THROTTLING.test(code) || (status !== undefined && status >= 500);
  return result("ERROR", answer, {
    hint: transient
      ? "AWS did not answer the question (throttled or unavailable); run the drill again"
      : "an answer the drill does not know how to judge; look at the error, and run the drill again",
  });
}
