/**
 * The drill's probes, built from a recovery stack plan before anything is sent. Pure: no AWS call.
 *
 * The list of actions comes from lib/guardrail-actions.ts (what the recovery OU's SCP must deny):
 * every action there either has a builder below or a reason why the drill cannot attempt it safely
 * (UNPROBED_REASONS); a test keeps the two complete. Every probe names identifiers the drill made up
 * (lib/drill/targets.ts), so that a call AWS wrongly allowed still has nothing to act on. The one
 * exception is deliberate: DeleteRecoveryPoint and UpdateRecoveryPointLifecycle name a real locked
 * vault, because only a real vault has the access policy those calls must also be denied by, and
 * they name a recovery point that does not exist in it. Calls that act on a vault itself (delete it,
 * its lock, its policy) never name a real vault: a missing guardrail plus an empty vault whose lock
 * is still in its grace time would be a real deletion.
 *
 * Request shapes: AWS Backup, AWS KMS and AWS CloudTrail API references for each operation.
 */
import {
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  DeleteBackupVaultAccessPolicyCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DeleteBackupVaultNotificationsCommand,
  DeleteFrameworkCommand,
  DeleteRecoveryPointCommand,
  DeleteReportPlanCommand,
  DeleteRestoreTestingPlanCommand,
  DeleteRestoreTestingSelectionCommand,
  DisassociateBackupVaultMpaApprovalTeamCommand,
  DisassociateRecoveryPointCommand,
  DisassociateRecoveryPointFromParentCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultLockConfigurationCommand,
  PutBackupVaultNotificationsCommand,
  UpdateRecoveryPointLifecycleCommand,
} from "@aws-sdk/client-backup";
import {
  DeleteTrailCommand,
  PutEventSelectorsCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  DeleteImportedKeyMaterialCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import { RECOVERY_SCP_DENIED_ACTIONS, VAULT_POLICY_DENIED_ACTIONS } from "../guardrail-actions";
import type { VaultExpectation } from "../verify/vaults";
import { DrillTargets } from "./targets";
import type { Guardrail, Probe, ProbeCall, SdkCommand, Unprobed } from "./types";

/** Answers that show AWS Backup authorized the request and then looked at its parameters. */
const BACKUP_AUTHORIZED = [
  "ResourceNotFoundException",
  "InvalidParameterValueException",
  "InvalidRequestException",
  "MissingParameterValueException",
  "InvalidResourceStateException",
  "ConflictException",
  "ValidationException",
] as const;

/**
 * KMS authorizes a call on a key against that key's policy ("Every KMS key must have exactly one key
 * policy", AWS KMS developer guide, "Key policies in AWS KMS"); a key that does not exist has none,
 * so KMS may well answer NotFoundException before it evaluates any policy, the SCP included. Such an
 * answer (and a malformed ARN or policy) says nothing about the guardrail: INCONCLUSIVE.
 */
const KMS_PRE_AUTHORIZATION = ["NotFoundException", "InvalidArnException", "MalformedPolicyDocumentException"] as const;
/** KMS answers that need a key it found and authorized against. */
const KMS_AUTHORIZED = [
  "KMSInvalidStateException",
  "DisabledException",
  "UnsupportedOperationException",
  "ValidationException",
] as const;

const TRAIL_AUTHORIZED = [
  "TrailNotFoundException",
  "InvalidTrailNameException",
  "CloudTrailARNInvalidException",
  "InvalidHomeRegionException",
  "InvalidEventSelectorsException",
  "InvalidParameterException",
  "InvalidParameterCombinationException",
  "OperationNotPermittedException",
  "NotOrganizationMasterAccountException",
  "UnsupportedOperationException",
  "ConflictException",
  "ValidationException",
] as const;

interface BuildContext {
  /** The stack's region: account-wide probes go there (an SCP applies in every region alike). */
  region: string;
  targets: DrillTargets;
  /** The stack's locked vaults (Vault Lock, or logically air-gapped), each in its own region. */
  lockedVaults: VaultExpectation[];
}

type Builder = (ctx: BuildContext) => Probe[];

/** `generated` lists every made-up identifier of the call; each must appear in the command's input. */
function probe(
  call: ProbeCall,
  action: string,
  region: string,
  target: string,
  generated: string[],
  extra: Partial<Pick<Probe, "realVault" | "guardrails">> = {},
): Probe {
  const codes =
    call.service === "backup"
      ? { authorizedCodes: BACKUP_AUTHORIZED, preAuthorizationCodes: [] }
      : call.service === "kms"
        ? { authorizedCodes: KMS_AUTHORIZED, preAuthorizationCodes: KMS_PRE_AUTHORIZATION }
        : { authorizedCodes: TRAIL_AUTHORIZED, preAuthorizationCodes: [] };
  return { ...call, action, region, target, generated, guardrails: ["scp"], ...codes, ...extra };
}

const NOT_EXISTING = "(does not exist)";

/** A recovery-point call on every locked vault: real vault, made-up recovery point. */
function onLockedVaults(action: string, make: (vault: string, recoveryPointArn: string) => ProbeCall): Builder {
  return ({ targets, lockedVaults }) =>
    lockedVaults.map((v) => {
      const rp = targets.recoveryPointArn(v.region);
      // The vault access policy denies this action to everyone, if the export carries one for the vault.
      const guardrails: Guardrail[] =
        v.policy && (VAULT_POLICY_DENIED_ACTIONS as readonly string[]).includes(action)
          ? ["scp", "vault-policy"]
          : ["scp"];
      return probe(
        make(v.name, rp),
        action,
        v.region,
        `recovery point ${rp} ${NOT_EXISTING} in the real vault ${v.name}`,
        [rp],
        { realVault: { name: v.name, urn: v.urn }, guardrails },
      );
    });
}

/** A call on one made-up vault in the stack's region. */
function onMadeUpVault(action: string, make: (vault: string, t: DrillTargets, region: string) => ProbeCall): Builder {
  return ({ targets, region }) => {
    const before = new Set<string>();
    const vault = targets.vaultName();
    before.add(vault);
    const call = make(vault, recording(targets, before), region);
    return [probe(call, action, region, `vault ${vault} ${NOT_EXISTING}`, [...before])];
  };
}

/** A DrillTargets whose every made-up identifier is also added to `into`. */
function recording(targets: DrillTargets, into: Set<string>): DrillTargets {
  return new Proxy(targets, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const made = (value as (...a: unknown[]) => unknown).apply(t, args);
        if (typeof made === "string") into.add(made);
        return made;
      };
    },
  });
}

