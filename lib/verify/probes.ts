/**
 * The AWS calls behind each expectation, all reads (lib/verify/permissions.ts lists them), each
 * answer handed to the pure judges. A call that finds nothing is a FAIL (the resource the export
 * declares is gone); any other failure is an ERROR for every check that depended on it.
 */
import {
  DescribeBackupVaultCommand,
  DescribeBackupVaultOutput,
  GetBackupVaultAccessPolicyCommand,
} from "@aws-sdk/client-backup";
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import { DescribePolicyCommand, ListTargetsForPolicyCommand, PolicyTargetSummary } from "@aws-sdk/client-organizations";
import { GetObjectLockConfigurationCommand } from "@aws-sdk/client-s3";
import { partitionOf } from "../arn";
import { errorResult, isNotFound } from "./aws-errors";
import type { AwsClients } from "./clients";
import { judgeKeyRotation, judgeKeyState, KeyExpectation, keySubject } from "./keys";
import { bucketSubject, judgeObjectLock, ObjectLockExpectation } from "./object-lock";
import { judgeOrgPolicyAttached, judgeOrgPolicyContent, OrgPolicyExpectation, orgPolicySubject } from "./org-policies";
import type { Operation } from "./permissions";
import type { CheckResult } from "./types";
import { judgeVaultPolicy } from "./vault-policy";
import { judgeVaultExists, judgeVaultLock, judgeVaultRetention, VaultExpectation, vaultSubject } from "./vaults";

export interface ProbeContext {
  clients: AwsClients;
  /** The caller's account (already checked against the stack's). */
  account: string;
  now: Date;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The result of a check whose call failed: FAIL with `missing` when the error says the resource is
 * gone, ERROR otherwise. `template` is the judge's result for an empty answer, for its expectation.
 */
function unanswered(
  template: CheckResult,
  op: Operation,
  resource: string,
  error: unknown,
  notFoundCodes: readonly string[],
  missing: string,
): CheckResult {
  const base = { check: template.check, subject: template.subject, urn: template.urn, expected: template.expected };
  if (isNotFound(error, notFoundCodes)) return { ...base, status: "FAIL", actual: missing };
  return errorResult(base, op, resource, error);
}

const BACKUP_NOT_FOUND = ["ResourceNotFoundException"];

export async function probeVault(v: VaultExpectation, ctx: ProbeContext): Promise<CheckResult[]> {
  const backup = ctx.clients.backup(v.region);
  const subject = vaultSubject(v);
  const [described, policy] = await Promise.all([
    attempt(() => backup.send(new DescribeBackupVaultCommand({ BackupVaultName: v.name }))),
    v.policy
      ? attempt(() => backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: v.name })))
      : undefined,
  ]);
  const judges: ((out: DescribeBackupVaultOutput) => CheckResult)[] = [(out) => judgeVaultExists(v, out)];
  if (v.lockUrn) judges.push((out) => judgeVaultLock(v, out, ctx.now));
  if (v.retention) judges.push((out) => judgeVaultRetention(v, out));
  const results = judges.map((judge) =>
    described.ok
      ? judge(described.value)
      : unanswered(
          judge({}),
          "DescribeBackupVault",
          subject,
          described.error,
          BACKUP_NOT_FOUND,
          `no vault named ${v.name} in ${v.region} (DescribeBackupVault: ResourceNotFoundException)`,
        ),
  );
  if (v.policy && policy) {
    const arn =
      (described.ok ? described.value.BackupVaultArn : undefined) ??
      `arn:${partitionOf(v.region)}:backup:${v.region}:${ctx.account}:backup-vault:${v.name}`;
    results.push(
      policy.ok
        ? judgeVaultPolicy(v.policy, subject, arn, policy.value.Policy)
        : unanswered(
            judgeVaultPolicy(v.policy, subject, arn, undefined),
            "GetBackupVaultAccessPolicy",
            subject,
            policy.error,
            BACKUP_NOT_FOUND,
            "the vault has no access policy (GetBackupVaultAccessPolicy: ResourceNotFoundException)",
          ),
    );
  }
  return results;
}

