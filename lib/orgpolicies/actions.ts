/**
 * Action names the guardrails deny. Every name was checked against the AWS Service Authorization
 * Reference ("Actions, resources, and condition keys for AWS Backup / AWS KMS / AWS CloudTrail /
 * Amazon EC2 / AWS Organizations"); a misspelt action in a Deny silently denies nothing.
 */

/**
 * AWS Backup calls that delete protection or shorten retention. Only the break-glass role may
 * make them. CopyFromBackupVault is permission-only; the rest are API operations of the same name.
 */
export const BACKUP_DESTRUCTIVE_ACTIONS = [
  "backup:DeleteBackupVault",
  "backup:DeleteBackupVaultLockConfiguration",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultNotifications",
  // Permission-only action guarding the logically air-gapped vault's sharing (RAM) policy.
  "backup:DeleteBackupVaultSharingPolicy",
  "backup:DeleteRecoveryPoint",
  // Continuous-backup recovery points stop being retained once disassociated.
  "backup:DisassociateRecoveryPoint",
  "backup:DeleteBackupPlan",
  "backup:DeleteBackupSelection",
  "backup:DeleteRestoreTestingPlan",
  "backup:DeleteRestoreTestingSelection",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DisassociateBackupVaultMpaApprovalTeam",
  "backup:UpdateRegionSettings",
  "backup:UpdateGlobalSettings",
] as const;

/** A disabled or deleted key makes every recovery point it encrypts unreadable. */
export const KMS_DESTRUCTIVE_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey"] as const;

export const TRAIL_DESTRUCTIVE_ACTIONS = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"] as const;

export const LEAVE_ORGANIZATION_ACTIONS = ["organizations:LeaveOrganization"] as const;

/**
 * Calls that configure protection and that the recovery stack's own `pulumi up` makes (vault lock,
 * vault access policy, vault notifications, key policy, trail settings). Denied to everyone but the
 * recovery deploy role and the break-glass role.
 */
export const RECOVERY_CONFIGURING_ACTIONS = [
  "backup:PutBackupVaultLockConfiguration",
  "backup:PutBackupVaultAccessPolicy",
  "backup:PutBackupVaultNotifications",
  "kms:PutKeyPolicy",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
] as const;

/** Paths out of an isolated network: internet, NAT and egress-only gateways, peering, TGW, VPN. */
export const NETWORK_EGRESS_ACTIONS = [
  "ec2:CreateInternetGateway",
  "ec2:AttachInternetGateway",
  "ec2:CreateEgressOnlyInternetGateway",
  "ec2:CreateNatGateway",
  "ec2:CreateVpcPeeringConnection",
  "ec2:AcceptVpcPeeringConnection",
  "ec2:CreateTransitGatewayVpcAttachment",
  "ec2:AcceptTransitGatewayVpcAttachment",
  "ec2:CreateVpnConnection",
  "ec2:CreateVpnGateway",
  "ec2:AttachVpnGateway",
  "ec2:CreateCustomerGateway",
  // Elastic IPs are public addresses whatever the route tables say.
  "ec2:AllocateAddress",
  "ec2:AssociateAddress",
] as const;

/** The IRE's own audit trail and flow logs: switching them off hides what a restore did. */
export const IRE_LOGGING_ACTIONS = [
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
  "ec2:DeleteFlowLogs",
] as const;

/** STS actions that act on a role in another account; used to cut trust between the IRE and production. */
export const ASSUME_ROLE_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] as const;

/**
 * Services whose resources the RCPs guard. RCPs apply to S3, STS, KMS, SQS and Secrets Manager;
 * the recovery and IRE accounts keep their keys, buckets and secrets there. For STS only the
 * actions of AWS's identity-perimeter example are listed: `sts:*` would also cover
 * AssumeRoleWithSAML / AssumeRoleWithWebIdentity, whose callers are federated identities that
 * never carry an organization ID (aws-samples/data-perimeter-policy-examples,
 * resource_control_policies/identity_perimeter_rcp.json).
 */
export const RCP_PERIMETER_ACTIONS = [
  "s3:*",
  "kms:*",
  "secretsmanager:*",
  "sts:AssumeRole",
  "sts:DecodeAuthorizationMessage",
  "sts:GetAccessKeyInfo",
  "sts:GetFederationToken",
  "sts:GetServiceBearerToken",
  "sts:GetSessionToken",
  "sts:SetContext",
] as const;

/** TLS is required for every service the RCPs cover. */
export const RCP_TLS_ACTIONS = ["s3:*", "kms:*", "secretsmanager:*", "sts:*"] as const;

/** Organization-managed backup plans in workload accounts: deleting or re-tagging them stops backups. */
export const MANAGED_PLAN_ACTIONS = [
  "backup:DeleteBackupPlan",
  "backup:UpdateBackupPlan",
  "backup:DeleteBackupSelection",
] as const;
