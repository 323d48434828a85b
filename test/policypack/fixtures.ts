/**
 * Well-formed resource sets per role, built with the shared arg helper: the happy path each case
 * changes one thing in, and the synthetic stand-ins the end-to-end spec uses for resource types the
 * project's stacks do not declare yet.
 */
import * as assert from "assert";
import { RECOVERY_SCP_DENIED_ACTIONS, VAULT_POLICY_DENIED_ACTIONS } from "../../lib/guardrail-actions";
import { T } from "../../policypack/policies/types";
import { ACCOUNTS, urnOf, type Outcome, type ResourceSpec } from "../policy-args";

export const REGION = "eu-west-1";
export const ORG_ID = "o-abc123defg";
export const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNTS.recovery}:role/IsolationDeployer`;
export const VAULT_NAME = "recovery-vault";
export const AIR_GAPPED_NAME = "recovery-air-gapped";
export const vaultArn = (name: string, account = ACCOUNTS.recovery) =>
  `arn:aws:backup:${REGION}:${account}:backup-vault:${name}`;

const PROTECT = { protect: true };

/** A vault access policy that satisfies rule 4. */
export function vaultPolicyDocument(overrides: { statements?: unknown[]; extra?: unknown[] } = {}): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: overrides.statements ?? [
      {
        Sid: "DenyDestruction",
        Effect: "Deny",
        Principal: "*",
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"],
        Resource: "*",
      },
      {
        Sid: "DenyPolicyChangesExceptDeployer",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": DEPLOY_ROLE } },
      },
      {
        Sid: "AllowCopyFromOrganization",
        Effect: "Allow",
        Principal: "*",
        Action: "backup:CopyIntoBackupVault",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": ORG_ID } },
      },
      ...(overrides.extra ?? []),
    ],
  });
}

/** A key policy: the own account administers, the IRE decrypts, AWS Backup gets grants for copies. */
export function keyPolicyDocument(extra: unknown[] = []): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Admin",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNTS.recovery}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "IreRestore",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNTS.ire}:root` },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
      },
      {
        Sid: "OrgCopyGrants",
        Effect: "Allow",
        Principal: "*",
        Action: ["kms:CreateGrant", "kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": ORG_ID }, Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
      ...extra,
    ],
  });
}

export function recoveryScpDocument(actions: readonly string[] = RECOVERY_SCP_DENIED_ACTIONS): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ProtectRecovery",
        Effect: "Deny",
        Action: actions,
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalARN": "arn:aws:iam::*:role/BreakGlass" } },
      },
    ],
  });
}

/** The recovery stack's happy path, as resource specs. */
export function recoveryStack(stack = "recovery"): ResourceSpec[] {
  const u = (type: string, name: string) => urnOf(stack, type, name);
  const vault = u(T.vault, "vault");
  const airGapped = u(T.airGappedVault, "air-gapped");
  const key = u(T.kmsKey, "vault-key");
  const share = u(T.ramShare, "air-gapped-share");
  const bucket = u(T.bucket, "audit-trail");
  return [
    {
      stack,
      type: T.kmsKey,
      name: "vault-key",
      opts: PROTECT,
      props: { enableKeyRotation: true, deletionWindowInDays: 30, policy: keyPolicyDocument() },
    },
    {
      stack,
      type: T.vault,
      name: "vault",
      opts: PROTECT,
      props: { name: VAULT_NAME, kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/1" },
      propertyDependencies: { kmsKeyArn: [key] },
    },
    {
      stack,
      type: T.vaultLock,
      name: "vault-lock",
      opts: PROTECT,
      props: { backupVaultName: VAULT_NAME, changeableForDays: 3, minRetentionDays: 7, maxRetentionDays: 365 },
      propertyDependencies: { backupVaultName: [vault] },
    },
    {
      stack,
      type: T.vaultPolicy,
      name: "vault-policy",
      props: { backupVaultName: VAULT_NAME, policy: vaultPolicyDocument() },
      propertyDependencies: { backupVaultName: [vault] },
    },
    {
      stack,
      type: T.airGappedVault,
      name: "air-gapped",
      opts: PROTECT,
      props: { name: AIR_GAPPED_NAME, minRetentionDays: 7, maxRetentionDays: 365 },
    },
    {
      stack,
      type: T.vaultNotifications,
      name: "vault-events",
      props: {
        backupVaultName: VAULT_NAME,
        backupVaultEvents: ["RECOVERY_POINT_MODIFIED"],
        snsTopicArn: "arn:aws:sns:eu-west-1:222222222222:t",
      },
      propertyDependencies: { backupVaultName: [vault] },
    },
    {
      stack,
      type: T.vaultNotifications,
      name: "air-gapped-events",
      props: {
        backupVaultName: AIR_GAPPED_NAME,
        backupVaultEvents: ["RECOVERY_POINT_MODIFIED"],
        snsTopicArn: "arn:aws:sns:eu-west-1:222222222222:t",
      },
      propertyDependencies: { backupVaultName: [airGapped] },
    },
    {
      stack,
      type: T.eventRule,
      name: "backup-api-calls",
      props: {
        eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["AWS API Call via CloudTrail"] }),
      },
    },
    {
      stack,
      type: T.plan,
      name: "local-plan",
      props: {
        rules: [
          {
            ruleName: "daily",
            targetVaultName: VAULT_NAME,
            schedule: "cron(0 5 * * ? *)",
            lifecycle: { deleteAfter: 35 },
          },
        ],
      },
    },
    {
      stack,
      type: T.ramShare,
      name: "air-gapped-share",
      props: { name: "air-gapped", allowExternalPrincipals: false },
    },
    {
      stack,
      type: T.ramPrincipal,
      name: "air-gapped-to-ire",
      props: { principal: ACCOUNTS.ire, resourceShareArn: "arn:aws:ram:eu-west-1:222222222222:resource-share/x" },
      propertyDependencies: { resourceShareArn: [share] },
    },
    {
      stack,
      type: T.bucket,
      name: "audit-trail",
      opts: PROTECT,
      props: { bucket: "isolation-audit-trail", objectLockEnabled: true },
    },
    {
      stack,
      type: T.bucketObjectLock,
      name: "audit-trail-lock",
      opts: PROTECT,
      props: { bucket: "isolation-audit-trail", rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } } },
      propertyDependencies: { bucket: [bucket] },
    },
  ];
}