const KMS_NOT_FOUND = ["NotFoundException"];

export async function probeKey(k: KeyExpectation, ctx: ProbeContext): Promise<CheckResult[]> {
  const kms = ctx.clients.kms(k.region);
  const subject = keySubject(k);
  const missing = `no key ${k.keyId} in ${k.region} (NotFoundException)`;
  const [described, rotation] = await Promise.all([
    attempt(() => kms.send(new DescribeKeyCommand({ KeyId: k.keyId }))),
    k.rotation ? attempt(() => kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))) : undefined,
  ]);
  const results = [
    described.ok
      ? judgeKeyState(k, described.value.KeyMetadata)
      : unanswered(judgeKeyState(k, undefined), "DescribeKey", subject, described.error, KMS_NOT_FOUND, missing),
  ];
  if (rotation) {
    results.push(
      rotation.ok
        ? judgeKeyRotation(k, rotation.value)
        : unanswered(judgeKeyRotation(k, {}), "GetKeyRotationStatus", subject, rotation.error, KMS_NOT_FOUND, missing),
    );
  }
  return results;
}

export async function probeObjectLock(b: ObjectLockExpectation, ctx: ProbeContext): Promise<CheckResult[]> {
  // ExpectedBucketOwner: a bucket of the same name owned by another account answers 403, not its
  // configuration (Amazon S3 API reference, GetObjectLockConfiguration).
  const got = await attempt(() =>
    ctx.clients
      .s3(b.region)
      .send(new GetObjectLockConfigurationCommand({ Bucket: b.bucket, ExpectedBucketOwner: ctx.account })),
  );
  if (got.ok) return [judgeObjectLock(b, got.value.ObjectLockConfiguration)];
  const template = judgeObjectLock(b, undefined);
  if (isNotFound(got.error, ["ObjectLockConfigurationNotFoundError"])) return [template];
  return [
    unanswered(
      template,
      "GetObjectLockConfiguration",
      bucketSubject(b),
      got.error,
      ["NoSuchBucket"],
      `no bucket ${b.bucket} (NoSuchBucket)`,
    ),
  ];
}

const ORG_NOT_FOUND = ["PolicyNotFoundException"];

async function policyTargets(ctx: ProbeContext, region: string, policyId: string): Promise<PolicyTargetSummary[]> {
  const org = ctx.clients.organizations(region);
  const targets: PolicyTargetSummary[] = [];
  let token: string | undefined;
  do {
    const page = await org.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token }));
    targets.push(...(page.Targets ?? []));
    token = page.NextToken;
  } while (token);
  return targets;
}

export async function probeOrgPolicy(
  p: OrgPolicyExpectation,
  region: string,
  ctx: ProbeContext,
): Promise<CheckResult[]> {
  const subject = orgPolicySubject(p);
  const missing = `no policy ${p.policyId} (PolicyNotFoundException): it was deleted`;
  const [described, targets] = await Promise.all([
    attempt(() => ctx.clients.organizations(region).send(new DescribePolicyCommand({ PolicyId: p.policyId }))),
    attempt(() => policyTargets(ctx, region, p.policyId)),
  ]);
  const results = [
    described.ok
      ? judgeOrgPolicyContent(p, described.value.Policy)
      : unanswered(
          judgeOrgPolicyContent(p, undefined),
          "DescribePolicy",
          subject,
          described.error,
          ORG_NOT_FOUND,
          missing,
        ),
  ];
  for (const target of p.targets) {
    results.push(
      targets.ok
        ? judgeOrgPolicyAttached(p, target, targets.value)
        : unanswered(
            judgeOrgPolicyAttached(p, target, []),
            "ListTargetsForPolicy",
            subject,
            targets.error,
            ORG_NOT_FOUND,
            missing,
          ),
    );
  }
  return results;
}
