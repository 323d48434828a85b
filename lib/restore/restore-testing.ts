/**
 * Restore testing in the IRE: which resource types it tests, how their restored copies are placed
 * in the private network, and the names AWS accepts. Pure functions.
 *
 * Sources: AWS Backup API reference, RestoreTestingPlanForCreate (Algorithm LATEST_WITHIN_WINDOW |
 * RANDOM_WITHIN_WINDOW; RecoveryPointTypes CONTINUOUS | SNAPSHOT; SelectionWindowDays 1-365;
 * StartWindowHours 1-168) and RestoreTestingSelectionForCreate (ProtectedResourceType Aurora,
 * DocumentDB, DynamoDB, EBS, EC2, EFS, FSx, Neptune, RDS, S3; names of letters, digits and '_',
 * at most 50; ProtectedResourceArns ["*"] or up to 30 ARNs); @pulumi/aws 7.48 documents
 * validationWindowHours 1-168. Overridable metadata keys: AWS Backup developer guide, "Restore
 * testing inferred metadata" (EC2 subnetId and securityGroupIds; EBS availabilityZone).
 */

export const RESTORE_TEST_ALGORITHMS = ["LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"] as const;
export type RestoreTestAlgorithm = (typeof RESTORE_TEST_ALGORITHMS)[number];

/** Every type AWS accepts in a restore testing selection. */
export const AWS_RESTORE_TEST_TYPES = [
  "Aurora",
  "DocumentDB",
  "DynamoDB",
  "EBS",
  "EC2",
  "EFS",
  "FSx",
  "Neptune",
  "RDS",
  "S3",
] as const;

/**
 * The types this program tests. A restored EC2 instance is placed in a private subnet with the
 * closed security group and an EBS volume in one of the IRE's AZs; S3 and DynamoDB restores create
 * a bucket or table and no network interface. The database types (RDS, Aurora, DocumentDB, Neptune)
 * and EFS/FSx need a subnet group or mount targets in the private network, which this program does
 * not build yet: left to AWS's inference they would land in the default VPC, or fail without one.
 */
export const SUPPORTED_RESTORE_TEST_TYPES = ["DynamoDB", "EBS", "EC2", "S3"] as const;
export type RestoreTestType = (typeof SUPPORTED_RESTORE_TEST_TYPES)[number];

export const DEFAULT_RESTORE_TEST_TYPES: RestoreTestType[] = ["EBS", "EC2", "S3"];

/** Restore testing plan and selection names: 1-50 letters, digits or '_'. */
export const RESTORE_TEST_NAME_PATTERN = /^[A-Za-z0-9_]{1,50}$/;

export const MAX_START_WINDOW_HOURS = 168;
export const MAX_VALIDATION_WINDOW_HOURS = 168;
export const MAX_SELECTION_WINDOW_DAYS = 365;

export interface Placement {
  /** The private subnets; restored instances go to the first. */
  subnetIds: string[];
  /** The AZ of the first subnet. */
  availabilityZone: string;
  /** The security group restored instances get. */
  securityGroupId: string;
}

/**
 * restoreMetadataOverrides for a type, or undefined when the type has no network placement.
 * List-valued metadata is a JSON array in a string, as GetRestoreJobMetadata returns it.
 */
export function restoreMetadataOverrides(type: RestoreTestType, p: Placement): Record<string, string> | undefined {
  switch (type) {
    case "EC2":
      return { subnetId: p.subnetIds[0], securityGroupIds: JSON.stringify([p.securityGroupId]) };
    case "EBS":
      return { availabilityZone: p.availabilityZone };
    case "S3":
    case "DynamoDB":
      return undefined;
  }
}

/** Whether a type's restore needs placing in the private network (it has overrides). */
export function isPlaced(type: RestoreTestType): boolean {
  return type === "EC2" || type === "EBS";
}

/** One selection per type; the name is unique in its plan. */
export function selectionName(type: RestoreTestType): string {
  return `isolation_${type.toLowerCase()}`;
}

/** arn:<partition>:backup:<region>:<account>:restore-testing-plan:<name>-<id> (Service Authorization Reference, AWS Backup). */
export function restoreTestingPlanArn(partition: string, region: string, account: string, nameAndId: string): string {
  return `arn:${partition}:backup:${region}:${account}:restore-testing-plan:${nameAndId}`;
}
