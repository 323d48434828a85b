/**
 * What the restore validator (lambda/restore-validator/) calls, and so what it must be allowed and
 * able to reach: the IAM actions of its role and the VPC endpoints of the IRE. One table, read by
 * the role's policy (components/restore-validation.ts), by the config check that the IRE has an
 * interface endpoint for every API the validator calls (schema/ire.ts), and by the tests, so the
 * three cannot drift apart. Pure.
 *
 * API to IAM action, from each API reference:
 * - AWS Backup: DescribeRestoreJob, ListRestoreJobs (the sweep), ListScanJobs and
 *   PutRestoreValidationResult are authorized by
 *   the backup: action of the same name (Service Authorization Reference, "Actions, resources, and
 *   condition keys for AWS Backup"; they name no resource type, so Resource is "*").
 * - Amazon EC2: DescribeVolumes and DescribeInstances; EC2 Describe* actions do not support
 *   resource-level permissions (Service Authorization Reference for Amazon EC2).
 * - Amazon S3: HeadBucket "requires s3:ListBucket" (Amazon S3 API reference, HeadBucket).
 * - Amazon DynamoDB: DescribeTable, on the table's ARN.
 * - Amazon RDS (RDS and Aurora): DescribeDBInstances and DescribeDBClusters, authorized by the rds:
 *   action of the same name on the db:<id> or cluster:<id> ARN (Service Authorization Reference,
 *   "Actions, resources, and condition keys for Amazon RDS"). The RDS API's interface endpoint is
 *   com.amazonaws.<region>.rds (Amazon RDS user guide, "Amazon RDS API and interface VPC endpoints
 *   (AWS PrivateLink)").
 * - Amazon EFS: DescribeFileSystems, authorized by elasticfilesystem:DescribeFileSystems on the
 *   file-system/<id> ARN (Service Authorization Reference, Amazon Elastic File System); its interface
 *   endpoint is com.amazonaws.<region>.elasticfilesystem (Amazon EFS user guide, "Working with
 *   interface VPC endpoints in Amazon EFS").
 */
import type { RestoreTestType } from "./restore-testing";

/** A service the validator calls, by the <name> of its endpoint service com.amazonaws.<region>.<name>. */
export type ValidatorService = "backup" | "ec2" | "s3" | "dynamodb" | "rds" | "elasticfilesystem";

export interface ValidatorCall {
  /** The API operation, as the SDK names its command. */
  api: string;
  /** The IAM action that authorizes it. */
  action: string;
  service: ValidatorService;
}

/** Calls made for every restore job, whatever the resource type, and by the sweep. */
export const ALWAYS_CALLED: readonly ValidatorCall[] = [
  { api: "DescribeRestoreJob", action: "backup:DescribeRestoreJob", service: "backup" },
  { api: "ListRestoreJobs", action: "backup:ListRestoreJobs", service: "backup" },
  { api: "PutRestoreValidationResult", action: "backup:PutRestoreValidationResult", service: "backup" },
];

/** Calls made for a restored resource of each type (the existence/state check and the malware scan lookup). */
export const CALLS_BY_TYPE: Readonly<Record<RestoreTestType, readonly ValidatorCall[]>> = {
  EBS: [
    { api: "DescribeVolumes", action: "ec2:DescribeVolumes", service: "ec2" },
    { api: "ListScanJobs", action: "backup:ListScanJobs", service: "backup" },
  ],
  EC2: [
    { api: "DescribeInstances", action: "ec2:DescribeInstances", service: "ec2" },
    { api: "ListScanJobs", action: "backup:ListScanJobs", service: "backup" },
  ],
  S3: [
    { api: "HeadBucket", action: "s3:ListBucket", service: "s3" },
    { api: "ListScanJobs", action: "backup:ListScanJobs", service: "backup" },
  ],
  DynamoDB: [{ api: "DescribeTable", action: "dynamodb:DescribeTable", service: "dynamodb" }],
  RDS: [{ api: "DescribeDBInstances", action: "rds:DescribeDBInstances", service: "rds" }],
  Aurora: [{ api: "DescribeDBClusters", action: "rds:DescribeDBClusters", service: "rds" }],
  EFS: [{ api: "DescribeFileSystems", action: "elasticfilesystem:DescribeFileSystems", service: "elasticfilesystem" }],
};

/**
 * Services the IRE reaches through a gateway endpoint rather than an interface endpoint
 * (components/private-network.ts builds the S3 gateway endpoint on every route table).
 */
const VIA_GATEWAY: readonly ValidatorService[] = ["s3"];

/** Every call the validator makes for restore tests of these types. */
export function validatorCalls(types: readonly RestoreTestType[]): ValidatorCall[] {
  const out: ValidatorCall[] = [...ALWAYS_CALLED];
  for (const type of types) {
    for (const call of CALLS_BY_TYPE[type]) if (!out.some((c) => c.api === call.api)) out.push(call);
  }
  return out;
}

/** IAM actions of the validator's role for these types, sorted, each once. */
export function validatorActions(types: readonly RestoreTestType[]): string[] {
  return [...new Set(validatorCalls(types).map((c) => c.action))].sort();
}

/**
 * Interface endpoints the validator needs for these types, each with the APIs that need it. The
 * IRE has no internet path, so a missing endpoint is a call that times out, not a slower one.
 */
export function requiredInterfaceEndpoints(types: readonly RestoreTestType[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const call of validatorCalls(types)) {
    if (VIA_GATEWAY.includes(call.service)) continue;
    out.set(call.service, [...(out.get(call.service) ?? []), call.api]);
  }
  return out;
}