/** A call on made-up identifiers only, in the stack's region; `make` gets a recording DrillTargets. */
function onMadeUp(
  action: string,
  describe: (ids: string[]) => string,
  make: (t: DrillTargets, region: string) => ProbeCall,
): Builder {
  return ({ targets, region }) => {
    const made = new Set<string>();
    const call = make(recording(targets, made), region);
    return [probe(call, action, region, describe([...made]), [...made])];
  };
}

/**
 * A policy that only protects: were it ever applied, it would deny recovery point deletion to
 * everyone. It is sent to a vault that does not exist.
 */
const HARMLESS_VAULT_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "IsolationDrill",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "backup:DeleteRecoveryPoint",
      Resource: "*",
    },
  ],
});

/** AWS KMS's default key policy (account root may administer the key), for a key that does not exist. */
function harmlessKeyPolicy(partition: string, account: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "IsolationDrill",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  });
}

const keyProbe = (action: string, make: (keyArn: string, t: DrillTargets) => ProbeCall): Builder =>
  onMadeUp(
    action,
    ([key]) => `KMS key ${key} ${NOT_EXISTING}`,
    (t, region) => make(t.keyArn(region), t),
  );

const trailProbe = (action: string, make: (trail: string) => ProbeCall): Builder =>
  onMadeUp(
    action,
    ([trail]) => `trail ${trail} ${NOT_EXISTING}`,
    (t) => make(t.trailName()),
  );

const backup = (command: SdkCommand): ProbeCall => ({ service: "backup", command });
const kms = (command: SdkCommand): ProbeCall => ({ service: "kms", command });
const cloudtrail = (command: SdkCommand): ProbeCall => ({ service: "cloudtrail", command });

