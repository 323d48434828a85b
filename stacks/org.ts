/**
 * The org stack: the management account's view of the estate. It reads no other stack (it is
 * the most trusted): everything it needs about the other accounts comes from its own config.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";
import { Guardrails } from "../components/guardrails";
import { Organization } from "../components/organization";
import { MemberAccount, OrgUnits } from "../components/org-units";
import { iamRoleArn, partitionOf } from "../lib/arn";
import { minify } from "../lib/orgpolicies/limits";
import {
  LONGEST_ORGANIZATION_ID,
  LONGEST_OU_ID,
  LONGEST_ROOT_ID,
  orgPath,
  PLACEHOLDER_ACCOUNT_ID,
} from "../lib/orgpolicies/paths";
import { GuardrailValues, OU_KEYS, OuKey, planAndCheck } from "../lib/orgpolicies/plan";
import type { OrgOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

/** IDs the policies embed; known from config when adopting, from resource outputs when creating. */
export interface EmbeddedIds {
  organizationId: string;
  rootId: string;
  ouIds: Record<OuKey, string>;
  recoveryAccountId: string;
}

export function guardrailValues(config: StackConfig<"org">, ids: EmbeddedIds): GuardrailValues {
  const partition = partitionOf(config.region);
  const parent = config.ouParentPath ?? [];
  const orgPaths = Object.fromEntries(
    OU_KEYS.map((k) => [k, orgPath(ids.organizationId, ids.rootId, [...parent, ids.ouIds[k]])]),
  ) as Record<OuKey, string>;
  return {
    organizationId: ids.organizationId,
    orgPaths,
    breakGlassRoleArnPattern: config.breakGlassRoleArnPattern,
    recoveryDeployRoleArn: iamRoleArn(partition, ids.recoveryAccountId, config.recoveryDeployRoleName),
    backup: {
      partition,
      regions: config.backupPolicyRegions ?? [config.region],
      scheduleExpression: config.backupPolicySchedule,
      retentionDays: config.backupPolicyRetentionDays,
      copyRetentionDays: config.backupPolicyCopyRetentionDays,
      localVaultName: config.backupPolicyLocalVaultName,
      backupRoleName: config.backupPolicyRoleName,
      selectionTag: { key: config.backupPolicyTagKey, value: config.backupPolicyTagValue },
      recoveryAccountId: ids.recoveryAccountId,
      recoveryRegion: config.recoveryRegion ?? config.region,
      recoveryVaultName: config.recoveryVaultName,
      airGappedVaultName: config.airGappedVaultName,
    },
  };
}

/**
 * The IDs used to measure the policies before anything is registered: the configured ones where
 * known, else the longest AWS can issue (account IDs are always 12 digits), so the check is an
 * upper bound of the deployed size.
 */
export function worstCaseIds(config: StackConfig<"org">): EmbeddedIds {
  return {
    organizationId: config.organizationId ?? LONGEST_ORGANIZATION_ID,
    rootId: config.organizationRootId ?? LONGEST_ROOT_ID,
    ouIds: { recovery: LONGEST_OU_ID, ire: LONGEST_OU_ID, workloads: LONGEST_OU_ID },
    recoveryAccountId: config.recoveryAccountId ?? PLACEHOLDER_ACCOUNT_ID,
  };
}

function member(id: string | undefined, email: string | undefined, name: string): MemberAccount {
  if (id) return { adoptId: id };
  if (!email) throw new Error("unreachable: config validation requires an email for a created account");
  return { create: { email, name } };
}

export function buildOrg(ctx: StackContext<"org">): StackOutputs<OrgOutputs> {
  const { config, provider } = ctx;
  const limits = { scpMaxCharacters: config.scpMaxCharacters, scpMaxPerTarget: config.scpMaxPerTarget };

  // Every policy is built and checked (size, count per OU, syntax) before the first resource.
  const planned = planAndCheck(guardrailValues(config, worstCaseIds(config)), limits);

  const organization = new Organization(
    "organization",
    config.createOrganization
      ? { create: true }
      : { create: false, organizationId: config.organizationId!, rootId: config.organizationRootId! },
    { provider },
  );
  const units = new OrgUnits(
    "org-units",
    {
      organizationId: organization.organizationId,
      rootId: organization.rootId,
      parentPath: config.ouParentPath ?? [],
      names: { recovery: config.recoveryOuName, ire: config.ireOuName, workloads: config.workloadsOuName },
      recoveryAccount: member(config.recoveryAccountId, config.recoveryAccountEmail, config.recoveryAccountName),
      ireAccount: member(config.ireAccountId, config.ireAccountEmail, config.ireAccountName),
      prodAccountIds: config.prodAccountIds,
    },
    { provider, dependsOn: organization },
  );

  // The same builder renders the deployed documents from the real IDs, and checks them again.
  const rendered = pulumi
    .all([organization.organizationId, organization.rootId, units.ouIds, units.accountIds.recovery])
    .apply(([organizationId, rootId, ouIds, recoveryAccountId]) =>
      planAndCheck(guardrailValues(config, { organizationId, rootId, ouIds, recoveryAccountId }), limits),
    );
  const guardrails = new Guardrails(
    "guardrails",
    {
      policies: planned.map((p) => ({
        name: p.name,
        type: p.type,
        description: p.description,
        target: p.target,
        content: rendered.apply((all) => minify(all.find((q) => q.name === p.name)!.document)),
      })),
      targets: units.ouIds,
    },
    { provider, dependsOn: organization.ready },
  );

  return {
    role: "org",
    accountId: config.accountId,
    region: config.region,
    accountIds: pulumi.output({
      management: config.accountId,
      recovery: units.accountIds.recovery,
      ire: units.accountIds.ire,
      prod: config.prodAccountIds,
    }),
    organizationId: organization.organizationId,
    ouIds: pulumi.output(units.ouIds),
    orgPaths: pulumi.output(units.orgPaths),
    policyIds: pulumi.output(guardrails.policyIds),
  };
}
