/** Config keys of the org stack (management account, or delegated policy administrator). */
import { z } from "zod";
import { partitionOf, REGION_PATTERN } from "../lib/arn";
import { ORGANIZATION_ID_PATTERN, OU_ID_PATTERN, ROOT_ID_PATTERN, rootPartOfOu } from "../lib/orgpolicies/paths";
import {
  SCP_DEFAULT_MAX_CHARACTERS,
  SCP_DEFAULT_MAX_PER_TARGET,
  SCP_HARD_MAX_CHARACTERS,
} from "../lib/orgpolicies/limits";
import { accountId, accountIdList, bool, emailAddress, integer, name } from "./keys";
import type { CrossCheck } from "./types";
import { airGappedVaultName, recoveryVaultName } from "./vaults";
import { backupPolicyLocalVaultName, backupPolicyRoleName } from "./workload-backup";

const pattern = (re: RegExp, expected: string, description: string) =>
  z.string({ error: expected }).regex(re, { error: expected }).describe(description);

const email = (description: string) => emailAddress().describe(description).optional();

/** An IAM role name, optionally with a path (`service-role/AWSBackupDefaultServiceRole`). */
const roleName = (description: string, fallback?: string) => {
  const s = pattern(
    /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    "an IAM role name, optionally after a path (path/name)",
    description,
  );
  return fallback === undefined ? s : s.default(fallback);
};