/** How the drill attempts each action it can attempt safely. */
export const PROBE_BUILDERS: Readonly<Record<string, Builder>> = {
  // Real locked vault, made-up recovery point: the vault access policy and the SCP both apply.
  "backup:DeleteRecoveryPoint": onLockedVaults("backup:DeleteRecoveryPoint", (vault, rp) =>
    backup(new DeleteRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: rp })),
  ),
  // No Lifecycle at all: were it applied, the call would change nothing.
  "backup:UpdateRecoveryPointLifecycle": onLockedVaults("backup:UpdateRecoveryPointLifecycle", (vault, rp) =>
    backup(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: vault, RecoveryPointArn: rp })),
  ),
  // Made-up vaults: the SCP alone applies.
  "backup:DeleteBackupVault": onMadeUpVault("backup:DeleteBackupVault", (vault) =>
    backup(new DeleteBackupVaultCommand({ BackupVaultName: vault })),
  ),
  "backup:DeleteBackupVaultAccessPolicy": onMadeUpVault("backup:DeleteBackupVaultAccessPolicy", (vault) =>
    backup(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: vault })),
  ),
  "backup:PutBackupVaultAccessPolicy": onMadeUpVault("backup:PutBackupVaultAccessPolicy", (vault) =>
    backup(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: vault, Policy: HARMLESS_VAULT_POLICY })),
  ),
  "backup:DeleteBackupVaultLockConfiguration": onMadeUpVault("backup:DeleteBackupVaultLockConfiguration", (vault) =>
    backup(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: vault })),
  ),
  // Governance mode (no ChangeableForDays), one day's minimum retention: nothing that lasts.
  "backup:PutBackupVaultLockConfiguration": onMadeUpVault("backup:PutBackupVaultLockConfiguration", (vault) =>
    backup(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: vault, MinRetentionDays: 1 })),
  ),
  "backup:DeleteBackupVaultNotifications": onMadeUpVault("backup:DeleteBackupVaultNotifications", (vault) =>
    backup(new DeleteBackupVaultNotificationsCommand({ BackupVaultName: vault })),
  ),
  "backup:PutBackupVaultNotifications": onMadeUpVault("backup:PutBackupVaultNotifications", (vault, t, region) =>
    backup(
      new PutBackupVaultNotificationsCommand({
        BackupVaultName: vault,
        SNSTopicArn: t.topicArn(region),
        BackupVaultEvents: ["BACKUP_JOB_COMPLETED"],
      }),
    ),
  ),
  "backup:DisassociateRecoveryPoint": onMadeUpVault("backup:DisassociateRecoveryPoint", (vault, t, region) =>
    backup(
      new DisassociateRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: t.recoveryPointArn(region) }),
    ),
  ),
  "backup:DisassociateRecoveryPointFromParent": onMadeUpVault(
    "backup:DisassociateRecoveryPointFromParent",
    (vault, t, region) =>
      backup(
        new DisassociateRecoveryPointFromParentCommand({
          BackupVaultName: vault,
          RecoveryPointArn: t.recoveryPointArn(region),
        }),
      ),
  ),
  "backup:DisassociateBackupVaultMpaApprovalTeam": onMadeUpVault(
    "backup:DisassociateBackupVaultMpaApprovalTeam",
    (vault) => backup(new DisassociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: vault })),
  ),
  "backup:DeleteBackupPlan": onMadeUp(
    "backup:DeleteBackupPlan",
    ([plan]) => `backup plan ${plan} ${NOT_EXISTING}`,
    (t) => backup(new DeleteBackupPlanCommand({ BackupPlanId: t.backupId() })),
  ),
  "backup:DeleteBackupSelection": onMadeUp(
    "backup:DeleteBackupSelection",
    ([plan, selection]) => `selection ${selection} of backup plan ${plan} ${NOT_EXISTING}`,
    (t) => backup(new DeleteBackupSelectionCommand({ BackupPlanId: t.backupId(), SelectionId: t.backupId() })),
  ),
  "backup:DeleteFramework": onMadeUp(
    "backup:DeleteFramework",
    ([name]) => `audit framework ${name} ${NOT_EXISTING}`,
    (t) => backup(new DeleteFrameworkCommand({ FrameworkName: t.underscoreName() })),
  ),
  "backup:DeleteReportPlan": onMadeUp(
    "backup:DeleteReportPlan",
    ([name]) => `report plan ${name} ${NOT_EXISTING}`,
    (t) => backup(new DeleteReportPlanCommand({ ReportPlanName: t.underscoreName() })),
  ),
  "backup:DeleteRestoreTestingPlan": onMadeUp(
    "backup:DeleteRestoreTestingPlan",
    ([name]) => `restore testing plan ${name} ${NOT_EXISTING}`,
    (t) => backup(new DeleteRestoreTestingPlanCommand({ RestoreTestingPlanName: t.underscoreName() })),
  ),
  "backup:DeleteRestoreTestingSelection": onMadeUp(
    "backup:DeleteRestoreTestingSelection",
    ([plan, selection]) => `restore testing selection ${selection} of plan ${plan} ${NOT_EXISTING}`,
    (t) =>
      backup(
        new DeleteRestoreTestingSelectionCommand({
          RestoreTestingPlanName: t.underscoreName(),
          RestoreTestingSelectionName: t.underscoreName(),
        }),
      ),
  ),
  // The longest waiting period (30 days), should a key of that ID ever exist.
  "kms:ScheduleKeyDeletion": keyProbe("kms:ScheduleKeyDeletion", (key) =>
    kms(new ScheduleKeyDeletionCommand({ KeyId: key, PendingWindowInDays: 30 })),
  ),
  "kms:DisableKey": keyProbe("kms:DisableKey", (key) => kms(new DisableKeyCommand({ KeyId: key }))),
  "kms:DisableKeyRotation": keyProbe("kms:DisableKeyRotation", (key) =>
    kms(new DisableKeyRotationCommand({ KeyId: key })),
  ),
  "kms:PutKeyPolicy": keyProbe("kms:PutKeyPolicy", (key, t) =>
    kms(
      new PutKeyPolicyCommand({ KeyId: key, PolicyName: "default", Policy: harmlessKeyPolicy(t.partition, t.account) }),
    ),
  ),
  "kms:DeleteImportedKeyMaterial": keyProbe("kms:DeleteImportedKeyMaterial", (key) =>
    kms(new DeleteImportedKeyMaterialCommand({ KeyId: key })),
  ),
  "cloudtrail:DeleteTrail": trailProbe("cloudtrail:DeleteTrail", (name) =>
    cloudtrail(new DeleteTrailCommand({ Name: name })),
  ),
  "cloudtrail:StopLogging": trailProbe("cloudtrail:StopLogging", (name) =>
    cloudtrail(new StopLoggingCommand({ Name: name })),
  ),
  // Name only: an update that changes no setting.
  "cloudtrail:UpdateTrail": trailProbe("cloudtrail:UpdateTrail", (name) =>
    cloudtrail(new UpdateTrailCommand({ Name: name })),
  ),
  // Management events, read and write: the most a trail can log, on a trail that does not exist.
  "cloudtrail:PutEventSelectors": trailProbe("cloudtrail:PutEventSelectors", (name) =>
    cloudtrail(
      new PutEventSelectorsCommand({
        TrailName: name,
        EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
      }),
    ),
  ),
};