/** The IRE's happy path: endpoint-only network, restore testing, its own key. */
export function ireStack(stack = "ire"): ResourceSpec[] {
  return [
    {
      stack,
      type: "aws:ec2/subnet:Subnet",
      name: "private-a",
      props: { vpcId: "vpc-1", cidrBlock: "10.20.0.0/24", mapPublicIpOnLaunch: false },
    },
    {
      stack,
      type: "aws:ec2/securityGroup:SecurityGroup",
      name: "endpoints",
      props: {
        vpcId: "vpc-1",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"] }],
        egress: [],
      },
    },
    {
      stack,
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      name: "backup",
      props: {
        vpcId: "vpc-1",
        vpcEndpointType: "Interface",
        serviceName: `com.amazonaws.${REGION}.backup`,
        privateDnsEnabled: true,
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "*",
              Resource: "*",
              Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNTS.ire } },
            },
          ],
        }),
      },
    },
    {
      stack,
      type: T.kmsKey,
      name: "restore-key",
      props: { enableKeyRotation: true, deletionWindowInDays: 30 },
    },
    {
      stack,
      type: T.restoreTestingPlan,
      name: "drill",
      props: {
        scheduleExpression: "cron(0 3 ? * SUN *)",
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [vaultArn(AIR_GAPPED_NAME)],
          recoveryPointTypes: ["SNAPSHOT"],
        },
      },
    },
    {
      stack,
      type: T.restoreTestingSelection,
      name: "drill-ebs",
      props: {
        restoreTestingPlanName: "drill",
        protectedResourceType: "EBS",
        iamRoleArn: `arn:aws:iam::${ACCOUNTS.ire}:role/RestoreTesting`,
        validationWindowHours: 4,
      },
    },
  ];
}

/** The org stack's happy path: a recovery OU with its SCP. */
export function orgStack(stack = "org"): ResourceSpec[] {
  const ou = urnOf(stack, T.orgUnit, "recovery-ou");
  const scp = urnOf(stack, T.orgPolicy, "recovery-scp");
  return [
    { stack, type: T.orgUnit, name: "recovery-ou", props: { name: "Recovery", parentId: "r-abcd" } },
    {
      stack,
      type: T.orgPolicy,
      name: "recovery-scp",
      props: { name: "recovery-guardrails", type: "SERVICE_CONTROL_POLICY", content: recoveryScpDocument() },
    },
    {
      stack,
      type: T.orgPolicyAttachment,
      name: "recovery-scp-to-recovery-ou",
      props: { policyId: "p-1", targetId: "ou-abcd-recovery" },
      propertyDependencies: { policyId: [scp], targetId: [ou] },
    },
  ];
}

/** Replaces the props (shallow merge) of the named spec in a copy of the set. */
export function withProps(
  specs: readonly ResourceSpec[],
  name: string,
  props: Record<string, unknown>,
): ResourceSpec[] {
  assert.ok(
    specs.some((s) => s.name === name),
    `fixture has no resource named ${name}`,
  );
  return specs.map((s) => (s.name === name ? { ...s, props: { ...s.props, ...props } } : s));
}

export function without(specs: readonly ResourceSpec[], name: string): ResourceSpec[] {
  assert.ok(
    specs.some((s) => s.name === name),
    `fixture has no resource named ${name}`,
  );
  return specs.filter((s) => s.name !== name);
}

export function spec(specs: readonly ResourceSpec[], name: string): ResourceSpec {
  const found = specs.find((s) => s.name === name);
  assert.ok(found, `fixture has no resource named ${name}`);
  return found;
}

export function assertPasses(outcome: Outcome): void {
  assert.deepStrictEqual(outcome.violations, [], "expected no violations");
}

/** At least one violation that names the resource (`"name"`), and each matching `pattern` if given. */
export function assertViolates(outcome: Outcome, name: string, pattern?: RegExp): void {
  const naming = outcome.violations.filter((v) => v.message.includes(`"${name}"`));
  assert.ok(naming.length > 0, `expected a violation naming "${name}", got ${JSON.stringify(outcome.violations)}`);
  if (pattern) {
    assert.ok(
      naming.some((v) => pattern.test(v.message)),
      `expected a violation naming "${name}" matching ${pattern}, got ${JSON.stringify(naming.map((v) => v.message))}`,
    );
  }
}

export { VAULT_POLICY_DENIED_ACTIONS };