export const orgShape = {
  recoveryAccountId: accountId("The recovery (data bunker) account.").optional(),
  ireAccountId: accountId("The isolated restore environment (IRE) account.").optional(),
  prodAccountIds: accountIdList("The production workload accounts."),

  createOrganization: bool(
    "Create a new AWS organization instead of adopting the existing one (default false: adopt, with isolation:organizationId and isolation:organizationRootId).",
  ).default(false),
  organizationId: pattern(
    ORGANIZATION_ID_PATTERN,
    "an organization ID such as o-a1b2c3d4e5",
    "ID of the existing organization to adopt (o-...). Required unless isolation:createOrganization is true.",
  ).optional(),
  organizationRootId: pattern(
    ROOT_ID_PATTERN,
    "a root ID such as r-ab12",
    "ID of the existing organization's root (r-...). Required unless isolation:createOrganization is true.",
  ).optional(),
  ouParentPath: z
    .array(z.string().regex(OU_ID_PATTERN, { error: "an OU ID such as ou-ab12-34cd56ef" }), {
      error: "a list of OU IDs",
    })
    .optional()
    .describe(
      "OU IDs from the root down to the OU under which the recovery, IRE and workloads OUs are created. Absent or empty: the root.",
    ),
  recoveryOuName: name("Name of the recovery OU.").default("Recovery"),
  ireOuName: name("Name of the isolated restore environment OU.").default("IsolatedRestore"),
  workloadsOuName: name("Name of the workloads (production) OU.").default("Workloads"),

  createAccounts: bool(
    "Create the recovery and IRE accounts instead of adopting them by ID (default false). Production accounts are always adopted.",
  ).default(false),
  recoveryAccountEmail: email("Root email of the recovery account; required when isolation:createAccounts is true."),
  ireAccountEmail: email("Root email of the IRE account; required when isolation:createAccounts is true."),
  recoveryAccountName: name("Name of the recovery account when created.").default("isolation-recovery"),
  ireAccountName: name("Name of the IRE account when created.").default("isolation-ire"),

  breakGlassRoleArnPattern: pattern(
    /^arn:(aws[a-z-]*|\*):iam::(\d{12}|\*):role\/[\w+=,.@/*?-]{1,512}$/,
    "an IAM role ARN pattern such as arn:aws:iam::*:role/BreakGlass*",
    "ARN pattern (ArnLike wildcards allowed) of the break-glass role: the only caller the SCPs let delete or shorten backups, keys and trails.",
  ),
  recoveryDeployRoleName: roleName(
    "Name of the recovery account's deploy role (the role in its isolation:deployRoleArn). The recovery SCP lets only it and the break-glass role configure vault locks, vault policies and key policies.",
  ),
  recoveryRegion: pattern(
    REGION_PATTERN,
    "an AWS region name such as eu-west-1",
    "Region of the recovery vaults that workload backups are copied into. Defaults to isolation:region.",
  ).optional(),
  recoveryVaultName,
  airGappedVaultName,

  backupPolicyRegions: z
    .array(z.string().regex(REGION_PATTERN, { error: "an AWS region name such as eu-west-1" }), {
      error: "a list of AWS region names",
    })
    .min(1, { error: "a list of at least one AWS region name" })
    .optional()
    .describe(
      "Regions whose workload resources the organization backup policy backs up. Defaults to [isolation:region].",
    ),
  backupPolicySchedule: pattern(
    /^(cron\([^()]+\)|rate\([^()]+\))$/,
    "a schedule expression such as cron(0 5 ? * * *)",
    "Schedule of the organization backup policy's rule.",
  ).default("cron(0 5 ? * * *)"),
  backupPolicyRetentionDays: integer(
    "Days a recovery point stays in the workload account's own vault.",
    1,
    36500,
  ).default(35),
  backupPolicyCopyRetentionDays: integer(
    "Days the copies stay in the recovery and air-gapped vaults (the air-gapped vault needs at least 7).",
    7,
    36500,
  ).default(35),
  backupPolicyLocalVaultName,
  backupPolicyRoleName,
  backupPolicyTagKey: pattern(
    /^[\w.:/=+@ -]{1,128}$/,
    "a tag key of 1 to 128 characters",
    "Tag key that selects the workload resources the organization backup policy backs up.",
  ).default("isolation:backup"),
  backupPolicyTagValue: pattern(
    /^[\w.:/=+@ -]{0,256}$/,
    "a tag value of up to 256 characters",
    "Tag value that selects the workload resources the organization backup policy backs up.",
  ).default("daily"),

  scpMaxCharacters: integer(
    "Largest SCP AWS accepts, in characters with whitespace removed (5,120; 10,240 where AWS has raised it).",
    1024,
    SCP_HARD_MAX_CHARACTERS,
  ).default(SCP_DEFAULT_MAX_CHARACTERS),
  scpMaxPerTarget: integer("SCPs AWS lets attach directly to one OU (5; 10 where raised).", 2, 10).default(
    SCP_DEFAULT_MAX_PER_TARGET,
  ),
};

type OrgConfig = { [K in keyof typeof orgShape]: z.infer<(typeof orgShape)[K]> } & {
  accountId: string;
  region: string;
};

/** No shared trust means no shared accounts: every role needs an account of its own. */
export const orgChecks: CrossCheck<OrgConfig> = (cfg, report) => {
  const seen = new Map<string, string>();
  const claim = (key: string, id: string | undefined, value: unknown) => {
    if (!id) return;
    const owner = seen.get(id);
    if (owner) report(key, value, `an account of its own, not ${id}, which is already isolation:${owner}`);
    else seen.set(id, key);
  };
  claim("accountId", cfg.accountId, cfg.accountId);
  claim("recoveryAccountId", cfg.recoveryAccountId, cfg.recoveryAccountId);
  claim("ireAccountId", cfg.ireAccountId, cfg.ireAccountId);
  for (const id of cfg.prodAccountIds ?? []) claim("prodAccountIds", id, cfg.prodAccountIds);
};

/** Adopt or create: each mode needs its own keys and refuses the other's. */
export const orgModeChecks: CrossCheck<OrgConfig> = (cfg, report) => {
  if (cfg.createOrganization) {
    for (const key of ["organizationId", "organizationRootId", "ouParentPath"] as const) {
      if (cfg[key] !== undefined) {
        report(key, cfg[key], "no value: isolation:createOrganization is true, so the new organization's IDs are used");
      }
    }
  } else {
    for (const key of ["organizationId", "organizationRootId"] as const) {
      if (cfg[key] === undefined) {
        report(key, undefined, "the existing organization's ID, since isolation:createOrganization is false (adopt)");
      }
    }
  }
  for (const [idKey, emailKey] of [
    ["recoveryAccountId", "recoveryAccountEmail"],
    ["ireAccountId", "ireAccountEmail"],
  ] as const) {
    if (cfg.createAccounts) {
      if (cfg[idKey] !== undefined)
        report(idKey, cfg[idKey], "no value: isolation:createAccounts is true, so the account is created");
      if (cfg[emailKey] === undefined)
        report(emailKey, undefined, "the new account's root email, since isolation:createAccounts is true");
    } else if (cfg[idKey] === undefined) {
      report(
        idKey,
        undefined,
        "a 12-digit AWS account ID as a quoted string (the account to adopt; or set isolation:createAccounts)",
      );
    }
  }
  // An OU ID carries its root's ID: ou-<root part>-<suffix> lives under r-<root part>.
  if (cfg.organizationRootId) {
    const root = cfg.organizationRootId.slice(2);
    for (const ou of cfg.ouParentPath ?? []) {
      if (rootPartOfOu(ou) !== root) {
        report(
          "ouParentPath",
          cfg.ouParentPath,
          `OU IDs under root ${cfg.organizationRootId} (ou-${root}-...), not ${ou}`,
        );
      }
    }
  }
  const names = [
    ["recoveryOuName", cfg.recoveryOuName],
    ["ireOuName", cfg.ireOuName],
    ["workloadsOuName", cfg.workloadsOuName],
  ] as const;
  const seenNames = new Map<string, string>();
  for (const [key, value] of names) {
    if (!value) continue;
    const other = seenNames.get(value.toLowerCase());
    if (other) report(key, value, `an OU name of its own, not the one isolation:${other} already has`);
    else seenNames.set(value.toLowerCase(), key);
  }
  // Everything the guardrails name must live in the stack's own partition, or the ARN never matches.
  if (cfg.region) {
    const partition = partitionOf(cfg.region);
    const bg = cfg.breakGlassRoleArnPattern?.split(":")[1];
    if (bg && bg !== "*" && bg !== partition) {
      report("breakGlassRoleArnPattern", cfg.breakGlassRoleArnPattern, `an ARN pattern in partition ${partition}`);
    }
    for (const key of ["recoveryRegion"] as const) {
      const r = cfg[key];
      if (r && partitionOf(r) !== partition) report(key, r, `a region in partition ${partition}, like ${cfg.region}`);
    }
    for (const r of cfg.backupPolicyRegions ?? []) {
      if (partitionOf(r) !== partition) {
        report("backupPolicyRegions", cfg.backupPolicyRegions, `regions in partition ${partition}, not ${r}`);
      }
    }
  }
  // A break-glass pattern that matches every role exempts everyone: the guardrails would be void.
  if (cfg.breakGlassRoleArnPattern && /^role\/[*?/]*$/.test(cfg.breakGlassRoleArnPattern.split(":")[5] ?? "")) {
    report(
      "breakGlassRoleArnPattern",
      cfg.breakGlassRoleArnPattern,
      "a pattern naming the break-glass role, not one matching every role",
    );
  }
};