const NEVER_ORGANIZATIONS =
  "the drill never calls AWS Organizations: there is no harmless target (LeaveOrganization names none, and an allowed call would drop every SCP at once), and policy IDs are the organization's own";

/** Why each remaining guarded action is not attempted. */
export const UNPROBED_REASONS: Readonly<Record<string, string>> = {
  "backup:DeleteBackupVaultSharingPolicy":
    "a permission-only action (no AWS Backup API operation of that name): it is checked when the air-gapped vault's RAM share changes, and the drill does not touch the real share",
  "backup:UpdateRegionSettings":
    "account-wide settings with no identifier to point at something that does not exist: an allowed call would change the real account",
  "backup:UpdateGlobalSettings":
    "account-wide settings with no identifier to point at something that does not exist: an allowed call would change the real account",
  "organizations:LeaveOrganization": NEVER_ORGANIZATIONS,
  "organizations:DeleteOrganization": NEVER_ORGANIZATIONS,
  "organizations:RemoveAccountFromOrganization": NEVER_ORGANIZATIONS,
  "organizations:DetachPolicy": NEVER_ORGANIZATIONS,
  "organizations:DeletePolicy": NEVER_ORGANIZATIONS,
  "organizations:UpdatePolicy": NEVER_ORGANIZATIONS,
  "organizations:DisablePolicyType": NEVER_ORGANIZATIONS,
};

/** The actions the drill attempts, in the order of lib/guardrail-actions.ts: its role's identity policy. */
export const PROBED_ACTIONS: readonly string[] = RECOVERY_SCP_DENIED_ACTIONS.filter((a) => a in PROBE_BUILDERS);

export interface ProbePlan {
  probes: Probe[];
  unprobed: Unprobed[];
}

/**
 * Every probe for a recovery stack: the guarded actions in list order, each built by its builder.
 * A guarded action with neither a builder nor a reason is a programming error (a new entry in
 * lib/guardrail-actions.ts): it throws rather than silently leave the action out.
 */
export function buildProbes(ctx: BuildContext): ProbePlan {
  const probes: Probe[] = [];
  const unprobed: Unprobed[] = [];
  for (const action of RECOVERY_SCP_DENIED_ACTIONS) {
    const build = PROBE_BUILDERS[action];
    if (build) probes.push(...build(ctx));
    else if (UNPROBED_REASONS[action]) unprobed.push({ action, reason: UNPROBED_REASONS[action] });
    else throw new Error(`drill: no probe and no reason for the guarded action ${action} (lib/drill/probes.ts)`);
  }
  return { probes, unprobed };
}

export type { BuildContext };
