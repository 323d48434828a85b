/**
 * Service control policies, one per OU. Exemptions use `aws:PrincipalArn` with ArnNotLike, which
 * matches the role ARN (not the session ARN) of an assumed role, so a pattern such as
 * arn:aws:iam::*:role/BreakGlass* exempts every session of that role and nothing else.
 * SCPs never restrict service-linked roles or the management account (AWS Organizations user
 * guide, "Service control policies"), which is why AWS Backup's own copy jobs keep working.
 */
import {
  ASSUME_ROLE_ACTIONS,
  BACKUP_DESTRUCTIVE_ACTIONS,
  IRE_LOGGING_ACTIONS,
  KMS_DESTRUCTIVE_ACTIONS,
  LEAVE_ORGANIZATION_ACTIONS,
  ORGANIZATION_DESTRUCTIVE_ACTIONS,
  MANAGED_PLAN_ACTIONS,
  NETWORK_EGRESS_ACTIONS,
  RECOVERY_CONFIGURING_ACTIONS,
  TRAIL_DESTRUCTIVE_ACTIONS,
} from "./actions";
import { document, PolicyDocument, Statement } from "./types";

/** Denies unless the caller's role ARN matches one of `exempt`. */
export function exemptOnly(exempt: string[]): Statement["Condition"] {
  return { ArnNotLike: { "aws:PrincipalArn": exempt } };
}

function networkStatements(): Statement[] {
  return [
    { Sid: "DenyNetworkEgress", Effect: "Deny", Action: [...NETWORK_EGRESS_ACTIONS], Resource: "*" },
    {
      // ec2:AssociatePublicIpAddress is set on RunInstances' network interface; Bool on an absent key is false.
      Sid: "DenyPublicIpOnLaunch",
      Effect: "Deny",
      Action: ["ec2:RunInstances"],
      Resource: "*",
      Condition: { Bool: { "ec2:AssociatePublicIpAddress": "true" } },
    },
  ];
}

export interface RecoveryScpArgs {
  /** ARN pattern of the break-glass role (may hold `*`), the only caller allowed to delete or shorten. */
  breakGlassRoleArnPattern: string;
  /** ARN of the recovery account's deploy role: the recovery stack's `pulumi up` configures through it. */
  recoveryDeployRoleArn: string;
}

/**
 * The data bunker. Two tiers: destructive calls (delete, shorten retention, leave) are refused to
 * everyone but the break-glass role; configuring calls that the recovery stack itself makes are
 * refused to everyone but its deploy role and the break-glass role. Network egress has no exemption.
 */
export function recoveryScp(args: RecoveryScpArgs): PolicyDocument {
  return document([
    {
      Sid: "DenyDestructiveButBreakGlass",
      Effect: "Deny",
      Action: [
        ...BACKUP_DESTRUCTIVE_ACTIONS,
        ...KMS_DESTRUCTIVE_ACTIONS,
        ...TRAIL_DESTRUCTIVE_ACTIONS,
        ...ORGANIZATION_DESTRUCTIVE_ACTIONS,
      ],
      Resource: "*",
      Condition: exemptOnly([args.breakGlassRoleArnPattern]),
    },
    {
      Sid: "DenyConfiguringButDeployer",
      Effect: "Deny",
      Action: [...RECOVERY_CONFIGURING_ACTIONS],
      Resource: "*",
      Condition: exemptOnly([args.recoveryDeployRoleArn, args.breakGlassRoleArnPattern]),
    },
    ...networkStatements(),
  ]);
}

export interface IreScpArgs {
  breakGlassRoleArnPattern: string;
  /** `o-.../r-.../ou-.../` of the workloads OU: the IRE may not assume roles there. */
  workloadsOrgPath: string;
}

/** The isolated restore environment: no way out, no trust towards production, logging stays on. */
export function ireScp(args: IreScpArgs): PolicyDocument {
  return document([
    ...networkStatements(),
    {
      // aws:ResourceOrgPaths is the org path of the account that owns the role being assumed.
      Sid: "DenyTrustTowardsProduction",
      Effect: "Deny",
      Action: [...ASSUME_ROLE_ACTIONS],
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": [`${args.workloadsOrgPath}*`] } },
    },
    {
      Sid: "DenyLoggingOffButBreakGlass",
      Effect: "Deny",
      Action: [...IRE_LOGGING_ACTIONS, ...LEAVE_ORGANIZATION_ACTIONS],
      Resource: "*",
      Condition: exemptOnly([args.breakGlassRoleArnPattern]),
    },
  ]);
}

export interface WorkloadsScpArgs {
  breakGlassRoleArnPattern: string;
  organizationId: string;
  /** Tag that the organization backup policy puts on the plans it manages. */
  managedPlanTag: { key: string; value: string };
}

/** Production: copies stay inside the organization; the organization's backup plans stay in place. */
export function workloadsScp(args: WorkloadsScpArgs): PolicyDocument {
  return document([
    {
      // AWS Backup developer guide, "Creating backup copies across AWS accounts": deny
      // CopyFromBackupVault with ForAllValues:StringNotLike on backup:CopyTargetOrgPaths.
      Sid: "DenyCopyOutsideOrganization",
      Effect: "Deny",
      Action: ["backup:CopyFromBackupVault"],
      Resource: "*",
      Condition: { "ForAllValues:StringNotLike": { "backup:CopyTargetOrgPaths": [`${args.organizationId}/*`] } },
    },
    {
      Sid: "DenyManagedPlanChanges",
      Effect: "Deny",
      Action: [...MANAGED_PLAN_ACTIONS],
      Resource: "*",
      Condition: {
        StringEquals: { [`aws:ResourceTag/${args.managedPlanTag.key}`]: args.managedPlanTag.value },
        ...exemptOnly([args.breakGlassRoleArnPattern]),
      },
    },
    {
      Sid: "DenyManagedPlanUntag",
      Effect: "Deny",
      Action: ["backup:UntagResource"],
      Resource: "*",
      Condition: {
        "ForAnyValue:StringEquals": { "aws:TagKeys": [args.managedPlanTag.key] },
        ...exemptOnly([args.breakGlassRoleArnPattern]),
      },
    },
  ]);
}
