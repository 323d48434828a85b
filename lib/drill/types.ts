/**
 * What `npm run drill` produces: one result per destructive call it attempts against the recovery
 * account, each saying whether the guardrails refused it and which one did.
 */
/**
 * PASS: AWS refused the call with an explicit deny of a guardrail (the recovery OU's SCP, or the
 * vault access policy). FAIL: AWS let the call through authorization (it answered "not found" or
 * "invalid parameter" for the made-up target, or accepted it): the guardrail did not stop it,
 * though nothing was harmed because the target does not exist. INCONCLUSIVE: AWS refused or
 * answered for a reason that says nothing about the guardrails (the drill role's own permissions,
 * or a service that looks the target up before authorizing). ERROR: no answer worth judging
 * (throttling, network, an unexpected error).
 */
export type DrillStatus = "PASS" | "FAIL" | "INCONCLUSIVE" | "ERROR";

/** The guardrails a probe's call falls under. */
export type Guardrail = "scp" | "vault-policy";

/** The services the drill calls; never S3 (bucket names are global), Organizations or IAM. */
export const PROBE_SERVICES = ["backup", "kms", "cloudtrail"] as const;
export type ProbeService = (typeof PROBE_SERVICES)[number];

/**
 * An AWS SDK v3 command object (`new DeleteBackupVaultCommand({...})`): what is sent is exactly what
 * the safety test inspects, its `input`.
 */
export interface SdkCommand {
  readonly input: object;
}

/** A command of the given service's client. */
export interface ProbeCall {
  service: ProbeService;
  command: SdkCommand;
}

/** One destructive call the drill makes, built in full before anything is sent. */
export type Probe = ProbeCall & {
  /** The IAM action the call is authorized as (an entry of lib/guardrail-actions.ts). */
  action: string;
  region: string;
  /** What the call names, for people: `vault isolation-drill-1a2b... (does not exist)`. */
  target: string;
  guardrails: Guardrail[];
  /** Every identifier in the call that the drill made up (none of them exists). */
  generated: string[];
  /** The one real resource a probe may name: the locked vault of a recovery-point probe. */
  realVault?: { name: string; urn: string };
  /** Error codes that show the request got past authorization (the guardrail did not deny): FAIL. */
  authorizedCodes: readonly string[];
  /**
   * Error codes the service may answer before it authorizes (KMS cannot authorize against the key
   * policy of a key that does not exist): INCONCLUSIVE rather than FAIL.
   */
  preAuthorizationCodes: readonly string[];
};

export interface ProbeResult {
  action: string;
  region: string;
  target: string;
  guardrails: Guardrail[];
  status: DrillStatus;
  /** For PASS: the policy type AWS named (and the policy's ARN when AWS gave it). */
  deniedBy?: string;
  /** What AWS answered: error code, HTTP status and message, or "accepted". */
  answer: string;
  /** For anything but PASS: what it means and what to do. */
  hint?: string;
}

/** A guarded action the drill does not attempt, and why. */
export interface Unprobed {
  action: string;
  reason: string;
}
