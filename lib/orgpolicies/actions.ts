import {
  BACKUP_DESTRUCTIVE_ACTIONS as GUARDED_BACKUP_ACTIONS,
  KEY_DESTRUCTIVE_ACTIONS,
  ORGANIZATION_DESTRUCTIVE_ACTIONS as ORGANIZATION_DESTRUCTIVE,
  RECOVERY_CONFIGURING_ACTIONS,
  TRAIL_DESTRUCTIVE_ACTIONS as GUARDED_TRAIL_ACTIONS,
} from "../guardrail-actions";

/**
 * Action names the guardrails deny. Every name was checked against the AWS Service Authorization
 * Reference ("Actions, resources, and condition keys for AWS Backup / AWS KMS / AWS CloudTrail /
 * Amazon EC2 / AWS Organizations"); a misspelt action in a Deny silently denies nothing.
 */

/**
 * The recovery SCP's two tiers come from the one list the policy pack checks
 * (lib/guardrail-actions.ts): the configuring calls the recovery stack itself makes, and
 * everything else on that list, which only the break-glass role may call.
 */
export { RECOVERY_CONFIGURING_ACTIONS } from "../guardrail-actions";

const configuring = new Set<string>(RECOVERY_CONFIGURING_ACTIONS);
const destructiveOnly = (actions: readonly string[]): string[] => actions.filter((a) => !configuring.has(a));

/** AWS Backup calls that delete protection or shorten retention. Only the break-glass role may make them. */
export const BACKUP_DESTRUCTIVE_ACTIONS = destructiveOnly(GUARDED_BACKUP_ACTIONS);

/** A disabled or deleted key makes every recovery point it encrypts unreadable. */
export const KMS_DESTRUCTIVE_ACTIONS = destructiveOnly(KEY_DESTRUCTIVE_ACTIONS);

export const TRAIL_DESTRUCTIVE_ACTIONS = destructiveOnly(GUARDED_TRAIL_ACTIONS);

/** Leaving the organization drops every SCP at once (the IRE's SCP denies it too). */
export const LEAVE_ORGANIZATION_ACTIONS = ["organizations:LeaveOrganization"] as const;

/** Leaving, and the calls a delegated administrator could use to loosen the guardrails. */
export const ORGANIZATION_DESTRUCTIVE_ACTIONS = destructiveOnly(ORGANIZATION_DESTRUCTIVE);

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
